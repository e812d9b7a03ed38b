"""The application factory: one Flask app serving the clip API, the intent API, Alexa and the page."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, request

from clipstore import ClipStore, Clock, Settings, system_clock
from intake.frigate_recordings import RecordingSource

from . import api, errors, privacy, proxies, web
from .alexa import endpoint as alexa
from .api import intent
from .limits import MAX_UPLOAD_BODY, body_limit

logger = logging.getLogger(__name__)


def create_app(
    data_dir: Path | str,
    *,
    public_url: str | None = None,
    config: dict | None = None,
    clock: Clock = system_clock,
    settings: Settings | None = None,
) -> Flask:
    """Build the app over the clip store in `data_dir`.

    `settings` (default: read from the environment now) configure it; `config` overrides single keys (tests).
    `public_url` (or `PUBLIC_URL`) is the base of signed media links; default: the request's own host.
    `clock` is the one clock of the app (the store's): tests pin it.
    """
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    store = ClipStore(data_dir, clock=clock, database_url=settings.database_url, media_url=settings.media_url)
    app.config.update(settings.flask_config())
    app.config.update(SECRET_KEY=store.secret_key(), MAX_CONTENT_LENGTH=MAX_UPLOAD_BODY, JSON_SORT_KEYS=False)
    if public_url:
        app.config["PUBLIC_URL"] = public_url.rstrip("/")
    app.config.update(config or {})
    app.extensions["clipstore"] = store
    # Frigate's recordings, for a time no clip covers
    app.extensions["recordings"] = RecordingSource.from_settings(settings, store)
    proxies.install(app)  # the client's address and scheme behind a trusted proxy, for every route

    @app.before_request
    def _bound_the_body() -> None:
        """Each route's body bound (limits.py) as the app reads it: gunicorn streams bodies to the app."""
        overall = app.config.get("MAX_CONTENT_LENGTH") or MAX_UPLOAD_BODY
        request.max_content_length = min(body_limit(request.method, request.path), overall)

    api.init_app(app)
    intent.init_app(app)
    alexa.init_app(app)
    web.init_app(app)
    privacy.init_app(app)
    errors.init_app(app, page=web.error_page, page_errors=(web.PageError,))
    return app
