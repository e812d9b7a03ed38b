"""Every response that carries a clip's bytes is audited, whatever the request looks like (Range, If-Range)."""

from __future__ import annotations

import pytest

from clipstore import Caller, ClipQuery
from skill.app import create_app


@pytest.fixture
def app(homes, clock):
    application = create_app(homes.data_dir, config={"TESTING": True}, clock=clock)
    yield application
    application.extensions["clipstore"].close()


def _urls(client, homes, clip):
    """(url, headers, channel, actor, action) of every way to fetch the clip's video or thumbnail."""
    api = {"Authorization": f"Bearer {homes.a_token}"}
    listed = client.get(f"/api/clips?ids={clip.id}&camera={clip.camera}", headers=api).json["clips"]
    signed = client.get(f"/api/clips/{clip.id}", headers=api).json
    share = client.post(f"/api/clips/{clip.id}/shares", json={"consent": True}, headers=api).json
    assert listed and share["url"]
    page = homes.store.home(Caller(homes.a.id, "owner", "api")).members.add("Page", "owner").token  # another member
    web = client.application.test_client()
    web.get("/signin")
    with web.session_transaction() as session:
        csrf = session["csrf"]
    assert web.post("/signin", data={"token": page, "csrf_token": csrf}).status_code == 302
    return [
        (client, signed["video_url"], {}, "api", "owner", "play"),  # signed for the member who listed it
        (client, signed["thumbnail_url"], {}, "api", "owner", "thumbnail"),
        (client, f"/api/clips/{clip.id}/video", api, "api", "owner", "play"),
        (client, f"/api/clips/{clip.id}/thumbnail", api, "api", "owner", "thumbnail"),
        (web, f"/clips/{clip.id}/video.mp4", {}, "web", "page", "play"),
        (web, f"/clips/{clip.id}/thumbnail.jpg", {}, "web", "page", "thumbnail"),
        (client, share["url"], {}, "share", f"share:{share['id']}", "share_open"),
    ]


@pytest.mark.parametrize("trick", ["failed If-Range", "suffix range", "mid-file range"])
def test_every_way_of_fetching_bytes_is_audited(app, homes, clock, trick):
    client = app.test_client()
    clip = homes.store.clips.page(homes.a.id, ClipQuery(camera="garage"), limit=1)[0][0]
    files = homes.store.clips.files(homes.a.id, clip.id)
    sizes = {kind: homes.store.media.open(getattr(files, kind)).size for kind in ("video", "thumbnail")}
    for who, url, headers, channel, actor, action in _urls(client, homes, clip):
        clock.advance(200)  # past the coalescing window: each fetch below must write its own entry
        before = len(homes.store.audit.events(homes.a.id, clip_id=clip.id, limit=1000))
        tricks = {
            "failed If-Range": {"Range": "bytes=5-", "If-Range": '"x"'},
            "suffix range": {"Range": f"bytes=-{sizes['thumbnail' if action == 'thumbnail' else 'video']}"},
            "mid-file range": {"Range": "bytes=100-199"},
        }
        response = who.get(url, headers={**headers, **tricks[trick]})
        assert response.status_code in (200, 206) and response.data, (url, response.status_code)
        events = homes.store.audit.events(homes.a.id, clip_id=clip.id, limit=1000)
        assert len(events) == before + 1, (url, trick)
        assert (events[0].channel, events[0].actor, events[0].action) == (channel, actor, action), url


def test_the_confirmation_pages_that_show_a_clip_are_views(app, homes):
    web = app.test_client()
    web.get("/signin")
    with web.session_transaction() as session:
        csrf = session["csrf"]
    web.post("/signin", data={"token": homes.a_token, "csrf_token": csrf})
    clip = homes.store.clips.page(homes.a.id, ClipQuery(camera="driveway"), limit=1)[0][0]
    for page in ("delete", "share"):
        assert web.get(f"/clips/{clip.id}/{page}").status_code == 200
    views = homes.store.audit.events(homes.a.id, clip_id=clip.id, action="view")
    assert [(e.channel, e.actor) for e in views] == [("web", "owner"), ("web", "owner")]


def test_a_second_viewer_within_the_window_gets_an_entry_of_its_own(app, homes, clock):
    api = {"Authorization": f"Bearer {homes.a_token}"}
    client = app.test_client()
    clip = homes.store.clips.page(homes.a.id, ClipQuery(camera="backyard"), limit=1)[0][0]
    url = client.get(f"/api/clips/{clip.id}", headers=api).json["video_url"]
    for address in ("192.0.2.10", "192.0.2.10", "198.51.100.7"):  # one player twice, then someone else
        played = client.get(url, headers={"Range": "bytes=0-99"}, environ_base={"REMOTE_ADDR": address})
        assert played.status_code == 206
    plays = homes.store.audit.events(homes.a.id, clip_id=clip.id, action="play")
    assert sorted(e.detail["client"] for e in plays) == ["192.0.2.10", "198.51.100.7"]
