"""Clip routes: list, count, details, media, delete and upload; plus the signed media links."""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from pathlib import Path

from flask import Blueprint, Response, jsonify, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import Forbidden

from clipstore import ClipQuery, Invalid, NotFound
from intake.uploads import add_upload

from .auth import current_store, home, require_token
from .params import check_not_future, parse_flag, parse_instant, parse_limit, query_from_args, single_arg
from .sending import send_media
from .signing import app_secret, clip_json, link_signer, verify_media

logger = logging.getLogger(__name__)

bp = Blueprint("clips", __name__)
media_bp = Blueprint("media", __name__)

_FILTERS = ("camera", "label", "after", "before", "ids")

MAX_CONCURRENT_INGESTS = 2
_INGESTS = threading.BoundedSemaphore(MAX_CONCURRENT_INGESTS)


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
    if order == "oldest" and cursor:
        raise Invalid("a cursor pages newest first; it cannot be combined with order=oldest")
    clips, nxt = home().clips.page(query, limit, cursor, oldest_first=order == "oldest")
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
    return {"count": home().clips.count(query_from_args(request.args))}


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
    return clip_json(home().clips.view(clip_id))


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
    return send_media(home(), home().clips.find(clip_id), "video")


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
    return send_media(home(), home().clips.find(clip_id), "thumbnail")


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
    clip = home().clips.find(clip_id)
    return {"deleted": home().clips.delete(ClipQuery(ids=(clip.id,)), clip=clip)}


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
    used = {name: request.args[name] for name in _FILTERS if single_arg(request.args, name)}
    return {"deleted": home().clips.delete(query, note={"filter": used})}


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
        503: {description: Other uploads are being ingested; try again shortly,
              content: {application/json: {schema: Error}}}
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
        clip = add_upload(home(), camera, Path(name), started_at=started, labels=labels)
    finally:
        Path(name).unlink(missing_ok=True)
    location = url_for("clips.get_clip", clip_id=clip.id)
    return clip_json(clip), 201, {"Location": location}


# -- signed links (no bearer token) --------------------------------------------
def _signed(clip_id: str, kind: str) -> Response:
    member, channel = request.args.get("m"), request.args.get("c")
    if not verify_media(
        app_secret(), kind, clip_id, request.args.get("exp"), request.args.get("sig"), member=member, channel=channel
    ):
        raise Forbidden("this media link is invalid or has expired")
    store = current_store()
    caller = store.access.media_caller(clip_id, str(member), str(channel))
    if caller is None:
        raise NotFound("no such clip")
    signed = store.home(caller)
    return send_media(signed, signed.clips.find(clip_id), kind)


@media_bp.get("/media/clips/<clip_id>/video")
def signed_video(clip_id: str) -> Response:
    """A clip's video through a signed, expiring link (from `video_url`)."""
    return _signed(clip_id, "video")


@media_bp.get("/media/clips/<clip_id>/thumbnail")
def signed_thumbnail(clip_id: str) -> Response:
    """A clip's thumbnail through a signed, expiring link (from `thumbnail_url`)."""
    return _signed(clip_id, "thumbnail")
