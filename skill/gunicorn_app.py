"""`python -m skill` under gunicorn: the app is built in each worker (after the fork), and each worker runs
the background work, which only the leader actually does."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from .background import Background

logger = logging.getLogger(__name__)


class SkillServer(BaseApplication):
    """gunicorn with our settings and no command line or config file of its own."""

    def __init__(self, make_app: Callable[[], Flask], options: dict[str, Any], upkeep_interval_s: float) -> None:
        self.make_app = make_app
        self.options = options
        self.upkeep_interval_s = upkeep_interval_s
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.make_app()


def _post_worker_init(worker: Any) -> None:
    worker.background = Background(worker.wsgi, interval_s=worker.app.upkeep_interval_s)
    worker.background.start()


def _worker_exit(server: Any, worker: Any) -> None:
    background = getattr(worker, "background", None)
    if background is not None:
        background.stop()


def run_gunicorn(make_app: Callable[[], Flask], settings: Any) -> None:
    """Serve with `settings.worker_count()` workers of `settings.threads or 4` threads each."""
    options = {
        "bind": f"{settings.host}:{settings.port}",
        "workers": settings.worker_count(),
        "worker_class": "gthread",
        "threads": settings.threads or 4,
        "timeout": 120,  # an ingest of a large upload can take a while
        "graceful_timeout": 30,
        # A new connection per request. With keep-alive, a burst of clients can all land on the worker that
        # happens to accept first and stay there while the other workers idle (seen under wrk: 0.95 of 2 cores
        # busy); without it each request is handed to whichever worker is free, at the same CPU per request.
        # Clients keep their connections alive to the TLS proxy in front (docs/deploy.md).
        "keepalive": 0,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "proc_name": "home-clips",
        "post_worker_init": _post_worker_init,
        "worker_exit": _worker_exit,
        "preload_app": False,  # each worker opens its own database connections after the fork
        "control_socket_disable": True,
        # gunicorn believes X-Forwarded-Proto from 127.0.0.1 by default; the app's proxy middleware alone decides
        # (skill/proxies.py, from TRUSTED_PROXIES), so gunicorn takes no forwarded header from anyone.
        "forwarded_allow_ips": "",
        "secure_scheme_headers": {},
    }
    logger.debug("serving with gunicorn: %d workers x %d threads", options["workers"], options["threads"])
    SkillServer(make_app, options, settings.upkeep_interval_s).run()
