"""Fixtures for the privacy tests: two households on one server, each with its own demo data."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from backends import Backend
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


@pytest.fixture(autouse=True)
def _on_every_backend(backend: Backend) -> None:
    """Every test here runs on SQLite and on PostgreSQL with S3 (see tests/backends.py)."""


@pytest.fixture(scope="session")
def two_homes_template(tmp_path_factory, backend: Backend) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("two-homes")
    name = backend.new_name("homes")
    store = ClipStore(root, clock=FrozenClock(), **backend.urls(name))
    _, a_token = seed_demo(store, tz="America/New_York", days=3, now=NOW)
    b, b_token = store.households.create("Neighbours", "Europe/Berlin")
    add_demo_cameras(store, b)
    (root / "tokens").write_text(f"{a_token}\n{b_token}\n")
    store.close()
    return root, name


@pytest.fixture
def homes(two_homes_template: tuple[Path, str], tmp_path: Path, clock: FrozenClock, clone_store):
    root, name = two_homes_template
    data = tmp_path / "data"
    shutil.copytree(root, data)
    clone_store(name)
    a_token, b_token = (data / "tokens").read_text().split()
    store = ClipStore(data, clock=clock)
    a, b = store.households.all()
    yield Homes(store, data, a, a_token, b, b_token)
    store.close()
