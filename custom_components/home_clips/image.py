"""Last clip: the thumbnail of the household's newest clip, fetched with the token (the server audits it)."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from homeassistant.components.image import ImageEntity
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddEntitiesCallback
from homeassistant.util import dt as dt_util

from .api import HomeClipsError
from .coordinator import HomeClipsConfigEntry
from .entity import HouseholdEntity
from .event import clip_attributes

_LOGGER = logging.getLogger(__name__)


async def async_setup_entry(
    hass: HomeAssistant, entry: HomeClipsConfigEntry, async_add_entities: AddEntitiesCallback
) -> None:
    async_add_entities([LastClipImage(hass, entry)])


class LastClipImage(HouseholdEntity, ImageEntity):
    """The newest clip's JPEG thumbnail; read from the server once per clip."""

    _attr_content_type = "image/jpeg"

    def __init__(self, hass: HomeAssistant, entry: HomeClipsConfigEntry) -> None:
        HouseholdEntity.__init__(self, entry, "last_clip")
        ImageEntity.__init__(self, hass)
        self._clip_id: str | None = None
        self._thumbnail: tuple[str, bytes] | None = None
        self._follow_latest()

    @callback
    def _follow_latest(self) -> None:
        clip = self.coordinator.data.latest_clip if self.coordinator.data else None
        if clip is not None and clip["id"] != self._clip_id:
            self._clip_id = clip["id"]
            self._attr_image_last_updated = _parse(clip["started_at"])

    @callback
    def _handle_coordinator_update(self) -> None:
        self._follow_latest()
        super()._handle_coordinator_update()

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        clip = self.coordinator.data.latest_clip
        return None if clip is None else clip_attributes(clip, self.coordinator.data.cameras)

    async def async_image(self) -> bytes | None:
        clip_id = self._clip_id
        if clip_id is None:
            return None
        if self._thumbnail is None or self._thumbnail[0] != clip_id:
            try:
                data = await self.coordinator.client.read(f"/api/clips/{clip_id}/thumbnail")
            except HomeClipsError as err:
                _LOGGER.warning("could not read the thumbnail of clip %s: %s", clip_id, err)
                return None
            self._thumbnail = (clip_id, data)
        return self._thumbnail[1]


def _parse(text: str) -> datetime | None:
    return dt_util.parse_datetime(text)
