"""How large a request body each route may send: one table for every server.

waitress reads a whole body before the app sees the request, so its parser is given the route's bound as soon
as the request line is read (server.py); under gunicorn and the test servers the app applies the same bound
as it reads (Flask's per-request `max_content_length`). Nothing but a clip upload needs more than 1 MiB.
"""

from __future__ import annotations

from clipstore import MAX_CLIP_BYTES

from .alexa.endpoint import MAX_BODY_BYTES as ALEXA_BODY
from .alexa.linking import MAX_TOKEN_BODY
from .api.speech import MAX_SPEECH_BODY

FORM_OVERHEAD = 64 * 1024
"""A multipart upload's fields and boundaries around the file."""
MAX_UPLOAD_BODY = MAX_CLIP_BYTES + FORM_OVERHEAD
"""The largest legitimate body of all: a clip upload (`POST /api/clips`)."""
MAX_OTHER_BODY = 1024 * 1024
"""JSON bodies and the page's forms."""
ROUTE_LIMITS = {
    ("POST", "/api/clips"): MAX_UPLOAD_BODY,
    ("POST", "/alexa"): ALEXA_BODY,
    ("POST", "/alexa/token"): MAX_TOKEN_BODY,
    ("POST", "/api/intent/speech"): MAX_SPEECH_BODY,
}


def body_limit(method: str, path: str) -> int:
    """The largest body (bytes) `method path` may carry."""
    return ROUTE_LIMITS.get((method.upper(), path), MAX_OTHER_BODY)
