"""POST /api/intent (docs/interface.md §3) on a real server, with today's demo data."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests
from backends import media_keys
from pinned import NOW, TZ

from clipstore import ClipQuery, ClipStore
from skill.app import create_app


@pytest.fixture
def server(data_dir, serve, clock):
    """(base URL, a session with the demo token, data directory) of a real server over a copy of the demo
    (seeded relative to the pinned clock, as `python -m skill --demo` does relative to its own)."""
    data = data_dir
    app = create_app(data, clock=clock)
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {(data / 'demo-token').read_text().strip()}"
    yield serve(app), session, data
    app.extensions["clipstore"].close()


def local_day(days_back: int = 0) -> ClipQuery:
    day = NOW.astimezone(ZoneInfo(TZ)).date() - timedelta(days=days_back)
    start = datetime.combine(day, time(), ZoneInfo(TZ))
    return ClipQuery(after=start, before=start + timedelta(days=1))


def test_delete_todays_recordings_round_trip(server, clock):
    base, http, data = server
    store = ClipStore(data, clock=clock)
    hh = store.households.all()[0]
    today = store.clips.page(hh.id, local_day(0), limit=500)[0]
    yesterday = store.clips.page(hh.id, local_day(1), limit=500)[0]
    first = http.post(f"{base}/api/intent", json={"text": "delete today's recordings"}).json()
    assert first["intent"] == "DeleteClips" and first["expect_reply"] is True
    assert first["speech"] == f"Delete {len(today)} clip{'s' if len(today) != 1 else ''} from today, from all cameras?"
    assert store.clips.count(hh.id, ClipQuery()) == len(today) + len(yesterday) + store.clips.count(
        hh.id, ClipQuery(before=local_day(1).after)
    )
    second = http.post(f"{base}/api/intent", json={"text": "yes", "session": first["session"]}).json()
    assert second["intent"] == "Yes"
    assert second["speech"].startswith(f"Done. I deleted {len(today)} clip")
    assert store.clips.count(hh.id, local_day(0)) == 0
    assert [c.id for c in store.clips.page(hh.id, local_day(1), limit=500)[0]] == [c.id for c in yesterday]
    store.purge(now=clock() + store.trash_grace_s + 1)  # the undo window is over: files go
    names = {key.split("/")[-1] for key in media_keys(store)}
    assert not any(name.startswith(c.id) for c in today for name in names)
    assert all(f"{c.id}.mp4" in names and f"{c.id}.jpg" in names for c in yesterday)


def test_intent_and_slots_form_and_display(server):
    base, http, _ = server
    answer = http.post(f"{base}/api/intent", json={"intent": "ShowClip", "slots": {"camera": "driveway"}}).json()
    assert set(answer) == {"intent", "slots", "speech", "display", "expect_reply", "session"}
    assert answer["display"]["clip_id"]
    video = requests.get(answer["display"]["video_url"], headers={"Range": "bytes=0-99"}, timeout=10)
    assert video.status_code == 206 and len(video.content) == 100
    assert requests.get(answer["display"]["thumbnail_url"], timeout=10).content[:2] == b"\xff\xd8"


def test_a_forged_session_confirms_nothing(server, clock):
    base, http, data = server
    store = ClipStore(data, clock=clock)
    hh = store.households.all()[0]
    total = store.clips.count(hh.id, ClipQuery())
    first = http.post(f"{base}/api/intent", json={"text": "delete all clips from yesterday"}).json()
    forged = first["session"][:-3] + ("AAA" if not first["session"].endswith("AAA") else "BBB")
    reply = http.post(f"{base}/api/intent", json={"text": "yes", "session": forged}).json()
    assert reply["speech"] == "There's nothing waiting for a yes right now."
    assert store.clips.count(hh.id, ClipQuery()) == total


@pytest.mark.parametrize(
    "body, status",
    [
        ({}, 400),
        ({"text": ""}, 400),
        ({"text": "x" * 501}, 400),
        ({"text": 5}, 400),
        ({"intent": "MakeCoffee"}, 400),
        ({"intent": "CountClips", "slots": ["camera"]}, 400),
        ({"intent": "CountClips", "slots": {"camera": {"id": 1}}}, 400),
        ({"text": "yes", "session": 7}, 400),
    ],
)
def test_bad_bodies_get_json_errors(server, body, status):
    base, http, _data = server
    response = http.post(f"{base}/api/intent", json=body)
    assert response.status_code == status
    assert "error" in response.json()


def test_not_json_and_no_token(server):
    base, http, _ = server
    assert http.post(f"{base}/api/intent", data="delete everything").status_code == 400
    anonymous = requests.post(f"{base}/api/intent", json={"text": "delete everything"}, timeout=10)
    assert anonymous.status_code == 401 and "error" in anonymous.json()


def test_a_question_expires_with_the_apps_clock(server, clock):
    base, http, data = server
    store = ClipStore(data, clock=clock)
    total = store.clips.count(store.households.all()[0].id, ClipQuery())
    first = http.post(f"{base}/api/intent", json={"text": "delete all clips from yesterday"}).json()
    clock.advance(601)  # the session lasts 10 minutes
    late = http.post(f"{base}/api/intent", json={"text": "yes", "session": first["session"]}).json()
    assert late["speech"] == "There's nothing waiting for a yes right now."
    assert store.clips.count(store.households.all()[0].id, ClipQuery()) == total
    store.close()


def test_references_and_second_stage_over_the_intent_api(server, clock):
    base, http, data = server
    store = ClipStore(data, clock=clock)
    hh = store.households.all()[0]
    front, _ = store.clips.page(
        hh.id, ClipQuery(camera="front_door", after=local_day(0).after, before=local_day(0).before)
    )
    listed = http.post(f"{base}/api/intent", json={"text": "what happened at the front door today"}).json()
    second = http.post(
        f"{base}/api/intent", json={"text": "show me the second one", "session": listed["session"]}
    ).json()
    assert second["display"]["clip_id"] == front[1].id
    # a phrasing no template has, read by the second stage: a change is only ever asked about
    asked = http.post(f"{base}/api/intent", json={"text": "recording stop for the garage"}).json()
    assert asked["intent"] is None and asked["speech"] == "Did you mean: stop recording the garage?"
    assert store.cameras.get(hh.id, "garage").recording
    done = http.post(f"{base}/api/intent", json={"text": "yes", "session": asked["session"]}).json()
    assert done["intent"] == "SetRecording" and not store.cameras.get(hh.id, "garage").recording
    sure = http.post(f"{base}/api/intent", json={"text": "recordings from the garage yesterday how many"}).json()
    assert sure["intent"] == "CountClips" and sure["slots"] == {"camera": "garage", "date": "2026-11-23"}


def test_honest_and_describing_answers_over_the_intent_api(server, clock):
    base, http, data = server
    store = ClipStore(data, clock=clock)
    hh = store.households.all()[0]
    for clip in store.clips.page(hh.id, ClipQuery(camera="garage", label="package"), limit=500)[0]:
        store.label_sources.correct(hh.id, clip.id, [x for x in clip.labels if x != "package"], int(clock()))
    store.label_sources.note_can_tell(
        store.cameras.row_id(hh.id, "garage"), "nanodet", ("person", "animal", "vehicle"), int(clock())
    )
    garage = store.clips.count(hh.id, ClipQuery(camera="garage", after=local_day(0).after, before=local_day(0).before))
    store.close()
    answer = http.post(f"{base}/api/intent", json={"text": "any packages at the garage today"}).json()
    assert answer["speech"] == f"The garage camera can't tell packages; it has {garage} clips today."
    assert answer["display"] is None and answer["expect_reply"] is False
    listed = http.post(f"{base}/api/intent", json={"text": "what happened at the garage today"}).json()
    assert listed["speech"].startswith(f"{garage} clips from the garage today")
    assert " with a " not in listed["speech"]  # each clip said as what was seen: 'a person at 7:49 am'
