"""The web page at `/`: review, play, delete and share clips; cameras, settings, and the access log.

Served by the same Flask app as the clip API. A signed-in browser holds a session id in Flask's signed
cookie (HttpOnly, SameSite=Lax, Secure over https); the session itself lives in the store, so signing out
ends it. Every form carries a per-session CSRF token. Views call the clip store only.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, current_app, g, has_request_context, render_template, request
from flask.sessions import SecureCookieSessionInterface
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from clipstore import StoreError

from . import actions, ask, auth, camera_state, clips, intake, manage, people, voice  # noqa: F401 - importing registers the routes
from .common import PageError, bp, household, template_helpers

logger = logging.getLogger(__name__)

__all__ = ["PageError", "error_page", "init_app"]

CSP = (
    "default-src 'self'; img-src 'self'; media-src 'self'; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
_TITLES = {
    400: "That didn't work",
    401: "Please sign in",
    403: "Not allowed",
    404: "Not found",
    405: "Not allowed",
    409: "That can't be done right now",
    413: "Too large",
}
_MESSAGES = {
    404: "There is nothing here. The clip may have been deleted, or the link is mistyped.",
    405: "That address can't be used like this. Nothing was changed.",
}


def _error_page(status: int, title: str, message: str) -> Response:
    context = {**_context(), "status": status, "title": title, "message": message}
    response = Response(render_template("error.html", **context), status=status)
    return _secure(response)


def error_page(exc: Exception) -> ResponseReturnValue:
    """The page's answer to an error on one of its paths (registered by `skill.errors`): what happened, and
    that nothing was changed."""
    if "household" not in g:
        auth.load_signed_in()  # an unknown address: the page's own sign-in check did not run
    if isinstance(exc, PageError):
        return _error_page(exc.status, exc.title, exc.message)
    if isinstance(exc, StoreError):
        if exc.status == 404:
            return _error_page(
                404,
                "Not found",
                "There is no such clip, camera or share in your home. It may have been deleted. Nothing was changed.",
            )
        message = str(exc).strip()
        return _error_page(
            exc.status,
            _TITLES.get(exc.status, "That didn't work"),
            (message[:1].upper() + message[1:]).rstrip(".") + ". Nothing was changed.",
        )
    if isinstance(exc, HTTPException):
        status = exc.code or 500
        if status >= 500:
            logger.error("%s %s failed with %s", request.method, request.path, status)
            return _error_page(status, "Something went wrong", "Please try again in a moment.")
        return _error_page(
            status, _TITLES.get(status, "That didn't work"), _MESSAGES.get(status, exc.description or exc.name)
        )
    raise exc


def _secure(response: Response) -> Response:
    """Security headers for every page; pages are private, so they are never stored by caches."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    if response.mimetype == "text/html":
        headers["Cache-Control"] = "no-store"
    return response


@bp.after_request
def _after(response: Response) -> Response:
    return _secure(response)


@bp.context_processor
def _context() -> dict[str, Any]:
    signed_in = "household" in g
    deletion = None
    if signed_in and request.endpoint != "web.signin":
        deletion = actions.last_deletion()
    return {
        **template_helpers(),
        "signed_in": signed_in,
        "household": household() if signed_in else None,
        "csrf_token": auth.csrf_token,
        "csrf_field": auth.CSRF_FIELD,
        "deletion": deletion,
        "grace_minutes": actions.grace_minutes() if signed_in else None,
        "can_manage": signed_in and "home" in g and g.home.caller.may("manage"),
        "signed_member": g.home.caller.member if signed_in and "home" in g else None,
        "member_name": g.member.name if signed_in and "member" in g else None,
    }


def served_over_https() -> bool:
    """True when browsers reach this request over https: directly, through an https `PUBLIC_URL`, or through
    a proxy the operator trusts that says `X-Forwarded-Proto: https` (skill/proxies.py makes that `is_secure`)."""
    return request.is_secure or (current_app.config.get("PUBLIC_URL") or "").startswith("https://")


class PageSessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie (it carries only the session id and the CSRF token), `Secure` over https."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config.get("SESSION_COOKIE_SECURE")) or (has_request_context() and served_over_https())


def init_app(app: Flask) -> None:
    """Register the page on `app`: routes, friendly errors for page paths, and the session cookie's settings."""
    app.session_interface = PageSessionInterface()
    if app.config.get("SESSION_COOKIE_SAMESITE") is None:
        app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    if app.config.get("SESSION_COOKIE_NAME") == "session":
        app.config["SESSION_COOKIE_NAME"] = "home_clips_session"
    app.register_blueprint(bp)
    logger.debug("web page registered")
