"""Bearer-token authentication for the clip API: every route gets the caller's household as its member may
see it (`home()`), from the store's one door."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from flask import current_app, g, jsonify, request
from flask.typing import ResponseReturnValue

from clipstore import Caller, ClipStore, Home

logger = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])


def current_store() -> ClipStore:
    """The clip store of the running app."""
    return current_app.extensions["clipstore"]


def home() -> Home:
    """The caller's household, as their member may see it (set by `require_token`)."""
    return g.home


def caller() -> Caller:
    """Who is asking (set by `require_token`)."""
    return g.home.caller


def bearer_token() -> str | None:
    """The token of an `Authorization: Bearer TOKEN` header, or None."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def unauthorized(message: str, *, invalid_token: bool = False) -> ResponseReturnValue:
    """A 401 JSON answer that tells the client to use a bearer token (RFC 6750's `invalid_token` when one was
    given and refused)."""
    response = jsonify({"error": message})
    response.status_code = 401
    error = ', error="invalid_token"' if invalid_token else ""
    response.headers["WWW-Authenticate"] = f'Bearer realm="clips"{error}'
    return response


CHANNEL_HEADER = "X-Home-Clips-Channel"
FRONT_END_CHANNELS = ("voice", "wyoming")
"""Front ends that talk to the API for a person (`local_voice --api`, its Wyoming server) say so in
`CHANNEL_HEADER`, and the audit log names their channel instead of the API's."""


def front_end_channel() -> str:
    """The request's channel: `voice` or `wyoming` when a voice front end says so, else `api`."""
    said = request.headers.get(CHANNEL_HEADER, "").strip().lower()
    return said if said in FRONT_END_CHANNELS else "api"


def require_token(view: F) -> F:
    """Decorator: the request must carry a valid member's token; the view then reads `home()` and `caller()`."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> ResponseReturnValue:
        token = bearer_token()
        if token is None:
            return unauthorized("this call needs an 'Authorization: Bearer TOKEN' header")
        store = current_store()
        found = store.access.authenticate(token, front_end_channel())
        if found is None:
            logger.info("rejected an invalid token from %s", request.remote_addr)
            return unauthorized("the token is invalid", invalid_token=True)
        g.home = store.home(found)
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
