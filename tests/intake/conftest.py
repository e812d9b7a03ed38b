"""Fixtures for clips from real cameras: a store with a household and a garage camera, a real RTSP server, and
a count of a recorder's failed connections."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from clipstore import ClipStore, Household

TZ = "America/New_York"


@pytest.fixture
def home(tmp_path: Path, clock) -> Iterator[tuple[ClipStore, Household]]:
    """A store on the pinned clock with one household (New York) and a camera 'garage'."""
    store = ClipStore(tmp_path / "data", clock=clock)
    household, _ = store.households.create("Home", TZ, 30)
    store.cameras.add(household.id, "Garage")
    yield store, household
    store.close()


@pytest.fixture
def live_home(tmp_path: Path) -> Iterator[tuple[ClipStore, Household]]:
    """The same on the real clock: a live stream's frames happen now (tests compare with the store's clock)."""
    store = ClipStore(tmp_path / "live")
    household, _ = store.households.create("Home", TZ, 30)
    store.cameras.add(household.id, "Garage")
    yield store, household
    store.close()


@pytest.fixture
def rtsp_server(tmp_path: Path):
    """A real RTSP server on 127.0.0.1 (rtsp-server-perl), stopped after the test."""
    from testkit.rtsp import RtspServer

    server = RtspServer(tmp_path / "rtsp-server.log")
    server.start()
    yield server
    server.kill()


@pytest.fixture
def failures(monkeypatch: pytest.MonkeyPatch) -> Callable[[Any], list[str]]:
    """`failures(recorder)`: from then on, each failed connection of the recorder adds its reason to the list returned
    (what a test waits on for "several retries", instead of sleeping)."""

    def count(recorder: Any) -> list[str]:
        seen: list[str] = []
        record = recorder.state.set_error

        def counted(message: str, now: float) -> None:
            seen.append(message)
            record(message, now)

        monkeypatch.setattr(recorder.state, "set_error", counted)
        return seen

    return count
