"""The clip API: blueprints, JSON errors under /api and /media, and the OpenAPI document."""
from __future__ import annotations

import logging
from typing import Any

from flask import Flask, jsonify, request
from flask.json.provider import DefaultJSONProvider
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from ..errors import NeedsConfirmation, StoreError
from . import cameras, clips, feed, links, openapi, shares, voicecode
from .auth import current_store, require_token
from .signing import clip_json, with_urls

logger = logging.getLogger(__name__)

__all__ = ["clip_json", "current_store", "init_app", "is_json_path", "require_token", "with_urls"]

_SHORT_MESSAGES = {
    404: "not found: {path}",
    405: "method {method} is not allowed for {path}",
    413: "the upload is too large",
    416: "the requested range is not satisfiable",
}


def is_json_path(path: str) -> bool:
    """True for paths whose errors are answered as JSON (the clip API and signed media links)."""
    return path == "/api" or path.startswith(("/api/", "/media/", "/share/"))


def _error(message: str, status: int) -> ResponseReturnValue:
    response = jsonify({"error": message})
    response.status_code = status
    return response


def _store_error(exc: StoreError) -> ResponseReturnValue:
    response = _error(str(exc) or "bad request", exc.status)
    if isinstance(exc, NeedsConfirmation):  # says what would go and how to confirm
        response.set_data(jsonify({"error": str(exc), **exc.payload()}).get_data())
    return response


def _http_error(exc: HTTPException) -> ResponseReturnValue:
    if not is_json_path(request.path):
        return exc
    status = exc.code or 500
    if status >= 500:
        logger.error("%s %s failed with %s", request.method, request.path, status)
        message = "internal error" if status == 500 else (exc.description or exc.name)
    elif exc.description and exc.description != type(exc).description:
        message = exc.description
    else:
        message = _SHORT_MESSAGES.get(status, exc.description or exc.name)
    response = exc.get_response()  # keeps headers such as Allow and Content-Range
    response.set_data(jsonify({"error": message.format(path=request.path, method=request.method)}).get_data())
    response.mimetype = "application/json"
    return response


def _unexpected(exc: Exception) -> ResponseReturnValue:
    if not is_json_path(request.path):
        raise exc
    logger.exception("unhandled error in %s %s", request.method, request.path)
    return _error("internal error", 500)


class BoundedJSONProvider(DefaultJSONProvider):
    """Flask's JSON, except that a body nested too deeply to parse is invalid JSON, not a server error."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("the JSON is nested too deeply") from None


def init_app(app: Flask) -> None:
    """Register the clip API's blueprints and error handlers on `app`."""
    app.json = BoundedJSONProvider(app)
    app.register_blueprint(clips.bp)
    app.register_blueprint(clips.media_bp)
    app.register_blueprint(feed.bp)
    app.register_blueprint(cameras.bp)
    app.register_blueprint(shares.bp)
    app.register_blueprint(shares.public_bp)
    app.register_blueprint(links.bp)
    app.register_blueprint(voicecode.bp)
    app.register_blueprint(openapi.bp)
    app.register_error_handler(StoreError, _store_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
    logger.debug("clip API registered")
