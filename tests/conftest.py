"""Fixtures shared by every test folder: the pinned clock, real servers, and the storage backends."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from backends import Backend, PostgresCluster, S3StandIn
from flask import Flask
from pinned import FrozenClock
from werkzeug.serving import make_server

for _var in ("DATABASE_URL", "MEDIA_URL"):  # the tests choose the backend themselves (see `backend`)
    os.environ.pop(_var, None)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "one_backend: the test does not depend on the storage backend (run once,"
        " on SQLite), or is about SQLite and local files themselves",
    )
    config.addinivalue_line("markers", "postgres_only: the test is about PostgreSQL itself (its query planner)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run `one_backend` tests on SQLite only, `postgres_only` ones on PostgreSQL only: the other variant is not
    generated at all."""
    keep, drop = [], []
    for item in items:
        backend = getattr(getattr(item, "callspec", None), "params", {}).get("backend")
        unwanted = (backend == "postgres" and item.get_closest_marker("one_backend")) or (
            backend == "sqlite" and item.get_closest_marker("postgres_only")
        )
        (drop if unwanted else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PostgresCluster]:
    """A throw-away PostgreSQL server for the session."""
    cluster = PostgresCluster()
    cluster.start()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def s3_standin() -> Iterator[S3StandIn]:
    """The S3 stand-in (moto's server on 127.0.0.1) for the session."""
    standin = S3StandIn()
    standin.start()
    yield standin
    standin.stop()


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> Backend:
    """The storage configuration a test runs on: SQLite + files, or PostgreSQL + S3 (its stand-in)."""
    if request.param == "sqlite":
        return Backend("sqlite")
    return Backend("postgres", request.getfixturevalue("pg_cluster"), request.getfixturevalue("s3_standin"))


@pytest.fixture
def store_urls(backend: Backend, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict]:
    """A fresh, empty database and media place on the test's backend; every store the test opens uses it."""
    urls = backend.urls()
    backend.activate(monkeypatch, urls)
    yield urls
    backend.drop(urls)


@pytest.fixture
def clone_store(backend: Backend, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], dict]]:
    """`clone_store(template)`: make the test's stores a copy of a seeded template store (see backends.py)."""
    made: list[dict] = []

    def clone(template: str) -> dict:
        urls = backend.clone(template)
        backend.activate(monkeypatch, urls)
        made.append(urls)
        return urls

    yield clone
    for urls in made:
        backend.drop(urls)


@pytest.fixture
def clock() -> FrozenClock:
    """This test's pinned clock (see tests/pinned.py); stores and apps of the test take it."""
    return FrozenClock()


@pytest.fixture
def serve() -> Iterator[Callable[[Flask], str]]:
    """Start apps on a real threaded HTTP server on 127.0.0.1 (a free port); returns the base URL.

    Every server started in a test is shut down after it (the apps' stores are closed by their fixtures).
    """
    running: list[tuple] = []

    def start(app: Flask) -> str:
        httpd = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=httpd.serve_forever, name="test-server", daemon=True)
        thread.start()
        running.append((httpd, thread))
        return f"http://127.0.0.1:{httpd.server_port}"

    yield start
    for httpd, thread in running:
        httpd.shutdown()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def mp4_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small playable MP4 (copy it before ingesting with move=True)."""
    from clipstore.media import render_demo_clip

    path = tmp_path_factory.mktemp("media") / "sample.mp4"
    render_demo_clip(path, caption="sample", seconds=1.0, seed=11)
    return path
