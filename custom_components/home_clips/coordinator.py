"""The household's state in Home Assistant: polled cameras and counts, and new clips through the server's feed."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed

from .api import ApiError, HomeClipsClient, HomeClipsError, InvalidAuth
from .const import DOMAIN, FEED_RETRY_MAX_S, FEED_WAIT_S, POLL_INTERVAL

_LOGGER = logging.getLogger(__name__)

ClipListener = Callable[[dict[str, Any]], None]


@dataclass
class HouseholdData:
    """What the entities show."""

    household: dict[str, Any]
    cameras: dict[str, dict[str, Any]]
    today: dict[str, Any]
    latest_clip: dict[str, Any] | None = None


@dataclass
class HomeClipsRuntime:
    """What a config entry keeps while it is loaded (`entry.runtime_data`)."""

    client: HomeClipsClient
    coordinator: HomeClipsCoordinator
    clip_listeners: list[ClipListener] = field(default_factory=list)

    @callback
    def listen_for_clips(self, listener: ClipListener) -> CALLBACK_TYPE:
        """Call `listener(clip)` for each clip the feed announces; returns the function that stops it."""
        self.clip_listeners.append(listener)
        return lambda: self.clip_listeners.remove(listener)


type HomeClipsConfigEntry = ConfigEntry[HomeClipsRuntime]


class HomeClipsCoordinator(DataUpdateCoordinator[HouseholdData]):
    """Reads the household every minute; the feed task adds new clips as they are stored."""

    config_entry: HomeClipsConfigEntry

    def __init__(self, hass: HomeAssistant, entry: HomeClipsConfigEntry, client: HomeClipsClient) -> None:
        super().__init__(hass, _LOGGER, config_entry=entry, name=DOMAIN, update_interval=POLL_INTERVAL)
        self.client = client
        self._latest: dict[str, Any] | None = None
        self._latest_read = False

    async def _async_update_data(self) -> HouseholdData:
        try:
            household = await self.client.household()
            cameras = {camera["id"]: camera for camera in await self.client.cameras()}
            today = await self.client.today()
            if not self._latest_read:  # once: later clips come from the feed
                self._latest, self._latest_read = await self.client.latest_clip(), True
        except InvalidAuth as err:
            raise ConfigEntryAuthFailed(str(err)) from err
        except HomeClipsError as err:
            raise UpdateFailed(str(err)) from err
        return HouseholdData(household, cameras, today, self._latest)

    @callback
    def clip_stored(self, clip: dict[str, Any]) -> None:
        """A clip the feed announced: the newest by its start time becomes the latest clip."""
        latest = self._latest
        if latest is None or (clip["started_at"], clip["id"]) >= (latest["started_at"], latest["id"]):
            self._latest = clip
            if self.data is not None:
                self.async_set_updated_data(
                    HouseholdData(self.data.household, self.data.cameras, self.data.today, clip)
                )

    @callback
    def camera_changed(self, camera: dict[str, Any]) -> None:
        """A camera as the server answered after a change made here."""
        if self.data is not None:
            cameras = {**self.data.cameras, camera["id"]: camera}
            self.async_set_updated_data(
                HouseholdData(self.data.household, cameras, self.data.today, self.data.latest_clip)
            )


async def follow_feed(hass: HomeAssistant, entry: HomeClipsConfigEntry) -> None:
    """Long-poll the server's clip feed until the entry is unloaded; announce each new clip once."""
    runtime = entry.runtime_data
    cursor: str | None = None
    delay, failing = 1.0, False
    while True:
        try:
            if cursor is None:
                cursor = (await runtime.client.feed(None))["cursor"]
            answer = await runtime.client.feed(cursor, FEED_WAIT_S)
        except InvalidAuth:
            _LOGGER.warning("the Home Clips server refused the token; new clips are not followed until it is fixed")
            entry.async_start_reauth(hass)
            return
        except ApiError as err:  # e.g. a cursor from another data directory: begin again from now
            _LOGGER.warning("the clip feed refused its cursor (%s); following new clips from now", err)
            cursor = None
            await asyncio.sleep(delay)
            continue
        except HomeClipsError as err:
            if not failing:
                _LOGGER.warning("lost the Home Clips clip feed (%s); retrying", err)
            failing = True
            await asyncio.sleep(delay)
            delay = min(delay * 2, FEED_RETRY_MAX_S)
            continue
        if failing:
            _LOGGER.info("the Home Clips clip feed is back")
        delay, failing = 1.0, False
        cursor = answer["cursor"]
        for clip in answer["clips"]:
            runtime.coordinator.clip_stored(clip)
            for listener in list(runtime.clip_listeners):
                listener(clip)
        if answer["clips"]:
            await runtime.coordinator.async_request_refresh()  # today's counts
