"""`POST /api/intent/speech`: one spoken turn (the page's push-to-talk button), recognised on this server.

The body is the recording itself, a 16-bit PCM WAV (the page sends 16 kHz mono), at most `MAX_SPEECH_S` seconds
and `MAX_SPEECH_BODY` bytes; the conversation's `session` travels in the query. The answer is `POST /api/intent`'s,
plus `transcript`: what was heard. The recording is read into memory, recognised and dropped: it is never written
to disk or to a log.
"""

from __future__ import annotations

import io
import logging

from flask import Blueprint, Flask, current_app, request
from flask.typing import ResponseReturnValue

from clipstore import Invalid
from intents.dialog import SessionCodec
from intents.store_service import StoreClipService
from local_voice.audio import AudioError, decode_wav

from ..errors import json_error
from .auth import current_store, home
from .caller import require_caller
from .ears import Ears, EngineUnavailable
from .intent import answer_response
from .signing import with_urls

logger = logging.getLogger(__name__)

bp = Blueprint("speech_api", __name__)

MAX_SPEECH_S = 20.0
"""The longest recording one turn may send."""
MAX_SPEECH_BODY = 1024 * 1024
"""Bytes: 20 s of 16 kHz mono 16-bit PCM is 640 kB."""
SPEECH_TYPES = frozenset({"audio/wav", "audio/wave", "audio/x-wav", "audio/vnd.wave", "application/octet-stream"})
NOTHING_HEARD = "I didn't hear anything. Press the microphone button, speak, then press it again."


@bp.post("/api/intent/speech")
@require_caller
def speech() -> ResponseReturnValue:
    """Talk to the assistant with a recording.
    ---
    post:
      summary: One spoken turn of a conversation with the assistant
      description: "The recording is recognised on this server, with the catalogue's grammar and the household's
        camera names (as the offline voice loop does), then answered as POST /api/intent answers. It is never
        stored. With the household's token; or from the web page, with its session cookie and X-CSRF-Token."
      security: [{bearerAuth: []}]
      parameters:
        - {name: session, in: query, required: false, schema: {type: string, maxLength: 4000},
           description: "The session of the previous answer"}
      requestBody:
        required: true
        content:
          audio/wav:
            schema: {type: string, format: binary,
                     description: "16-bit PCM WAV, any rate, mono or stereo, at most 20 s"}
          application/octet-stream:
            schema: {type: string, format: binary, description: "the same WAV"}
      responses:
        200:
          description: What was heard, and the answer
          content:
            application/json:
              schema:
                type: object
                properties:
                  transcript: {type: string}
                  intent: {type: string, nullable: true}
                  slots: {type: object}
                  speech: {type: string}
                  display: {type: object, nullable: true}
                  expect_reply: {type: boolean}
                  session: {type: string}
        400:
          description: Not a usable recording
          content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}
        401:
          description: Missing or bad token
          content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}
        403:
          description: "A page call without its CSRF token"
          content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}
        413:
          description: Recording too large
          content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}
        503:
          description: No speech recogniser on this server
          content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}
    """
    if request.mimetype not in SPEECH_TYPES:
        raise Invalid("send the recording as a 16-bit PCM WAV body (Content-Type: audio/wav)")
    session = request.args.get("session") or None
    if session is not None and len(session) > 4000:
        raise Invalid("session must be the string a previous answer returned")
    try:
        samples = decode_wav(io.BytesIO(request.get_data(cache=False)), "the recording", MAX_SPEECH_S)
    except AudioError as exc:
        raise Invalid(str(exc)) from None
    codec: SessionCodec = current_app.extensions["intent_sessions"]
    store = current_store()
    state = codec.decode(session)
    ears: Ears = current_app.extensions["ears"]
    service = StoreClipService(home(), now=store.now_utc, add_urls=with_urls)
    try:
        heard = ears.hear(service, state, samples, tz=service.household().timezone, now=store.now_utc)
    except EngineUnavailable as exc:
        logger.warning("push to talk: no speech recogniser (%s)", exc)
        return json_error(f"speech recognition is not available on this server ({exc}); type instead", 503)
    if heard is None or not heard[0].transcript.strip():  # silence: the conversation stays as it was
        state = codec.decode(session)
        return answer_response(
            {
                "transcript": "",
                "intent": None,
                "slots": {},
                "speech": NOTHING_HEARD,
                "display": None,
                "expect_reply": state.pending is not None,
                "session": codec.encode(state),
            },
            state,
        )
    outcome, state = heard
    return answer_response(
        {
            "transcript": outcome.transcript,
            "intent": outcome.intent,
            "slots": outcome.slots,
            "speech": outcome.speech or "",
            "display": outcome.display,
            "expect_reply": outcome.expect_reply,
            "session": codec.encode(state),
        },
        state,
    )


PROCESS_EARS = Ears()
"""The recogniser of this process, shared by every app in it (built on first use)."""


def init_app(app: Flask) -> None:
    """Register the speech route with the process's recogniser (config `SPEECH_EARS`: another one)."""
    app.extensions["ears"] = app.config.get("SPEECH_EARS") or PROCESS_EARS
    app.register_blueprint(bp)
