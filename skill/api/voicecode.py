"""The household's voice code (`/api/household/voice-code`): set, remove, whether the offline loop asks, check.

The code is never returned. Checking it is what a remote voice front end does after the yes to a sensitive
action; wrong codes count toward the lock exactly as spoken ones do.
"""

from __future__ import annotations

import logging

from flask import Blueprint
from flask.typing import ResponseReturnValue

from clipstore import Invalid, check_code

from .auth import caller, current_store, home, require_token
from .cameras import json_object

logger = logging.getLogger(__name__)

bp = Blueprint("voice_code", __name__)

CHECK_CHANNELS = ("voice", "wyoming", "api")


@bp.get("/api/household/voice-code")
@require_token
def voice_code_status() -> ResponseReturnValue:
    """Whether a voice code is set (never the code), whether the offline loop asks for it, and any lock.
    ---
    get:
      responses:
        200:
          description: The code's state.
          content:
            application/json:
              schema:
                type: object
                required: [set, offline, locked_until]
                properties:
                  set: {type: boolean}
                  offline: {type: boolean, description: The offline voice loop asks for the code too}
                  locked_until: {type: string, format: date-time, nullable: true}
        401: Unauthorized
    """
    return home().settings.voice_code().to_dict()


@bp.put("/api/household/voice-code")
@require_token
def set_voice_code() -> ResponseReturnValue:
    """Set or change the voice code (4 digits); `offline` makes the offline voice loop ask for it too.
    ---
    put:
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              properties:
                code: {type: string, pattern: "^[0-9]{4}$"}
                offline: {type: boolean}
      responses:
        200: {description: The code's state (never the code).}
        400: BadRequest
        401: Unauthorized
    """
    body = json_object(("code", "offline"))
    offline = body.get("offline")
    if offline is not None and not isinstance(offline, bool):
        raise Invalid("offline must be true or false")
    code = check_code(body["code"]) if "code" in body else None
    return home().settings.set_voice_code(code, offline).to_dict()


@bp.delete("/api/household/voice-code")
@require_token
def remove_voice_code() -> ResponseReturnValue:
    """Remove the voice code: sensitive voice actions need only the yes again.
    ---
    delete:
      responses:
        200: {description: The code's state.}
        400: BadRequest
        401: Unauthorized
    """
    home().settings.clear_voice_code()
    return home().settings.voice_code().to_dict()


@bp.post("/api/household/voice-code/check")
@require_token
def check_voice_code() -> ResponseReturnValue:
    """Check a spoken code (a remote voice front end, after the yes); three wrong in a row lock for 15 minutes.
    ---
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [code]
              additionalProperties: false
              properties:
                code: {type: string, maxLength: 16}
                channel: {type: string, enum: [voice, wyoming, api]}
      responses:
        200:
          description: Right or wrong, tries left, and the lock if any.
          content:
            application/json:
              schema:
                type: object
                required: [ok, attempts_left, locked_until]
                properties:
                  ok: {type: boolean}
                  attempts_left: {type: integer}
                  locked_until: {type: string, format: date-time, nullable: true}
        400: BadRequest
        401: Unauthorized
    """
    body = json_object(("code", "channel"), required=("code",))
    code, channel = body["code"], body.get("channel", caller().channel)
    if not isinstance(code, str) or len(code) > 16:
        raise Invalid("code must be text of at most 16 characters")
    if channel not in CHECK_CHANNELS:
        raise Invalid(f"channel must be one of: {', '.join(CHECK_CHANNELS)}")
    result = current_store().home(caller().through(channel)).settings.check_voice_code(code)
    return result.to_dict()
