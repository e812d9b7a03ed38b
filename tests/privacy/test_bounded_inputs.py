"""Bounded inputs: each input that once caused a server error or unbounded work gets a 4xx (or a spoken answer)
and changes nothing."""

from __future__ import annotations

import base64
import io
import random

import av
import numpy as np
import pytest
from backends import media_keys

from clipstore import ClipQuery
from intents.catalogue import INTENTS
from skill.api.clips import _INGESTS
from skill.app import create_app


@pytest.fixture
def app(homes, clock):
    application = create_app(homes.data_dir, config={"TESTING": True}, clock=clock)
    yield application
    application.extensions["clipstore"].close()


@pytest.fixture
def api(app, homes):
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {homes.a_token}"
    return client


@pytest.fixture(scope="session")
def huge_frame_mp4(tmp_path_factory):
    """A small MP4 (about 200 kB) holding one 8192x8192 H.264 frame: decoding it costs gigabytes."""
    path = tmp_path_factory.mktemp("bomb") / "huge.mp4"
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=1, options={"preset": "ultrafast", "crf": "51"})
        stream.width = stream.height = 8192
        stream.pix_fmt = "yuv420p"
        frame = av.VideoFrame.from_ndarray(np.zeros((8192, 8192, 3), np.uint8), format="rgb24")
        container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return path


def unchanged(homes):
    """A snapshot of what must not change: household A's clips, its settings, its media files."""
    store = homes.store
    media = sorted(media_keys(store))
    clips = [c.id for c in store.clips.page(homes.a.id, ClipQuery(), 500)[0]]
    return clips, store.households.get(homes.a.id), media


def upload(api, data: bytes, **fields):
    form = {"file": (io.BytesIO(data), "clip.mp4"), "camera": "garage", **fields}
    return api.post("/api/clips", data=form, content_type="multipart/form-data")


def test_a_huge_frame_is_refused_from_the_header_before_decoding(api, homes, huge_frame_mp4):
    before = unchanged(homes)
    response = upload(api, huge_frame_mp4.read_bytes())
    assert response.status_code == 400 and "8192x8192" in response.json["error"]
    assert unchanged(homes) == before


def test_uploads_beyond_the_concurrency_bound_are_asked_to_retry(api, homes, mp4_file):
    for _ in range(2):
        assert _INGESTS.acquire(blocking=False)
    try:
        busy = upload(api, mp4_file.read_bytes())
    finally:
        _INGESTS.release()
        _INGESTS.release()
    assert busy.status_code == 503 and busy.headers["Retry-After"] and "busy" in busy.json["error"]
    assert upload(api, mp4_file.read_bytes()).status_code == 201


def test_bit_flipped_videos_are_refused_or_stored_never_a_server_error(api, homes, mp4_file):
    original = mp4_file.read_bytes()
    rng = random.Random(20261201)
    statuses = set()
    for _ in range(40):
        data = bytearray(original)
        for _ in range(rng.choice((1, 4, 32))):
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        before = unchanged(homes)
        response = upload(api, bytes(data))
        statuses.add(response.status_code)
        assert response.status_code in (201, 400), response.json
        if response.status_code == 400:
            assert response.json["error"] and unchanged(homes) == before
    assert 400 in statuses


def test_a_start_time_out_of_range_is_400(api, homes, mp4_file):
    before = unchanged(homes)
    for started in ("0001-01-01T00:00:00+14:00", "1969-12-31T23:59:59Z", "9999-12-31T23:59:59-14:00"):
        response = upload(api, mp4_file.read_bytes(), started_at=started)
        assert response.status_code == 400 and response.json["error"], started
    assert unchanged(homes) == before


def test_nul_bytes_in_the_input_are_4xx_on_every_backend(api, homes):
    before = unchanged(homes)
    for method, url in (
        ("GET", "/api/clips?camera=%00"),
        ("GET", "/api/clips/count?camera=garage%00"),
        ("GET", "/api/audit?camera=%00"),
        ("DELETE", "/api/shares/ab%00"),
        ("GET", "/api/clips?label=person%00"),
        ("PATCH", "/api/cameras/garage%00"),
    ):
        response = api.open(url, method=method, json={"name": "x"} if method == "PATCH" else None)
        assert 400 <= response.status_code < 500 and response.json["error"], (url, response.status_code)
    response = api.patch("/api/cameras/garage", json={"synonyms": ["a\x00b"]})
    assert 400 <= response.status_code < 500
    assert unchanged(homes) == before


def test_a_cursor_or_time_out_of_range_is_400(api, homes):
    cursor = base64.urlsafe_b64encode(b"99999999999999999999999:9628f25e68afc443").decode().rstrip("=")
    for query in (f"cursor={cursor}", "after=0001-01-01T00:00:00%2B14:00", "before=9999-12-31T23:59:59-14:00"):
        response = api.get(f"/api/clips?{query}")
        assert response.status_code == 400 and response.json["error"], query


@pytest.mark.parametrize(
    "method, path",
    [("POST", "/api/cameras"), ("PATCH", "/api/cameras/garage"), ("PATCH", "/api/household"), ("POST", "/api/intent")],
)
def test_json_nested_5000_levels_is_400(api, homes, method, path):
    before = unchanged(homes)
    body = "[" * 5000 + "]" * 5000
    response = api.open(path, method=method, data=body, content_type="application/json")
    assert response.status_code == 400 and response.json["error"]
    assert unchanged(homes) == before


@pytest.mark.parametrize(
    "slots",
    [
        {"camera": 5},
        {"date": 20261124},
        {"date": "9999-12-31"},
        {"days": "7"},
        {"camera": "x" * 1000},
        {"date": "0000-01-01"},
        {"nonsense": "1"},
    ],
)
def test_structured_intents_with_bad_slots_answer_or_refuse(api, homes, slots):
    before = unchanged(homes)
    for intent in INTENTS:
        response = api.post("/api/intent", json={"intent": intent, "slots": slots})
        assert response.status_code in (200, 400), (intent, response.json)
        if response.status_code == 400:
            assert response.json["error"]
        else:
            assert response.json["speech"]
    assert unchanged(homes) == before


def test_the_page_refuses_a_day_out_of_range(app, homes):
    web = app.test_client()
    web.get("/signin")
    with web.session_transaction() as session:
        csrf = session["csrf"]
    web.post("/signin", data={"token": homes.a_token, "csrf_token": csrf})
    clip = homes.store.clips.page(homes.a.id, ClipQuery(), 1)[0][0]
    cursor = base64.urlsafe_b64encode(b"99999999999999999999999:9628f25e68afc443").decode().rstrip("=")
    for url in ("/?day=9999-12-31", f"/clips/{clip.id}?day=9999-12-31", "/?day=0001-01-01", f"/?cursor={cursor}"):
        response = web.get(url)
        assert response.status_code == 400, url
