"""The entities, against a real server: privacy-mode switches, today's clips, the new-clip event, the last clip."""

from __future__ import annotations

import asyncio
from http import HTTPStatus

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_ENTITY_ID, STATE_OFF, STATE_ON, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.home_clips.const import DOMAIN

from .conftest import LiveServer

CAMERAS = {"front_door", "backyard", "garage", "living_room", "driveway"}


async def _until(hass: HomeAssistant, check, what: str, seconds: float = 30.0):
    """Wait (on the event loop) until `check()` is truthy; the feed delivers within a poll of the server."""
    for _ in range(int(seconds * 10)):
        if found := check():
            return found
        await asyncio.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


async def test_devices_and_entities_of_the_household(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    assert entry.state is ConfigEntryState.LOADED
    devices = {d.name for d in dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)}
    assert devices == {"Demo home", "Front Door", "Backyard", "Garage", "Living Room", "Driveway"}
    entities = {e.entity_id for e in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)}
    assert entities == {
        "switch.front_door_privacy_mode",
        "switch.backyard_privacy_mode",
        "switch.garage_privacy_mode",
        "switch.living_room_privacy_mode",
        "switch.driveway_privacy_mode",
        "sensor.demo_home_clips_today",
        "event.demo_home_new_clip",
        "image.demo_home_last_clip",
        "conversation.demo_home_assistant",
    }


async def test_privacy_mode_switches_the_camera_on_the_server(
    hass: HomeAssistant, entry: MockConfigEntry, server: LiveServer
) -> None:
    assert hass.states.get("switch.garage_privacy_mode").state == STATE_OFF  # recording
    await hass.services.async_call("switch", "turn_on", {ATTR_ENTITY_ID: "switch.garage_privacy_mode"}, blocking=True)
    assert hass.states.get("switch.garage_privacy_mode").state == STATE_ON
    cameras = {c["id"]: c for c in (await server.call("GET", "/api/cameras"))["cameras"]}
    assert cameras["garage"]["recording"] is False and cameras["driveway"]["recording"] is True
    await hass.services.async_call("switch", "turn_off", {ATTR_ENTITY_ID: "switch.garage_privacy_mode"}, blocking=True)
    cameras = {c["id"]: c for c in (await server.call("GET", "/api/cameras"))["cameras"]}
    assert cameras["garage"]["recording"] is True
    assert hass.states.get("switch.garage_privacy_mode").state == STATE_OFF


async def test_privacy_mode_set_elsewhere_shows_at_the_next_poll(
    hass: HomeAssistant, entry: MockConfigEntry, server: LiveServer
) -> None:
    await server.call("PATCH", "/api/cameras/driveway", json={"recording": False})  # e.g. by voice
    await entry.runtime_data.coordinator.async_refresh()
    assert hass.states.get("switch.driveway_privacy_mode").state == STATE_ON


async def test_clips_today_is_the_server_s_count(
    hass: HomeAssistant, entry: MockConfigEntry, server: LiveServer
) -> None:
    today = await server.call("GET", "/api/clips/today")
    assert today["date"] == "2026-11-24" and today["count"] > 0
    state = hass.states.get("sensor.demo_home_clips_today")
    assert int(state.state) == today["count"]
    assert state.attributes["cameras"] == today["cameras"] and state.attributes["date"] == "2026-11-24"
    assert state.attributes["unit_of_measurement"] == "clips"


async def test_a_new_clip_fires_the_event_and_becomes_the_last_clip(
    hass: HomeAssistant, entry: MockConfigEntry, server: LiveServer, hass_client
) -> None:
    assert hass.states.get("event.demo_home_new_clip").state == STATE_UNKNOWN
    before = int(hass.states.get("sensor.demo_home_clips_today").state)
    clip = await server.upload("backyard", "animal,person")
    event = await _until(
        hass,
        lambda: (s := hass.states.get("event.demo_home_new_clip")).state != STATE_UNKNOWN and s,
        "the new-clip event",
    )
    assert event.attributes["event_type"] == "clip_stored"
    assert event.attributes["clip_id"] == clip["id"] and event.attributes["camera"] == "backyard"
    assert event.attributes["camera_name"] == "Backyard"
    assert sorted(event.attributes["labels"]) == ["animal", "person"]
    assert event.attributes["started_at"] == clip["started_at"]
    image = await _until(
        hass,
        lambda: (s := hass.states.get("image.demo_home_last_clip")).attributes.get("clip_id") == clip["id"] and s,
        "the last clip's image",
    )
    assert image.attributes["camera"] == "backyard"
    client = await hass_client()
    response = await client.get("/api/image_proxy/image.demo_home_last_clip")
    assert response.status == HTTPStatus.OK
    assert (await response.read())[:2] == b"\xff\xd8"  # a JPEG
    await _until(
        hass,
        lambda: int(hass.states.get("sensor.demo_home_clips_today").state) == before + 1,
        "today's count to include the new clip",
    )
    audit = (await server.call("GET", "/api/audit", params={"limit": "20"}))["events"]
    assert any(
        e["action"] == "list" and e["detail"].get("through") == "feed" and e["detail"]["clip_ids"] == [clip["id"]]
        for e in audit
    )


async def test_the_latest_clip_is_shown_from_the_start(
    hass: HomeAssistant, entry: MockConfigEntry, server: LiveServer
) -> None:
    newest = (await server.call("GET", "/api/clips", params={"limit": "1"}))["clips"][0]
    state = hass.states.get("image.demo_home_last_clip")
    assert state.attributes["clip_id"] == newest["id"] and state.attributes["started_at"] == newest["started_at"]


async def test_unloading_stops_following(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.NOT_LOADED
    assert DOMAIN in hass.services.async_services()  # the services stay; they say when nothing is loaded
