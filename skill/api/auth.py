"""Bearer-token authentication for the clip API."""
from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from flask import current_app, g, jsonify, request
from flask.typing import ResponseReturnValue

from clipstore.store import ClipStore

logger = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])


def current_store() -> ClipStore:
    """The clip store of the running app."""
    return current_app.extensions["clipstore"]


def bearer_token() -> str | None:
    """The token of an `Authorization: Bearer TOKEN` header, or None."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def unauthorized(message: str) -> ResponseReturnValue:
    """A 401 JSON answer that tells the client to use a bearer token."""
    response = jsonify({"error": message})
    response.status_code = 401
    error = ', error="invalid_token"' if "invalid" in message else ""
    response.headers["WWW-Authenticate"] = f'Bearer realm="clips"{error}'
    return response


def require_token(view: F) -> F:
    """Decorator: the request must carry a valid household token.

    Sets `g.household` (the Household) and `g.actor` (the token's name) for the view.
    """

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> ResponseReturnValue:
        token = bearer_token()
        if token is None:
            return unauthorized("this call needs an 'Authorization: Bearer TOKEN' header")
        found = current_store().households.authenticate(token)
        if found is None:
            logger.info("rejected an invalid token from %s", request.remote_addr)
            return unauthorized("the token is invalid")
        g.household, g.actor = found
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
