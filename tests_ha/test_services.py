"""Services: nothing is deleted without `confirm`, nothing shared without `consent`; undo and revoke."""

from __future__ import annotations

import aiohttp
import pytest
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.home_clips.const import DOMAIN

from .conftest import LiveServer


async def _count(server: LiveServer, **filters: str) -> int:
    return (await server.call("GET", "/api/clips/count", params=filters))["count"]


async def test_deleting_asks_first_and_deletes_nothing(
    hass: HomeAssistant, entry: MockConfigEntry, server: LiveServer
) -> None:
    garage = await _count(server, camera="garage")
    assert garage > 0
    with pytest.raises(ServiceValidationError, match=f"would delete {garage} clips .*camera garage.*confirm: true"):
        await hass.services.async_call(DOMAIN, "delete_clips", {"camera": "garage"}, blocking=True)
    assert await _count(server, camera="garage") == garage
    with pytest.raises(ServiceValidationError, match="Say which clips"):
        await hass.services.async_call(DOMAIN, "delete_clips", {"confirm": True}, blocking=True)
    assert await _count(server) > garage


async def test_a_confirmed_deletion_deletes_and_can_be_undone(
    hass: HomeAssistant, entry: MockConfigEntry, server: LiveServer
) -> None:
    total, people = await _count(server), await _count(server, camera="front_door", label="person")
    assert people > 0
    answer = await hass.services.async_call(
        DOMAIN,
        "delete_clips",
        {"camera": "front_door", "label": "person", "confirm": True},
        blocking=True,
        return_response=True,
    )
    assert answer == {"deleted": people}
    assert await _count(server) == total - people and await _count(server, camera="front_door", label="person") == 0
    assert await hass.services.async_call(DOMAIN, "restore_clips", {}, blocking=True, return_response=True) == {
        "restored": people
    }
    assert await _count(server) == total


async def test_deleting_by_id_and_by_time(hass: HomeAssistant, entry: MockConfigEntry, server: LiveServer) -> None:
    clips = (await server.call("GET", "/api/clips", params={"limit": "3"}))["clips"]
    ids = [c["id"] for c in clips[:2]]
    with pytest.raises(ServiceValidationError, match="would delete 2 clips"):
        await hass.services.async_call(DOMAIN, "delete_clips", {"clip_id": ids}, blocking=True)
    answer = await hass.services.async_call(
        DOMAIN, "delete_clips", {"clip_id": ids, "confirm": True}, blocking=True, return_response=True
    )
    assert answer == {"deleted": 2}
    remaining = {c["id"] for c in (await server.call("GET", "/api/clips", params={"limit": "3"}))["clips"]}
    assert not remaining & set(ids) and clips[2]["id"] in remaining
    # A time without a zone is Home Assistant's (US/Pacific in the harness): midnight there is 08:00 UTC.
    later = await _count(server, after="2026-11-24T08:00:00Z")
    assert 0 < later < await _count(server)
    with pytest.raises(ServiceValidationError, match=f"would delete {later} clips .*from 2026-11-24T08:00:00Z"):
        await hass.services.async_call(DOMAIN, "delete_clips", {"after": "2026-11-24 00:00:00"}, blocking=True)


async def test_sharing_needs_consent_then_gives_a_working_link(
    hass: HomeAssistant, entry: MockConfigEntry, server: LiveServer
) -> None:
    clip = (await server.call("GET", "/api/clips", params={"limit": "1"}))["clips"][0]
    with pytest.raises(ServiceValidationError, match="sharing needs consent"):
        await hass.services.async_call(DOMAIN, "share_clip", {"clip_id": clip["id"]}, blocking=True)
    assert (await server.call("GET", "/api/shares"))["shares"] == []
    share = await hass.services.async_call(
        DOMAIN, "share_clip", {"clip_id": clip["id"], "consent": True, "days": 2}, blocking=True, return_response=True
    )
    assert share["clip_id"] == clip["id"] and share["url"].startswith(server.url + "/share/")
    async with aiohttp.ClientSession() as session, session.get(share["url"]) as response:
        assert response.status == 200 and response.content_type == "video/mp4"  # no token needed
    assert await hass.services.async_call(DOMAIN, "revoke_shares", {}, blocking=True, return_response=True) == {
        "revoked": 1
    }
    async with aiohttp.ClientSession() as session, session.get(share["url"]) as response:
        assert response.status >= 400


async def test_the_server_s_refusals_are_explained(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    with pytest.raises(ServiceValidationError, match="no such clip"):
        await hass.services.async_call(DOMAIN, "share_clip", {"clip_id": "0" * 16, "consent": True}, blocking=True)
    with pytest.raises(ServiceValidationError, match="no camera with id 'attic'"):
        await hass.services.async_call(DOMAIN, "delete_clips", {"camera": "attic"}, blocking=True)


async def test_services_say_when_no_household_is_loaded(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    await hass.config_entries.async_unload(entry.entry_id)
    with pytest.raises(ServiceValidationError, match="not set up"):
        await hass.services.async_call(DOMAIN, "restore_clips", {}, blocking=True)
