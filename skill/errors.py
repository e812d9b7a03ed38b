"""One error-handling scheme for the whole app: each path belongs to one surface, and its errors take that form.

- the clip API, signed media links and share links (`/api`, `/media`, `/share`): `{"error": "..."}` with the
  status (docs/interface.md §3);
- Alexa's routes (`/alexa...`): what the route itself answers; werkzeug's plain answer otherwise;
- everything else is the web page: a friendly page that says what happened and that nothing was changed.

The handlers are registered once, on the app, so which surface answers never depends on the order in which
blueprints were registered.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from flask import Flask, jsonify, request
from flask.json.provider import DefaultJSONProvider
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from clipstore import NeedsConfirmation, StoreError

logger = logging.getLogger(__name__)

PageRenderer = Callable[[Exception], ResponseReturnValue]
"""Renders an error (HTTPException, StoreError or the page's own errors) as a web page."""

_SHORT_MESSAGES = {
    404: "not found: {path}",
    405: "method {method} is not allowed for {path}",
    413: "the upload is too large",
    416: "the requested range is not satisfiable",
}


def is_json_path(path: str) -> bool:
    """True for paths whose errors are answered as JSON (the clip API, signed media links, share links)."""
    return path == "/api" or path.startswith(("/api/", "/media/", "/share/"))


def is_alexa_path(path: str) -> bool:
    """True for Alexa's routes: the endpoint and account linking."""
    return path == "/alexa" or path.startswith("/alexa/")


def json_error(message: str, status: int, **extra: Any) -> ResponseReturnValue:
    """The clip API's error answer: `{"error": message, ...}` with `status`."""
    response = jsonify({"error": message, **extra})
    response.status_code = status
    return response


def _store_error_json(exc: StoreError) -> ResponseReturnValue:
    extra = exc.payload() if isinstance(exc, NeedsConfirmation) else {}  # what would go, and how to confirm
    return json_error(str(exc) or "bad request", exc.status, **extra)


def _http_error_json(exc: HTTPException) -> ResponseReturnValue:
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


class BoundedJSONProvider(DefaultJSONProvider):
    """Flask's JSON, except that a body nested too deeply to parse is invalid JSON, not a server error."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("the JSON is nested too deeply") from None


def init_app(app: Flask, page: PageRenderer, page_errors: tuple[type[Exception], ...] = ()) -> None:
    """Register the one set of error handlers: JSON for the API's paths, `page` for the web page's.

    `page_errors` are the page's own exception types (rendered by `page` wherever they are raised).
    """
    app.json = BoundedJSONProvider(app)

    def on_store_error(exc: StoreError) -> ResponseReturnValue:
        return _store_error_json(exc) if is_json_path(request.path) or is_alexa_path(request.path) else page(exc)

    def on_http_error(exc: HTTPException) -> ResponseReturnValue:
        if is_json_path(request.path):
            return _http_error_json(exc)
        if is_alexa_path(request.path):
            return exc
        return page(exc)

    def on_unexpected(exc: Exception) -> ResponseReturnValue:
        logger.error("unhandled error in %s %s", request.method, request.path, exc_info=exc)
        if is_json_path(request.path):
            return json_error("internal error", 500)
        raise exc  # Flask's own 500 (and, in tests, the traceback)

    app.register_error_handler(StoreError, on_store_error)
    app.register_error_handler(HTTPException, on_http_error)
    for kind in page_errors:
        app.register_error_handler(kind, page)
    app.register_error_handler(Exception, on_unexpected)
