"""A member limited to one camera sees and changes nothing of the household's other cameras, on every route of
the OpenAPI document: another camera's clip, share or stream is 404 as for another household, and what the
member's role does not allow is 403. The store's one door is what every route goes through."""

from __future__ import annotations

import io

from backends import media_keys

from clipstore import Caller, ClipQuery
from clipstore.media import render_demo_clip
from skill.app import create_app

SEEN = "front_door"


def others(homes) -> dict:
    """Everything of the household outside the member's camera: must not change, must not leak."""
    store, hid = homes.store, homes.a.id
    clips = [c for c in store.clips.page(hid, ClipQuery(), limit=500)[0] if c.camera != SEEN]
    return {
        "clips": [c.to_dict() for c in clips],
        "cameras": [c.to_dict() for c in store.cameras.all(hid) if c.id != SEEN],
        "household": store.households.get(hid).to_dict(),
        "shares": [s.to_dict() for s in store.shares.active(hid)],
        "files": sorted(
            k
            for k in media_keys(store)
            if k.startswith(f"{hid}/") and k.split("/")[1].split(".")[0] in {c.id for c in clips}
        ),
        "members": [m.to_dict() for m in store.members.all(hid) if m.id != "kim"],
        "alexa_links": [link.to_dict() for link in store.alexa_links.all(hid, include_revoked=True)],
        "voice_code": store.voice_codes.status(hid).to_dict(),
    }


def test_a_member_limited_to_one_camera_reaches_nothing_else_on_any_route(homes, tmp_path):
    store, hid = homes.store, homes.a.id
    owner = store.home(Caller(hid, "owner", "api"))
    kim = owner.members.add("Kim", "adult", [SEEN])
    owner.cameras.add("Secret Shed", slug="secret_shed")
    garage = store.clips.page(hid, ClipQuery(camera="garage"), limit=1)[0][0]
    share = owner.shares.create(garage.id)
    link = store.alexa_links.create(
        hid, client_id="alexa", actor="owner", scope="voice", access_token="A" * 40, refresh_token="R" * 40
    )
    store.voice_codes.set(hid, "1357")
    hidden_ids = {c.id for c in store.clips.page(hid, ClipQuery(), limit=500)[0] if c.camera != SEEN}
    own = store.clips.count(hid, ClipQuery(camera=SEEN))
    params = {
        "clip_id": garage.id,
        "camera_id": "garage",
        "share_id": share.id,
        "link_id": link.id,
        "member_id": "owner",
    }
    video = tmp_path / "k.mp4"
    render_demo_clip(video, caption="k", seconds=1.0)
    extra = {
        ("post", "/api/clips/{clip_id}/shares"): {"json": {"consent": True}},
        ("patch", "/api/cameras/{camera_id}"): {"json": {"recording": False}},
        ("post", "/api/cameras"): {"json": {"name": "Kim's Shed"}},
        ("patch", "/api/household"): {"json": {"retention_days": 3, "confirm": True}},
        ("post", "/api/intent"): {"json": {"text": "how many clips from the garage today"}},
        ("put", "/api/household/voice-code"): {"json": {"code": "2468"}},
        ("post", "/api/household/voice-code/check"): {"json": {"code": "1357"}},
        ("post", "/api/members"): {"json": {"name": "Lee"}},
        ("patch", "/api/members/{member_id}"): {"json": {"role": "child"}},
        ("post", "/api/clips"): {
            "data": {"camera": "garage", "file": (io.BytesIO(video.read_bytes()), "k.mp4")},
            "content_type": "multipart/form-data",
        },
    }
    before = others(homes)
    app = create_app(homes.data_dir)
    try:
        client = app.test_client()
        headers = {"Authorization": f"Bearer {kim.token}"}
        doc = client.get("/api/openapi.json").json
        covered = set()
        for template, operations in doc["paths"].items():
            for method in operations:
                if method not in ("get", "post", "patch", "put", "delete"):
                    continue
                covered.add((method, template))
                query = "?all=true" if (method, template) == ("delete", "/api/clips") else ""
                query = "?confirm=true" if (method, template) == ("delete", "/api/cameras/{camera_id}") else query
                response = client.open(
                    template.format(**params) + query,
                    method=method.upper(),
                    headers=headers,
                    **extra.get((method, template), {}),
                )
                status, text = response.status_code, response.get_data(as_text=True)
                assert status < 500, (method, template, status)
                if template.startswith("/api/members") or (method, template) in {
                    ("post", "/api/cameras"),
                    ("patch", "/api/household"),
                    ("put", "/api/household/voice-code"),
                    ("delete", "/api/household/voice-code"),
                }:
                    assert status in (200, 403), (method, template, status)  # an adult may not manage
                    if method != "get":
                        assert status == 403 and response.is_json, (method, template)
                elif "{" in template or (method, template) == ("post", "/api/clips"):
                    assert status == 404 and response.is_json and "error" in response.json, (method, template, status)
                assert not any(clip_id in text for clip_id in hidden_ids), (method, template, "leaks a clip")
                assert "secret_shed" not in text and share.id not in text, (method, template)
                assert link.id not in text, (method, template)
                if (method, template) == ("post", "/api/tokens/rotate"):
                    headers = {"Authorization": f"Bearer {response.json['token']}"}
        assert {
            (m, p) for p, ops in doc["paths"].items() for m in ops if m in ("get", "post", "patch", "put", "delete")
        } == covered
        assert len(covered) >= 25
        assert others(homes) == before
        # what the member could do, they did to their own camera only: "delete every clip" took the front door's
        # (and the undo route brought them back)
        deleted = [e.detail["count"] for e in store.audit.events(hid, action="delete") if e.actor == "kim"]
        assert deleted == [own] and own > 0
    finally:
        app.extensions["clipstore"].close()


def test_a_member_sees_only_their_cameras_in_lists_counts_and_the_access_log(homes):
    store, hid = homes.store, homes.a.id
    owner = store.home(Caller(hid, "owner", "api"))
    kim = store.home(Caller.of(hid, owner.members.add("Kim", "child", [SEEN]).member, "api"))
    garage = owner.clips.view(store.clips.page(hid, ClipQuery(camera="garage"), limit=1)[0][0].id)
    assert [c.id for c in kim.cameras.all()] == [SEEN]
    clips, _ = kim.clips.page(ClipQuery(), limit=500)
    assert clips and {c.camera for c in clips} == {SEEN}
    assert kim.clips.count(ClipQuery()) == store.clips.count(hid, ClipQuery(camera=SEEN))
    for event in kim.log.events(limit=500):
        assert event.camera in (SEEN, None) or event.actor == "kim"
    assert all(e.clip_id != garage.id for e in kim.log.events(limit=500))
