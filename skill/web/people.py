"""The household's people on the page: the owner adds, changes and removes members; a new member chooses a
password through their one-time link (`/welcome/<secret>`); everyone can replace their own token."""

from __future__ import annotations

import logging
from datetime import datetime, time

from flask import flash, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from clipstore import ROLES, Invalid, NotFound

from .auth import csrf_token, enter
from .common import PageError, bad_request, bp, home, sentence, store, zone

logger = logging.getLogger(__name__)

ROLE_WORDS = {
    "owner": "Owner: everything, and the members",
    "adult": "Adult: watch, delete, share, switch cameras",
    "child": "Child: watch only",
    "guest": "Guest: watch only, until a date",
}


def _owner_only() -> None:
    if not home().caller.may("manage"):
        raise PageError(403, "Not allowed", "Only an owner of your home can add or change members.")


def _members_page(error: str | None = None, values: dict | None = None, status: int = 200) -> ResponseReturnValue:
    return render_template(
        "members.html",
        members=home().members.all(),
        cameras=home().cameras.all(),
        roles=ROLES,
        role_words=ROLE_WORDS,
        error=error,
        values=values or {},
        voices=home().members.unassigned_voices(),
    ), status


@bp.get("/members")
def members() -> ResponseReturnValue:
    """Everyone in the home, what they may see and do (an owner's page)."""
    _owner_only()
    return _members_page()


def _form_cameras() -> list[str] | None:
    if request.form.get("all_cameras") == "yes":
        return None
    return request.form.getlist("camera")


def _form_until() -> float | None:
    raw = (request.form.get("until") or "").strip()
    if not raw:
        return None
    try:
        day = datetime.strptime(raw, "%Y-%m-%d").date()
    except ValueError:
        raise Invalid("the last day must be a date such as 2026-12-24") from None
    return datetime.combine(day, time(23, 59, 59), tzinfo=zone()).timestamp()


@bp.post("/members")
def add_member() -> ResponseReturnValue:
    """Add a member; their token and password link are shown once, on the next page."""
    _owner_only()
    values = {"name": (request.form.get("name") or "").strip(), "role": request.form.get("role") or "adult"}
    try:
        added = home().members.add(values["name"], values["role"], _form_cameras(), _form_until())
    except (Invalid, NotFound) as exc:
        return _members_page(sentence(str(exc)), values, 400)
    except Exception as exc:
        if getattr(exc, "status", 500) == 409:
            return _members_page(sentence(str(exc)), values, 409)
        raise
    link = url_for("web.welcome", secret=added.setup_secret, _external=True)
    return render_template("member_added.html", member=added.member, token=added.token, link=link)


@bp.post("/members/<member_id>")
def change_member(member_id: str) -> ResponseReturnValue:
    """Change a member's role and cameras."""
    _owner_only()
    try:
        member = home().members.update(
            member_id[:40], role=request.form.get("role") or None, cameras=_form_cameras(), expires_at=_form_until()
        )
    except Invalid as exc:
        return _members_page(sentence(str(exc)), status=400)
    flash(
        f"Saved: {member.name} can now see "
        + ("every camera." if member.cameras is None else f"{len(member.cameras)} camera(s)."),
        "success",
    )
    return redirect(url_for("web.members"))


@bp.post("/members/<member_id>/remove")
def remove_member(member_id: str) -> ResponseReturnValue:
    """Remove a member: their sign-ins, tokens and Alexa links end at once (their clips stay the home's)."""
    _owner_only()
    if request.form.get("confirm") != "yes":
        raise bad_request("Removing a member needs the confirmation. Nothing was changed.")
    member = home().members.remove(member_id[:40])
    flash(f"{member.name} is removed: their sign-ins, tokens and Alexa links no longer work.", "success")
    return redirect(url_for("web.members"))


@bp.post("/members/voices")
def assign_voice() -> ResponseReturnValue:
    """Assign a voice Alexa recognised to a member: from then on, Alexa requests in that voice act as them."""
    _owner_only()
    person_id, member_id = request.form.get("voice") or "", (request.form.get("member") or "")[:40]
    try:
        member = home().members.assign_voice(person_id[:200], member_id)
    except NotFound:
        return _members_page("That voice or member is no longer here. Nothing was changed.", status=404)
    flash(
        f"Done: when Alexa recognises that voice, it acts as {member.name}, with {member.name}'s cameras and rights.",
        "success",
    )
    return redirect(url_for("web.members"))


@bp.post("/members/<member_id>/link")
def new_password_link(member_id: str) -> ResponseReturnValue:
    """A new one-time link for a member to (re)set their password."""
    _owner_only()
    secret = home().members.password_link(member_id[:40])
    member = next(m for m in home().members.all() if m.id == member_id[:40])
    return render_template(
        "member_added.html", member=member, token=None, link=url_for("web.welcome", secret=secret, _external=True)
    )


@bp.route("/welcome/<secret>", methods=["GET", "POST"])
def welcome(secret: str) -> ResponseReturnValue:
    """A new member chooses their password through their one-time link, and is signed in."""
    found = store().access.password_link(secret[:64])
    if found is None:
        raise PageError(404, "This link has been used or has expired", "Ask the person who added you for a new link.")
    household, member = found
    if request.method == "GET":
        csrf_token()
        return render_template("welcome.html", member=member, household=household, error=None)
    password, again = request.form.get("password") or "", request.form.get("password_again") or ""
    if password != again:
        return render_template(
            "welcome.html", member=member, household=household, error="The two passwords are not the same."
        ), 400
    try:
        caller = store().access.set_password(secret[:64], password)
    except Invalid as exc:
        return render_template("welcome.html", member=member, household=household, error=sentence(str(exc))), 400
    session.clear()
    session["sid"] = store().access.start_session(caller)
    csrf_token()
    enter(caller)
    logger.info("member %s of household %s set a password", caller.member, caller.household_id)
    flash(f"Welcome, {member.name}. Next time, sign in with your name and this password.", "success")
    return redirect(url_for("web.clip_list"))


@bp.post("/token/rotate")
def rotate_token() -> ResponseReturnValue:
    """Replace the signed-in member's own API token (shown once); the old one stops working."""
    token = home().members.rotate_token()
    return render_template("member_added.html", member=g.member, token=token, link=None, rotated=True)
