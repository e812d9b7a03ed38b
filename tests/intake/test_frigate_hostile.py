"""The Frigate importer does not trust its server (issue 18): every field is checked, ids never reach other
paths, replies are bounded in size and time, a run in pages, redirects stay on the host, SIGTERM stops it.
Frigate itself can't be had here: a hostile stand-in plays it at the HTTP boundary, on 127.0.0.1."""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path

import pytest
from flask import Flask, Response, abort, jsonify, redirect, request, send_file
from frigate_standin import event
from pinned import NOW
from videos import scene_video

from clipstore import ClipQuery
from intake.frigate import FrigateError, FrigateImporter, FrigateSettings

T0 = NOW.timestamp() - 3 * 3600
ROOT = Path(__file__).resolve().parents[2]


def hostile(events, clips: dict[str, Path] | None = None) -> Flask:
    """An anonymous Frigate (port 5000 style) serving `events` (a list, or a callable giving each page)."""
    app = Flask("hostile-frigate")
    app.calls = []  # type: ignore[attr-defined]
    app.stopping = threading.Event()  # type: ignore[attr-defined]

    @app.before_request
    def log():
        app.calls.append((request.method, request.full_path))

    @app.get("/api/events")
    def list_events():
        return events() if callable(events) else jsonify(events)

    @app.get("/api/events/<path:event_id>/clip.mp4")
    def clip(event_id):
        if callable(clips):
            return clips(event_id)
        if clips is None or event_id not in clips:
            abort(404)
        return send_file(clips[event_id], mimetype="video/mp4")

    return app


@pytest.fixture
def video(tmp_path):
    return scene_video(tmp_path / "event.mp4", 1.0, [])


def made(store, household):
    return store.clips.page(household.id, ClipQuery())[0]


def test_bad_fields_skip_their_event_not_the_run(home, serve, video):
    store, household = home
    good = [event("1700000001.1-abc", "garage", "person", T0), event("1700000002.2-def", "garage", "car", T0 + 60)]
    bad = [
        {**event("1700000003.3-ghi", "garage", "dog", 0), "start_time": "nan"},
        {**event("1700000004.4-jkl", "garage", "dog", 0), "start_time": float("inf")},
        {**event("1700000005.5-mno", "garage", "dog", T0), "end_time": "soon"},
        {**event("1700000006.6-pqr", "garage", "dog", T0), "camera": ["garage"]},
        {**event("1700000007.7-stu", "garage", "dog", T0), "label": {"x": 1}},
        {**event("1700000008.8-vwx", "garage", "dog", T0), "start_time": True},
        {**event("1700000009.9-yza", "garage", "dog", T0), "start_time": 1e300},
        {**event("1700000010.1-bcd", "garage", "dog", T0), "has_clip": "yes"},
        {"id": None},
        "not an event",
        7,
    ]
    app = hostile(
        lambda: Response(json.dumps(good + bad, allow_nan=True), mimetype="application/json"),
        {e["id"]: video for e in good},
    )
    url = serve(app)
    importer = FrigateImporter(store, household.id, FrigateSettings(url))
    assert importer.run_once() == 2  # "nan" crashed every run
    assert importer.run_once() == 0
    assert sorted(c.started_at.timestamp() for c in made(store, household)) == [T0, T0 + 60]


def test_event_ids_never_reach_other_paths(home, serve, video):
    store, household = home
    odd = ["../../api/config", "x?y=1", "x#y", "..", "%2e%2e", "a/b", "a b", "é", "x" * 300]
    events = [event(i, "garage", "person", T0 + n) for n, i in enumerate(odd)]
    events.append(event("1700000001.1-abc", "garage", "person", T0 + 100))
    app = hostile(events, {"1700000001.1-abc": video, **dict.fromkeys(odd, video)})
    url = serve(app)
    assert FrigateImporter(store, household.id, FrigateSettings(url)).run_once() == 1
    paths = [path.split("?")[0] for method, path in app.calls]
    assert set(paths) == {"/api/events", "/api/events/1700000001.1-abc/clip.mp4", "/api/config"}
    assert paths.count("/api/config") == 1  # the importer's own read of what Frigate tracks, once per run


def test_a_huge_listing_is_refused_without_holding_it(home, serve):
    store, household = home
    one = json.dumps(event("1700000001.1-abc", "garage", "person", T0)).encode()

    def huge():  # 40 MB of events, streamed
        def chunks():
            yield b"["
            for _ in range(40 * 1024 * 1024 // len(one)):
                yield one + b","
            yield one + b"]"

        return Response(chunks(), mimetype="application/json")

    url = serve(hostile(huge))
    tracemalloc.start()
    try:
        with pytest.raises(FrigateError, match="larger than"):
            FrigateImporter(store, household.id, FrigateSettings(url)).run_once()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024, peak  # a 150 MB reply took 507 MB


def test_a_trickling_reply_ends_at_the_deadline(home, serve):
    store, household = home
    app = hostile(lambda: Response(trickle(app), mimetype="application/json"))
    url = serve(app)
    importer = FrigateImporter(store, household.id, FrigateSettings(url, request_deadline_s=2.0))
    outcome: list = []

    def run() -> None:
        try:
            importer.run_once()
        except FrigateError as exc:
            outcome.append(str(exc))

    thread = threading.Thread(target=run, daemon=True)
    started = time.monotonic()
    thread.start()
    thread.join(timeout=20)
    app.stopping.set()
    assert not thread.is_alive(), "a reply trickling one byte at a time never timed out"
    assert outcome and "took longer than" in outcome[0] and time.monotonic() - started < 10


def trickle(app):
    yield b"["
    while not app.stopping.is_set():
        time.sleep(0.2)  # kept: a reply trickling one byte at a time is the hostile behaviour under test
        yield b" "


def test_an_endless_feed_is_read_a_bounded_number_of_pages_per_run(home, serve):
    store, household = home
    ids = itertools.count(1)

    def endless():  # every page full of events never seen before, going back in time for ever
        if app.stopping.is_set():
            return jsonify([])
        page = []
        for _ in range(100):
            n = next(ids)
            page.append(event(f"{1700000000 + n}.0-endless", "garage", "person", T0 - n))
        return jsonify(page)

    app = hostile(endless)  # no clips: each event is looked at and remembered, nothing stored
    url = serve(app)
    importer = FrigateImporter(store, household.id, FrigateSettings(url, max_pages=5))
    thread = threading.Thread(target=importer.run_once, daemon=True)
    thread.start()
    thread.join(timeout=60)
    app.stopping.set()
    assert not thread.is_alive(), "an endless feed kept one run going"
    assert len([c for c in app.calls if c[1].startswith("/api/events?")]) == 5
    assert len([c for c in app.calls if c[1].endswith("clip.mp4?")]) <= 500


def test_redirects_are_followed_on_the_same_host_only(home, serve, video):
    store, household = home
    other = hostile([], {"1700000001.1-abc": video})
    elsewhere = serve(other)
    app = hostile(
        [event("1700000001.1-abc", "garage", "person", T0), event("1700000002.2-def", "garage", "person", T0 + 60)],
        {"moved.mp4": video},
    )

    @app.get("/api/events/1700000001.1-abc/clip.mp4", endpoint="away")
    def away():
        return redirect(f"{elsewhere}/api/events/1700000001.1-abc/clip.mp4")

    @app.get("/api/events/1700000002.2-def/clip.mp4", endpoint="moved")
    def moved():
        return redirect("/api/events/moved.mp4/clip.mp4")

    url = serve(app)
    assert FrigateImporter(store, household.id, FrigateSettings(url)).run_once() == 1
    assert other.calls == []  # another host (here: another port) is never asked
    assert [c.started_at.timestamp() for c in made(store, household)] == [T0 + 60]


def test_sigterm_stops_a_run_cleanly(home, serve, tmp_path):
    store, _household = home
    app = hostile(
        [event(f"17000000{n:02d}.0-slow", "garage", "person", T0 + n) for n in range(20)],
        lambda event_id: Response(trickle(app), mimetype="video/mp4"),
    )

    url = serve(app)
    log = tmp_path / "frigate.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "clipstore", "frigate", url, "--once", "--data", str(store.data_dir)],
        cwd=ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while not any(path.endswith("clip.mp4?") for _, path in app.calls):
            assert time.monotonic() < deadline and process.poll() is None, log.read_text()
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGTERM)
        status = process.wait(timeout=10)  # SIGTERM was ignored
    finally:
        app.stopping.set()
        if process.poll() is None:
            process.kill()
    assert status == 0, log.read_text()
    assert "stopped" in log.read_text()
    assert list((store.data_dir / "incoming").iterdir()) == []
