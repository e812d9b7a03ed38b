"""Services: delete (only with `confirm: true`), restore, share (only with `consent: true`), revoke shares.

They follow the server's rules as voice does: a deletion asked without confirmation only says what it would
delete and deletes nothing; a share without consent answers the consent text and shares nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import voluptuous as vol
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, SupportsResponse, callback
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util

from .api import ApiError, HomeClipsClient, HomeClipsError
from .const import DOMAIN, SERVICE_DELETE_CLIPS, SERVICE_RESTORE_CLIPS, SERVICE_REVOKE_SHARES, SERVICE_SHARE_CLIP

_LOGGER = logging.getLogger(__name__)

ATTR_CONFIG_ENTRY_ID = "config_entry_id"
LABELS = ("person", "animal", "vehicle", "package")
CLIP_ID = vol.All(cv.string, vol.Match(r"^[0-9a-f]{16}$", msg="a clip id is 16 hexadecimal digits"))
ENTRY = {vol.Optional(ATTR_CONFIG_ENTRY_ID): cv.string}
FILTERS = ("clip_id", "camera", "label", "after", "before")

DELETE_SCHEMA = vol.Schema(
    {
        **ENTRY,
        vol.Optional("clip_id"): vol.All(cv.ensure_list, [CLIP_ID], vol.Length(min=1, max=500)),
        vol.Optional("camera"): cv.string,
        vol.Optional("label"): vol.In(LABELS),
        vol.Optional("after"): cv.datetime,
        vol.Optional("before"): cv.datetime,
        vol.Optional("confirm", default=False): cv.boolean,
    }
)
SHARE_SCHEMA = vol.Schema(
    {
        **ENTRY,
        vol.Required("clip_id"): CLIP_ID,
        vol.Optional("consent", default=False): cv.boolean,
        vol.Optional("days"): vol.All(vol.Coerce(int), vol.Range(min=1, max=30)),
    }
)
ENTRY_SCHEMA = vol.Schema(ENTRY)


def _client(hass: HomeAssistant, call: ServiceCall) -> HomeClipsClient:
    """The client of the household the call names (needed only when several are set up)."""
    loaded = [e for e in hass.config_entries.async_entries(DOMAIN) if e.state is ConfigEntryState.LOADED]
    wanted = call.data.get(ATTR_CONFIG_ENTRY_ID)
    if wanted is not None:
        loaded = [e for e in loaded if e.entry_id == wanted]
        if not loaded:
            raise ServiceValidationError(f"No loaded Home Clips household has the config entry id {wanted!r}")
    if not loaded:
        raise ServiceValidationError("Home Clips is not set up (or not loaded)")
    if len(loaded) > 1:
        raise ServiceValidationError("Several Home Clips households are set up: say which with config_entry_id")
    return loaded[0].runtime_data.client


def _utc(moment: datetime) -> str:
    """An ISO time in UTC; a time without a zone is in Home Assistant's zone."""
    return dt_util.as_utc(moment).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _filters(data: dict[str, Any]) -> dict[str, str]:
    """The service call's filter as the clip API's query parameters."""
    params: dict[str, str] = {}
    if "clip_id" in data:
        params["ids"] = ",".join(dict.fromkeys(data["clip_id"]))
    for name in ("camera", "label"):
        if name in data:
            params[name] = data[name]
    for name in ("after", "before"):
        if name in data:
            params[name] = _utc(data[name])
    return params


def _described(data: dict[str, Any]) -> str:
    parts = [f"{len(data['clip_id'])} given clip id(s)"] if "clip_id" in data else []
    parts += [f"camera {data['camera']}"] if "camera" in data else []
    parts += [f"labelled {data['label']}"] if "label" in data else []
    parts += [f"from {_utc(data['after'])}"] if "after" in data else []
    parts += [f"before {_utc(data['before'])}"] if "before" in data else []
    return ", ".join(parts)


async def _delete(hass: HomeAssistant, call: ServiceCall) -> ServiceResponse:
    data = call.data
    if not any(name in data for name in FILTERS):
        raise ServiceValidationError("Say which clips to delete: clip_id, camera, label, after or before")
    client, params = _client(hass, call), _filters(data)
    if not data["confirm"]:
        count = len(params["ids"].split(",")) if "ids" in params else await client.count(params)
        if count == 0:
            raise ServiceValidationError(f"No clips match ({_described(data)}); nothing was deleted")
        raise ServiceValidationError(
            f"This would delete {count} clip{'s' if count != 1 else ''} ({_described(data)}). Nothing was deleted:"
            " call the service again with confirm: true to delete them (restore_clips undoes it for a while)"
        )
    deleted = await client.delete(params)
    _LOGGER.info("deleted %d clips (%s) at the user's request", deleted, _described(data))
    return {"deleted": deleted}


async def _restore(hass: HomeAssistant, call: ServiceCall) -> ServiceResponse:
    return {"restored": await _client(hass, call).restore()}


async def _share(hass: HomeAssistant, call: ServiceCall) -> ServiceResponse:
    share = await _client(hass, call).share(call.data["clip_id"], call.data["consent"], call.data.get("days"))
    return {key: share.get(key) for key in ("id", "clip_id", "url", "expires_at")}


async def _revoke(hass: HomeAssistant, call: ServiceCall) -> ServiceResponse:
    return {"revoked": await _client(hass, call).revoke_shares()}


def _translated(hass: HomeAssistant, handler: Callable[[HomeAssistant, ServiceCall], Awaitable[ServiceResponse]]):
    """The handler with the server's refusals as validation errors (they say what to do) and outages as errors."""

    async def run(call: ServiceCall) -> ServiceResponse:
        try:
            response = await handler(hass, call)
        except ApiError as err:
            if err.status < 500:
                raise ServiceValidationError(str(err)) from err
            raise HomeAssistantError(f"Home Clips failed: {err}") from err
        except HomeClipsError as err:
            raise HomeAssistantError(f"Home Clips could not be reached: {err}") from err
        return response if call.return_response else None

    return run


@callback
def async_register_services(hass: HomeAssistant) -> None:
    """Register the services (once, in `async_setup`)."""
    for name, handler, schema in (
        (SERVICE_DELETE_CLIPS, _delete, DELETE_SCHEMA),
        (SERVICE_RESTORE_CLIPS, _restore, ENTRY_SCHEMA),
        (SERVICE_SHARE_CLIP, _share, SHARE_SCHEMA),
        (SERVICE_REVOKE_SHARES, _revoke, ENTRY_SCHEMA),
    ):
        hass.services.async_register(
            DOMAIN, name, _translated(hass, handler), schema=schema, supports_response=SupportsResponse.OPTIONAL
        )
