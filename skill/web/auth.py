"""Sign-in with the household token, the session cookie, and CSRF protection for every form."""

from __future__ import annotations

import hmac
import logging
import secrets

from flask import flash, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from clipstore import Caller

from .common import PageError, actor, audit, bp, home, household, safe_next, store

logger = logging.getLogger(__name__)

CSRF_FIELD = "csrf_token"
PUBLIC_ENDPOINTS = frozenset({"web.signin", "web.signout", "web.static", "web.welcome"})
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def csrf_token() -> str:
    """This session's CSRF token (created on first use); every form carries it in a hidden field."""
    token = session.get("csrf")
    if not isinstance(token, str) or len(token) < 32:
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


def _check_csrf() -> None:
    expected = session.get("csrf")
    given = request.form.get(CSRF_FIELD, "")
    if not isinstance(expected, str) or not expected or not hmac.compare_digest(expected.encode(), given.encode()):
        logger.info("refused a %s to %s without a valid CSRF token", request.method, request.path)
        raise PageError(
            400,
            "This form has expired",
            "For your safety, nothing was changed. Go back, reload the page and try again.",
        )


def load_signed_in() -> bool:
    """Load the household and actor of the session into `g`; False (and a cleared cookie) if it has ended.

    The cookie holds only the session's id; the server decides whether the session still lives, so signing
    out (here or everywhere) ends it even for a copy of the cookie.
    """
    sid = session.get("sid")
    if sid is None:
        return False
    caller = store().access.session(sid)
    if caller is None:
        session.clear()
        flash("Your session has ended. Please sign in again.", "info")
        return False
    enter(caller)
    return True


def enter(caller: Caller) -> None:
    """Make `caller` the signed-in member of this request: their household through the store's door."""
    g.home = store().home(caller)
    g.household = g.home.settings.household()
    g.member = store().access.member(caller)


@bp.before_request
def guard() -> ResponseReturnValue | None:
    """Before every page: CSRF check on writes, then sign-in check (except the sign-in page itself)."""
    if request.method in UNSAFE_METHODS:
        _check_csrf()
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if load_signed_in():
        return None
    if request.method in UNSAFE_METHODS:
        raise PageError(401, "Please sign in", "You are signed out, so nothing was changed. Sign in and try again.")
    target = request.full_path.rstrip("?") if request.path != "/" else None
    return redirect(url_for("web.signin", next=target))


@bp.route("/signin", methods=["GET", "POST"])
def signin() -> ResponseReturnValue:
    """The sign-in form: a member's name and password (or their API token) starts a session."""
    next_url = safe_next(request.values.get("next"))
    if request.method == "GET":
        if load_signed_in():
            return redirect(next_url)
        csrf_token()
        return _signin_page(next_url)
    name, password = (request.form.get("name") or "").strip(), request.form.get("password") or ""
    token = (request.form.get("token") or "").strip()
    if token:
        caller = store().access.authenticate(token, "web")
        error = "That token is not valid. Check it and try again."
    elif name or password:
        caller = store().access.sign_in(name, password, request.form.get("home") or None)
        error = "That name and password don't match. Check them and try again."
    else:
        caller, error = None, "Enter your name and password."
    if caller is None:
        logger.info("web sign-in refused from %s", request.remote_addr)
        return _signin_page(next_url, error, name), 401
    session.clear()  # a fresh session: new CSRF token, nothing carried over from before sign-in
    session["sid"] = store().access.start_session(caller)
    csrf_token()
    enter(caller)
    audit("signin")
    logger.info("member %s of household %s signed in on the web page", caller.member, caller.household_id)
    return redirect(next_url)


def _signin_page(next_url: str, error: str | None = None, name: str = "") -> str:
    asked = bool(request.form.get("home")) or (error is not None and len(store().all_households()) > 1)
    return render_template("signin.html", next_url=next_url, error=error, name=name, ask_home=asked)


@bp.post("/signout")
def signout() -> ResponseReturnValue:
    """End this session on the server, then forget the cookie."""
    if load_signed_in():
        audit("signout")
    store().access.end_session(session.get("sid"))
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("web.signin"))


@bp.post("/signout-everywhere")
def signout_everywhere() -> ResponseReturnValue:
    """End every session of the household, in every browser (this one too)."""
    ended = home().settings.sign_out_everywhere()
    logger.info("member %s of household %s signed out everywhere (%d sessions)", actor(), household().id, ended)
    session.clear()
    flash(f"Signed out everywhere ({ended} session{'s' if ended != 1 else ''} ended).", "info")
    return redirect(url_for("web.signin"))
