"""Home Clips: a household's camera clips in Home Assistant (privacy mode, counts, new clips, Assist)."""

from __future__ import annotations

import logging

from homeassistant.const import CONF_TOKEN, CONF_URL, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.typing import ConfigType

from .api import HomeClipsClient
from .const import DOMAIN
from .coordinator import HomeClipsConfigEntry, HomeClipsCoordinator, HomeClipsRuntime, follow_feed
from .services import async_register_services

_LOGGER = logging.getLogger(__name__)

PLATFORMS = [Platform.CONVERSATION, Platform.EVENT, Platform.IMAGE, Platform.SENSOR, Platform.SWITCH]
CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """The services (delete, restore, share, revoke) exist once, for every configured household."""
    async_register_services(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: HomeClipsConfigEntry) -> bool:
    """Connect to the server, read the household, follow its clip feed, set up the entities."""
    client = HomeClipsClient(async_get_clientsession(hass), entry.data[CONF_URL], entry.data[CONF_TOKEN])
    coordinator = HomeClipsCoordinator(hass, entry, client)
    entry.runtime_data = HomeClipsRuntime(client, coordinator)
    await coordinator.async_config_entry_first_refresh()  # a refused token starts re-authentication
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    entry.async_create_background_task(hass, follow_feed(hass, entry), f"{DOMAIN} clip feed {entry.title}")
    return True


async def async_unload_entry(hass: HomeAssistant, entry: HomeClipsConfigEntry) -> bool:
    """Stop following the feed (a background task of the entry) and remove the entities."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
