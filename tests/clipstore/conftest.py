"""Fixtures for clip store and clip API tests: an empty store, a seeded demo copy, the app and a client."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from backends import Backend, media_keys
from flask import Flask
from flask.testing import FlaskClient
from pinned import NOW, FrozenClock

from clipstore import ClipStore, Household
from clipstore.demo import seed_demo
from skill.app import create_app

# Demo clips are seeded relative to this moment, which is also the tests' clock.
DEMO_NOW = NOW


@dataclass
class Demo:
    """A copy of the seeded demo data directory, opened."""

    store: ClipStore
    household: Household
    token: str

    @property
    def data_dir(self) -> Path:
        return self.store.data_dir

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@pytest.fixture(autouse=True)
def _on_every_backend(backend: Backend) -> None:
    """Every test here runs on SQLite and on PostgreSQL with S3 (see tests/backends.py)."""


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory, backend: Backend) -> tuple[Path, int, str, str]:
    """Seed the demo household once per session and backend; tests get copies."""
    path = tmp_path_factory.mktemp("demo-template") / "data"
    name = backend.new_name("demo")
    store = ClipStore(path, clock=FrozenClock(), **backend.urls(name))
    household, token = seed_demo(store, now=DEMO_NOW, days=3)
    store.close()
    return path, household.id, token, name


@pytest.fixture
def store(tmp_path: Path, clock: FrozenClock, store_urls: dict) -> Iterator[ClipStore]:
    """An empty store."""
    clip_store = ClipStore(tmp_path / "store", clock=clock)
    yield clip_store
    clip_store.close()


@pytest.fixture
def planned(tmp_path: Path, store_urls: dict) -> Iterator[tuple[ClipStore, int]]:
    """A household with a front-door camera and no clips, for the query-plan tests (SQLite's and PostgreSQL's)."""
    clip_store = ClipStore(tmp_path)
    household, _ = clip_store.households.create("Home", "UTC")
    clip_store.cameras.add(household.id, "Front Door", slug="front_door")
    yield clip_store, household.id
    clip_store.close()


@pytest.fixture
def demo(tmp_path: Path, demo_template: tuple[Path, int, str, str], clock: FrozenClock, clone_store) -> Iterator[Demo]:
    """A private copy of the seeded demo household: (store, household, token)."""
    template, household_id, token, name = demo_template
    target = tmp_path / "demo"
    shutil.copytree(template, target)
    clone_store(name)
    clip_store = ClipStore(target, clock=clock)
    yield Demo(clip_store, clip_store.households.get(household_id), token)
    clip_store.close()


@pytest.fixture
def app(demo: Demo, clock: FrozenClock) -> Iterator[Flask]:
    """The full app over the demo copy (on the same pinned clock)."""
    application = create_app(demo.data_dir, config={"TESTING": True}, clock=clock)
    yield application
    application.extensions["clipstore"].close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A Flask test client."""
    return app.test_client()


@pytest.fixture
def media_files():
    """A function listing every media object of a store, by key (files or S3 objects)."""
    return media_keys
