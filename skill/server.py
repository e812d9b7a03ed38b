"""The HTTP server `python -m skill` runs the app in, with the limits that protect it."""
from __future__ import annotations

import logging

from flask import Flask

logger = logging.getLogger(__name__)


def waitress_options(app: Flask, threads: int = 8) -> dict:
    """waitress settings: no request body larger than the largest legitimate upload is read at all.

    (waitress reads a whole body before the app sees the request, so without this a client without a token
    could make it buffer up to 1 GiB.)
    """
    return {"threads": threads, "ident": "home-clips", "max_request_body_size": app.config["MAX_CONTENT_LENGTH"]}


def create_waitress(app: Flask, host: str, port: int, threads: int = 8):
    """A waitress server for `app` on host:port (call `.run()` to serve)."""
    from waitress.server import create_server

    return create_server(app, host=host, port=port, **waitress_options(app, threads))
