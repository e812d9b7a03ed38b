"""Free phrasing, round 2, over POST /api/intent on a real server: a change said in other words is still only
asked about, and speech not meant for us that uses our verbs changes nothing."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests
from pinned import NOW, TZ

from clipstore import ClipQuery, ClipStore
from skill.app import create_app


@pytest.fixture
def server(data_dir, serve, clock):
    """(base URL, a session with the demo token, the store) of a real server over a copy of the demo."""
    app = create_app(data_dir, clock=clock)
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {(data_dir / 'demo-token').read_text().strip()}"
    store = ClipStore(data_dir, clock=clock)
    yield serve(app), session, store
    store.close()
    app.extensions["clipstore"].close()


def _yesterday(camera: str) -> ClipQuery:
    day = NOW.astimezone(ZoneInfo(TZ)).date() - timedelta(days=1)
    start = datetime.combine(day, time(), ZoneInfo(TZ))
    return ClipQuery(camera=camera, after=start, before=start + timedelta(days=1))


def test_a_delete_in_other_words_asks_and_only_a_yes_deletes(server):
    base, http, store = server
    hh = store.households.all()[0]
    total = store.clips.count(hh.id, ClipQuery())
    wanted = store.clips.count(hh.id, _yesterday("driveway"))
    assert wanted > 0
    said = "um would you mind chucking out the driveway videos from yesterday"
    asked = http.post(f"{base}/api/intent", json={"text": said}).json()
    assert asked["intent"] == "DeleteClips" and asked["expect_reply"] is True
    assert asked["speech"].startswith(f"Delete {wanted} clip") and "driveway" in asked["speech"]
    assert store.clips.count(hh.id, ClipQuery()) == total  # asking changes nothing
    no = http.post(f"{base}/api/intent", json={"text": "no", "session": asked["session"]}).json()
    assert no["intent"] == "No" and store.clips.count(hh.id, ClipQuery()) == total
    again = http.post(f"{base}/api/intent", json={"text": "scrap the driveway clips from yesterday"}).json()
    assert again["expect_reply"] is True and store.clips.count(hh.id, ClipQuery()) == total
    yes = http.post(f"{base}/api/intent", json={"text": "yes", "session": again["session"]}).json()
    assert yes["speech"].startswith(f"Done. I deleted {wanted} clip")
    assert store.clips.count(hh.id, ClipQuery()) == total - wanted
    back = http.post(
        f"{base}/api/intent", json={"text": "retrieve the clips i just trashed", "session": yes["session"]}
    )
    assert back.json()["intent"] == "RestoreClips" and store.clips.count(hh.id, ClipQuery()) == total


@pytest.mark.parametrize(
    "text",
    [
        "dump the trash in the garage",
        "toss the salad",
        "keep it down",
        "hold on to the railing",
        "so delete my email",
        "okay so switch the kettle on",
        "nuke the leftovers for two minutes",
    ],
)
def test_chatter_with_our_verbs_changes_nothing(server, text):
    base, http, store = server
    hh = store.households.all()[0]
    total = store.clips.count(hh.id, ClipQuery())
    recording = {c.id: c.recording for c in store.cameras.all(hh.id)}
    answer = http.post(f"{base}/api/intent", json={"text": text}).json()
    assert answer["intent"] is None, answer
    sure = http.post(f"{base}/api/intent", json={"text": "yes", "session": answer["session"]}).json()
    assert sure["speech"] == "There's nothing waiting for a yes right now."
    assert store.clips.count(hh.id, ClipQuery()) == total
    assert {c.id: c.recording for c in store.cameras.all(hh.id)} == recording


@pytest.mark.parametrize(
    "text",
    [
        "turning off the garage camera sounds bad",
        "turn off the garage camera sounds bad",
        "keeping clips for a week sounds bad",
        "videos kept for a year sounds creepy",
    ],
)
def test_chatter_about_cameras_and_keeping_changes_no_setting(server, text):
    """Chatter that holds a command's words is not understood, or only asked about ("Did you mean ...?"): the
    cameras keep recording and retention stays until someone says yes."""
    base, http, store = server
    hh = store.households.all()[0]
    recording = {c.id: c.recording for c in store.cameras.all(hh.id)}
    answer = http.post(f"{base}/api/intent", json={"text": text}).json()
    assert answer["intent"] is None, answer
    assert answer["speech"].startswith(("Did you mean", "Sorry")), answer["speech"]
    assert {c.id: c.recording for c in store.cameras.all(hh.id)} == recording
    assert store.households.all()[0].retention_days == hh.retention_days
