"""Undo and sharing routes: restore the last deletion; shares with support, and the share links."""
from __future__ import annotations

import logging

from flask import Blueprint, Response, g, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import Forbidden

from clipstore import utc_iso
from clipstore.errors import Invalid
from clipstore.shares import SHARE_DAYS, Share, consent_text

from .auth import current_store, require_token
from .sending import send_media
from .signing import app_secret, base_url, sign_media, verify_media

logger = logging.getLogger(__name__)

bp = Blueprint("shares", __name__)
public_bp = Blueprint("share_links", __name__)

SUPPORT_ACTOR = "support via share link"


def share_url(share: Share) -> str:
    """The link support opens: signed, and valid no longer than the share itself."""
    expires = int(share.expires_at.timestamp())
    return f"{base_url()}/share/{share.id}?exp={expires}&sig={sign_media(app_secret(), 'share', share.id, expires)}"


def share_json(share: Share) -> dict:
    """A share with its link."""
    now = current_store().now()
    return {**share.to_dict(now), "url": share_url(share) if share.active(now) else None}


def _audit(action: str, **kwargs) -> None:
    current_store().audit.record(g.household.id, channel="api", actor=g.actor, action=action, **kwargs)


@bp.post("/api/clips/restore")
@require_token
def restore_last() -> ResponseReturnValue:
    """Undo the last deletion while it is still in the trash (and the retention setting it replaced, if any).
    ---
    post:
      responses:
        200: {description: How many clips came back, content: {application/json: {schema: {type: object, properties: {restored: {type: integer}, retention_days: {type: integer, nullable: true, description: "the retention setting restored with them"}}}}}}
        401: Unauthorized
    """
    restored = current_store().restore_last(g.household.id)
    if restored.clips:
        _audit("restore", detail=restored.detail())
    return {"restored": restored.clips, "retention_days": restored.retention_days}


@bp.post("/api/clips/<clip_id>/shares")
@require_token
def create_share(clip_id: str) -> ResponseReturnValue:
    """Share one clip with support. Needs `"consent": true`, given after showing the consent text.
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
                days: {type: integer, minimum: 1, maximum: 30, default: 7}
      responses:
        201: {description: The share and its link, content: {application/json: {schema: {type: object}}}}
        400: BadRequest
        401: Unauthorized
        404: NotFound
    """
    store = current_store()
    clip = store.clips.get(g.household.id, clip_id)
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or set(body) - {"consent", "days"}:
        raise Invalid('send {"consent": true} (and optionally "days") as a JSON object')
    days = body.get("days", SHARE_DAYS)
    if body.get("consent") is not True:
        raise Invalid(f"sharing needs consent: {consent_text('this clip', days if isinstance(days, int) else 7)}"
                      ' Send {"consent": true} once the person agreed.')
    share = store.shares.create(g.household.id, clip.id, channel="api", actor=g.actor, days=days)
    _audit("share", clip_id=clip.id, camera=clip.camera,
           detail={"share_id": share.id, "days": days, "started_at": utc_iso(clip.started_at)})
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
    return {"shares": [share_json(s) for s in current_store().shares.active(g.household.id)]}


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
    share = current_store().shares.revoke(g.household.id, share_id)
    _audit("revoke", clip_id=share.clip_id, detail={"share_id": share.id})
    return share_json(share)


@bp.delete("/api/shares")
@require_token
def revoke_all() -> ResponseReturnValue:
    """End every active share at once.
    ---
    delete:
      responses:
        200: {description: How many shares ended, content: {application/json: {schema: {type: object, properties: {revoked: {type: integer}}}}}}
        401: Unauthorized
    """
    revoked = current_store().shares.revoke_all(g.household.id)
    _audit("revoke", detail={"count": revoked})
    return {"revoked": revoked}


@public_bp.get("/share/<share_id>")
def open_share(share_id: str) -> Response:
    """The shared clip's video, for support; every opening is in the household's audit log."""
    if not verify_media(app_secret(), "share", share_id, request.args.get("exp"), request.args.get("sig")):
        raise Forbidden("this share link is invalid or has expired")
    store = current_store()
    household_id, share = store.shares.open(share_id)
    clip = store.clips.get(household_id, share.clip_id)
    return send_media(household_id, clip, "video", SUPPORT_ACTOR, channel="share-link", action="share_open")
