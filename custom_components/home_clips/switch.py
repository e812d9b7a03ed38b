"""Privacy mode, one switch per camera: on = the camera records nothing (its stream is closed, uploads dropped)."""

from __future__ import annotations

from typing import Any

from homeassistant.components.switch import SwitchEntity
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.entity_platform import AddEntitiesCallback
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .api import HomeClipsError
from .coordinator import HomeClipsConfigEntry, HomeClipsCoordinator
from .entity import camera_device

PARALLEL_UPDATES = 1


async def async_setup_entry(
    hass: HomeAssistant, entry: HomeClipsConfigEntry, async_add_entities: AddEntitiesCallback
) -> None:
    """A switch for every camera, and for cameras added on the server later."""
    coordinator = entry.runtime_data.coordinator
    known: set[str] = set()

    @callback
    def add_new_cameras() -> None:
        new = [camera for camera_id, camera in coordinator.data.cameras.items() if camera_id not in known]
        known.update(camera["id"] for camera in new)
        if new:
            async_add_entities(PrivacyModeSwitch(entry, camera["id"], camera["name"]) for camera in new)

    add_new_cameras()
    entry.async_on_unload(coordinator.async_add_listener(add_new_cameras))


class PrivacyModeSwitch(CoordinatorEntity[HomeClipsCoordinator], SwitchEntity):
    """On: privacy mode, the camera is not recorded. Off: it records as usual."""

    _attr_has_entity_name = True
    _attr_translation_key = "privacy_mode"

    def __init__(self, entry: HomeClipsConfigEntry, camera_id: str, name: str) -> None:
        super().__init__(entry.runtime_data.coordinator)
        self.camera_id = camera_id
        self._attr_unique_id = f"{entry.entry_id}_{camera_id}_privacy_mode"
        self._attr_device_info = camera_device(entry, camera_id, name)

    @property
    def available(self) -> bool:
        return super().available and self.camera_id in self.coordinator.data.cameras

    @property
    def is_on(self) -> bool | None:
        camera = self.coordinator.data.cameras.get(self.camera_id)
        return None if camera is None else not camera["recording"]

    async def async_turn_on(self, **kwargs: Any) -> None:
        await self._set_recording(False)

    async def async_turn_off(self, **kwargs: Any) -> None:
        await self._set_recording(True)

    async def _set_recording(self, recording: bool) -> None:
        try:
            camera = await self.coordinator.client.set_recording(self.camera_id, recording)
        except HomeClipsError as err:
            raise HomeAssistantError(f"Could not switch the camera: {err}") from err
        self.coordinator.camera_changed(camera)
