"""New clip: an event each time the server stores a clip, with its camera, labels and time."""

from __future__ import annotations

from typing import Any

from homeassistant.components.event import EventEntity
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddEntitiesCallback

from .const import EVENT_CLIP_STORED
from .coordinator import HomeClipsConfigEntry
from .entity import HouseholdEntity


async def async_setup_entry(
    hass: HomeAssistant, entry: HomeClipsConfigEntry, async_add_entities: AddEntitiesCallback
) -> None:
    async_add_entities([NewClipEvent(entry)])


def clip_attributes(clip: dict[str, Any], cameras: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """What automations get about a clip (no media links: those expire, and each use would go unaudited)."""
    camera = cameras.get(clip["camera"], {})
    return {
        "clip_id": clip["id"],
        "camera": clip["camera"],
        "camera_name": camera.get("name", clip["camera"]),
        "labels": list(clip["labels"]),
        "started_at": clip["started_at"],
        "duration_s": clip["duration_s"],
    }


class NewClipEvent(HouseholdEntity, EventEntity):
    """Fires `clip_stored` for every clip the server's feed announces."""

    def __init__(self, entry: HomeClipsConfigEntry) -> None:
        super().__init__(entry, "new_clip")
        self._attr_event_types = [EVENT_CLIP_STORED]
        self._runtime = entry.runtime_data

    async def async_added_to_hass(self) -> None:
        await super().async_added_to_hass()
        self.async_on_remove(self._runtime.listen_for_clips(self._clip_stored))

    @callback
    def _clip_stored(self, clip: dict[str, Any]) -> None:
        self._trigger_event(EVENT_CLIP_STORED, clip_attributes(clip, self.coordinator.data.cameras))
        self.async_write_ha_state()
