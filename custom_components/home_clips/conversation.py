"""A conversation agent that keeps Assist whole: clip questions go to Home Clips, everything else to Home Assistant.

Each sentence goes, in this order, to
  1. Home Assistant's own intents, matched strictly against exposed entities (as with the pipeline's "prefer
     handling commands locally"), unless Home Clips is waiting for an answer to its question;
  2. Home Clips (`POST /api/intent`), if it understood the sentence as one of its intents (a yes or no only
     while its question waits);
  3. Home Assistant's default agent, for everything else: its answer, or its "Sorry, I couldn't understand that".
So one satellite both turns off the lights and deletes today's clips (after asking).
"""

from __future__ import annotations

import functools
import inspect
import logging
import time
from dataclasses import dataclass, field
from typing import Any, Literal

from homeassistant.components import conversation
from homeassistant.core import HomeAssistant
from homeassistant.helpers import intent
from homeassistant.helpers.entity_platform import AddEntitiesCallback

from .api import HomeClipsError
from .const import SESSION_IDLE_S
from .coordinator import HomeClipsConfigEntry
from .entity import household_device

_LOGGER = logging.getLogger(__name__)

ANSWERS_ONLY = frozenset({"Yes", "No", "Stop", "Cancel"})
"""Intents that are Home Clips' only while its question waits; otherwise they are Home Assistant's."""


async def async_setup_entry(
    hass: HomeAssistant, entry: HomeClipsConfigEntry, async_add_entities: AddEntitiesCallback
) -> None:
    async_add_entities([HomeClipsAgent(entry)])


@dataclass
class Turn:
    """Where a conversation with Home Clips stands."""

    session: str | None
    expect_reply: bool
    at: float


@dataclass
class Sessions:
    """Home Clips' session per Home Assistant conversation, forgotten after `idle_s`."""

    idle_s: float = SESSION_IDLE_S
    turns: dict[str, Turn] = field(default_factory=dict)

    def get(self, conversation_id: str, now: float) -> Turn | None:
        turn = self.turns.get(conversation_id)
        return turn if turn is not None and now - turn.at <= self.idle_s else None

    def put(self, conversation_id: str, turn: Turn) -> None:
        self.turns = {k: v for k, v in self.turns.items() if turn.at - v.at <= self.idle_s}
        self.turns[conversation_id] = turn


@functools.cache
def _local_intents_take_chat_log() -> bool:
    """Later releases' `async_handle_intents` also takes the chat log; 2025.4's does not."""
    return "chat_log" in inspect.signature(conversation.async_handle_intents).parameters


async def handle_locally(
    hass: HomeAssistant, user_input: conversation.ConversationInput, chat_log: conversation.ChatLog
) -> intent.IntentResponse | None:
    """Home Assistant's intents matched strictly (exposed entities, exact wording), or None.

    Were the helper ever gone, the pipeline's own "prefer handling commands locally" would still do this step.
    """
    if getattr(conversation, "async_handle_intents", None) is None:
        return None
    if _local_intents_take_chat_log():
        return await conversation.async_handle_intents(hass, user_input, chat_log)  # type: ignore[call-arg]
    return await conversation.async_handle_intents(hass, user_input)


class HomeClipsAgent(conversation.ConversationEntity):
    """Answers clip questions through the server's intent API and hands the rest to Home Assistant."""

    _attr_has_entity_name = True
    _attr_translation_key = "assistant"

    def __init__(self, entry: HomeClipsConfigEntry) -> None:
        self._client = entry.runtime_data.client
        self._sessions = Sessions()
        self._attr_unique_id = f"{entry.entry_id}_assistant"
        self._attr_device_info = household_device(entry)

    @property
    def supported_languages(self) -> list[str] | Literal["*"]:
        return ["en"]  # the catalogue's language

    async def _async_handle_message(
        self, user_input: conversation.ConversationInput, chat_log: conversation.ChatLog
    ) -> conversation.ConversationResult:
        conversation_id = chat_log.conversation_id
        waiting = self._sessions.get(conversation_id, time.monotonic())
        asked = waiting is not None and waiting.expect_reply
        if not asked and (local := await handle_locally(self.hass, user_input, chat_log)) is not None:
            return conversation.ConversationResult(local, conversation_id)
        try:
            answer: dict[str, Any] | None = await self._client.intent(
                user_input.text, waiting.session if waiting else None
            )
        except HomeClipsError as err:
            _LOGGER.warning("Home Clips could not answer %r: %s", user_input.text, err)
            answer = None
        if answer is not None:
            ours = answer["intent"] is not None and (asked or answer["intent"] not in ANSWERS_ONLY)
            self._sessions.put(
                conversation_id, Turn(answer["session"], ours and bool(answer["expect_reply"]), time.monotonic())
            )
            if ours:
                return self._answer(user_input, chat_log, answer)
        result = await conversation.async_converse(
            self.hass,
            user_input.text,
            conversation_id,
            user_input.context,
            user_input.language,
            agent_id=conversation.HOME_ASSISTANT_AGENT,
            device_id=user_input.device_id,
        )
        response = result.response
        if answer is None and response.error_code == intent.IntentResponseErrorCode.NO_INTENT_MATCH:
            response = intent.IntentResponse(language=user_input.language)
            response.async_set_error(
                intent.IntentResponseErrorCode.UNKNOWN, "Sorry, I couldn't reach Home Clips to answer that."
            )
        return conversation.ConversationResult(response, conversation_id, result.continue_conversation)

    def _answer(
        self, user_input: conversation.ConversationInput, chat_log: conversation.ChatLog, answer: dict[str, Any]
    ) -> conversation.ConversationResult:
        speech = answer["speech"]
        response = intent.IntentResponse(language=user_input.language)
        response.async_set_speech(speech)
        chat_log.async_add_assistant_content_without_tools(
            conversation.AssistantContent(agent_id=user_input.agent_id, content=speech)
        )
        return conversation.ConversationResult(
            response, chat_log.conversation_id, continue_conversation=bool(answer["expect_reply"])
        )
