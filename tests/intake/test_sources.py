"""Camera sources: kept with the camera (command, API, page), passwords never shown or logged."""

from __future__ import annotations

import json
import logging
import threading

import pytest
from stream_secrets import SECRET_FORMS

from clipstore.__main__ import main
from clipstore.sources import redact, scrub
from clipstore.wakeup import StopSignal
from intake.recorder import Recorder, RecorderSettings
from testkit.wait import wait_for

URL = "rtsp://admin:Hunter2pw@127.0.0.1:9/Streaming/Channels/101"


@pytest.mark.parametrize(
    "url,shown",
    [
        (URL, "rtsp://***@127.0.0.1:9/Streaming/Channels/101"),
        ("rtsp://127.0.0.1/live", "rtsp://127.0.0.1/live"),
        ("rtsp://viewer@cam.local/live", "rtsp://***@cam.local/live"),  # a bare user info may be a key
        (
            "http://cam.local/cgi-bin/api.cgi?cmd=Snap&user=admin&password=Hunter2pw",
            "http://cam.local/cgi-bin/api.cgi?cmd=***&user=***&password=***",
        ),
        ("http://u:p%40ss@cam.local:8080/video.mjpg?token=abc", "http://***@cam.local:8080/video.mjpg?token=***"),
        (
            "rtsp://Cam.Local:554/cam/realmonitor?channel=1&subtype=0",
            "rtsp://cam.local:554/cam/realmonitor?channel=1&subtype=0",
        ),
        ("rtsp://cam.local/live#frag", "rtsp://cam.local/live"),
    ],
)
def test_redact(url, shown):
    assert redact(url) == shown


@pytest.mark.parametrize("url", SECRET_FORMS)
def test_no_form_of_secret_survives(url):
    shown = redact(url)
    assert "XmPw0rd9" not in shown and "admin" not in shown
    assert shown.startswith(url.split("://")[0] + "://") and "192.168.1.30" in shown
    tried = "XmPw0rd9abcdef0123" if "abcdef" in url else "XmPw0rd9"  # the token is the whole segment
    message = f"Server returned 401 Unauthorized for {url} (tried {tried})"
    assert "XmPw0rd9" not in scrub(message, url)


def test_camera_add_with_source(home, capsys):
    store, household = home
    data = str(store.data_dir)
    assert main(["camera", "add", "Side Gate", "--source", URL, "--data", data]) == 0
    out = capsys.readouterr().out
    assert "Hunter2pw" not in out and json.loads(out)["source"] == redact(URL)
    assert store.cameras.source(household.id, "side_gate") == URL
    assert main(["camera", "list", "--data", data]) == 0
    listing = capsys.readouterr().out
    assert "side_gate" in listing and "rtsp://***@127.0.0.1:9/" in listing and "Hunter2pw" not in listing
    assert "Hunter2pw" not in json.dumps([e.to_dict() for e in store.audit.events(household.id)])
    before = store.cameras.all(household.id)
    assert main(["camera", "add", "Shed", "--source", "ftp://x/y", "--data", data]) == 2
    assert store.cameras.all(household.id) == before  # a bad source changes nothing


def test_a_failing_stream_logs_no_password(home, caplog, failures):
    store, household = home
    caplog.set_level(logging.DEBUG)
    recorder = Recorder(
        store, household.id, "garage", URL, RecorderSettings(backoff_s=0.05, backoff_max_s=0.1, read_timeout_s=1)
    )
    stop = StopSignal()
    failed = failures(recorder)

    thread = threading.Thread(target=recorder.run, args=(stop,), daemon=True)
    thread.start()

    wait_for(lambda: len(failed) >= 3, timeout=10, what="several failed connections")
    stop.set()
    thread.join(timeout=10)
    assert recorder.state.last_error and not recorder.state.connected
    text = "\n".join(r.getMessage() for r in caplog.records) + json.dumps(recorder.state.to_dict())
    assert "Hunter2pw" not in text
    assert len([r for r in caplog.records if "reconnecting" in r.getMessage()]) == 1
