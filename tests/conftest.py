"""Fixtures shared by every test folder."""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from pinned import FrozenClock
from werkzeug.serving import make_server


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
