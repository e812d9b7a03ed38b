"""Household B can neither see nor change household A's objects, on every route of the OpenAPI document."""

from __future__ import annotations

import io
import json

import pytest
from backends import media_keys

from clipstore import ClipQuery
from clipstore.media import render_demo_clip
from skill.app import create_app


@pytest.fixture
def app(homes):
    app = create_app(homes.data_dir)
    yield app
    app.extensions["clipstore"].close()


def snapshot(homes) -> dict:
    """Everything of A's that B must not be able to change."""
    store, hid = homes.store, homes.a.id
    return {
        "clips": [c.to_dict() for c in store.clips.page(hid, ClipQuery(), limit=500)[0]],
        "cameras": [c.to_dict() for c in store.cameras.all(hid)],
        "household": store.households.get(hid).to_dict(),
        "shares": [s.to_dict() for s in store.shares.active(hid)],
        "files": sorted(key for key in media_keys(store) if key.startswith(f"{hid}/")),
        "alexa_links": [link.to_dict() for link in store.alexa_links.all(hid, include_revoked=True)],
        "voice_code": store.voice_codes.status(hid).to_dict(),
        "members": [m.to_dict() for m in store.members.all(hid)],
    }


def bodies(tmp_path) -> dict:
    """A plausible request body for every operation that takes one (so only ownership can refuse it)."""
    video = tmp_path / "b.mp4"
    render_demo_clip(video, caption="b", seconds=1.0)
    return {
        ("post", "/api/clips/{clip_id}/shares"): {"json": {"consent": True}},
        ("patch", "/api/cameras/{camera_id}"): {"json": {"recording": False, "name": "Taken"}},
        ("post", "/api/cameras"): {"json": {"name": "Shed B"}},
        ("patch", "/api/household"): {"json": {"retention_days": 3}},
        ("post", "/api/intent"): {"json": {"text": "delete all clips"}},
        ("patch", "/api/members/{member_id}"): {"json": {"role": "child"}},
        ("post", "/api/members"): {"json": {"name": "Bea"}},
        ("put", "/api/household/voice-code"): {"json": {"code": "2468"}},
        ("post", "/api/household/voice-code/check"): {"json": {"code": "1357"}},
        ("post", "/api/clips"): {
            "data": {"camera": "secret_shed", "file": (io.BytesIO(video.read_bytes()), "b.mp4")},
            "content_type": "multipart/form-data",
        },
    }


def test_every_route_keeps_households_apart(homes, app, tmp_path):
    store = homes.store
    store.cameras.add(homes.a.id, "Secret Shed", slug="secret_shed")
    a_clip = store.clips.page(homes.a.id, ClipQuery(), limit=1)[0][0]
    a_share = store.shares.create(homes.a.id, a_clip.id, channel="api", actor="owner")
    a_link = store.alexa_links.create(
        homes.a.id, client_id="alexa", actor="owner", scope="voice", access_token="A" * 40, refresh_token="R" * 40
    )
    store.voice_codes.set(homes.a.id, "1357")
    a_member = store.members.add(homes.a.id, "Alice")
    params = {
        "clip_id": a_clip.id,
        "camera_id": "secret_shed",
        "share_id": a_share.id,
        "link_id": a_link.id,
        "member_id": a_member.id,
    }
    before = snapshot(homes)
    a_ids = {c["id"] for c in before["clips"]}
    client = app.test_client()
    headers = {"Authorization": f"Bearer {homes.b_token}"}
    doc = client.get("/api/openapi.json").json
    extra = bodies(tmp_path)
    covered = set()
    for template, operations in doc["paths"].items():
        for method in operations:
            if method not in ("get", "post", "patch", "put", "delete"):
                continue
            covered.add((method, template))
            path = template.format(**params)
            query = "?all=true" if (method, template) == ("delete", "/api/clips") else ""
            query = "?confirm=true" if (method, template) == ("delete", "/api/cameras/{camera_id}") else query
            response = client.open(
                path + query, method=method.upper(), headers=headers, **extra.get((method, template), {})
            )
            if "{" in template or (method, template) == ("post", "/api/clips"):  # the upload names A's camera
                assert response.status_code == 404, (method, template, response.status_code)
                assert response.is_json and "error" in response.json, (method, template)
            else:
                assert response.status_code < 500, (method, template)
                text = response.get_data(as_text=True)
                assert not any(clip_id in text for clip_id in a_ids), (method, template, "leaks A's clip ids")
                assert a_share.id not in text and "secret_shed" not in text, (method, template)
                assert a_link.id not in text and a_member.id not in text, (method, template)
            if (method, template) == ("post", "/api/tokens/rotate"):
                headers = {"Authorization": f"Bearer {response.json['token']}"}
    assert covered == {
        (m, p) for p, ops in doc["paths"].items() for m in ops if m in ("get", "post", "patch", "put", "delete")
    }
    assert len(covered) >= 20
    assert snapshot(homes) == before


def test_signed_links_of_a_are_not_b_s_to_forge(homes, app):
    client = app.test_client()
    a_clip = homes.store.clips.page(homes.a.id, ClipQuery(), limit=1)[0][0]
    for url in (
        f"/media/clips/{a_clip.id}/video",
        f"/media/clips/{a_clip.id}/video?exp=99999999999&sig=00",
        "/share/abc?exp=99999999999&sig=00",
    ):
        response = client.get(url)
        assert response.status_code == 403 and response.is_json


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_the_audit_log_is_append_only_through_the_api(homes, app, method):
    client = app.test_client()
    headers = {"Authorization": f"Bearer {homes.a_token}"}
    client.get(f"/api/clips/{homes.store.clips.page(homes.a.id, ClipQuery(), limit=1)[0][0].id}", headers=headers)
    before = json.dumps([e.to_dict() for e in homes.store.audit.events(homes.a.id)])
    response = client.open("/api/audit", method=method, headers=headers, json={"events": []})
    assert response.status_code == 405 and response.is_json
    assert json.dumps([e.to_dict() for e in homes.store.audit.events(homes.a.id)]) == before
