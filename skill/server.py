"""The HTTP server `python -m skill` runs the app in.

On Linux it is gunicorn with one worker per core (threads in each), so listing and talking use every core;
elsewhere, or with `--server waitress`, one waitress process. Each process runs the background work
(`background.py`), and the leader lock makes it happen once.
"""

from __future__ import annotations

import copy
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser

from .background import Background
from .limits import body_limit

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServerSettings:
    """Where and how to serve."""

    host: str = "127.0.0.1"
    port: int = 8080
    server: str = "auto"  # auto | gunicorn | waitress
    workers: int = 0  # 0: one per core
    threads: int = 0  # 0: 4 per gunicorn worker, 8 for waitress
    upkeep_interval_s: float = 60.0  # how often the janitor works, and others try to take it over

    def kind(self) -> str:
        """The server that will run: gunicorn on Linux unless told otherwise."""
        if self.server != "auto":
            return self.server
        return "gunicorn" if sys.platform.startswith("linux") else "waitress"

    def worker_count(self) -> int:
        return self.workers or max(
            1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        )


class _BoundedParser(HTTPRequestParser):
    """waitress's request parser with each route's body bound (limits.py), known once the request line is read:
    a larger Content-Length is answered 413 at once, a chunked body is cut off at the bound."""

    adj: Any  # waitress's Adjustments (untyped), set by HTTPRequestParser.__init__

    def parse_header(self, header_plus: bytes) -> None:
        super().parse_header(header_plus)
        bound = body_limit(self.command or "", self.path or "") + 1  # waitress refuses at >= its setting
        if bound < self.adj.max_request_body_size:
            self.adj = copy.copy(self.adj)
            self.adj.max_request_body_size = bound


class _BoundedChannel(HTTPChannel):
    parser_class = _BoundedParser


def waitress_options(app: Flask, threads: int = 8) -> dict:
    """waitress settings: no request body larger than the largest legitimate upload is read at all, and each
    route's own bound applies as soon as its request line is read (`_BoundedParser`).

    (waitress reads a whole body before the app sees the request, so without this a client without a token
    could make it buffer up to 1 GiB.)
    """
    return {
        "threads": threads,
        "ident": "home-clips",
        "max_request_body_size": app.config["MAX_CONTENT_LENGTH"],
        # X-Forwarded-* reach the app, whose proxy middleware (skill/proxies.py) alone decides what to believe
        # from TRUSTED_PROXIES: waitress's own handling takes one proxy address and drops them otherwise.
        "clear_untrusted_proxy_headers": False,
    }


def create_waitress(app: Flask, host: str, port: int, threads: int = 8):
    """A waitress server for `app` on host:port (call `.run()` to serve)."""
    from waitress.server import create_server

    server = create_server(app, host=host, port=port, **waitress_options(app, threads))
    server.channel_class = _BoundedChannel
    return server


def serve(make_app: Callable[[], Flask], settings: ServerSettings) -> None:
    """Serve until stopped: gunicorn (make_app runs in each worker) or waitress (in this process)."""
    if settings.kind() == "gunicorn":
        from .gunicorn_app import run_gunicorn

        run_gunicorn(make_app, settings)
        return
    app = make_app()
    background = Background(app, interval_s=settings.upkeep_interval_s)
    background.start()
    try:
        create_waitress(app, settings.host, settings.port, settings.threads or 8).run()
    finally:
        background.stop()
