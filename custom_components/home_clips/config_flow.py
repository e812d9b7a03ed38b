"""Set-up: the server's URL and a member's API token, checked against the server; re-authentication."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import voluptuous as vol
from homeassistant.config_entries import ConfigFlow, ConfigFlowResult
from homeassistant.const import CONF_TOKEN, CONF_URL
from homeassistant.helpers.aiohttp_client import async_get_clientsession

from .api import CannotConnect, HomeClipsClient, InvalidAuth, InvalidUrl, NotHomeClips, normalize_url
from .const import DOMAIN

_LOGGER = logging.getLogger(__name__)

USER_SCHEMA = vol.Schema({vol.Required(CONF_URL): str, vol.Required(CONF_TOKEN): str})
TOKEN_SCHEMA = vol.Schema({vol.Required(CONF_TOKEN): str})


class HomeClipsConfigFlow(ConfigFlow, domain=DOMAIN):
    """Ask for the URL and token; the household the token opens names the entry."""

    VERSION = 1

    async def _check(self, url: str, token: str) -> tuple[dict[str, Any] | None, dict[str, str]]:
        """The household, or the form's errors."""
        try:
            client = HomeClipsClient(async_get_clientsession(self.hass), url, token.strip())
            return await client.household(), {}
        except InvalidUrl:
            return None, {CONF_URL: "invalid_url"}
        except InvalidAuth:
            return None, {CONF_TOKEN: "invalid_auth"}
        except CannotConnect as err:
            _LOGGER.info("cannot reach %s: %s", url, err)
            return None, {"base": "cannot_connect"}
        except NotHomeClips as err:
            _LOGGER.info("%s is not a Home Clips server: %s", url, err)
            return None, {"base": "not_home_clips"}

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        errors: dict[str, str] = {}
        if user_input is not None:
            household, errors = await self._check(user_input[CONF_URL], user_input[CONF_TOKEN])
            if household is not None:
                url = normalize_url(user_input[CONF_URL])
                await self.async_set_unique_id(f"{url}#{household['name']}")
                self._abort_if_unique_id_configured()
                return self.async_create_entry(
                    title=household["name"], data={CONF_URL: url, CONF_TOKEN: user_input[CONF_TOKEN].strip()}
                )
        schema = self.add_suggested_values_to_schema(USER_SCHEMA, user_input or {})
        return self.async_show_form(step_id="user", data_schema=schema, errors=errors)

    async def async_step_reauth(self, entry_data: Mapping[str, Any]) -> ConfigFlowResult:
        """The server refused the token (rotated, or the member removed): ask for a new one."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        entry = self._get_reauth_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            household, errors = await self._check(entry.data[CONF_URL], user_input[CONF_TOKEN])
            if household is not None:
                if f"{entry.data[CONF_URL]}#{household['name']}" != entry.unique_id:
                    return self.async_abort(reason="another_household")
                return self.async_update_reload_and_abort(
                    entry, data_updates={CONF_TOKEN: user_input[CONF_TOKEN].strip()}
                )
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=TOKEN_SCHEMA,
            errors=errors,
            description_placeholders={"url": entry.data[CONF_URL], "name": entry.title},
        )
