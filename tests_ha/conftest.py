"""Fixtures of the integration's tests: Home Assistant's own harness, and a real Home Clips server per test.

The server runs in the project's .venv (`HOME_CLIPS_PYTHON`, default `.venv/bin/python`): the demo household,
seeded once per session on the suite's pinned clock, copied for each test, served on 127.0.0.1.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from homeassistant.const import CONF_TOKEN, CONF_URL
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.home_clips.const import DOMAIN

ROOT = Path(__file__).resolve().parents[1]
PROJECT_PYTHON = os.environ.get("HOME_CLIPS_PYTHON") or str(ROOT / ".venv" / "bin" / "python")


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Load custom_components/home_clips from this repository."""


@pytest.fixture(autouse=True)
def _local_sockets(socket_enabled: None) -> None:
    """The harness blocks sockets; the tests talk to the real server on 127.0.0.1 (the only host allowed)."""


def _run_json(*args: str) -> dict[str, Any]:
    done = subprocess.run([PROJECT_PYTHON, "-m", "tests_ha.live_server", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def _stop(proc: subprocess.Popen) -> None:
    """The server stops when its standard input closes."""
    if not proc.stdin.closed:
        proc.stdin.close()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@dataclass
class LiveServer:
    """A running server: its URL, the demo owner's token, a clip file to upload."""

    url: str
    token: str
    sample: Path
    process: subprocess.Popen

    def stop(self) -> None:
        """Stop the server now (as if the machine it runs on went away)."""
        _stop(self.process)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    async def call(self, method: str, path: str, **kwargs: Any) -> Any:
        """The server's JSON answer, asked directly (to check what Home Assistant did)."""
        async with aiohttp.ClientSession() as session, session.request(
                method, self.url + path, headers=self.headers, **kwargs) as response:
            assert response.status < 300, (response.status, await response.text())
            return await response.json()

    async def upload(self, camera: str, labels: str) -> dict[str, Any]:
        """A new clip, as a camera would add it."""
        form = aiohttp.FormData()
        form.add_field("camera", camera)
        form.add_field("labels", labels)
        form.add_field("file", self.sample.read_bytes(), filename="clip.mp4", content_type="video/mp4")
        return await self.call("POST", "/api/clips", data=form)


@pytest.fixture(autouse=True)
async def _core(hass: HomeAssistant) -> None:
    """Home Assistant's core integration, as in every real installation (exposing entities to Assist)."""
    assert await async_setup_component(hass, "homeassistant", {})


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    data = tmp_path_factory.mktemp("demo") / "data"
    return data, _run_json("seed", str(data))


@pytest.fixture
def server(demo_template: tuple[Path, dict[str, Any]], tmp_path: Path) -> Iterator[LiveServer]:
    template, seeded = demo_template
    data = tmp_path / "data"
    shutil.copytree(template, data)
    log = (tmp_path / "server.log").open("w")
    proc = subprocess.Popen([PROJECT_PYTHON, "-m", "tests_ha.live_server", "serve", str(data)], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True)
    try:
        line = proc.stdout.readline()
        assert line, f"the server did not start: {(tmp_path / 'server.log').read_text()}"
        yield LiveServer(json.loads(line)["url"], seeded["token"], Path(seeded["sample"]), proc)
    finally:
        _stop(proc)
        proc.stdout.close()
        log.close()


@pytest.fixture
async def entry(hass: HomeAssistant, server: LiveServer) -> MockConfigEntry:
    """The integration set up for the demo household of `server`."""
    config = MockConfigEntry(domain=DOMAIN, title="Demo home", unique_id=f"{server.url}#Demo home",
                             data={CONF_URL: server.url, CONF_TOKEN: server.token})
    config.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config.entry_id)
    await hass.async_block_till_done()
    return config
