"""Undo and sharing routes: restore the last deletion; shares with a member or as a guest link (or with the
operator's support, where `SUPPORT_CONTACT` names it), and the share links."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import Forbidden

from clipstore import GUEST, SHARE_DAYS, SUPPORT, Invalid, Share, consent_text

from .auth import current_store, home, require_token
from .sending import send_media
from .signing import app_secret, base_url, sign_media, verify_media

logger = logging.getLogger(__name__)

bp = Blueprint("shares", __name__)
public_bp = Blueprint("share_links", __name__)


def share_url(share: Share) -> str:
    """The link support opens: signed, and valid no longer than the share itself."""
    expires = int(share.expires_at.timestamp())
    return f"{base_url()}/share/{share.id}?exp={expires}&sig={sign_media(app_secret(), 'share', share.id, expires)}"


def share_json(share: Share) -> dict:
    """A share with its link."""
    now = current_store().now()
    return {**share.to_dict(now), "url": share_url(share) if share.active(now) else None}


@bp.post("/api/clips/restore")
@require_token
def restore_last() -> ResponseReturnValue:
    """Undo the last deletion while it is still in the trash (and the retention setting it replaced, if any).
    ---
    post:
      responses:
        200: {description: How many clips came back, content: {application/json: {schema: {type: object,
              properties: {restored: {type: integer}, retention_days: {type: integer, nullable: true,
                                                                        description: "the retention setting
                                                                                      restored with them"}}}}}}
        401: Unauthorized
    """
    restored = home().clips.restore_last()
    return {"restored": restored.clips, "retention_days": restored.retention_days}


@bp.post("/api/clips/<clip_id>/shares")
@require_token
def create_share(clip_id: str) -> ResponseReturnValue:
    """Share one clip with a member (`"with": "sam"`), as a guest link to hand on (`"with": "guest"`, the default),
    or with support (`"with": "support"`, only where the server names one). Needs `"consent": true`, given after
    showing the consent text.
    ---
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [consent]
              properties:
                consent: {type: boolean, description: "true once the person agreed to the consent text"}
                with: {type: string, description: "a member's id, guest (default) or support"}
                days: {type: integer, minimum: 1, maximum: 30, default: 7}
      responses:
        201: {description: The share and its link, content: {application/json: {schema: {type: object}}}}
        400: BadRequest
        401: Unauthorized
        404: NotFound
    """
    place = home()
    clip = place.clips.find(clip_id)
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or set(body) - {"consent", "days", "with"}:
        raise Invalid('send {"consent": true} (and optionally "days" and "with") as a JSON object')
    days, whom = body.get("days", SHARE_DAYS), body.get("with", GUEST)
    if not isinstance(whom, str) or not whom.strip():
        raise Invalid("with must be a member's id, guest or support")
    if body.get("consent") is not True:
        who = whom if whom in (GUEST, SUPPORT) else place.members.name_of(whom)
        raise Invalid(
            f"sharing needs consent: {consent_text('this clip', days if isinstance(days, int) else 7, who)}"
            ' Send {"consent": true} once the person agreed.'
        )
    share = place.shares.create(clip.id, with_whom=whom.strip(), days=days)
    return share_json(share), 201


@bp.get("/api/shares")
@require_token
def list_shares() -> ResponseReturnValue:
    """Shares that still work.
    ---
    get:
      responses:
        200: {description: Active shares, content: {application/json: {schema: {type: object}}}}
        401: Unauthorized
    """
    return {"shares": [share_json(s) for s in home().shares.active()]}


@bp.delete("/api/shares/<share_id>")
@require_token
def revoke_share(share_id: str) -> ResponseReturnValue:
    """End one share now.
    ---
    delete:
      responses:
        200: {description: "The share, now revoked", content: {application/json: {schema: {type: object}}}}
        401: Unauthorized
        404: NotFound
    """
    return share_json(home().shares.revoke(share_id))


@bp.delete("/api/shares")
@require_token
def revoke_all() -> ResponseReturnValue:
    """End every active share at once.
    ---
    delete:
      responses:
        200: {description: How many shares ended, content: {application/json: {schema: {type: object,
              properties: {revoked: {type: integer}}}}}}
        401: Unauthorized
    """
    return {"revoked": home().shares.revoke_all()}


@public_bp.get("/share/<share_id>")
def open_share(share_id: str) -> Response:
    """The shared clip's video, for whoever the sharer gave the link to; every opening is in the household's
    audit log (the `share` channel)."""
    if not verify_media(app_secret(), "share", share_id, request.args.get("exp"), request.args.get("sig")):
        raise Forbidden("this share link is invalid or has expired")
    store = current_store()
    caller, share = store.access.open_share(share_id)
    opened = store.home(caller)
    return send_media(opened, opened.clips.shared(share), "video", action="share_open")
