"""Fixtures of the integration's tests: Home Assistant's own harness, and a real Home Clips server per test.

The server runs in the project's .venv (`HOME_CLIPS_PYTHON`, default `.venv/bin/python`): the demo household,
seeded once per session on the suite's pinned clock, served on 127.0.0.1 by one process that swaps in a fresh
copy for each test.
"""

from __future__ import annotations

import json
import os
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


@pytest.fixture(autouse=True)
async def _core(hass: HomeAssistant) -> None:
    """Home Assistant's core integration, as in every real installation (exposing entities to Assist)."""
    assert await async_setup_component(hass, "homeassistant", {})


def _run_json(*args: str) -> dict[str, Any]:
    done = subprocess.run(
        [PROJECT_PYTHON, "-m", "tests_ha.live_server", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
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
    proc.stdout.close()


class ServerProcess:
    """One server process for the session, started again if a test stopped it."""

    def __init__(self, template: Path, work: Path) -> None:
        self.template, self.work = template, work
        self.proc: subprocess.Popen | None = None
        self.url, self.starts = "", 0

    def fresh(self) -> str:
        """The URL of a server with the demo data as seeded (a fresh copy), starting the process if needed."""
        if self.proc is None or self.proc.poll() is not None:
            self.starts += 1
            work = self.work / f"run-{self.starts}"
            work.mkdir(parents=True)
            with (work / "server.log").open("w") as log:
                self.proc = subprocess.Popen(
                    [PROJECT_PYTHON, "-m", "tests_ha.live_server", "serve", str(self.template), str(work)],
                    cwd=ROOT,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=log,
                    text=True,
                )
            line = self.proc.stdout.readline()
            assert line, f"the server did not start: {(work / 'server.log').read_text()[-3000:]}"
            self.url = json.loads(line)["url"]
            return self.url
        self.proc.stdin.write("reset\n")
        self.proc.stdin.flush()
        assert "reset" in json.loads(self.proc.stdout.readline())
        return self.url

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            _stop(self.proc)


@dataclass
class LiveServer:
    """A running server: its URL, the demo owner's token, a clip file to upload."""

    url: str
    token: str
    sample: Path
    process: ServerProcess

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def stop(self) -> None:
        """Stop the server now (as if the machine it runs on went away)."""
        self.process.stop()

    async def call(self, method: str, path: str, **kwargs: Any) -> Any:
        """The server's JSON answer, asked directly (to check what Home Assistant did)."""
        async with (
            aiohttp.ClientSession() as session,
            session.request(method, self.url + path, headers=self.headers, **kwargs) as response,
        ):
            assert response.status < 300, (response.status, await response.text())
            return await response.json()

    async def upload(self, camera: str, labels: str) -> dict[str, Any]:
        """A new clip, as a camera would add it."""
        form = aiohttp.FormData()
        form.add_field("camera", camera)
        form.add_field("labels", labels)
        form.add_field("file", self.sample.read_bytes(), filename="clip.mp4", content_type="video/mp4")
        return await self.call("POST", "/api/clips", data=form)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    data = tmp_path_factory.mktemp("demo") / "data"
    return data, _run_json("seed", str(data))


@pytest.fixture(scope="session")
def server_process(
    demo_template: tuple[Path, dict[str, Any]], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    process = ServerProcess(demo_template[0], tmp_path_factory.mktemp("served"))
    yield process
    process.stop()


@pytest.fixture
def server(server_process: ServerProcess, demo_template: tuple[Path, dict[str, Any]]) -> LiveServer:
    """The server with a fresh copy of the demo household, as seeded, and its clock back at the start."""
    seeded = demo_template[1]
    return LiveServer(server_process.fresh(), seeded["token"], Path(seeded["sample"]), server_process)


@pytest.fixture
async def entry(hass: HomeAssistant, server: LiveServer) -> MockConfigEntry:
    """The integration set up for the demo household of `server`."""
    config = MockConfigEntry(
        domain=DOMAIN,
        title="Demo home",
        unique_id=f"{server.url}#Demo home",
        data={CONF_URL: server.url, CONF_TOKEN: server.token},
    )
    config.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config.entry_id)
    await hass.async_block_till_done()
    return config
