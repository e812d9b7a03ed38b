"""Devices of the integration: the household (the hub) and its cameras."""

from __future__ import annotations

from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import DOMAIN, MANUFACTURER
from .coordinator import HomeClipsConfigEntry, HomeClipsCoordinator


def household_device(entry: HomeClipsConfigEntry) -> DeviceInfo:
    """The household as a device: the clip server as this member sees it."""
    return DeviceInfo(
        identifiers={(DOMAIN, entry.entry_id)},
        name=entry.title,
        manufacturer=MANUFACTURER,
        model="Clip server",
        configuration_url=entry.runtime_data.client.url,
    )


def camera_device(entry: HomeClipsConfigEntry, camera_id: str, name: str) -> DeviceInfo:
    """One camera of the household."""
    return DeviceInfo(
        identifiers={(DOMAIN, f"{entry.entry_id}_{camera_id}")},
        name=name,
        manufacturer=MANUFACTURER,
        model="Camera",
        via_device=(DOMAIN, entry.entry_id),
    )


class HouseholdEntity(CoordinatorEntity[HomeClipsCoordinator]):
    """An entity of the household device."""

    _attr_has_entity_name = True

    def __init__(self, entry: HomeClipsConfigEntry, key: str) -> None:
        super().__init__(entry.runtime_data.coordinator)
        self._attr_unique_id = f"{entry.entry_id}_{key}"
        self._attr_translation_key = key
        self._attr_device_info = household_device(entry)
