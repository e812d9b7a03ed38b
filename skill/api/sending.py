"""Sending a clip's video or thumbnail: Range and ETag support for files and objects alike, and an audit
entry for every response that carries its bytes."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import IO

from flask import Response, request
from werkzeug.wsgi import FileWrapper

from clipstore import Clip, Home, MediaObject, utc_iso

logger = logging.getLogger(__name__)

_MIMETYPES = {"video": "video/mp4", "thumbnail": "image/jpeg"}


MEDIA_COALESCE_S = 120.0
"""Range requests for one clip by one actor and channel within this window are one audited viewing."""


def client_address() -> str:
    """Who is asking: the peer's address, or behind a trusted proxy the client's, as the app's proxy middleware
    worked it out (always an IP address: a made-up X-Forwarded-For hop is never taken)."""
    return request.remote_addr or "unknown"


def _respond(media: MediaObject, mimetype: str, max_age: int | None) -> Response:
    """A conditional response with Range support, for a local file or a seekable object reader.

    werkzeug's own file wrapper, not the server's: gunicorn's cannot seek, so a range would be read (from S3:
    downloaded) from byte 0 and the bytes before it dropped; werkzeug's seeks to the range's start.
    """
    if media.path is not None:
        body: IO[bytes] = open(media.path, "rb")  # noqa: SIM115 - closed by the response
    elif media.reader is not None:
        body = media.reader
    else:
        raise ValueError("a media object needs a path or a reader")
    response = Response(FileWrapper(body, 64 * 1024), mimetype=mimetype, direct_passthrough=True)
    response.content_length = media.size
    response.set_etag(media.etag)
    response.last_modified = datetime.fromtimestamp(media.last_modified, UTC)
    if max_age is not None:
        response.cache_control.max_age = max_age
    try:
        response.make_conditional(request, accept_ranges=True, complete_length=media.size)  # returns itself
    except BaseException:  # 416: nothing will be sent
        body.close()
        raise
    return response


def send_media(
    home: Home, clip: Clip, kind: str, *, action: str | None = None, thumbnail_max_age: int | None = None
) -> Response:
    """Send a clip's video or thumbnail with Range and ETag support.

    Every response that carries the clip's bytes (whole, any range, or a cached copy confirmed by 304) is
    covered by an audit entry under the caller's member and channel; the requests one player makes within
    `MEDIA_COALESCE_S` count as one. `thumbnail_max_age` lets a page's browser keep thumbnails (so a list is
    fetched, and audited, once an hour).
    """
    media = home.clips.media(clip, kind)
    cached = kind == "thumbnail" and thumbnail_max_age is not None
    response = _respond(media, _MIMETYPES[kind], thumbnail_max_age if cached else None)  # 416 before any byte
    home.clips.record_read(
        clip,
        action or ("play" if kind == "video" else "thumbnail"),
        {"started_at": utc_iso(clip.started_at), "client": client_address()},
        coalesce_s=MEDIA_COALESCE_S,
    )
    response.headers["Cache-Control"] = f"private, max-age={thumbnail_max_age}" if cached else "private, no-cache"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
