"""One Alexa request as the skill sees it: the turn, its interceptors, and Reply → Response.

Per request, `LoadTurn` puts an `AlexaTurn` (household, clip service, dialog state, zone) into the
request attributes and `SaveTurn` writes the dialog state back into the session attributes. `run`
passes a turn through the intent layer's `handle`; `respond` turns its Reply into Alexa speech,
reprompt, APL or a card.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import cast
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor, AbstractResponseInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_request_type
from ask_sdk_model import Response
from ask_sdk_model.dialog import DynamicEntitiesDirective
from ask_sdk_model.er.dynamic import Entity, EntityListItem, EntityValueAndSynonyms, UpdateBehavior
from ask_sdk_model.interfaces.alexa.presentation.apl import RenderDocumentDirective
from ask_sdk_model.ui import Image, StandardCard
from flask import g

from clipstore import Camera, ClipStore, Household, Member
from intents import handlers as intent_handlers
from intents.dialog import DialogState
from intents.handlers import Reply
from intents.references import Reference
from intents.service import ClipService
from intents.store_service import Recordings, StoreClipService
from skill.api.signing import media_url, with_urls

from .timezones import DeviceZones

logger = logging.getLogger(__name__)

APL_DOCUMENT = Path(__file__).with_name("apl") / "clip.json"
APL_TOKEN = "homeClipsClip"
APL_HINT = "Try \u201cAlexa, pause\u201d or \u201cAlexa, show the next one\u201d"
VIDEO_COMPONENT = "clipVideo"
CARD_IMAGE_TTL_S = 24 * 3600
"""Card thumbnails stay fetchable for a day: the Alexa app shows a card when the person opens it."""
CARD_TITLE = "Home Clips"
MAX_DYNAMIC_VALUES = 100  # Alexa's limit for dynamic entities (taken here as the total over CAMERA and MEMBER)

STATE_KEY = "dialog"
ENTITIES_KEY = "cameras_pushed"


@dataclass
class AlexaServices:
    """What the skill needs from the app: the clip store, device zones and a clock."""

    store: ClipStore
    zones: DeviceZones
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    recordings: Recordings | None = None
    """Continuous recordings for a time no clip covers (Frigate's, when the server has FRIGATE_URL)."""


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
    video: bool = False
    showing: bool = False

    @property
    def zone(self) -> str:
        """The zone the answer is given in: the device's if known, else the household's."""
        return self.tz or (self.household.timezone if self.household else "UTC")

    @property
    def now_local(self) -> datetime:
        return self.now.astimezone(ZoneInfo(self.zone))

    def cameras(self) -> list[Camera]:
        return self.service.cameras() if self.service else []

    def members(self) -> list[Member]:
        return self.service.members() if self.service else []


def current_turn(handler_input: HandlerInput) -> AlexaTurn:
    """The `AlexaTurn` that `LoadTurn` put into the request attributes."""
    turn = handler_input.attributes_manager.request_attributes["turn"]
    if not isinstance(turn, AlexaTurn):
        raise TypeError("the request attributes hold no AlexaTurn: LoadTurn did not run")
    return turn


def session_attributes(handler_input: HandlerInput) -> dict:
    """The session attributes; an empty, throw-away dict for requests without a session."""
    if handler_input.request_envelope.session is None:
        return {}
    attributes = handler_input.attributes_manager.session_attributes
    return attributes if attributes is not None else {}


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


def _plays_video(handler_input: HandlerInput) -> bool:
    """The screen can play the clips (H.264): `context.Viewport.video.codecs` says so."""
    context = handler_input.request_envelope.context
    video = getattr(getattr(context, "viewport", None), "video", None) if context else None
    codecs = getattr(video, "codecs", None) or []
    return any(str(getattr(codec, "value", codec)).startswith("H_264") for codec in codecs)


def _showing_clip(handler_input: HandlerInput) -> bool:
    """The screen shows our clip document now (its token is in the APL visual context)."""
    context = handler_input.request_envelope.context
    state = getattr(context, "alexa_presentation_apl", None) if context else None
    return getattr(state, "token", None) == APL_TOKEN


@lru_cache(maxsize=1)
def apl_document() -> dict:
    """The clip APL document (skill/alexa/apl/clip.json)."""
    with open(APL_DOCUMENT, encoding="utf-8") as handle:
        return json.load(handle)


# --- interceptors -------------------------------------------------------------------------------


class LoadTurn(AbstractRequestInterceptor):
    """Authenticate the link (its own access token, never the household's API token), restore the dialog
    state, find the zone."""

    def __init__(self, services: AlexaServices) -> None:
        self.services = services

    def process(self, handler_input: HandlerInput) -> None:
        session = session_attributes(handler_input)
        try:
            state = DialogState.from_dict(session.get(STATE_KEY) or {})
        except (TypeError, ValueError, KeyError):
            state = DialogState()
        token = _access_token(handler_input)
        context = handler_input.request_envelope.context
        system = context.system if context is not None else None
        person = getattr(getattr(system, "person", None), "person_id", None)
        found = self.services.store.access.alexa(token, person) if token else None
        household = actor = service = tz = None
        if found is not None:
            home = self.services.store.home(found.caller)
            g.home = home  # media links made in this turn name the member and the Alexa channel
            household, actor = home.settings.household(), found.caller.member
            service = StoreClipService(
                home, now=self.services.store.now_utc, add_urls=with_urls, recordings=self.services.recordings
            )
            device = getattr(system, "device", None)
            tz = (
                self.services.zones.zone(
                    system.api_endpoint, getattr(device, "device_id", None), system.api_access_token
                )
                if system is not None
                else None
            )
        elif token:
            logger.info("Alexa request with an unknown access token")
        handler_input.attributes_manager.request_attributes["turn"] = AlexaTurn(
            household,
            actor,
            service,
            state,
            self.services.clock(),
            tz,
            _supports_apl(handler_input),
            _plays_video(handler_input),
            _showing_clip(handler_input),
        )


class SaveTurn(AbstractResponseInterceptor):
    """Write the dialog state back; once per session, push the household's camera names (CAMERA) and its
    members' names (MEMBER: "share it with Sam").

    The names go out with the first answer of a session that keeps it open and carries no other
    Dialog directive (a Dialog.ConfirmIntent question defers them to the next answer).
    """

    def process(self, handler_input: HandlerInput, response: Response | None) -> None:
        if handler_input.request_envelope.session is None or response is None:
            return
        if get_request_type(handler_input) == "SessionEndedRequest":
            return  # Alexa accepts no speech and no directives in answer to the end of a session
        turn = current_turn(handler_input)
        session = session_attributes(handler_input)
        session[STATE_KEY] = turn.state.to_dict()
        if turn.service is None or session.get(ENTITIES_KEY) or response.should_end_session:
            return
        if any(getattr(d, "object_type", "").startswith("Dialog.") for d in response.directives or []):
            return  # one Dialog directive per response: push with the next answer of this session
        values = [
            Entity(id=cam.id, name=EntityValueAndSynonyms(value=cam.name, synonyms=list(cam.synonyms)))
            for cam in turn.cameras()[:MAX_DYNAMIC_VALUES]
        ]
        people = [
            Entity(id=m.id, name=EntityValueAndSynonyms(value=m.name, synonyms=_member_synonyms(m)))
            for m in turn.members()[: MAX_DYNAMIC_VALUES - len(values)]
        ]
        types = [EntityListItem(name="CAMERA", values=values)]
        if people:
            types.append(EntityListItem(name="MEMBER", values=people))
        directive = DynamicEntitiesDirective(update_behavior=UpdateBehavior.REPLACE, types=types)
        response.directives = [*(response.directives or []), directive]
        session[ENTITIES_KEY] = True


def _member_synonyms(member: Member) -> list[object]:  # list[object]: the SDK's annotation
    """Other ways to say a member: their id as words ("sam lee" for Sam Lee is the name itself)."""
    spoken = member.id.replace("_", " ")
    return [spoken] if spoken != member.name.lower() else []


# --- replies → responses -------------------------------------------------------------------------


def run(turn: AlexaTurn, intent: str | None, slots: dict, ref: Reference | None = None) -> Reply:
    """One turn through the intent layer (the same `handle` every front end calls)."""
    # Without a linked household there is no service: only Stop and Cancel come here then (LinkAccountHandler
    # answers everything else), and their handlers do not touch it.
    service = cast(ClipService, turn.service)
    reply, turn.state = intent_handlers.handle(
        service, intent, slots, turn.state, now=turn.now, tz=turn.zone, code_scope="alexa", ref=ref
    )
    return reply


def card_image(display: dict) -> Image | None:
    """The clip's thumbnail for a card: an https link valid for `CARD_IMAGE_TTL_S` (the Alexa app shows cards
    later, fetching the image from Amazon's card service), or no image where links are not https."""
    clip_id = display.get("clip_id")
    if not clip_id:
        return None
    url = media_url("thumbnail", clip_id, ttl_s=CARD_IMAGE_TTL_S)
    if not url.startswith("https://"):
        logger.info("no card image: PUBLIC_URL is not https, and Alexa shows card images only from https links")
        return None
    return Image(small_image_url=url, large_image_url=url)


def respond(handler_input: HandlerInput, reply: Reply, prefix: str = "") -> Response:
    """Speech, the clip on a screen that plays video (APL) or as a card, and the session rule.

    A reply that asks keeps the session open with a reprompt; one that shows a playing clip leaves the session
    open without the microphone (`shouldEndSession` left out), so "Alexa, pause" or "Alexa, show the next one"
    reach the skill while the video plays; every other reply ends the session.
    """
    turn = current_turn(handler_input)
    speech = f"{prefix} {reply.speech}".strip()
    builder = handler_input.response_builder.speak(escape(speech))
    display = reply.display or {}
    on_screen = False
    if display.get("video_url"):
        if turn.apl and turn.video:
            builder.add_directive(
                RenderDocumentDirective(
                    token=APL_TOKEN,
                    document=apl_document(),
                    datasources={
                        "clip": {
                            "videoUrl": display["video_url"],
                            "thumbnailUrl": display.get("thumbnail_url"),
                            "title": reply.speech,
                            "hint": APL_HINT,
                            "clipId": display.get("clip_id"),
                        }
                    },
                )
            )
            on_screen = True
        else:
            builder.set_card(StandardCard(title=CARD_TITLE, text=reply.speech, image=card_image(display)))
    if reply.end_session:
        builder.set_should_end_session(True)
    elif reply.expect_reply:
        builder.ask(escape(reply.reprompt or reply.speech))
    elif not on_screen:
        builder.set_should_end_session(True)
    return builder.response
