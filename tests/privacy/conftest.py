"""Fixtures for the privacy tests: two households on one server, each with its own demo data."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from pinned import NOW, FrozenClock

from clipstore import ClipStore, Household
from clipstore.demo import add_demo_cameras, seed_demo


@dataclass
class Homes:
    """Household A (the demo, with clips) and household B (its own camera and one clip) in one store."""

    store: ClipStore
    data_dir: Path
    a: Household
    a_token: str
    b: Household
    b_token: str


@pytest.fixture(scope="session")
def two_homes_template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("two-homes")
    store = ClipStore(root, clock=FrozenClock())
    _, a_token = seed_demo(store, tz="America/New_York", days=3, now=NOW)
    b, b_token = store.households.create("Neighbours", "Europe/Berlin")
    add_demo_cameras(store, b)
    (root / "tokens").write_text(f"{a_token}\n{b_token}\n")
    store.close()
    return root


@pytest.fixture
def homes(two_homes_template: Path, tmp_path: Path, clock: FrozenClock):
    data = tmp_path / "data"
    shutil.copytree(two_homes_template, data)
    a_token, b_token = (data / "tokens").read_text().split()
    store = ClipStore(data, clock=clock)
    a, b = store.households.all()
    yield Homes(store, data, a, a_token, b, b_token)
    store.close()
