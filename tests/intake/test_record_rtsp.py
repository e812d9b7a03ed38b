"""Recording a real RTSP stream on motion: exact clips, start times, reconnects, privacy mode."""

from __future__ import annotations

import re
import threading
import time

from clipstore import ClipQuery
from clipstore.wakeup import StopSignal
from intake.recorder import Recorder, RecorderSettings
from testkit.rtsp import Publisher
from testkit.wait import wait_for

SETTINGS = RecorderSettings(
    pre_roll_s=1.0, post_roll_s=1.5, backoff_s=0.3, backoff_max_s=1.0, read_timeout_s=2.0, privacy_check_s=0.3
)


# Frames of still scene the recorder must have read before motion: a pre-roll, from a keyframe.
PRE_ROLL_FRAMES = round(Publisher.FPS * (SETTINGS.pre_roll_s + Publisher.GOP_S))


def still_scene(recorder: Recorder) -> None:
    """Wait until the recorder has read a pre-roll's worth of still scene (what a clip's start is cut from)."""
    read = recorder.state.packets
    wait_for(lambda: recorder.state.packets >= read + PRE_ROLL_FRAMES, what="a pre-roll of still scene")


def start_recorder(store, household, url: str, publisher: Publisher) -> tuple[Recorder, StopSignal, threading.Thread]:
    # The stream is announced: the first connection finds it.
    wait_for(lambda: publisher.frames > 3, what="the publisher's first frames")
    recorder = Recorder(store, household.id, "garage", url, SETTINGS)
    stop = StopSignal()
    thread = threading.Thread(target=recorder.run, args=(stop,), daemon=True)
    thread.start()
    return recorder, stop, thread


def motion_event(publisher: Publisher, seconds: float = 1.5) -> tuple[float, float]:
    """Move the box for `seconds`, wait for the post-roll; returns the first and last moving frames' times."""
    before = len(publisher.marks)
    publisher.motion(seconds)
    wait_for(lambda: len(publisher.marks) >= before + 2, what="the motion to start and end")
    return publisher.marks[-2][1], publisher.marks[-1][1]


def clips_of(store, household):
    return list(reversed(store.clips.page(household.id, ClipQuery(camera="garage"))[0]))


def check_clip(clip, event: tuple[float, float]) -> None:
    start, end = event
    # The store keeps whole seconds (up to 1 s lost) and the pre-roll starts at a keyframe (every half second).
    slack = 1.0 + Publisher.GOP_S
    assert abs(clip.started_at.timestamp() - (start - SETTINGS.pre_roll_s)) <= slack, (clip, event)
    assert clip.started_at.timestamp() <= start
    assert clip.started_at.timestamp() + clip.duration_s >= end  # post-roll included


def test_records_each_motion_and_survives_a_server_restart(live_home, rtsp_server, caplog, failures):
    store, household = live_home
    publisher = Publisher(rtsp_server.source_url(), store.now).start()
    recorder, stop, thread = start_recorder(store, household, rtsp_server.url(), publisher)
    try:
        wait_for(lambda: recorder.state.connected, what="the recorder to connect")
        still_scene(recorder)  # a still scene first: no clip
        first = motion_event(publisher)
        wait_for(lambda: recorder.state.clips == 1, what="the first clip")

        failed = failures(recorder)
        rtsp_server.kill()  # mid-stream
        publisher.close()
        wait_for(lambda: len(failed) >= 3, what="the stream lost, then two failed reconnects")
        rtsp_server.start()
        publisher = Publisher(rtsp_server.source_url(), store.now).start()
        wait_for(lambda: recorder.state.connected, what="the recorder to reconnect")
        still_scene(recorder)
        second = motion_event(publisher)
        wait_for(lambda: recorder.state.clips == 2, what="the second clip")
    finally:
        stop.set()
        thread.join(timeout=15)
        publisher.close()
    assert publisher.error is None
    clips = clips_of(store, household)
    assert len(clips) == 2
    check_clip(clips[0], first)
    check_clip(clips[1], second)
    lost = [r for r in caplog.records if "reconnecting" in r.getMessage()]
    assert len(lost) == 1  # logged once, not per retry
    assert [r for r in caplog.records if "is back" in r.getMessage()]
    assert recorder.state.to_dict()["last_clip"]["id"] == clips[1].id


def test_privacy_mode_stops_pulling_and_records_nothing(live_home, rtsp_server):
    store, household = live_home
    publisher = Publisher(rtsp_server.source_url(), store.now).start()
    recorder, stop, thread = start_recorder(store, household, rtsp_server.url(), publisher)
    try:
        wait_for(lambda: recorder.state.connected, what="the recorder to connect")
        store.cameras.update(household.id, "garage", recording=False)
        wait_for(lambda: recorder.state.privacy and not recorder.state.connected, what="privacy mode")
        motion_event(publisher)
        # Kept: nothing happens to wait for. This is the time a clip of that motion would take (its post-roll).
        time.sleep(SETTINGS.post_roll_s + 0.5)
        assert recorder.state.clips == 0 and not recorder.state.connected

        store.cameras.update(household.id, "garage", recording=True)
        wait_for(lambda: recorder.state.connected, what="the recorder to connect again")
        still_scene(recorder)
        event = motion_event(publisher)
        wait_for(lambda: recorder.state.clips == 1, what="the clip")
    finally:
        stop.set()
        thread.join(timeout=15)
        publisher.close()
    clips = clips_of(store, household)
    assert len(clips) == 1
    check_clip(clips[0], event)
    assert list((store.data_dir / "incoming").iterdir()) == []


def test_the_server_records_a_camera_with_a_stream_and_voice_finds_the_clip(tmp_path, rtsp_server, serve):
    """`python -m skill`'s recorders: a camera added with an RTSP source records motion; voice lists the clip."""
    import requests

    from clipstore import ClipStore
    from intake.detect import default_labeler
    from intake.manager import RecorderManager
    from skill.app import create_app

    data = tmp_path / "data"
    setup = ClipStore(data)
    household, token = setup.households.create("Home", "America/New_York", 30)
    setup.cameras.add(household.id, "Garage")
    setup.cameras.set_source(household.id, "garage", f"rtsp://viewer:Hunter2pw@127.0.0.1:{rtsp_server.client_port}/cam")
    setup.close()
    app = create_app(data)
    store = app.extensions["clipstore"]
    manager = RecorderManager(store, SETTINGS, labeler=default_labeler, refresh_s=0.5)
    base = serve(app)
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {token}"
    publisher = Publisher(rtsp_server.source_url(), store.now).start()
    manager.start()
    try:

        def state():
            return http.get(f"{base}/api/cameras", timeout=10).json()["cameras"][0]["recorder"]

        wait_for(lambda: state()["connected"], what="the server's recorder to connect")
        shown = publisher.frames  # the recorder itself is the server's: the publisher's frames stand for what it read
        wait_for(lambda: publisher.frames >= shown + PRE_ROLL_FRAMES, what="a pre-roll of still scene")
        motion_event(publisher)
        wait_for(lambda: state()["last_clip"] is not None, what="the clip")
        camera = http.get(f"{base}/api/cameras", timeout=10).json()["cameras"][0]
        answer = http.post(f"{base}/api/intent", json={"text": "what happened at the garage today"}, timeout=30).json()
    finally:
        manager.stop()
        publisher.close()
        app.extensions["clipstore"].close()
    assert camera["source"] == f"rtsp://***@127.0.0.1:{rtsp_server.client_port}/cam"
    assert camera["recorder"]["clips"] == 1 and camera["recorder"]["connected"] is True
    assert answer["intent"] == "ListClips"
    assert re.match(
        r"1 clip from the garage today: (motion|a person|a vehicle|an animal)[a-z ]* at \d+:\d\d [ap]m\.$",
        answer["speech"],
    ), answer["speech"]
