"""The people of a household (docs/interface.md §3): `/api/members` (the owner's), and `POST /api/tokens/rotate`
(everyone's own token)."""

from __future__ import annotations

import logging
from datetime import datetime

from flask import Blueprint, request, url_for
from flask.typing import ResponseReturnValue

from clipstore import Invalid, Member

from .auth import home, require_token
from .cameras import json_object
from .params import parse_instant

logger = logging.getLogger(__name__)

bp = Blueprint("members", __name__)


def member_json(member: Member) -> dict:
    """A member as the API shows them."""
    return member.to_dict()


def _until(body: dict) -> float | str | None:
    if "until" not in body:
        return "keep"
    value = body["until"]
    if value is None:
        return None
    if not isinstance(value, str):
        raise Invalid("until must be an ISO-8601 time with a zone, or null")
    moment: datetime = parse_instant(value, "until")
    return moment.timestamp()


@bp.get("/api/members")
@require_token
def list_members() -> ResponseReturnValue:
    """The household's members (an owner sees everyone; others see themselves).
    ---
    get:
      responses:
        200: {description: The members, content: {application/json: {schema: MemberList}}}
        401: Unauthorized
    """
    return {"members": [member_json(m) for m in home().members.all()]}


@bp.post("/api/members")
@require_token
def add_member() -> ResponseReturnValue:
    """Add a person (owner only): their API token and a one-time link to set a password come back once.
    ---
    post:
      requestBody:
        required: true
        content: {application/json: {schema: MemberNew}}
      responses:
        201: {description: The member with their token (shown once), content: {application/json: {schema: MemberAdded}}}
        400: BadRequest
        401: Unauthorized
        403: Forbidden
        409: {description: There is already a member by that name, content: {application/json: {schema: Error}}}
    """
    body = json_object(("name", "role", "cameras", "until"), required=("name",))
    until = _until(body)
    added = home().members.add(
        body["name"], body.get("role", "adult"), body.get("cameras"), None if isinstance(until, str) else until
    )
    link = url_for("web.welcome", secret=added.setup_secret, _external=True)
    return {**member_json(added.member), "token": added.token, "password_link": link}, 201


@bp.patch("/api/members/<member_id>")
@require_token
def update_member(member_id: str) -> ResponseReturnValue:
    """Change a member's role, cameras (null: all) or a guest's end (owner only).
    ---
    patch:
      requestBody:
        required: true
        content: {application/json: {schema: MemberPatch}}
      responses:
        200: {description: The member as they are now, content: {application/json: {schema: Member}}}
        400: BadRequest
        401: Unauthorized
        403: Forbidden
        404: NotFound
    """
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not body or set(body) - {"role", "cameras", "until"}:
        raise Invalid("send a JSON object with role, cameras and/or until")
    if body.get("role") is None and "role" in body:
        raise Invalid("role must not be null")
    member = home().members.update(
        member_id[:40], role=body.get("role"), cameras=body.get("cameras", "keep"), expires_at=_until(body)
    )
    return member_json(member)


@bp.delete("/api/members/<member_id>")
@require_token
def remove_member(member_id: str) -> ResponseReturnValue:
    """Remove a member (owner only): their tokens, sessions and Alexa links end at once.
    ---
    delete:
      responses:
        200: {description: The member who was removed, content: {application/json: {schema: Member}}}
        400: BadRequest
        401: Unauthorized
        403: Forbidden
        404: NotFound
    """
    return member_json(home().members.remove(member_id[:40]))


@bp.post("/api/tokens/rotate")
@require_token
def rotate_token() -> ResponseReturnValue:
    """Replace the caller's own API token: the new one comes back once, and the old one stops working at once.
    ---
    post:
      responses:
        200: {description: The new token, content: {application/json: {schema: {type: object, required: [token],
              properties: {token: {type: string}}}}}}
        401: Unauthorized
    """
    return {"token": home().members.rotate_token()}
