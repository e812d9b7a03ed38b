"""The conversation agent keeps Assist whole: clip questions to Home Clips, the rest to Home Assistant."""

from __future__ import annotations

import pytest
from homeassistant.components import conversation
from homeassistant.const import ATTR_ENTITY_ID, ATTR_FRIENDLY_NAME
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import intent
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_mock_service

from .conftest import LiveServer

AGENT = "conversation.demo_home_assistant"


@pytest.fixture
async def home(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, list]:
    """Home Assistant's own intents, and two lights: the kitchen's, and one named like a camera (Garage)."""
    assert await async_setup_component(hass, "intent", {})
    hass.states.async_set("light.kitchen", "off", {ATTR_FRIENDLY_NAME: "Kitchen light"})
    hass.states.async_set("light.garage", "on", {ATTR_FRIENDLY_NAME: "Garage"})
    return {"on": async_mock_service(hass, "light", "turn_on"), "off": async_mock_service(hass, "light", "turn_off")}


async def _say(hass: HomeAssistant, text: str, conversation_id: str | None = None) -> conversation.ConversationResult:
    return await conversation.async_converse(hass, text, conversation_id, Context(), language="en", agent_id=AGENT)


def _speech(result: conversation.ConversationResult) -> str:
    return result.response.speech["plain"]["speech"]


async def test_a_clip_question_is_answered_by_home_clips(hass: HomeAssistant, home: dict, server: LiveServer) -> None:
    expected = await server.call("POST", "/api/intent", json={"text": "how many clips from the front door today"})
    result = await _say(hass, "how many clips from the front door today")
    assert _speech(result) == expected["speech"] and "front door" in expected["speech"]
    assert result.response.response_type is intent.IntentResponseType.ACTION_DONE
    assert not result.continue_conversation and home["on"] == home["off"] == []


async def test_a_home_command_is_home_assistant_s(hass: HomeAssistant, home: dict) -> None:
    result = await _say(hass, "turn on the kitchen light")
    assert result.response.response_type is intent.IntentResponseType.ACTION_DONE
    assert [call.data[ATTR_ENTITY_ID] for call in home["on"]] == [["light.kitchen"]]


async def test_a_device_named_like_a_camera_is_home_assistant_s_first(
    hass: HomeAssistant, home: dict, server: LiveServer
) -> None:
    """ "turn off the garage" is a light here: Home Assistant's exact match wins, as with "prefer local"."""
    await _say(hass, "turn off the garage")
    assert [call.data[ATTR_ENTITY_ID] for call in home["off"]] == [["light.garage"]]
    cameras = {c["id"]: c for c in (await server.call("GET", "/api/cameras"))["cameras"]}
    assert cameras["garage"]["recording"] is True
    result = await _say(hass, "turn off the garage camera")  # no device has that name: the camera's
    assert "Recording is off for the garage" in _speech(result)
    cameras = {c["id"]: c for c in (await server.call("GET", "/api/cameras"))["cameras"]}
    assert cameras["garage"]["recording"] is False and len(home["off"]) == 1


async def test_a_deletion_asks_and_the_yes_goes_to_home_clips(
    hass: HomeAssistant, home: dict, server: LiveServer
) -> None:
    garage = (await server.call("GET", "/api/clips/today"))["cameras"]["garage"]
    assert garage > 0
    asked = await _say(hass, "delete the garage clips from today")
    assert _speech(asked) == f"Delete {garage} clips from today, from the garage?"
    assert asked.continue_conversation  # the satellite listens for the answer
    assert (await server.call("GET", "/api/clips/today"))["cameras"]["garage"] == garage
    done = await _say(hass, "yes", asked.conversation_id)
    assert _speech(done).startswith(f"Done. I deleted {garage} clips.") and not done.continue_conversation
    assert (await server.call("GET", "/api/clips/today"))["cameras"]["garage"] == 0


async def test_no_keeps_the_clips(hass: HomeAssistant, home: dict, server: LiveServer) -> None:
    before = (await server.call("GET", "/api/clips/today"))["count"]
    asked = await _say(hass, "delete today's recordings")
    assert asked.continue_conversation
    kept = await _say(hass, "no", asked.conversation_id)
    assert not kept.continue_conversation
    assert (await server.call("GET", "/api/clips/today"))["count"] == before


async def test_a_yes_nobody_asked_for_is_not_home_clips(hass: HomeAssistant, home: dict, server: LiveServer) -> None:
    before = (await server.call("GET", "/api/clips/today"))["count"]
    result = await _say(hass, "yes")
    assert result.response.error_code is intent.IntentResponseErrorCode.NO_INTENT_MATCH  # Home Assistant's answer
    assert (await server.call("GET", "/api/clips/today"))["count"] == before


async def test_everything_else_gets_home_assistant_s_own_answer(hass: HomeAssistant, home: dict) -> None:
    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": {
                "trigger": {"platform": "conversation", "command": "open sesame"},
                "action": {"set_conversation_response": "The cave is open"},
            }
        },
    )
    trigger = await _say(hass, "open sesame")  # a sentence trigger: the default agent's
    assert _speech(trigger) == "The cave is open"
    unknown = await _say(hass, "what is the meaning of life")
    assert unknown.response.error_code is intent.IntentResponseErrorCode.NO_INTENT_MATCH
    assert _speech(unknown) == "Sorry, I couldn't understand that"
    assert home["on"] == []


async def test_home_commands_work_while_the_clip_server_is_down(
    hass: HomeAssistant, home: dict, server: LiveServer
) -> None:
    await hass.async_add_executor_job(server.stop)
    result = await _say(hass, "turn on the kitchen light")
    assert [call.data[ATTR_ENTITY_ID] for call in home["on"]] == [["light.kitchen"]]
    assert result.response.response_type is intent.IntentResponseType.ACTION_DONE
    clips = await _say(hass, "how many clips from the garage today")
    assert _speech(clips) == "Sorry, I couldn't reach Home Clips to answer that."


async def test_later_releases_local_intents_get_the_chat_log(
    hass: HomeAssistant, home: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Releases after 2025.4 pass the chat log to `async_handle_intents`; the agent follows either signature."""
    from custom_components.home_clips import conversation as agent

    seen: list = []

    async def later_signature(hass, user_input, chat_log, *, intent_filter=None):
        seen.append((user_input.text, chat_log.conversation_id))

    monkeypatch.setattr(conversation, "async_handle_intents", later_signature)
    agent._local_intents_take_chat_log.cache_clear()
    try:
        result = await _say(hass, "how many clips from the garage today")
    finally:
        agent._local_intents_take_chat_log.cache_clear()
    assert seen == [("how many clips from the garage today", result.conversation_id)]
    assert "garage" in _speech(result)
