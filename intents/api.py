"""`POST /api/intent`: how scripts, tests and the web page talk to the assistant (CONTRACT.md §3)."""
from __future__ import annotations

import logging
from datetime import datetime

from flask import Blueprint, Flask, current_app, g, jsonify, request

from clipstore.api.auth import current_store, require_token
from clipstore.api.signing import with_urls
from clipstore.errors import Invalid

from .catalogue import INTENTS
from .dialog import SessionCodec
from .handlers import handle
from .parser import parser_for
from .store_service import StoreClipService

logger = logging.getLogger(__name__)

bp = Blueprint("intent_api", __name__)
MAX_TEXT = 500


def _slots(value: object) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict) or len(value) > 10:
        raise Invalid("slots must be an object of at most 10 slots")
    for key, item in value.items():
        if not isinstance(item, (str, int)) or isinstance(item, bool) or (isinstance(item, str) and len(item) > 100):
            raise Invalid(f"slot {key!r} must be a short text or a whole number")
    return dict(value)


def run_turn(service: StoreClipService, body: dict, codec: SessionCodec, now: datetime | None = None) -> dict:
    """Parse (if text was given), handle, and shape the contract's answer."""
    now = now or service.store.now_utc()
    text = body.get("text")
    household, cameras = None, None
    if text is not None:
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT:
            raise Invalid(f"text must be a non-empty string of at most {MAX_TEXT} characters")
        household, cameras = service.household(), service.cameras()
        parsed = parser_for(tuple(cameras)).parse(text, now=now, tz=household.timezone)
        intent, slots = parsed.intent, parsed.slots
    elif "intent" in body:
        intent = body["intent"]
        if intent is not None and intent not in INTENTS:
            raise Invalid(f"unknown intent {intent!r}; known intents: {', '.join(INTENTS)}")
        slots = _slots(body.get("slots"))
    else:
        raise Invalid('send {"text": "..."} or {"intent": "...", "slots": {...}}')
    session = body.get("session")
    if session is not None and not isinstance(session, str):
        raise Invalid("session must be the string a previous answer returned")
    reply, state = handle(service, intent, slots, codec.decode(session), now=now, household=household,
                          cameras=cameras)
    return {
        "intent": intent,
        "slots": slots,
        "speech": reply.speech,
        "display": reply.display,
        "expect_reply": reply.expect_reply,
        "session": codec.encode(state),
    }


@bp.post("/api/intent")
@require_token
def intent():
    """Talk to the assistant in text or with an intent and slots.
    ---
    post:
      summary: One turn of a conversation with the assistant
      security: [{bearerAuth: []}]
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                text: {type: string, maxLength: 500}
                intent: {type: string, nullable: true, enum: [ListClips, CountClips, ShowClip, DeleteClips, RestoreClips, ShareClip, RevokeShares, AccessLog, SetRecording, SetRetention, RetentionInfo, Help, Stop, Cancel, "Yes", "No"]}
                slots: {type: object, additionalProperties: true}
                session: {type: string}
      responses:
        200:
          description: The answer
          content:
            application/json:
              schema:
                type: object
                properties:
                  intent: {type: string, nullable: true}
                  slots: {type: object}
                  speech: {type: string}
                  display: {type: object, nullable: true}
                  expect_reply: {type: boolean}
                  session: {type: string}
        400: {description: Bad request, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
        401: {description: Missing or bad token, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
    """
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise Invalid("the body must be a JSON object")
    service = StoreClipService(current_store(), g.household.id, channel="api", actor=g.actor, add_urls=with_urls)
    return jsonify(run_turn(service, body, current_app.extensions["intent_sessions"]))


def init_app(app: Flask) -> None:
    """Register the intent API and its session codec."""
    app.extensions["intent_sessions"] = SessionCodec(app.config["SECRET_KEY"])
    app.register_blueprint(bp)
