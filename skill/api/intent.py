"""`POST /api/intent`: how scripts, tests and the web page talk to the assistant (docs/interface.md §3)."""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, Flask, Response, current_app, jsonify, request

from clipstore import Invalid
from intents.catalogue import INTENTS, SLOTS
from intents.dialog import DialogState, SessionCodec, suggest, take_suggestion
from intents.handlers import Reply, handle
from intents.parser import parser_for
from intents.speech import said_back
from intents.store_service import StoreClipService

from .auth import current_store, home
from .caller import require_caller
from .signing import with_urls

logger = logging.getLogger(__name__)

bp = Blueprint("intent_api", __name__)
MAX_TEXT = 500
AWAITS_HEADER = "X-Awaits"


def _slots(intent: str | None, value: object) -> dict:
    """The structured slots of a request, checked against the contract: the intent's slot names, `days` a
    whole number, every other slot a short text. A value the assistant cannot use is its to answer."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise Invalid("slots must be an object")
    allowed = SLOTS.get(intent or "", ())
    for key, item in value.items():
        if key not in allowed:
            names = ", ".join(allowed) or "none"
            raise Invalid(f"{intent} has no slot {str(key)[:40]!r} (its slots: {names})")
        if key == "days":
            if isinstance(item, bool) or not isinstance(item, int) or not -(10**9) < item < 10**9:
                raise Invalid("slot 'days' must be a whole number")
        elif not isinstance(item, str) or len(item) > 100:
            raise Invalid(f"slot {key!r} must be a text of at most 100 characters")
    return dict(value)


def run_turn(
    service: StoreClipService, body: dict, codec: SessionCodec, now: datetime | None = None
) -> tuple[dict, DialogState]:
    """Parse (if text was given), handle, and shape the contract's answer; with the conversation's new state."""
    now = now or service.now()
    text = body.get("text")
    household, cameras, ref, to = None, None, None, None
    if text is not None:
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT:
            raise Invalid(f"text must be a non-empty string of at most {MAX_TEXT} characters")
        household, cameras = service.household(), service.cameras()
        parsed = parser_for(tuple(cameras), members=tuple(service.members())).parse(
            text, now=now, tz=household.timezone
        )
        intent, slots, ref, to = parsed.intent, parsed.slots, parsed.ref, parsed.to
    elif "intent" in body:
        intent = body["intent"]
        if intent is not None and intent not in INTENTS:
            raise Invalid(f"unknown intent {intent!r}; known intents: {', '.join(INTENTS)}")
        slots = _slots(intent, body.get("slots"))
    else:
        raise Invalid('send {"text": "..."} or {"intent": "...", "slots": {...}}')
    session = body.get("session")
    if session is not None and not isinstance(session, str):
        raise Invalid("session must be the string a previous answer returned")
    state = codec.decode(session)
    # household and cameras are read when (and only when) text came: the second stage's unsure guess, ask
    if household is not None and cameras is not None and intent is not None and not parsed.sure:
        today = now.astimezone(ZoneInfo(household.timezone)).date()
        question = suggest(state, intent, slots, said_back(intent, slots, cameras, today), ref)
        reply, intent, slots = Reply(question, expect_reply=True), None, {}
    else:
        intent, slots, ref = take_suggestion(intent, slots, state, ref)
        reply, state = handle(
            service, intent, slots, state, now=now, household=household, cameras=cameras, ref=ref, to=to
        )
    return {
        "intent": intent,
        "slots": slots,
        "speech": reply.speech,
        "display": reply.display,
        "expect_reply": reply.expect_reply,
        "session": codec.encode(state),
    }, state


@bp.post("/api/intent")
@require_caller
def intent():
    """Talk to the assistant in text or with an intent and slots.
    ---
    post:
      summary: One turn of a conversation with the assistant
      description: "With the household's token; or from the web page, with its session cookie and the
        session's CSRF token in the X-CSRF-Token header."
      security: [{bearerAuth: []}]
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                text: {type: string, maxLength: 500}
                intent: {type: string, nullable: true, enum: [ListClips, CountClips, ShowClip, DeleteClips,
                         RestoreClips, ShareClip, RevokeShares, AccessLog, SetRecording, CameraStatus, SetRetention,
                         RetentionInfo, Help, Stop, Cancel, "Yes", "No"]}
                slots:
                  type: object
                  description: "The intent's slots (docs/interface.md §1); a value the assistant can't use gets a
                    spoken answer"
                  properties:
                    camera: {type: string, maxLength: 100}
                    date: {type: string, maxLength: 100, description: "AMAZON.DATE"}
                    period: {type: string, maxLength: 100, enum: [MO, AF, EV, NI]}
                    time: {type: string, maxLength: 100, description: "HH:MM, 24-hour, the household's zone"}
                    from_time: {type: string, maxLength: 100, description: "HH:MM, 24-hour"}
                    to_time: {type: string, maxLength: 100, description: "HH:MM, 24-hour"}
                    label: {type: string, maxLength: 100}
                    which: {type: string, maxLength: 100}
                    state: {type: string, maxLength: 100, enum: ["on", "off"]}
                    days: {type: integer}
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
          headers:
            X-Awaits:
              description: "`yes-no` when a question waits for a yes or a no (the page shows Yes and No buttons)"
              schema: {type: string, enum: [yes-no]}
        400: {description: Bad request, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
        401: {description: Missing or bad token,
              content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
        403: {description: "A page call without its CSRF token",
              content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
    """
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise Invalid("the body must be a JSON object")
    service = StoreClipService(
        home(), now=current_store().now_utc, add_urls=with_urls, recordings=current_app.extensions.get("recordings")
    )
    return answer_response(*run_turn(service, body, current_app.extensions["intent_sessions"]))


def answer_response(answer: dict, state: DialogState) -> Response:
    """The answer as JSON; `X-Awaits: yes-no` when a question waits for a yes or a no."""
    response = jsonify(answer)
    if state.pending is not None:
        response.headers[AWAITS_HEADER] = "yes-no"
    return response


def init_app(app: Flask) -> None:
    """Register the intent API and its session codec."""
    app.extensions["intent_sessions"] = SessionCodec(app.config["SECRET_KEY"], clock=app.extensions["clipstore"].now)
    app.register_blueprint(bp)
