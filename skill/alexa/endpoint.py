"""`POST /alexa`: verify the raw request, hand it to the ask-sdk skill, answer its JSON (docs/interface.md §3, §4).

Configuration (the app config, which `Settings` fills from the environment):

- `ALEXA_SKILL_ID`: the skill's application id; requests for another id get 400 (always checked when set).
- `ALEXA_VERIFY=0`: skip the signature and timestamp checks. Local testing only; logged loudly.
- `ALEXA_VERIFIER`: a ready `RequestVerifier` (tests); `ALEXA_CERT_FETCH`: replaces the download of the
  signing chain; `ALEXA_SETTINGS_GET`: replaces the Alexa Settings API call (see `timezones`);
  `ALEXA_CLOCK`: a function returning the current aware datetime.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_core.skill import CustomSkill
from ask_sdk_model import RequestEnvelope
from flask import Blueprint, Flask, current_app, jsonify, request

from .handlers import build_skill
from .timezones import DeviceZones
from .turn import AlexaServices
from .verify import RequestVerifier, VerificationError, VerifierSettings

logger = logging.getLogger(__name__)

bp = Blueprint("alexa", __name__)
MAX_BODY_BYTES = 128 * 1024
_OFF = ("0", "false", "no", "off")


@dataclass
class AlexaEndpoint:
    """What the view needs: the verifier, the skill and the serializer."""

    verifier: RequestVerifier
    skill: CustomSkill
    serializer: DefaultSerializer

    @property
    def verify_signature(self) -> bool:
        return self.verifier.settings.verify_signature


def _setting(app: Flask, name: str) -> str | None:
    value = app.config.get(name)  # from `Settings` (the environment), or set by tests
    return None if value is None else str(value).strip()


def settings_from(app: Flask) -> VerifierSettings:
    """VerifierSettings from `ALEXA_SKILL_ID` and `ALEXA_VERIFY`."""
    verify = (_setting(app, "ALEXA_VERIFY") or "1").lower() not in _OFF
    return VerifierSettings(skill_id=_setting(app, "ALEXA_SKILL_ID") or None, verify_signature=verify)


def _reject(check: str, message: str):
    logger.warning("Alexa request rejected: check %s failed (%s)", check, message)
    response = jsonify({"error": f"request verification failed: {check}"})
    response.status_code = 400
    return response


@bp.post("/alexa")
def alexa():
    """The Alexa custom-skill endpoint: verified requests only."""
    endpoint: AlexaEndpoint = current_app.extensions["alexa"]
    if (request.content_length or 0) > MAX_BODY_BYTES:
        return _reject("body", "request body too large")
    body = request.stream.read(MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        return _reject("body", "request body too large")
    try:
        endpoint.verifier.verify(request.headers, body)
    except VerificationError as exc:
        return _reject(exc.check, exc.message)
    try:
        envelope = endpoint.serializer.deserialize(body.decode("utf-8"), RequestEnvelope)
        if envelope is None or envelope.request is None:
            raise ValueError("no request in the envelope")
    except Exception as exc:  # malformed envelope: nothing handled
        return _reject("envelope", str(exc)[:200])
    try:
        response_envelope = endpoint.skill.invoke(request_envelope=envelope, context=None)
        payload = endpoint.serializer.serialize(response_envelope)
    except Exception:
        logger.exception("Alexa skill failed outside its handlers")
        response = jsonify({"error": "internal error"})
        response.status_code = 500
        return response
    return current_app.response_class(json.dumps(payload), mimetype="application/json")


def init_app(app: Flask) -> None:
    """Register `POST /alexa` (and the account-linking page) on `app`."""
    store = app.extensions["clipstore"]
    verifier = app.config.get("ALEXA_VERIFIER")
    if verifier is None:  # certificates and timestamps are checked against the app's one clock
        verifier = RequestVerifier(settings_from(app), fetch=app.config.get("ALEXA_CERT_FETCH"), clock=store.now_utc)
    services = AlexaServices(
        store=store,
        zones=DeviceZones(get=app.config.get("ALEXA_SETTINGS_GET")),
        clock=app.config.get("ALEXA_CLOCK") or store.now_utc,
        recordings=app.extensions.get("recordings"),
    )
    app.extensions["alexa"] = AlexaEndpoint(verifier, build_skill(services), DefaultSerializer())
    app.register_blueprint(bp)
    from . import linking

    linking.init_app(app)
    if not verifier.settings.verify_signature:
        say = logger.debug if app.config.get("STARTUP_SAID") else logger.warning  # `python -m skill` says it once
        say(
            "!!! ALEXA_VERIFY=0: Alexa request signatures and timestamps are NOT checked. "
            "Local testing only: never expose this server to the internet like this. !!!"
        )
    public = app.config.get("PUBLIC_URL") or ""
    if not public.startswith("https://"):
        logger.debug("PUBLIC_URL is not an https URL; Echo devices can only play clips from https links")
