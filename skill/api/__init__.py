"""The clip API: its blueprints and the OpenAPI document (errors are JSON: `skill.errors`)."""

from __future__ import annotations

import logging

from flask import Flask

from . import cameras, clips, feed, links, members, openapi, shares, speech, voicecode
from .auth import current_store, require_token
from .signing import clip_json, with_urls

logger = logging.getLogger(__name__)

__all__ = ["clip_json", "current_store", "init_app", "require_token", "with_urls"]


def init_app(app: Flask) -> None:
    """Register the clip API's blueprints on `app` (its errors: `skill.errors`)."""
    app.register_blueprint(clips.bp)
    app.register_blueprint(clips.media_bp)
    app.register_blueprint(feed.bp)
    app.register_blueprint(cameras.bp)
    app.register_blueprint(members.bp)
    app.register_blueprint(shares.bp)
    app.register_blueprint(shares.public_bp)
    app.register_blueprint(links.bp)
    app.register_blueprint(voicecode.bp)
    speech.init_app(app)
    app.register_blueprint(openapi.bp)
    logger.debug("clip API registered")
