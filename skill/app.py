"""The application factory: one Flask app serving the clip API, the intent API, Alexa and the page."""
from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask, request

from clipstore import ClipStore
from clipstore.clock import Clock, system_clock

logger = logging.getLogger(__name__)


def create_app(data_dir: Path | str, *, public_url: str | None = None, config: dict | None = None,
               clock: Clock = system_clock) -> Flask:
    """Build the app over the clip store in `data_dir`.

    `public_url` (or `$PUBLIC_URL`) is the base of signed media links; default: the request's own host.
    `clock` is the one clock of the app (the store's): tests pin it.
    """
    from skill.limits import MAX_UPLOAD_BODY, body_limit

    app = Flask(__name__)
    store = ClipStore(data_dir, clock=clock)
    app.config.update(
        SECRET_KEY=store.secret_key(),
        PUBLIC_URL=(public_url or os.environ.get("PUBLIC_URL") or "").rstrip("/") or None,
        MAX_CONTENT_LENGTH=MAX_UPLOAD_BODY,
        JSON_SORT_KEYS=False,
    )
    app.config.update(config or {})
    app.extensions["clipstore"] = store
    from skill import proxies
    proxies.install(app)  # the client's address and scheme behind a trusted proxy, for every route

    @app.before_request
    def _bound_the_body() -> None:
        """Each route's body bound (limits.py) as the app reads it: gunicorn streams bodies to the app."""
        overall = app.config.get("MAX_CONTENT_LENGTH") or MAX_UPLOAD_BODY
        request.max_content_length = min(body_limit(request.method, request.path), overall)

    from clipstore import api as clip_api
    clip_api.init_app(app)
    from intents import api as intent_api
    intent_api.init_app(app)
    from skill.alexa import endpoint as alexa_endpoint
    alexa_endpoint.init_app(app)
    from skill import web as web_page
    web_page.init_app(app)
    from skill import privacy
    privacy.init_app(app)
    return app
