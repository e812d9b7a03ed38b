"""A real Home Clips server for the Home Assistant tests, run in the project's own .venv (not Home Assistant's).

    python -m tests_ha.live_server seed DIR             # the demo household into DIR and a sample clip beside
                                                        # it; prints {"token": ..., "sample": ...}
    python -m tests_ha.live_server serve TEMPLATE WORK  # serves a copy of TEMPLATE (made in WORK) on 127.0.0.1 (a
                                                        # free port); prints {"url": ...} once it listens
Each line `reset` on its standard input swaps in a fresh copy (and a fresh clock) and answers {"reset": N}, so each
test gets the demo as seeded without starting a server; the server stops when its standard input closes.

Its clock is pinned to the suite's moment (tests/pinned.py) and runs on from there at the real rate, so what
the tests see never depends on the date or the machine's time zone.
"""

from __future__ import annotations

import json
import logging
import shutil
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import Flask
from werkzeug.serving import make_server

from clipstore import ClipStore
from clipstore.demo import seed_demo
from clipstore.media import render_demo_clip
from skill.app import create_app

NOW = datetime(2026, 11, 24, 20, 0, tzinfo=UTC)
"""Tuesday 24 November 2026, 3 pm in New York: the suite's pinned moment (tests/pinned.py)."""
SERVE_FROM = NOW + timedelta(minutes=1)
"""The server's clock starts here: the demo's clips were stored a minute before."""


class RunningClock:
    """SERVE_FROM, then on at the real rate."""

    def __init__(self) -> None:
        self._offset = SERVE_FROM.timestamp() - time.monotonic()

    def __call__(self) -> float:
        return time.monotonic() + self._offset


def seed(data: Path) -> dict:
    store = ClipStore(data, clock=NOW.timestamp)
    try:
        _, token = seed_demo(store, now=NOW, days=2)
    finally:
        store.close()
    sample = data.parent / "sample.mp4"
    render_demo_clip(sample, caption="new clip", seconds=1.0, seed=5)
    return {"token": token, "sample": str(sample)}


class Fresh:
    """The WSGI app of the current copy; `reset` swaps in a new one (an old one's requests finish on it)."""

    def __init__(self, template: Path, work: Path) -> None:
        self.template, self.work, self.copies = template, work, 0
        self.app = self._copy()

    def _copy(self) -> Flask:
        self.copies += 1
        data = self.work / f"data-{self.copies}"
        shutil.copytree(self.template, data)
        return create_app(data, clock=RunningClock())

    def reset(self) -> None:
        self.app = self._copy()

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)


def serve(template: Path, work: Path) -> None:
    fresh = Fresh(template, work)
    httpd = make_server("127.0.0.1", 0, fresh, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, name="live-server", daemon=True)
    thread.start()
    print(json.dumps({"url": f"http://127.0.0.1:{httpd.server_port}"}), flush=True)
    for line in sys.stdin:  # until the tests close it (or end)
        if line.strip() == "reset":
            fresh.reset()
            print(json.dumps({"reset": fresh.copies}), flush=True)
    httpd.shutdown()


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.WARNING, format="live server %(levelname)s %(name)s: %(message)s")
    if argv[0] == "seed":
        print(json.dumps(seed(Path(argv[1]))), flush=True)
    else:
        serve(Path(argv[1]), Path(argv[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
