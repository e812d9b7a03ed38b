"""Setting up: URL and token checked against the real server, with the usual errors; re-authentication."""

from __future__ import annotations

import socket

import pytest
from homeassistant.config_entries import SOURCE_USER, ConfigEntryState
from homeassistant.const import CONF_TOKEN, CONF_URL
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.home_clips.const import DOMAIN

from .conftest import LiveServer


def _closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def _submit(hass: HomeAssistant, url: str, token: str) -> dict:
    flow = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert flow["type"] is FlowResultType.FORM and flow["step_id"] == "user"
    return await hass.config_entries.flow.async_configure(flow["flow_id"], {CONF_URL: url, CONF_TOKEN: token})


async def test_a_good_url_and_token_make_an_entry_named_after_the_household(
    hass: HomeAssistant, server: LiveServer
) -> None:
    result = await _submit(hass, f" {server.url}/ ", f"{server.token}\n")
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Demo home"
    assert result["data"] == {CONF_URL: server.url, CONF_TOKEN: server.token}
    await hass.async_block_till_done()
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    assert entry.state is ConfigEntryState.LOADED
    again = await _submit(hass, server.url, server.token)
    assert again["type"] is FlowResultType.ABORT and again["reason"] == "already_configured"


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("clips.local:8080", {CONF_URL: "invalid_url"}),
        ("ftp://127.0.0.1/", {CONF_URL: "invalid_url"}),
        ("http://127.0.0.1:99999", {CONF_URL: "invalid_url"}),
        ("http://", {CONF_URL: "invalid_url"}),
    ],
)
async def test_an_address_that_is_no_url_is_named(
    hass: HomeAssistant, server: LiveServer, url: str, error: dict
) -> None:
    result = await _submit(hass, url, server.token)
    assert result["type"] is FlowResultType.FORM and result["errors"] == error


async def test_a_server_that_does_not_answer(hass: HomeAssistant, server: LiveServer) -> None:
    result = await _submit(hass, f"http://127.0.0.1:{_closed_port()}", server.token)
    assert result["type"] is FlowResultType.FORM and result["errors"] == {"base": "cannot_connect"}


async def test_a_wrong_token(hass: HomeAssistant, server: LiveServer) -> None:
    result = await _submit(hass, server.url, "0123456789ab.not-the-token")
    assert result["type"] is FlowResultType.FORM and result["errors"] == {CONF_TOKEN: "invalid_auth"}
    fixed = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: server.url, CONF_TOKEN: server.token}
    )
    assert fixed["type"] is FlowResultType.CREATE_ENTRY


async def test_something_else_at_that_address(hass: HomeAssistant, server: LiveServer) -> None:
    result = await _submit(hass, f"{server.url}/media", server.token)  # answers 404 for /media/api/household
    assert result["type"] is FlowResultType.FORM and result["errors"] == {"base": "not_home_clips"}


async def test_a_refused_token_asks_for_a_new_one(hass: HomeAssistant, server: LiveServer) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Demo home",
        unique_id=f"{server.url}#Demo home",
        data={CONF_URL: server.url, CONF_TOKEN: "0123456789ab.rotated-away"},
    )
    entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_ERROR
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [f["context"]["source"] for f in flows] == ["reauth"]
    wrong = await hass.config_entries.flow.async_configure(flows[0]["flow_id"], {CONF_TOKEN: "0123456789ab.nope"})
    assert wrong["type"] is FlowResultType.FORM and wrong["errors"] == {CONF_TOKEN: "invalid_auth"}
    done = await hass.config_entries.flow.async_configure(flows[0]["flow_id"], {CONF_TOKEN: server.token})
    assert done["type"] is FlowResultType.ABORT and done["reason"] == "reauth_successful"
    await hass.async_block_till_done()
    assert entry.data[CONF_TOKEN] == server.token and entry.state is ConfigEntryState.LOADED
