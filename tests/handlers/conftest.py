"""Fixtures: a seeded demo store (copied per test) and the clip service in both implementations."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from backends import Backend
from pinned import FrozenClock
from talk import NOW, TZ

from clipstore import ClipStore
from clipstore.demo import seed_demo
from intents.http_service import HttpClipService
from intents.store_service import StoreClipService
from skill.app import create_app


@pytest.fixture(autouse=True)
def _on_every_backend(backend: Backend) -> None:
    """Every test here runs on SQLite and on PostgreSQL with S3 (see tests/backends.py)."""


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory, backend: Backend) -> tuple[Path, str]:
    """The demo household seeded once per test session and backend."""
    root = tmp_path_factory.mktemp("demo-template")
    name = backend.new_name("talk")
    store = ClipStore(root, clock=FrozenClock(), **backend.urls(name))
    _, token = seed_demo(store, now=NOW, tz=TZ)
    store.close()
    (root / "demo-token").write_text(token)
    return root, name


@pytest.fixture
def data_dir(demo_template: tuple[Path, str], tmp_path: Path, clone_store) -> Path:
    """A private copy of the demo data directory (and of its database and media, elsewhere)."""
    root, name = demo_template
    target = tmp_path / "data"
    shutil.copytree(root, target)
    clone_store(name)
    return target


@pytest.fixture
def token(data_dir: Path) -> str:
    return (data_dir / "demo-token").read_text().strip()


@pytest.fixture
def store(data_dir: Path, clock: FrozenClock):
    store = ClipStore(data_dir, clock=clock)
    yield store
    store.close()


@pytest.fixture
def household(store: ClipStore):
    return store.households.all()[0]


@pytest.fixture
def live_server(data_dir: Path, serve, clock: FrozenClock):
    """The real app on 127.0.0.1 (a free port), in a thread, on the pinned clock."""
    app = create_app(data_dir, clock=clock)
    yield serve(app)
    app.extensions["clipstore"].close()


@pytest.fixture(params=["store", "http"])
def service(request, store, household, data_dir, token):
    """The same handler tests run against the in-process store and the HTTP client on a real server."""
    if request.param == "store":
        return StoreClipService.open(store, household.id, channel="voice")
    base = request.getfixturevalue("live_server")
    return HttpClipService(base, token)
