"""Today's clips: how many clips the household's cameras stored today (the household's day, the server's clock)."""

from __future__ import annotations

from typing import Any

from homeassistant.components.sensor import SensorEntity
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddEntitiesCallback

from .coordinator import HomeClipsConfigEntry
from .entity import HouseholdEntity


async def async_setup_entry(
    hass: HomeAssistant, entry: HomeClipsConfigEntry, async_add_entities: AddEntitiesCallback
) -> None:
    async_add_entities([ClipsTodaySensor(entry)])


class ClipsTodaySensor(HouseholdEntity, SensorEntity):
    """The number of today's clips; per camera in the attributes."""

    _attr_native_unit_of_measurement = "clips"

    def __init__(self, entry: HomeClipsConfigEntry) -> None:
        super().__init__(entry, "clips_today")

    @property
    def native_value(self) -> int:
        return int(self.coordinator.data.today["count"])

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        today = self.coordinator.data.today
        return {"date": today["date"], "cameras": dict(today["cameras"])}
