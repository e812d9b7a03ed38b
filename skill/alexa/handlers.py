"""The Alexa skill: ask-sdk-core handlers that translate requests for `intents.handlers.handle`.

Every answer comes from the same `handle` the offline loop and the intent API call. This module
only translates: Alexa request → (intent, canonical slots, remembered state); the intent layer's
Reply → Alexa speech, cards, APL and dialog directives (see `turn` for the per-request state, the
interceptors and `respond`). `build_skill` wires handlers and interceptors together.
"""

from __future__ import annotations

import logging
from typing import ClassVar
from xml.sax.saxutils import escape

from ask_sdk_core.dispatch_components import AbstractExceptionHandler, AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_core.utils import get_request_type
from ask_sdk_model import Intent, IntentConfirmationStatus, IntentRequest, Response, Slot
from ask_sdk_model.dialog import ConfirmIntentDirective
from ask_sdk_model.interfaces.alexa.presentation.apl import (
    ControlMediaCommand,
    ExecuteCommandsDirective,
    MediaCommandType,
)
from ask_sdk_model.ui import LinkAccountCard

from .slots import CONFIRMED_INTENTS, contract_intent, reference, translate
from .turn import (
    APL_TOKEN,
    VIDEO_COMPONENT,
    AlexaServices,
    LoadTurn,
    SaveTurn,
    current_turn,
    respond,
    run,
    session_attributes,
)

logger = logging.getLogger(__name__)

CONFIRM_KEY = "confirm"

WELCOME = "Welcome to Home Clips."
LINK_SPEECH = (
    "To use Home Clips, link it to your home first: open the Alexa app, find the Home Clips skill, "
    "choose Link Account and sign in with your household token. I've sent a card to the Alexa app."
)
SORRY = "Sorry, something went wrong on my side. Please try again in a moment."
NOTHING_PLAYING = "No clip is playing right now."
NO_LINK_NEEDED = ("Stop", "Cancel")


def _intent(handler_input: HandlerInput) -> Intent:
    """The intent of an IntentRequest (its callers have checked the request's type)."""
    request = handler_input.request_envelope.request
    if not isinstance(request, IntentRequest) or request.intent is None:
        raise TypeError(f"an IntentRequest with an intent was expected, not {type(request).__name__}")
    return request.intent


# --- request handlers ----------------------------------------------------------------------------


class LinkAccountHandler(AbstractRequestHandler):
    """No linked household (no or unknown access token): explain, and send a LinkAccount card."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if current_turn(handler_input).household is not None:
            return False
        kind = get_request_type(handler_input)
        if kind == "LaunchRequest":
            return True
        if kind != "IntentRequest":
            return False
        _, intent = contract_intent(_intent(handler_input).name)
        return intent not in NO_LINK_NEEDED

    def handle(self, handler_input: HandlerInput) -> Response:
        return (
            handler_input.response_builder.speak(escape(LINK_SPEECH))
            .set_card(LinkAccountCard())
            .set_should_end_session(True)
            .response
        )


class LaunchHandler(AbstractRequestHandler):
    """ "Alexa, open home clips": welcome, and what one can say (the intent layer's Help)."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return get_request_type(handler_input) == "LaunchRequest"

    def handle(self, handler_input: HandlerInput) -> Response:
        return respond(handler_input, run(current_turn(handler_input), "Help", {}), prefix=WELCOME)


class SessionEndedHandler(AbstractRequestHandler):
    """The session ended (user left, timeout or error): nothing to say."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return get_request_type(handler_input) == "SessionEndedRequest"

    def handle(self, handler_input: HandlerInput) -> Response:
        request = handler_input.request_envelope.request
        error = getattr(request, "error", None)
        if error is not None:
            logger.warning(
                "Alexa session ended with an error: %s %s",
                getattr(error, "object_type", None),
                getattr(error, "message", None),
            )
        current_turn(handler_input).state.pending = None
        return handler_input.response_builder.response


class MediaControlHandler(AbstractRequestHandler):
    """ "Alexa, pause" / "Alexa, resume" while a clip plays: ControlMedia on the video, nothing said.

    The session stays open without the microphone (the clip is still on the screen). With no clip on the
    screen, say so and end the session.
    """

    COMMANDS: ClassVar[dict[str, MediaCommandType]] = {
        "AMAZON.PauseIntent": MediaCommandType.pause,
        "AMAZON.ResumeIntent": MediaCommandType.play,
    }

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return get_request_type(handler_input) == "IntentRequest" and _intent(handler_input).name in self.COMMANDS

    def handle(self, handler_input: HandlerInput) -> Response:
        command = self.COMMANDS[_intent(handler_input).name or ""]
        builder = handler_input.response_builder
        if not current_turn(handler_input).showing:
            return builder.speak(NOTHING_PLAYING).set_should_end_session(True).response
        return builder.add_directive(
            ExecuteCommandsDirective(
                token=APL_TOKEN, commands=[ControlMediaCommand(component_id=VIDEO_COMPONENT, command=command)]
            )
        ).response


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
        _, intent = contract_intent(_intent(handler_input).name)
        return intent in CONFIRMED_INTENTS

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = current_turn(handler_input)
        alexa_intent = _intent(handler_input)
        _, intent = contract_intent(alexa_intent.name)
        slots = translate(alexa_intent, intent, turn.cameras(), turn.now_local, turn.members)
        ref = reference(alexa_intent, intent)
        said = {"intent": intent, "slots": slots, **({"ref": ref.to_dict()} if ref else {})}
        session = session_attributes(handler_input)
        asked = session.pop(CONFIRM_KEY, None)
        status = alexa_intent.confirmation_status or IntentConfirmationStatus.NONE
        if status == IntentConfirmationStatus.DENIED:
            return respond(handler_input, run(turn, "No", {}))
        if status == IntentConfirmationStatus.CONFIRMED:
            if turn.state.pending is None or asked != said:
                reply = run(turn, intent, slots, ref)
                if turn.state.pending is None:  # nothing to confirm (no clips, not available, ...)
                    return respond(handler_input, reply)
            return respond(handler_input, run(turn, "Yes", {}))
        reply = run(turn, intent, slots, ref)
        if turn.state.pending is None:
            return respond(handler_input, reply)
        if handler_input.request_envelope.session is not None:
            session[CONFIRM_KEY] = said
        return (
            handler_input.response_builder.speak(escape(reply.speech))
            .ask(escape(reply.speech))
            .add_directive(ConfirmIntentDirective(updated_intent=_as_sent(alexa_intent)))
            .response
        )


def _as_sent(intent: Intent) -> Intent:
    """The intent as the user said it (names, values, statuses), without Alexa's read-only resolutions."""
    slots = {
        name: Slot(name=name, value=slot.value, confirmation_status=slot.confirmation_status)
        for name, slot in (intent.slots or {}).items()
        if slot is not None
    }
    return Intent(name=intent.name, slots=slots, confirmation_status=IntentConfirmationStatus.NONE)


class IntentHandler(AbstractRequestHandler):
    """Every other intent, custom or built-in; unknown names are the no-match case."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return get_request_type(handler_input) == "IntentRequest"

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = current_turn(handler_input)
        alexa_intent = _intent(handler_input)
        known, intent = contract_intent(alexa_intent.name)
        if not known:
            logger.info("unknown Alexa intent %r answered as no match", alexa_intent.name)
        slots = translate(alexa_intent, intent, turn.cameras(), turn.now_local, turn.members) if intent else {}
        return respond(handler_input, run(turn, intent, slots, reference(alexa_intent, intent)))


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
        logger.error("Alexa request failed: %s", exception, exc_info=exception)
        if get_request_type(handler_input) == "SessionEndedRequest":
            return handler_input.response_builder.response
        return handler_input.response_builder.speak(SORRY).set_should_end_session(True).response


def build_skill(services: AlexaServices) -> CustomSkill:
    """The ask-sdk-core skill; handlers are tried in this order."""
    builder = SkillBuilder()
    for handler in (
        LinkAccountHandler(),
        LaunchHandler(),
        SessionEndedHandler(),
        MediaControlHandler(),
        ConfirmedIntentHandler(),
        IntentHandler(),
        OtherRequestHandler(),
    ):
        builder.add_request_handler(handler)
    builder.add_exception_handler(CatchAllExceptionHandler())
    builder.add_global_request_interceptor(LoadTurn(services))
    builder.add_global_response_interceptor(SaveTurn())
    return builder.create()
