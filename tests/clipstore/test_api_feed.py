"""The clip feed (`GET /api/clips/feed`, a long poll for new clips) and today's counts (`GET /api/clips/today`)."""

from __future__ import annotations

import json
import shutil
import threading
import time
import urllib.request
from datetime import UTC, datetime, timedelta

import pytest
from pinned import NOW

from clipstore import Clip, ClipQuery
from clipstore.clips import ClipFiles
from clipstore.feed import MAX_SEEN, SETTLE_S, FeedPosition


def _ingest(demo, mp4_file, tmp_path, camera="front_door", labels=("person",)) -> Clip:
    copy = tmp_path / f"upload-{len(list(tmp_path.iterdir()))}.mp4"
    shutil.copy(mp4_file, copy)
    return demo.store.ingest(demo.household.id, camera, copy, labels=labels, move=True)


def _feed(client, headers, **params) -> dict:
    response = client.get("/api/clips/feed", query_string=params, headers=headers)
    assert response.status_code == 200, response.json
    return response.json


def test_a_new_clip_is_handed_out_once_from_where_the_feed_began(client, demo, clock, mp4_file, tmp_path):
    clock.advance(60)  # the demo's clips were stored at NOW: they are not new
    start = _feed(client, demo.headers)
    assert start["clips"] == [] and start["cursor"]
    assert _feed(client, demo.headers, cursor=start["cursor"])["clips"] == []
    clock.advance(3)
    clip = _ingest(demo, mp4_file, tmp_path, camera="garage", labels=("vehicle",))
    got = _feed(client, demo.headers, cursor=start["cursor"])
    assert [c["id"] for c in got["clips"]] == [clip.id]
    shown = got["clips"][0]
    assert shown["camera"] == "garage" and shown["labels"] == ["vehicle"]
    assert shown["started_at"].endswith("Z") and "/media/clips/" in shown["thumbnail_url"]
    assert _feed(client, demo.headers, cursor=got["cursor"])["clips"] == []
    listed = demo.store.audit.events(demo.household.id, action="list", limit=1)[0]
    assert listed.detail == {"clip_ids": [clip.id], "through": "feed"} and listed.channel == "api"


def test_a_clip_committed_after_a_later_one_is_not_skipped(demo):
    """An ingest stamps its row just before it commits: a row stamped earlier may appear after a later one."""
    store, hid = demo.store, demo.household.id
    camera = store.cameras.row_id(hid, "garage")

    def insert(clip_id: str, stamp: int) -> None:
        clip = Clip(clip_id, "garage", NOW, 1.0, ())
        store.clips.insert(hid, camera, clip, ClipFiles(f"{hid}/{clip_id}.mp4", f"{hid}/{clip_id}.jpg"), stamp)

    t0 = int(NOW.timestamp()) + 100
    position = store.feed.start(hid, t0)
    insert("a" * 16, t0 + 5)
    clips, position = store.feed.since(hid, position, t0 + 6)
    assert [c.id for c in clips] == ["a" * 16]
    insert("b" * 16, t0 + 3)  # stamped before "a", visible only now
    insert("c" * 16, t0 + 7)
    clips, position = store.feed.since(hid, position, t0 + 8)
    assert [c.id for c in clips] == ["b" * 16, "c" * 16]
    clips, position = store.feed.since(hid, position, t0 + 8 + SETTLE_S * 3)
    assert clips == [] and position.seen == frozenset()


def test_a_burst_is_handed_out_in_pages_and_the_cursor_stays_short(demo):
    store, hid = demo.store, demo.household.id
    camera = store.cameras.row_id(hid, "driveway")
    t0 = int(NOW.timestamp()) + 100
    position = store.feed.start(hid, t0)
    ids = [f"{i:016x}" for i in range(MAX_SEEN + 30)]
    for clip_id in ids:
        store.clips.insert(
            hid,
            camera,
            Clip(clip_id, "driveway", NOW, 1.0, ()),
            ClipFiles(f"{hid}/{clip_id}.mp4", f"{hid}/{clip_id}.jpg"),
            t0 + 1,
        )
    handed: list[str] = []
    for _ in range(4):
        clips, position = store.feed.since(hid, position, t0 + 1, limit=100)
        handed += [c.id for c in clips]
        assert len(position.encode()) < 3000  # it travels in a URL
        assert FeedPosition.decode(position.encode()) == position
    assert handed == ids


def test_a_waiting_request_returns_when_a_clip_arrives(app, demo, serve, mp4_file, tmp_path, clock):
    clock.advance(60)
    base = serve(app)

    def get(path: str) -> dict:
        request = urllib.request.Request(base + path, headers=demo.headers)
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)

    cursor = get("/api/clips/feed")["cursor"]
    empty = get(f"/api/clips/feed?cursor={cursor}&wait=1")
    assert empty["clips"] == []

    def ingest_soon() -> None:
        # Kept: the clip must arrive while the request below already waits for one; the server shows no sign of
        # waiting to wait on. (Not threading.Timer: its Event.wait never returns under libfaketime.)
        time.sleep(1.0)
        _ingest(demo, mp4_file, tmp_path, camera="backyard")

    later = threading.Thread(target=ingest_soon)
    later.start()
    try:
        got = get(f"/api/clips/feed?cursor={empty['cursor']}&wait=50")
    finally:
        later.join()
    assert [c["camera"] for c in got["clips"]] == ["backyard"]


def test_another_household_hears_nothing_of_the_new_clip(app, demo, clock, mp4_file, tmp_path):
    client = app.test_client()
    other, token = demo.store.households.create("Next door", "Europe/Berlin")
    demo.store.cameras.add(other.id, "Porch", slug="porch")
    theirs = {"Authorization": f"Bearer {token}"}
    clock.advance(60)
    cursor = _feed(client, theirs)["cursor"]
    mine = _ingest(demo, mp4_file, tmp_path)
    got = _feed(client, theirs, cursor=cursor)
    assert got["clips"] == [] and mine.id not in json.dumps(got)


@pytest.mark.parametrize(
    "params",
    [
        {"cursor": "not-a-cursor"},
        {"cursor": "MTIzOmFiYw"},
        {"wait": "56"},
        {"wait": "-1"},
        {"wait": "soon"},
        {"limit": "0"},
        {"limit": "101"},
    ],
)
def test_bad_parameters_are_refused_clearly(client, demo, params):
    response = client.get("/api/clips/feed", query_string=params, headers=demo.headers)
    assert response.status_code == 400 and response.json["error"]


def test_the_feed_and_today_need_a_token(client):
    for path in ("/api/clips/feed", "/api/clips/today"):
        response = client.get(path)
        assert response.status_code == 401 and response.is_json


def test_today_counts_the_household_s_calendar_day(client, demo, clock):
    body = client.get("/api/clips/today", headers=demo.headers).json
    assert body["date"] == "2026-11-24" and body["timezone"] == "America/New_York"  # 3 pm there
    start = datetime(2026, 11, 24, 5, tzinfo=UTC)  # midnight in New York
    day = ClipQuery(after=start, before=start + timedelta(days=1))
    assert body["count"] == demo.store.clips.count(demo.household.id, day) > 0
    assert sum(body["cameras"].values()) == body["count"]
    assert set(body["cameras"]) == {"front_door", "backyard", "garage", "living_room", "driveway"}
    clock.advance(10 * 3600)  # 1 am the next day in New York
    later = client.get("/api/clips/today", headers=demo.headers).json
    assert later["date"] == "2026-11-25" and later["count"] == 0
