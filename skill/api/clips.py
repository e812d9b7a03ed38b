"""Clip routes: list, count, details, media, delete and upload; plus the signed media links."""
from __future__ import annotations

import logging
import os
import tempfile
import threading
from pathlib import Path

from flask import Blueprint, Response, g, jsonify, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import Forbidden

from clipstore.errors import Invalid
from clipstore.models import Clip, ClipQuery

from .auth import current_store, require_token
from .params import (
    check_not_future,
    parse_flag,
    parse_instant,
    parse_limit,
    query_from_args,
    single_arg,
)
from .sending import audit_clip, send_media
from .signing import app_secret, clip_json, link_signer, verify_media

logger = logging.getLogger(__name__)

bp = Blueprint("clips", __name__)
media_bp = Blueprint("media", __name__)

_FILTERS = ("camera", "label", "after", "before", "ids")

MAX_CONCURRENT_INGESTS = 2
_INGESTS = threading.BoundedSemaphore(MAX_CONCURRENT_INGESTS)
def _audit(household_id: int, actor: str, action: str, clip: Clip | None = None, *,
           camera: str | None = None, detail: dict | None = None) -> None:
    audit_clip(household_id, actor, action, clip, camera=camera, detail=detail)


# -- bearer-token routes -------------------------------------------------------
@bp.get("/api/clips")
@require_token
def list_clips() -> ResponseReturnValue:
    """List clips, newest first (or the first page oldest first with `order=oldest`).
    ---
    get:
      parameters: [camera, label, after, before, limit, cursor, order]
      responses:
        200: {description: One page of clips, content: {application/json: {schema: ClipPage}}}
        400: BadRequest
        401: Unauthorized
        404: NotFound
    """
    query = query_from_args(request.args)
    limit = parse_limit(single_arg(request.args, "limit"))
    order, cursor = single_arg(request.args, "order") or "newest", single_arg(request.args, "cursor")
    if order not in ("newest", "oldest"):
        raise Invalid("order must be newest or oldest")
    if order == "oldest":
        if cursor:
            raise Invalid("a cursor pages newest first; it cannot be combined with order=oldest")
        clips, nxt = current_store().clips.list_oldest(g.household.id, query, limit), None
    else:
        clips, nxt = current_store().clips.list(g.household.id, query, limit, cursor)
    if clips:
        _audit(g.household.id, g.actor, "list", camera=query.camera, detail={"clip_ids": [c.id for c in clips]})
    signer = link_signer()
    return {"clips": [clip_json(c, signer=signer) for c in clips], "next": nxt}


@bp.get("/api/clips/count")
@require_token
def count_clips() -> ResponseReturnValue:
    """Count the clips a filter matches.
    ---
    get:
      parameters: [camera, label, after, before]
      responses:
        200: {description: The number of matching clips, content: {application/json: {schema: Count}}}
        400: BadRequest
        401: Unauthorized
        404: NotFound
    """
    return {"count": current_store().clips.count(g.household.id, query_from_args(request.args))}


@bp.get("/api/clips/<clip_id>")
@require_token
def get_clip(clip_id: str) -> ResponseReturnValue:
    """One clip's details (audited as a view).
    ---
    get:
      responses:
        200: {description: The clip, content: {application/json: {schema: Clip}}}
        401: Unauthorized
        404: NotFound
    """
    clip = current_store().clips.get(g.household.id, clip_id)
    _audit(g.household.id, g.actor, "view", clip)
    return clip_json(clip, g.household.id)


@bp.get("/api/clips/<clip_id>/video")
@require_token
def clip_video(clip_id: str) -> ResponseReturnValue:
    """The clip's MP4 video; supports Range requests and ETags (audited as play).
    ---
    get:
      parameters:
        - {name: Range, in: header, schema: {type: string}, example: bytes=0-99}
      responses:
        200: {description: The whole video, content: {video/mp4: {schema: {type: string, format: binary}}}}
        206: {description: Part of the video, content: {video/mp4: {schema: {type: string, format: binary}}}}
        304: {description: Not modified (ETag matched)}
        401: Unauthorized
        404: NotFound
        416: {description: Range not satisfiable, content: {application/json: {schema: Error}}}
    """
    clip = current_store().clips.get(g.household.id, clip_id)
    return send_media(g.household.id, clip, "video", g.actor)


@bp.get("/api/clips/<clip_id>/thumbnail")
@require_token
def clip_thumbnail(clip_id: str) -> ResponseReturnValue:
    """The clip's JPEG thumbnail.
    ---
    get:
      responses:
        200: {description: The thumbnail, content: {image/jpeg: {schema: {type: string, format: binary}}}}
        304: {description: Not modified (ETag matched)}
        401: Unauthorized
        404: NotFound
    """
    clip = current_store().clips.get(g.household.id, clip_id)
    return send_media(g.household.id, clip, "thumbnail", g.actor)


@bp.delete("/api/clips/<clip_id>")
@require_token
def delete_clip(clip_id: str) -> ResponseReturnValue:
    """Delete one clip and its files.
    ---
    delete:
      responses:
        200: {description: Deleted, content: {application/json: {schema: Deleted}}}
        401: Unauthorized
        404: NotFound
    """
    store = current_store()
    clip = store.clips.get(g.household.id, clip_id)
    deleted = store.delete(g.household.id, ClipQuery(ids=(clip.id,)))
    _audit(g.household.id, g.actor, "delete", clip)
    return {"deleted": deleted}


@bp.delete("/api/clips")
@require_token
def delete_clips() -> ResponseReturnValue:
    """Delete every clip a filter matches; with no filter at all, `all=true` is required.
    ---
    delete:
      parameters: [camera, label, after, before, ids, all]
      responses:
        200: {description: How many clips were deleted, content: {application/json: {schema: Deleted}}}
        400: BadRequest
        401: Unauthorized
        404: NotFound
    """
    query = query_from_args(request.args, allow_ids=True)
    if query.is_empty() and not parse_flag(single_arg(request.args, "all"), "all"):
        raise Invalid("refusing to delete every clip: give camera, label, after, before or ids, or all=true")
    deleted = current_store().delete(g.household.id, query)
    used = {name: request.args[name] for name in _FILTERS if single_arg(request.args, name)}
    _audit(g.household.id, g.actor, "delete", camera=query.camera, detail={"count": deleted, "filter": used})
    return {"deleted": deleted}


@bp.post("/api/clips")
@require_token
def upload_clip() -> ResponseReturnValue:
    """Add a clip as a camera would: a multipart upload of an MP4.
    ---
    post:
      requestBody:
        required: true
        content: {multipart/form-data: {schema: ClipUpload}}
      responses:
        201: {description: The new clip, content: {application/json: {schema: Clip}}}
        400: BadRequest
        401: Unauthorized
        404: NotFound
        409: {description: The camera is in privacy mode, content: {application/json: {schema: Error}}}
        413: {description: The upload is too large, content: {application/json: {schema: Error}}}
        503: {description: Other uploads are being ingested; try again shortly, content: {application/json: {schema: Error}}}
    """
    if not _INGESTS.acquire(blocking=False):  # decoding is memory-hungry: a few at a time, the rest retry
        response = jsonify({"error": "the server is busy ingesting other clips; try again in a few seconds"})
        return response, 503, {"Retry-After": "5"}
    try:
        return _upload()
    finally:
        _INGESTS.release()


def _upload() -> ResponseReturnValue:
    upload = request.files.get("file")
    if upload is None:
        raise Invalid("send the video as a multipart/form-data field named 'file'")
    camera = (request.form.get("camera") or "").strip()
    if not camera:
        raise Invalid("give the camera id in the form field 'camera'")
    started_raw = (request.form.get("started_at") or "").strip()
    store = current_store()
    started = check_not_future(parse_instant(started_raw, "started_at"), store.now_utc()) if started_raw else None
    labels = [part.strip() for part in (request.form.get("labels") or "").split(",") if part.strip()]
    fd, name = tempfile.mkstemp(prefix="upload-", suffix=".mp4", dir=store.scratch_dir())
    os.close(fd)
    try:
        upload.save(name)
        labelling = None
        if not labels:  # an upload without labels is labelled like a camera's clip
            from intake.detect import shared_labeler
            labeler = shared_labeler()
            labelling = labeler(Path(name)) if labeler else None
        clip = store.ingest(g.household.id, camera, Path(name), started_at=started, labels=labels, move=True,
                            labelling=labelling)
    finally:
        Path(name).unlink(missing_ok=True)
    _audit(g.household.id, g.actor, "ingest", clip)
    location = url_for("clips.get_clip", clip_id=clip.id)
    return clip_json(clip, g.household.id), 201, {"Location": location}


# -- signed links (no bearer token) --------------------------------------------
def _signed(clip_id: str, kind: str) -> Response:
    if not verify_media(app_secret(), kind, clip_id, request.args.get("exp"), request.args.get("sig")):
        raise Forbidden("this media link is invalid or has expired")
    store = current_store()
    household_id = store.clips.owner(clip_id)
    return send_media(household_id, store.clips.get(household_id, clip_id), kind, "signed link")


@media_bp.get("/media/clips/<clip_id>/video")
def signed_video(clip_id: str) -> Response:
    """A clip's video through a signed, expiring link (from `video_url`)."""
    return _signed(clip_id, "video")


@media_bp.get("/media/clips/<clip_id>/thumbnail")
def signed_thumbnail(clip_id: str) -> Response:
    """A clip's thumbnail through a signed, expiring link (from `thumbnail_url`)."""
    return _signed(clip_id, "thumbnail")
