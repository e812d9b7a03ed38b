"""The command box on every page: ask the assistant in words, typed or spoken.

With script (static/ask.js) the box talks to `POST /api/intent` and, for push to talk, `POST /api/intent/speech`,
with this page's session and its CSRF token, and shows the answer in place. Without script the form posts here:
`POST /ask` runs the very same turn (`skill.api.intent.run_turn`) and shows the answer on a page of its own, with
Yes and No buttons when a question waits for them.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue

from intents.store_service import StoreClipService
from skill.api.intent import MAX_TEXT, run_turn
from skill.api.signing import with_urls

from .common import bp, home, store

logger = logging.getLogger(__name__)

REPLIES = ("Yes", "No")
"""What the no-script page's buttons send."""
CLIP_URLS = {"clip": "web.clip_page", "video": "web.clip_video", "thumbnail": "web.clip_thumbnail"}
PLACEHOLDER = "0000000000000000"
"""Stands in for a clip id in the URL templates the script fills in."""


@bp.app_context_processor
def _ask_context() -> dict[str, Any]:
    """What the command box partial (_ask.html) needs besides the CSRF token."""

    def ask_urls() -> dict[str, str]:
        urls = {name: url_for(endpoint, clip_id=PLACEHOLDER) for name, endpoint in CLIP_URLS.items()}
        return {
            "api": url_for("intent_api.intent"),
            "speech": url_for("speech_api.speech"),
            "recorder": url_for("web.static", filename="ask-recorder.js"),
            "home": url_for("web.clip_list"),
            **urls,
        }

    return {"ask_urls": ask_urls, "ask_max_text": MAX_TEXT, "ask_placeholder": PLACEHOLDER}


@bp.post("/ask")
def ask() -> ResponseReturnValue:
    """One turn from the command box without script: the typed words, or the Yes or No button."""
    reply = request.form.get("reply")
    body: dict[str, Any] = {"intent": reply} if reply in REPLIES else {"text": request.form.get("text") or ""}
    body["session"] = request.form.get("session") or None
    service = StoreClipService(home(), now=store().now_utc, add_urls=with_urls)
    answer, state = run_turn(service, body, current_app.extensions["intent_sessions"])
    clip_id = (answer.get("display") or {}).get("clip_id")
    return render_template(
        "ask.html",
        answer=answer,
        awaits=state.pending is not None,
        clip_id=clip_id,
        asked=body.get("text") or reply,
        ask_session=answer["session"],
    )
