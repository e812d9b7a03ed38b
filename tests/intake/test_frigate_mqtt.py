"""Frigate, live: `end` messages on a real mosquitto broker (127.0.0.1) import their event's clip from a stand-in
Frigate over HTTP; `new`/`update` do not; broken messages, a broker restart and duplicates are survived."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Response, request
from frigate_standin import TOKEN, event, frigate_app
from pinned import NOW
from videos import scene_video

from clipstore import ClipQuery
from clipstore.__main__ import main
from intake.frigate import FrigateImporter, FrigateSettings
from intake.frigate_mqtt import Broker, FrigateLive, LiveSettings, MqttUrlError
from testkit.mqtt import Mosquitto
from testkit.wait import wait_for

T0 = NOW.timestamp() - 3 * 3600
ROOT = Path(__file__).resolve().parents[2]
WAIT_S = 20.0  # the longest a test waits for the broker, the stand-in Frigate or the store
FAST = LiveSettings(settle_s=0.0, retry_s=0.2, sweep_s=3600.0, min_backoff_s=1, max_backoff_s=2)


def message(kind: str, ev: dict) -> str:
    """A `frigate/events` message as Frigate publishes it."""
    return json.dumps({"type": kind, "before": {**ev, "end_time": None}, "after": ev})


class Running:
    """A FrigateLive in a thread of the test, stopped at the end."""

    def __init__(self, live: FrigateLive) -> None:
        self.live = live
        self.thread = threading.Thread(target=live.run, name="frigate-live", daemon=True)
        self.thread.start()
        wait_for(lambda: live.subscriptions >= 1, timeout=WAIT_S, what="the first subscription")

    def stop(self) -> None:
        self.live.stop.set()
        self.thread.join(timeout=20)
        assert not self.thread.is_alive(), "FrigateLive did not stop"


@pytest.fixture
def broker(tmp_path) -> Iterator[Mosquitto]:
    server = Mosquitto(tmp_path / "broker").start()
    yield server
    server.stop()


@pytest.fixture
def frigate(tmp_path, serve, home):
    """A stand-in Frigate with no events listed yet, serving any clip id it is given in `clips`."""
    store, household = home
    store.cameras.add(household.id, "Front Door")
    video = scene_video(tmp_path / "event.mp4", 2.0, [(0.2, 1.8)])
    events: list[dict] = []
    app = frigate_app(events, {})
    app.video = video  # type: ignore[attr-defined]
    return serve(app), app, events, store, household


@pytest.fixture
def live(frigate, broker) -> Iterator:
    started: list[Running] = []

    def start(settings: LiveSettings = FAST) -> FrigateLive:
        url, _app, _events, store, household = frigate
        importer = FrigateImporter(store, household.id, FrigateSettings(url, {"front": "front_door"}, token=TOKEN))
        running = Running(FrigateLive(importer, Broker.from_url(broker.url), settings))
        started.append(running)
        return running.live

    yield start
    for running in started:
        running.stop()


def clips(store, household):
    return list(reversed(store.clips.page(household.id, ClipQuery())[0]))


def downloads(app) -> list[str]:
    return [path for method, path, _ in app.calls if path.endswith("/clip.mp4")]


def test_an_end_message_imports_its_clip_and_new_or_update_do_not(frigate, broker, live):
    _url, app, _events, store, household = frigate
    live()
    car = event("1700000002.2-def", "front", "car", T0 + 60)
    person = event("1700000003.3-ghi", "garage", "person", T0 + 120)
    app.clips.update({car["id"]: app.video, person["id"]: app.video})
    broker.publish("frigate/events", message("new", {**person, "end_time": None}))
    broker.publish("frigate/events", message("update", {**person, "end_time": None}))
    broker.publish("frigate/events", message("end", car))
    wait_for(lambda: len(clips(store, household)) == 1, timeout=WAIT_S, what="the car's clip")
    got = clips(store, household)[0]
    assert (got.camera, got.labels, got.started_at.timestamp()) == ("front_door", ("vehicle",), T0 + 60)
    assert store.label_sources.of(got.id) == {"vehicle": "frigate"}
    assert downloads(app) == [f"/api/events/{car['id']}/clip.mp4"]  # nothing asked for the running event

    broker.publish("frigate/events", message("end", person))
    wait_for(lambda: len(clips(store, household)) == 2, timeout=WAIT_S, what="the person's clip")
    assert [(c.camera, c.labels) for c in clips(store, household)] == [
        ("front_door", ("vehicle",)),
        ("garage", ("person",)),
    ]


def test_broken_messages_are_skipped_and_listening_goes_on(frigate, broker, live, caplog):
    _url, app, _events, store, household = frigate
    running = live()
    good = event("1700000001.1-abc", "garage", "person", T0)
    app.clips[good["id"]] = app.video
    app.clips["../../api/config"] = app.video
    broken = [
        b"\xff\xfe\x00",
        b"not json",
        b"[1, 2]",
        b"null",
        b'{"type": "end"}',
        b'{"type": ["end"]}',
        b'{"type": "end", "after": "x"}',
        b"[" * 100_000,
        b" " * (2 * 1024 * 1024),
        message("end", {**good, "id": "../../api/config"}).encode(),
        message("end", {**good, "start_time": "nan"}).encode(),
        json.dumps({"type": "end", "after": {**good, "start_time": float("nan")}}).encode(),
        message("end", {**good, "end_time": None}).encode(),
        message("end", {**good, "camera": {"name": "garage"}}).encode(),
        message("end", {**good, "start_time": 1e300}).encode(),
        message("end", {**good, "has_clip": "yes"}).encode(),
    ]
    for payload in broken:
        broker.publish("frigate/events", payload)
    broker.publish("frigate/events", message("end", good))
    wait_for(lambda: len(clips(store, household)) == 1, timeout=WAIT_S, what="the good event after the broken ones")
    assert downloads(app) == [f"/api/events/{good['id']}/clip.mp4"]
    wait_for(lambda: running.imported >= 1, timeout=WAIT_S, what="the import counted")  # after the clip is stored
    assert running.imported == 1
    skipped = [r.getMessage() for r in caplog.records if "is skipped" in r.getMessage()]
    assert any("not JSON" in s for s in skipped) and any("id is not a Frigate event id" in s for s in skipped)
    assert not any("api/config" in s or "nan" in s for s in skipped)  # never quoting the message


def test_a_duplicate_end_imports_once(frigate, broker, live):
    _url, app, _events, store, household = frigate
    running = live(LiveSettings(settle_s=0.5, retry_s=0.2, min_backoff_s=1, max_backoff_s=2))
    ev = event("1700000001.1-abc", "garage", "dog", T0)
    app.clips[ev["id"]] = app.video
    broker.publish("frigate/events", message("end", ev))
    broker.publish("frigate/events", message("end", ev))  # while the first waits to settle
    wait_for(lambda: len(clips(store, household)) == 1, timeout=WAIT_S, what="the clip")
    broker.publish("frigate/events", message("end", ev))  # after it was imported
    marker = event("1700000002.2-def", "garage", "cat", T0 + 60)
    app.clips[marker["id"]] = app.video
    broker.publish("frigate/events", message("end", marker))
    wait_for(lambda: len(clips(store, household)) == 2, timeout=WAIT_S, what="the marker's clip")
    assert downloads(app).count(f"/api/events/{ev['id']}/clip.mp4") == 1
    wait_for(lambda: running.imported >= 2, timeout=WAIT_S, what="both imports counted")
    assert running.imported == 2


def test_a_clip_not_there_yet_is_asked_for_again(frigate, broker, live):
    _url, app, _events, store, household = frigate
    ev = event("1700000001.1-abc", "garage", "person", T0)
    asked: list[int] = []

    @app.before_request
    def not_yet():
        if request.path.endswith("/clip.mp4"):
            asked.append(1)
            if len(asked) < 3:
                return Response("No recordings found for the specified time range", status=404)
        return None

    live()
    app.clips[ev["id"]] = app.video
    broker.publish("frigate/events", message("end", ev))
    wait_for(lambda: len(clips(store, household)) == 1, timeout=WAIT_S, what="the clip on the third ask")
    assert len(asked) == 3


def test_a_broker_restart_reconnects_and_catches_up(frigate, broker, live):
    _url, app, events, store, household = frigate
    running = live()
    broker.stop()
    meanwhile = event("1700000001.1-abc", "garage", "person", T0)  # finished while the broker was away
    events.append(meanwhile)
    app.clips[meanwhile["id"]] = app.video
    broker.start()
    wait_for(lambda: running.subscriptions >= 2, timeout=WAIT_S, what="a new subscription after the restart")
    after = event("1700000002.2-def", "front", "package", T0 + 60)
    app.clips[after["id"]] = app.video
    broker.publish("frigate/events", message("end", after))
    wait_for(lambda: len(clips(store, household)) == 2, timeout=WAIT_S, what="both clips")
    assert [(c.camera, c.labels) for c in clips(store, household)] == [
        ("garage", ("person",)),
        ("front_door", ("package",)),
    ]
    wait_for(lambda: running.imported >= 2, timeout=WAIT_S, what="both imports counted")
    assert running.imported == 2


def test_broker_urls_keep_their_password_out_of_sight():
    broker = Broker.from_url("mqtt://frigate:s3cret@nvr.local")
    assert (broker.host, broker.port, broker.tls, broker.user, broker.password) == (
        "nvr.local",
        1883,
        False,
        "frigate",
        "s3cret",
    )
    assert "s3cret" not in broker.shown and "nvr.local:1883" in broker.shown
    assert Broker.from_url("mqtts://u@nvr:8884", password="env").password == "env"
    assert Broker.from_url("mqtts://nvr").port == 8883
    for bad in ("http://u:s3cret@nvr", "mqtt://u:s3cret@nvr/frigate", "mqtt://u:s3cret@nvr:99999", "mqtt://"):
        with pytest.raises(MqttUrlError) as caught:
            Broker.from_url(bad)
        assert "s3cret" not in str(caught.value)


def test_the_command_imports_live_keeps_the_password_out_of_its_log_and_stops_on_sigterm(frigate, tmp_path):
    url, app, _events, store, household = frigate
    broker = Mosquitto(tmp_path / "auth-broker", user="frigate", password="mqtt-pw-s3cret").start()
    log = tmp_path / "frigate.log"
    env = {**os.environ, "FRIGATE_TOKEN": TOKEN, "FRIGATE_MQTT_PASSWORD": "mqtt-pw-s3cret"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "clipstore",
            "frigate",
            url,
            "--mqtt",
            f"mqtt://frigate@127.0.0.1:{broker.port}",
            "--settle",
            "0",
            "--camera-map",
            "front=front_door",
            "--data",
            str(store.data_dir),
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(
            lambda: "listening to frigate/events" in log.read_text() or process.poll() is not None,
            timeout=WAIT_S,
            what="the command to subscribe",
        )
        assert process.poll() is None, log.read_text()
        ev = event("1700000001.1-abc", "front", "person", T0)
        app.clips[ev["id"]] = app.video
        broker.publish("frigate/events", message("end", ev))
        wait_for(lambda: len(clips(store, household)) == 1, timeout=WAIT_S, what="the clip imported by the command")
        os.kill(process.pid, signal.SIGTERM)
        status = process.wait(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
        broker.stop()
    text = log.read_text()
    assert status == 0, text
    assert "stopped (1 Frigate events imported live)" in text
    assert "mqtt-pw-s3cret" not in text and "frigate@" not in text and "mqtt://***@127.0.0.1" in text
    got = clips(store, household)[0]
    assert (got.camera, got.labels, got.started_at.timestamp()) == ("front_door", ("person",), T0)


def test_the_command_refuses_what_does_not_go(frigate, capsys, monkeypatch):
    url, _app, _events, store, _household = frigate
    monkeypatch.setenv("FRIGATE_MQTT_PASSWORD", "mqtt-pw-s3cret")
    base = ["frigate", url, "--data", str(store.data_dir)]
    for extra, error in (
        (["--mqtt", "mqtt://127.0.0.1:1883", "--once"], "do not go together"),
        (["--mqtt", "http://u:s3cret@127.0.0.1:1883"], "must be mqtt://"),
        (["--mqtt", "mqtt://127.0.0.1:1883", "--mqtt-topic", "frigate/#"], "without wildcards"),
        (["--mqtt", "mqtt://127.0.0.1:1883", "--settle", "-1"], "--settle"),
    ):
        assert main(base + extra) == 2
        err = capsys.readouterr().err
        assert error in err and "s3cret" not in err
