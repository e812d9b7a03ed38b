"""Clip API: listing, filters, details, media, delete, upload and signed links."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import parse_qs, urlsplit

import pytest
from pinned import NOW

from clipstore import LABELS, ClipQuery
from skill.api.signing import sign_media
from skill.app import create_app

CLIP_KEYS = {"id", "camera", "started_at", "duration_s", "labels", "video_url", "thumbnail_url"}


def _all_clips(client, headers, **params) -> list[dict]:
    clips, cursor = [], None
    while True:
        query = dict(params, limit=7, **({"cursor": cursor} if cursor else {}))
        body = client.get("/api/clips", query_string=query, headers=headers).json
        clips += body["clips"]
        cursor = body["next"]
        if cursor is None:
            return clips


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_list_shape_and_order(client, demo):
    response = client.get("/api/clips", headers=demo.headers)
    assert response.status_code == 200
    body = response.json
    assert set(body) == {"clips", "next"}
    assert body["clips"] and set(body["clips"][0]) >= CLIP_KEYS
    starts = [c["started_at"] for c in body["clips"]]
    assert starts == sorted(starts, reverse=True)
    assert body["clips"][0]["video_url"].startswith("http://localhost/media/clips/")
    assert body["clips"][0]["started_at"].endswith("Z")


def test_paging_covers_every_clip_once(client, demo):
    clips = _all_clips(client, demo.headers)
    ids = [c["id"] for c in clips]
    assert len(ids) == len(set(ids)) == demo.store.clips.count(demo.household.id, ClipQuery())
    assert client.get("/api/clips/count", headers=demo.headers).json == {"count": len(ids)}


def test_filters(client, demo):
    everything = _all_clips(client, demo.headers)
    for label in LABELS:
        got = _all_clips(client, demo.headers, label=label)
        assert {c["id"] for c in got} == {c["id"] for c in everything if label in c["labels"]}
        count = client.get("/api/clips/count", query_string={"label": label}, headers=demo.headers).json
        assert count == {"count": len(got)}
    got = _all_clips(client, demo.headers, camera="garage")
    assert got and all(c["camera"] == "garage" for c in got)
    middle = sorted(c["started_at"] for c in everything)[len(everything) // 2]
    later = _all_clips(client, demo.headers, after=middle)
    earlier = _all_clips(client, demo.headers, before=middle)
    assert all(c["started_at"] >= middle for c in later) and all(c["started_at"] < middle for c in earlier)
    assert len(later) + len(earlier) == len(everything)


def test_offsets_and_lost_plus_sign(client, demo):
    everything = _all_clips(client, demo.headers)
    newest = datetime.fromisoformat(everything[0]["started_at"].replace("Z", "+00:00"))
    after = (newest - timedelta(seconds=1)).astimezone(timezone(timedelta(hours=2))).isoformat()
    body = client.get("/api/clips", query_string={"after": after}, headers=demo.headers).json
    assert [c["id"] for c in body["clips"]] == [everything[0]["id"]]
    # An unencoded '+' arrives as a space; it is understood rather than refused.
    raw = f"/api/clips?after={after.replace('+', '%20')}"
    assert client.get(raw, headers=demo.headers).json["clips"] == body["clips"]


@pytest.mark.parametrize(
    "query",
    [
        "after=yesterday",
        "after=2026-11-24T10:00:00",
        "before=2026-11-24",
        "after=2026-13-01T00:00:00Z",
        "after=2026-11-24T10:00:00Z&before=2026-11-24T09:00:00Z",
        "after=2026-11-24T10:00:00Z&before=2026-11-24T10:00:00Z",
        "limit=0",
        "limit=501",
        "limit=abc",
        "limit=-1",
        "limit=1.5",
        "label=ghost",
        "cursor=bm9wZQ",
        "cursor=!!!",
        "camera=garage&camera=backyard",
    ],
)
def test_bad_filters_are_400_and_change_nothing(client, demo, query):
    before = demo.store.clips.count(demo.household.id, ClipQuery())
    for method, path in (("GET", "/api/clips"), ("GET", "/api/clips/count"), ("DELETE", "/api/clips")):
        if ("limit" in query or "cursor" in query) and (path != "/api/clips" or method != "GET"):
            continue
        response = client.open(f"{path}?{query}", method=method, headers=demo.headers)
        assert response.status_code == 400, (method, path, response.json)
        assert isinstance(response.json["error"], str) and response.json["error"]
    assert demo.store.clips.count(demo.household.id, ClipQuery()) == before


def test_unknown_camera_is_404(client, demo):
    for method, path in (("GET", "/api/clips"), ("GET", "/api/clips/count"), ("DELETE", "/api/clips")):
        response = client.open(f"{path}?camera=attic", method=method, headers=demo.headers)
        assert response.status_code == 404 and "attic" in response.json["error"]


def test_clip_details_and_audit(client, demo):
    clip = client.get("/api/clips?limit=1", headers=demo.headers).json["clips"][0]
    response = client.get(f"/api/clips/{clip['id']}", headers=demo.headers)
    assert response.status_code == 200
    assert {k: v for k, v in response.json.items() if "url" not in k} == {
        k: v for k, v in clip.items() if "url" not in k
    }
    events = demo.store.audit.events(demo.household.id, clip_id=clip["id"])
    assert [(e.action, e.channel, e.actor) for e in events] == [("view", "api", "owner")]


@pytest.mark.parametrize("suffix", ["", "/video", "/thumbnail"])
@pytest.mark.parametrize("clip_id", ["0123456789abcdef", "nope", "..%2F..%2Fclips.sqlite3"])
def test_unknown_clip_is_404_json(client, demo, clip_id, suffix):
    response = client.get(f"/api/clips/{clip_id}{suffix}", headers=demo.headers)
    assert response.status_code == 404
    assert response.is_json and response.json["error"]


def test_video_thumbnail_and_ranges(client, demo, clock):
    clip_id = client.get("/api/clips?limit=1", headers=demo.headers).json["clips"][0]["id"]
    video = client.get(f"/api/clips/{clip_id}/video", headers=demo.headers)
    assert video.status_code == 200 and video.mimetype == "video/mp4"
    assert video.headers["ETag"] and video.headers["Accept-Ranges"] == "bytes"
    assert video.data[4:8] == b"ftyp"
    part = client.get(f"/api/clips/{clip_id}/video", headers={**demo.headers, "Range": "bytes=0-99"})
    assert part.status_code == 206 and part.data == video.data[:100]
    assert part.headers["Content-Range"] == f"bytes 0-99/{len(video.data)}"
    again = client.get(f"/api/clips/{clip_id}/video", headers={**demo.headers, "If-None-Match": video.headers["ETag"]})
    assert again.status_code == 304
    bad = client.get(f"/api/clips/{clip_id}/video", headers={**demo.headers, "Range": f"bytes={10**9}-"})
    assert bad.status_code == 416 and bad.is_json and bad.headers["Content-Range"] == f"bytes */{len(video.data)}"
    thumb = client.get(f"/api/clips/{clip_id}/thumbnail", headers=demo.headers)
    assert thumb.status_code == 200 and thumb.mimetype == "image/jpeg" and thumb.data[:2] == b"\xff\xd8"
    seek = client.get(f"/api/clips/{clip_id}/video", headers={**demo.headers, "Range": "bytes=100-"})
    assert seek.status_code == 206
    actions = [e.action for e in demo.store.audit.events(demo.household.id, clip_id=clip_id)]
    assert sorted(actions) == ["play", "thumbnail"]  # one player's requests within the window are one viewing
    clock.advance(121)
    assert client.get(f"/api/clips/{clip_id}/video", headers={**demo.headers, "Range": "bytes=100-"}).status_code == 206
    actions = [e.action for e in demo.store.audit.events(demo.household.id, clip_id=clip_id)]
    assert sorted(actions) == ["play", "play", "thumbnail"]  # a later seek is a viewing of its own


def test_delete_one(client, demo, media_files):
    clip_id = client.get("/api/clips?limit=1", headers=demo.headers).json["clips"][0]["id"]
    files_before = media_files(demo.store)
    assert f"{demo.household.id}/{clip_id}.mp4" in files_before
    response = client.delete(f"/api/clips/{clip_id}", headers=demo.headers)
    assert response.status_code == 200 and response.json == {"deleted": 1}
    assert media_files(demo.store) == files_before  # in the trash: restorable for the grace period
    demo.store.purge(now=demo.store.now() + demo.store.trash_grace_s + 1)
    assert files_before - media_files(demo.store) == {
        f"{demo.household.id}/{clip_id}.mp4",
        f"{demo.household.id}/{clip_id}.jpg",
    }
    assert client.get(f"/api/clips/{clip_id}", headers=demo.headers).status_code == 404
    assert client.delete(f"/api/clips/{clip_id}", headers=demo.headers).status_code == 404
    assert [e.action for e in demo.store.audit.events(demo.household.id, clip_id=clip_id)] == ["delete"]


def test_delete_by_filter(client, demo, media_files):
    garage = _all_clips(client, demo.headers, camera="garage")
    total = demo.store.clips.count(demo.household.id, ClipQuery())
    response = client.delete("/api/clips?camera=garage", headers=demo.headers)
    assert response.status_code == 200 and response.json == {"deleted": len(garage)}
    assert client.get("/api/clips/count?camera=garage", headers=demo.headers).json == {"count": 0}
    assert demo.store.clips.count(demo.household.id, ClipQuery()) == total - len(garage)
    demo.store.purge(now=demo.store.now() + demo.store.trash_grace_s + 1)
    remaining = media_files(demo.store)
    assert not any(clip["id"] in name for clip in garage for name in remaining)
    assert len(remaining) == 2 * (total - len(garage))
    event = demo.store.audit.events(demo.household.id, action="delete")[0]
    assert event.detail == {"count": len(garage), "filter": {"camera": "garage"}} and event.camera == "garage"


def test_delete_without_filter_needs_all(client, demo, media_files):
    total = demo.store.clips.count(demo.household.id, ClipQuery())
    for query in ("", "?limit=5", "?camera=", "?all=false", "?all=maybe"):
        response = client.delete(f"/api/clips{query}", headers=demo.headers)
        assert response.status_code == 400 and response.json["error"]
    assert demo.store.clips.count(demo.household.id, ClipQuery()) == total
    response = client.delete("/api/clips?all=true", headers=demo.headers)
    assert response.json == {"deleted": total}
    demo.store.purge(now=demo.store.now() + demo.store.trash_grace_s + 1)
    assert media_files(demo.store) == set()


def _upload(client, headers, data: bytes, **fields):
    form = {"file": (io.BytesIO(data), "clip.mp4"), **fields}
    return client.post("/api/clips", data=form, headers=headers, content_type="multipart/form-data")


def test_upload(client, demo, mp4_file, media_files):
    started = _iso(NOW - timedelta(minutes=3))
    response = _upload(
        client, demo.headers, mp4_file.read_bytes(), camera="garage", started_at=started, labels="vehicle, person"
    )
    assert response.status_code == 201, response.json
    clip = response.json
    assert clip["camera"] == "garage" and clip["started_at"] == started
    assert clip["labels"] == ["vehicle", "person"] and clip["duration_s"] > 0
    assert response.headers["Location"].endswith(f"/api/clips/{clip['id']}")
    assert {f"{demo.household.id}/{clip['id']}.mp4", f"{demo.household.id}/{clip['id']}.jpg"} <= media_files(demo.store)
    assert client.get(clip["video_url"]).data == mp4_file.read_bytes()
    assert list((demo.data_dir / "incoming").iterdir()) == []
    assert demo.store.audit.events(demo.household.id, clip_id=clip["id"])[-1].action == "ingest"


@pytest.mark.parametrize(
    "data,fields,status",
    [
        (b"this is not a video", {"camera": "garage"}, 400),
        (b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 200, {"camera": "garage"}, 400),
        (None, {"camera": "garage"}, 400),
        ("mp4", {}, 400),
        ("mp4", {"camera": "attic"}, 404),
        ("mp4", {"camera": "garage", "labels": "person,ghost"}, 400),
        ("mp4", {"camera": "garage", "started_at": "2026-11-24T10:00:00"}, 400),
        ("mp4", {"camera": "garage", "started_at": "soon"}, 400),
        ("mp4", {"camera": "garage", "started_at": _iso(NOW + timedelta(days=1))}, 400),
    ],
)
def test_bad_upload_stores_nothing(client, demo, mp4_file, media_files, data, fields, status):
    files_before = media_files(demo.store)
    count_before = demo.store.clips.count(demo.household.id, ClipQuery())
    if data is None:
        response = client.post("/api/clips", data=fields, headers=demo.headers, content_type="multipart/form-data")
    else:
        payload = mp4_file.read_bytes() if data == "mp4" else data
        response = _upload(client, demo.headers, payload, **fields)
    assert response.status_code == status and response.json["error"]
    assert media_files(demo.store) == files_before
    assert demo.store.clips.count(demo.household.id, ClipQuery()) == count_before
    incoming = demo.data_dir / "incoming"
    assert not incoming.exists() or list(incoming.iterdir()) == []


def test_upload_to_camera_in_privacy_mode_is_409(client, demo, mp4_file):
    assert client.patch("/api/cameras/garage", json={"recording": False}, headers=demo.headers).status_code == 200
    response = _upload(client, demo.headers, mp4_file.read_bytes(), camera="garage")
    assert response.status_code == 409 and "privacy" in response.json["error"]


def test_upload_too_large_is_413_json(demo, mp4_file):
    app = create_app(demo.data_dir, config={"TESTING": True, "MAX_CONTENT_LENGTH": 1000})
    response = _upload(app.test_client(), demo.headers, mp4_file.read_bytes(), camera="garage")
    assert response.status_code == 413 and response.json["error"]
    app.extensions["clipstore"].close()


def test_signed_links(client, demo):
    clip = client.get("/api/clips?limit=1", headers=demo.headers).json["clips"][0]
    video = client.get(clip["video_url"])  # no token
    assert video.status_code == 200 and video.mimetype == "video/mp4"
    assert client.get(clip["video_url"], headers={"Range": "bytes=0-9"}).status_code == 206
    thumb = client.get(clip["thumbnail_url"])
    assert thumb.status_code == 200 and thumb.mimetype == "image/jpeg"
    events = demo.store.audit.events(demo.household.id, clip_id=clip["id"])
    # a signed link names the member and channel it was made for: its plays are theirs
    assert {(e.action, e.actor, e.channel) for e in events} == {("play", "owner", "api"), ("thumbnail", "owner", "api")}

    url = urlsplit(clip["video_url"])
    exp, sig = parse_qs(url.query)["exp"][0], parse_qs(url.query)["sig"][0]
    secret = demo.store.secret_key()
    past = int(demo.store.now()) - 10
    forged = [
        f"{url.path}?exp={exp}&sig={'0' * len(sig)}",
        f"{url.path}?exp={int(exp) + 1}&sig={sig}",
        f"{url.path}?exp={exp}",
        url.path,
        f"/media/clips/{clip['id']}/thumbnail?exp={exp}&sig={sig}",  # a video signature for the thumbnail
        f"{url.path}?exp={past}&m=owner&c=api&sig={sign_media(secret, 'video', clip['id'], past)}",  # expired
        f"{url.path}?exp=soon&sig={sig}",
        f"{url.path}?exp={exp}&m=sam&c=api&sig={sig}",  # the owner's signature for another member
        f"{url.path}?exp={exp}&m=owner&c=alexa&sig={sig}",  # ... or another channel
    ]
    for link in forged:
        response = client.get(link)
        assert response.status_code == 403 and response.is_json, link
    assert client.delete(f"/api/clips/{clip['id']}", headers=demo.headers).status_code == 200
    assert client.get(clip["video_url"]).status_code == 404


def test_public_url_and_ttl(demo, clock):
    app = create_app(
        demo.data_dir,
        public_url="https://clips.example.org/",
        config={"TESTING": True, "MEDIA_URL_TTL": 60},
        clock=clock,
    )
    clip = app.test_client().get("/api/clips?limit=1", headers=demo.headers).json["clips"][0]
    assert clip["video_url"].startswith(f"https://clips.example.org/media/clips/{clip['id']}/video?")
    exp = int(parse_qs(urlsplit(clip["video_url"]).query)["exp"][0])
    assert exp - clock() == 60
    app.extensions["clipstore"].close()


def test_errors_are_json(demo):
    app = create_app(demo.data_dir, config={"TESTING": True})

    @app.get("/api/test-boom")
    def boom():  # pragma: no cover - raises
        raise RuntimeError("secret detail")

    client = app.test_client()
    response = client.get("/api/test-boom", headers=demo.headers)
    assert response.status_code == 500 and response.json == {"error": "internal error"}
    response = client.get("/api/no-such-route", headers=demo.headers)
    assert response.status_code == 404 and response.json["error"]
    response = client.put("/api/clips", headers=demo.headers)
    assert response.status_code == 405 and response.json["error"] and "GET" in response.headers["Allow"]
    assert client.get("/media/clips/x/other").is_json
    app.extensions["clipstore"].close()


def test_missing_media_file_is_404(client, demo):
    clip_id = client.get("/api/clips?limit=1", headers=demo.headers).json["clips"][0]["id"]
    demo.store.media.delete([f"{demo.household.id}/{clip_id}.mp4"])
    response = client.get(f"/api/clips/{clip_id}/video", headers=demo.headers)
    assert response.status_code == 404 and response.is_json


def test_oldest_first(client, demo):
    everything = _all_clips(client, demo.headers, camera="backyard")
    body = client.get("/api/clips?camera=backyard&order=oldest&limit=3", headers=demo.headers).json
    assert [c["id"] for c in body["clips"]] == [c["id"] for c in reversed(everything)][:3]
    assert body["next"] is None
    assert (
        client.get("/api/clips?order=newest&limit=2", headers=demo.headers).json["clips"]
        == client.get("/api/clips?limit=2", headers=demo.headers).json["clips"]
    )
    for bad in ("order=random", "order=oldest&cursor=abc"):
        assert client.get(f"/api/clips?{bad}", headers=demo.headers).status_code == 400
