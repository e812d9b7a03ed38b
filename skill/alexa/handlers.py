"""The Alexa skill: ask-sdk-core handlers that translate requests for `intents.handlers.handle`.

Every answer comes from the same `handle` the offline loop and the intent API call. This module
only translates: Alexa request → (intent, canonical slots, remembered state); the intent layer's
Reply → Alexa speech, cards, APL and dialog directives. Per request, a request interceptor puts
an `AlexaTurn` (household, clip service, dialog state, zone) into the request attributes and a
response interceptor writes the dialog state back into the session attributes.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from ask_sdk_core.dispatch_components import (
    AbstractExceptionHandler,
    AbstractRequestHandler,
    AbstractRequestInterceptor,
    AbstractResponseInterceptor,
)
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_core.utils import get_request_type
from ask_sdk_model import Intent, IntentConfirmationStatus, Response, Slot
from ask_sdk_model.dialog import ConfirmIntentDirective, DynamicEntitiesDirective
from ask_sdk_model.er.dynamic import (
    Entity,
    EntityListItem,
    EntityValueAndSynonyms,
    UpdateBehavior,
)
from ask_sdk_model.interfaces.alexa.presentation.apl import RenderDocumentDirective
from ask_sdk_model.ui import Image, LinkAccountCard, StandardCard

from clipstore import ClipStore
from clipstore.api.signing import with_urls
from clipstore.models import Camera, Household
from intents import handlers as intent_handlers
from intents.dialog import DialogState
from intents.handlers import Reply
from intents.store_service import StoreClipService

from .slots import CONFIRMED_INTENTS, contract_intent, translate
from .timezones import DeviceZones

logger = logging.getLogger(__name__)

APL_DOCUMENT = Path(__file__).with_name("apl") / "clip.json"
APL_TOKEN = "homeClipsClip"
APL_HINT = "Try \u201cAlexa, show the next one\u201d"
CARD_TITLE = "Home Clips"
MAX_DYNAMIC_VALUES = 100  # Alexa's limit for dynamic entities

STATE_KEY = "dialog"
CONFIRM_KEY = "confirm"
ENTITIES_KEY = "cameras_pushed"

WELCOME = "Welcome to Home Clips."
LINK_SPEECH = ("To use Home Clips, link it to your home first: open the Alexa app, find the Home Clips skill, "
               "choose Link Account and enter your household's API token. I've sent a card to the Alexa app.")
SORRY = "Sorry, something went wrong on my side. Please try again in a moment."
NO_LINK_NEEDED = ("Stop", "Cancel")


@dataclass
class AlexaServices:
    """What the skill needs from the app: the clip store, device zones and a clock."""

    store: ClipStore
    zones: DeviceZones
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(timezone.utc))


@dataclass
class AlexaTurn:
    """One request: who is asking, through which service, in which zone, remembering what."""

    household: Household | None
    actor: str | None
    service: StoreClipService | None
    state: DialogState
    now: datetime
    tz: str | None
    apl: bool

    @property
    def zone(self) -> str:
        """The zone the answer is given in: the device's if known, else the household's."""
        return self.tz or (self.household.timezone if self.household else "UTC")

    @property
    def now_local(self) -> datetime:
        return self.now.astimezone(ZoneInfo(self.zone))

    def cameras(self) -> list[Camera]:
        return self.service.cameras() if self.service else []


def _turn(handler_input: HandlerInput) -> AlexaTurn:
    return handler_input.attributes_manager.request_attributes["turn"]


def _session(handler_input: HandlerInput) -> dict:
    if handler_input.request_envelope.session is None:
        return {}
    return handler_input.attributes_manager.session_attributes


def _access_token(handler_input: HandlerInput) -> str | None:
    env = handler_input.request_envelope
    system = getattr(env.context, "system", None) if env.context else None
    for user in (getattr(system, "user", None), getattr(env.session, "user", None) if env.session else None):
        token = getattr(user, "access_token", None)
        if token:
            return token
    return None


def _supports_apl(handler_input: HandlerInput) -> bool:
    env = handler_input.request_envelope
    system = getattr(env.context, "system", None) if env.context else None
    device = getattr(system, "device", None)
    interfaces = getattr(device, "supported_interfaces", None)
    return getattr(interfaces, "alexa_presentation_apl", None) is not None


@lru_cache(maxsize=1)
def apl_document() -> dict:
    """The clip APL document (skill/alexa/apl/clip.json)."""
    with open(APL_DOCUMENT, encoding="utf-8") as handle:
        return json.load(handle)


# --- interceptors -------------------------------------------------------------------------------

class LoadTurn(AbstractRequestInterceptor):
    """Authenticate the linked household, restore the dialog state, find the zone."""

    def __init__(self, services: AlexaServices) -> None:
        self.services = services

    def process(self, handler_input: HandlerInput) -> None:
        session = _session(handler_input)
        try:
            state = DialogState.from_dict(session.get(STATE_KEY) or {})
        except (TypeError, ValueError, KeyError):
            state = DialogState()
        token = _access_token(handler_input)
        found = self.services.store.households.authenticate(token) if token else None
        household, actor = found if found else (None, None)
        service = tz = None
        if household is not None:
            service = StoreClipService(self.services.store, household.id, channel="alexa", actor=actor,
                                       add_urls=with_urls)
            system = handler_input.request_envelope.context.system
            device = getattr(system, "device", None)
            tz = self.services.zones.zone(system.api_endpoint, getattr(device, "device_id", None),
                                          system.api_access_token)
        elif token:
            logger.info("Alexa request with an unknown access token")
        handler_input.attributes_manager.request_attributes["turn"] = AlexaTurn(
            household, actor, service, state, self.services.clock(), tz, _supports_apl(handler_input))


class SaveTurn(AbstractResponseInterceptor):
    """Write the dialog state back; once per session, push the household's camera names.

    The names go out with the first answer of a session that keeps it open and carries no other
    Dialog directive (a Dialog.ConfirmIntent question defers them to the next answer).
    """

    def process(self, handler_input: HandlerInput, response: Response | None) -> None:
        if handler_input.request_envelope.session is None or response is None:
            return
        turn = _turn(handler_input)
        session = handler_input.attributes_manager.session_attributes
        session[STATE_KEY] = turn.state.to_dict()
        if turn.service is None or session.get(ENTITIES_KEY) or response.should_end_session:
            return
        if any(getattr(d, "object_type", "").startswith("Dialog.") for d in response.directives or []):
            return  # one Dialog directive per response: push with the next answer of this session
        values = [Entity(id=cam.id, name=EntityValueAndSynonyms(value=cam.name, synonyms=list(cam.synonyms)))
                  for cam in turn.cameras()[:MAX_DYNAMIC_VALUES]]
        directive = DynamicEntitiesDirective(update_behavior=UpdateBehavior.REPLACE,
                                             types=[EntityListItem(name="CAMERA", values=values)])
        response.directives = [*(response.directives or []), directive]
        session[ENTITIES_KEY] = True


# --- replies → responses -------------------------------------------------------------------------

def run(turn: AlexaTurn, intent: str | None, slots: dict) -> Reply:
    """One turn through the intent layer (the same `handle` every front end calls)."""
    reply, turn.state = intent_handlers.handle(turn.service, intent, slots, turn.state, now=turn.now, tz=turn.zone)
    return reply


def respond(handler_input: HandlerInput, reply: Reply, prefix: str = "") -> Response:
    """Speech, reprompt/end-of-session, and the clip on a screen (APL) or as a card."""
    turn = _turn(handler_input)
    speech = f"{prefix} {reply.speech}".strip()
    builder = handler_input.response_builder.speak(escape(speech))
    if reply.end_session:
        builder.set_should_end_session(True)
    elif reply.expect_reply:
        builder.ask(escape(reply.speech))
    display = reply.display or {}
    if display.get("video_url"):
        if turn.apl:
            builder.add_directive(RenderDocumentDirective(
                token=APL_TOKEN, document=apl_document(),
                datasources={"clip": {"videoUrl": display["video_url"], "thumbnailUrl": display.get("thumbnail_url"),
                                      "title": reply.speech, "hint": APL_HINT, "clipId": display.get("clip_id")}}))
        else:
            thumb = display.get("thumbnail_url")
            builder.set_card(StandardCard(title=CARD_TITLE, text=reply.speech,
                                          image=Image(small_image_url=thumb, large_image_url=thumb) if thumb else None))
    return builder.response


# --- request handlers ----------------------------------------------------------------------------

class LinkAccountHandler(AbstractRequestHandler):
    """No linked household (no or unknown access token): explain, and send a LinkAccount card."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if _turn(handler_input).household is not None:
            return False
        kind = get_request_type(handler_input)
        if kind == "LaunchRequest":
            return True
        if kind != "IntentRequest":
            return False
        _, intent = contract_intent(handler_input.request_envelope.request.intent.name)
        return intent not in NO_LINK_NEEDED

    def handle(self, handler_input: HandlerInput) -> Response:
        return (handler_input.response_builder.speak(escape(LINK_SPEECH)).set_card(LinkAccountCard())
                .set_should_end_session(True).response)


class LaunchHandler(AbstractRequestHandler):
    """"Alexa, open home clips": welcome, and what one can say (the intent layer's Help)."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return get_request_type(handler_input) == "LaunchRequest"

    def handle(self, handler_input: HandlerInput) -> Response:
        return respond(handler_input, run(_turn(handler_input), "Help", {}), prefix=WELCOME)


class SessionEndedHandler(AbstractRequestHandler):
    """The session ended (user left, timeout or error): nothing to say."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return get_request_type(handler_input) == "SessionEndedRequest"

    def handle(self, handler_input: HandlerInput) -> Response:
        request = handler_input.request_envelope.request
        error = getattr(request, "error", None)
        if error is not None:
            logger.warning("Alexa session ended with an error: %s %s", getattr(error, "object_type", None),
                           getattr(error, "message", None))
        _turn(handler_input).state.pending = None
        return handler_input.response_builder.response


class ConfirmedIntentHandler(AbstractRequestHandler):
    """DeleteClipsIntent / ShareClipIntent, confirmed through Dialog.ConfirmIntent.

    NONE: ask the intent layer, which answers with the question naming what will happen and a
    pending action; send that question as Dialog.ConfirmIntent. CONFIRMED: carry out the pending
    action if it was computed from these very slots, else compute it from the slots, then `Yes`.
    DENIED: `No`.
    """

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if get_request_type(handler_input) != "IntentRequest":
            return False
        _, intent = contract_intent(handler_input.request_envelope.request.intent.name)
        return intent in CONFIRMED_INTENTS

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = _turn(handler_input)
        alexa_intent = handler_input.request_envelope.request.intent
        _, intent = contract_intent(alexa_intent.name)
        slots = translate(alexa_intent, intent, turn.cameras(), turn.now_local)
        session = _session(handler_input)
        asked = session.pop(CONFIRM_KEY, None)
        status = alexa_intent.confirmation_status or IntentConfirmationStatus.NONE
        if status == IntentConfirmationStatus.DENIED:
            return respond(handler_input, run(turn, "No", {}))
        if status == IntentConfirmationStatus.CONFIRMED:
            if turn.state.pending is None or asked != {"intent": intent, "slots": slots}:
                reply = run(turn, intent, slots)
                if turn.state.pending is None:  # nothing to confirm (no clips, not available, ...)
                    return respond(handler_input, reply)
            return respond(handler_input, run(turn, "Yes", {}))
        reply = run(turn, intent, slots)
        if turn.state.pending is None:
            return respond(handler_input, reply)
        if handler_input.request_envelope.session is not None:
            session[CONFIRM_KEY] = {"intent": intent, "slots": slots}
        return (handler_input.response_builder.speak(escape(reply.speech)).ask(escape(reply.speech))
                .add_directive(ConfirmIntentDirective(updated_intent=_as_sent(alexa_intent))).response)


def _as_sent(intent: Intent) -> Intent:
    """The intent as the user said it (names, values, statuses), without Alexa's read-only resolutions."""
    slots = {name: Slot(name=name, value=slot.value, confirmation_status=slot.confirmation_status)
             for name, slot in (intent.slots or {}).items() if slot is not None}
    return Intent(name=intent.name, slots=slots, confirmation_status=IntentConfirmationStatus.NONE)


class IntentHandler(AbstractRequestHandler):
    """Every other intent, custom or built-in; unknown names are the no-match case."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return get_request_type(handler_input) == "IntentRequest"

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = _turn(handler_input)
        alexa_intent = handler_input.request_envelope.request.intent
        known, intent = contract_intent(alexa_intent.name)
        if not known:
            logger.info("unknown Alexa intent %r answered as no match", alexa_intent.name)
        slots = translate(alexa_intent, intent, turn.cameras(), turn.now_local) if intent else {}
        return respond(handler_input, run(turn, intent, slots))


class OtherRequestHandler(AbstractRequestHandler):
    """Anything else (APL user events, System.ExceptionEncountered, ...): acknowledge silently."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        kind = get_request_type(handler_input)
        if kind == "System.ExceptionEncountered":
            cause = getattr(handler_input.request_envelope.request, "error", None)
            logger.warning("Alexa reported an error with our last response: %s", getattr(cause, "message", cause))
        else:
            logger.debug("ignoring Alexa request of type %s", kind)
        return handler_input.response_builder.response


class CatchAllExceptionHandler(AbstractExceptionHandler):
    """Any exception: log it, answer politely, leave the session state as it came in."""

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return True

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        logger.exception("Alexa request failed: %s", exception)
        if get_request_type(handler_input) == "SessionEndedRequest":
            return handler_input.response_builder.response
        return handler_input.response_builder.speak(SORRY).set_should_end_session(True).response


def build_skill(services: AlexaServices) -> CustomSkill:
    """The ask-sdk-core skill; handlers are tried in this order."""
    builder = SkillBuilder()
    for handler in (LinkAccountHandler(), LaunchHandler(), SessionEndedHandler(), ConfirmedIntentHandler(),
                    IntentHandler(), OtherRequestHandler()):
        builder.add_request_handler(handler)
    builder.add_exception_handler(CatchAllExceptionHandler())
    builder.add_global_request_interceptor(LoadTurn(services))
    builder.add_global_response_interceptor(SaveTurn())
    return builder.create()
