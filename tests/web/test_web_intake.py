"""The cameras page keeps a camera's stream (password masked); the clip page lets a person correct labels."""

from __future__ import annotations

URL = "rtsp://admin:Hunter2pw@192.168.1.20:554/stream1"


def test_stream_source_on_the_cameras_page(user, web_demo):
    response = user.post("/cameras/garage/source", {"source": URL})
    assert response.status_code == 302
    page = user.get("/cameras").text
    assert "rtsp://***@192.168.1.20:554/stream1" in page and "Hunter2pw" not in page
    assert web_demo.store.cameras.source(web_demo.household.id, "garage") == URL
    assert user.post("/cameras/garage/source", {"source": "telnet://x"}).status_code == 400
    assert user.post("/cameras/garage/source", {"source": URL}, csrf=False).status_code in (400, 403)
    assert web_demo.store.cameras.source(web_demo.household.id, "garage") == URL
    assert user.post("/cameras/garage/source", {"remove": "1"}).status_code == 302
    assert web_demo.store.cameras.source(web_demo.household.id, "garage") is None


def test_a_person_corrects_labels(user, web_demo):
    store, hid = web_demo.store, web_demo.household.id
    clip_id = web_demo.clip_ids()[0]
    store.label_sources.correct(hid, clip_id, ["person"], 0)
    page = user.get(f"/clips/{clip_id}").text
    assert "Correct what was detected" in page
    response = user.post(f"/clips/{clip_id}/labels", {"label": ["animal", "package"]})
    assert response.status_code == 302
    assert store.clips.get(hid, clip_id).labels == ("animal", "package")
    assert store.label_sources.of(clip_id) == {"animal": "person", "package": "person"}
    assert "(set by you)" in user.get(f"/clips/{clip_id}").text
    assert user.post(f"/clips/{clip_id}/labels", {"label": ["unicorn"]}).status_code == 400
    assert store.clips.get(hid, clip_id).labels == ("animal", "package")
    assert user.post(f"/clips/{clip_id}/labels", {}).status_code == 302
    assert store.clips.get(hid, clip_id).labels == ()


def test_a_clip_from_frigates_recordings_says_so(user, web_demo, serve, mp4_file):
    from datetime import timedelta

    from flask import Flask, send_file
    from pinned import NOW

    from intake.frigate import FrigateImporter, FrigateSettings
    from intake.frigate_recordings import import_recording, span_for

    frigate = Flask("frigate-recordings")
    frigate.add_url_rule(
        "/api/<camera>/start/<start>/end/<end>/clip.mp4",
        "clip",
        lambda camera, start, end: send_file(mp4_file, mimetype="video/mp4"),
    )
    importer = FrigateImporter(web_demo.store, web_demo.household.id, FrigateSettings(serve(frigate)))
    start = NOW - timedelta(minutes=30)
    clip = import_recording(importer, span_for(importer, "driveway", start, start + timedelta(minutes=1)))
    page = user.get(f"/clips/{clip.id}").text
    assert "Not looked at: a stretch of Frigate's recordings" in page and "Motion only" not in page
    assert "Imported from Frigate&#39;s recordings" in page
