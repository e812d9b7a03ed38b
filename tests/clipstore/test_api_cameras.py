"""Camera and household-settings routes."""

from __future__ import annotations

from datetime import UTC

import pytest

from clipstore import ClipQuery
from clipstore.demo import DEMO_CAMERAS


def test_list_cameras(client, demo):
    response = client.get("/api/cameras", headers=demo.headers)
    assert response.status_code == 200
    cameras = response.json["cameras"]
    assert [c["id"] for c in cameras] == [slug for slug, _, _ in DEMO_CAMERAS]
    assert cameras[0] == {
        "id": "front_door",
        "name": "Front Door",
        "recording": True,
        "synonyms": ["front porch", "porch", "doorbell", "entrance", "door"],
    }


def test_add_camera(client, demo):
    response = client.post("/api/cameras", json={"name": "Nursery", "synonyms": ["baby room"]}, headers=demo.headers)
    assert response.status_code == 201
    assert response.json == {"id": "nursery", "name": "Nursery", "synonyms": ["baby room"], "recording": True}
    response = client.post("/api/cameras", json={"name": "Side Gate", "id": "gate2"}, headers=demo.headers)
    assert response.status_code == 201 and response.json["id"] == "gate2"
    ids = [c["id"] for c in client.get("/api/cameras", headers=demo.headers).json["cameras"]]
    assert ids[-2:] == ["nursery", "gate2"]
    assert demo.store.audit.events(demo.household.id, action="camera_add")[0].camera == "gate2"


@pytest.mark.parametrize(
    "body",
    [
        {"name": "Garage"},  # duplicate id
        {"name": ""},
        {"name": 5},
        {"name": "<script>"},
        {"name": "Attic", "id": "Not A Slug"},
        {"name": "Attic", "id": 7},
        {"name": "Attic", "synonyms": "loft"},
        {"name": "Attic", "recording": "yes"},
        {"name": "Attic", "colour": "red"},
        {"name": None},
        {},
        [],
        "Attic",
        3,
    ],
)
def test_add_camera_rejects_bad_bodies(client, demo, body):
    before = client.get("/api/cameras", headers=demo.headers).json
    response = client.post("/api/cameras", json=body, headers=demo.headers)
    assert response.status_code == 400 and response.json["error"]
    assert client.get("/api/cameras", headers=demo.headers).json == before


def test_non_json_body_is_400(client, demo):
    for data, content_type in (
        ("name=x", "application/x-www-form-urlencoded"),
        ("{nope", "application/json"),
        ("", "application/json"),
    ):
        response = client.post("/api/cameras", data=data, content_type=content_type, headers=demo.headers)
        assert response.status_code == 400 and response.json["error"]


def test_patch_camera(client, demo):
    response = client.patch(
        "/api/cameras/garage", json={"recording": False, "synonyms": ["car port"]}, headers=demo.headers
    )
    assert response.status_code == 200
    assert response.json == {"id": "garage", "name": "Garage", "synonyms": ["car port"], "recording": False}
    response = client.patch("/api/cameras/garage", json={"name": "Big Garage"}, headers=demo.headers)
    assert response.json["name"] == "Big Garage" and response.json["recording"] is False
    events = demo.store.audit.events(demo.household.id, action="camera_update")
    assert [e.detail for e in events] == [{"name": "Big Garage"}, {"recording": False, "synonyms": ["car port"]}]


@pytest.mark.parametrize(
    "body,status",
    [
        ({}, 400),
        ({"recording": "off"}, 400),
        ({"recording": None}, 400),
        ({"id": "x"}, 400),
        ({"synonyms": [1]}, 400),
        ([], 400),
    ],
)
def test_patch_camera_rejects_bad_bodies(client, demo, body, status):
    response = client.patch("/api/cameras/garage", json=body, headers=demo.headers)
    assert response.status_code == status and response.json["error"]
    assert demo.store.cameras.get(demo.household.id, "garage").recording is True


def test_patch_unknown_camera_is_404(client, demo):
    response = client.patch("/api/cameras/attic", json={"recording": False}, headers=demo.headers)
    assert response.status_code == 404 and response.json["error"]


def test_household(client, demo):
    response = client.get("/api/household", headers=demo.headers)
    assert response.status_code == 200
    assert response.json == {"name": "Demo home", "timezone": "America/New_York", "retention_days": 30}
    response = client.patch(
        "/api/household", json={"retention_days": 7, "timezone": "Europe/Paris"}, headers=demo.headers
    )
    assert response.json == {"name": "Demo home", "timezone": "Europe/Paris", "retention_days": 7, "trashed": 0}
    assert client.get("/api/household", headers=demo.headers).json["retention_days"] == 7
    assert demo.store.audit.events(demo.household.id, action="settings")[0].detail == {
        "retention_days": 7,
        "timezone": "Europe/Paris",
    }


@pytest.mark.parametrize(
    "body",
    [
        {"retention_days": 0},
        {"retention_days": 100000},
        {"retention_days": "7"},
        {"retention_days": True},
        {"retention_days": 7.5},
        {"timezone": "Mars/Olympus"},
        {"timezone": ""},
        {"name": "Castle"},
        {},
        ["x"],
        {"confirm": True},
        {"retention_days": 1, "confirm": "yes"},
        {"timezone": "Europe/" + "x" * 1000},
        {"retention_days": 1, "confirm": True, "timezone": "Mars/Olympus"},
    ],
)
def test_household_rejects_bad_settings(client, demo, body):
    response = client.patch("/api/household", json=body, headers=demo.headers)
    assert response.status_code == 400 and response.json["error"]
    assert client.get("/api/household", headers=demo.headers).json["retention_days"] == 30


def test_audit_log(client, demo):
    clips = client.get("/api/clips?camera=garage&limit=2", headers=demo.headers).json["clips"]
    client.get(f"/api/clips/{clips[0]['id']}", headers=demo.headers)
    client.get(clips[1]["video_url"])
    client.patch("/api/cameras/backyard", json={"recording": False}, headers=demo.headers)
    events = client.get("/api/audit", headers=demo.headers).json["events"]
    assert [(e["action"], e["actor"], e["camera"]) for e in events] == [
        ("camera_update", "owner", "backyard"),
        ("play", "owner", "garage"),
        ("view", "owner", "garage"),
        ("list", "owner", "garage"),
    ]
    assert events[3]["detail"] == {"clip_ids": [c["id"] for c in clips]}
    assert events[1]["clip_id"] == clips[1]["id"] and events[0]["at"].endswith("Z")
    garage = client.get("/api/audit?camera=garage&limit=1", headers=demo.headers).json["events"]
    assert [e["action"] for e in garage] == ["play"]
    empty = client.get("/api/audit?after=2000-01-01T00:00:00Z&before=2001-01-01T00:00:00Z", headers=demo.headers)
    head = demo.store.audit.head(demo.household.id)
    assert empty.json == {"events": [], "chain": {"entries": head.entries, "head": head.hash}}
    for bad in ("limit=0", "limit=1001", "after=yesterday", "before=2026-01-01T00:00:00"):
        response = client.get(f"/api/audit?{bad}", headers=demo.headers)
        assert response.status_code == 400 and response.json["error"]


def test_shortening_retention_asks_first_then_trashes_with_undo(client, demo):
    hid, everything = demo.household.id, demo.store.clips.count(demo.household.id, ClipQuery())
    older = demo.store.clips.count(hid, demo.store.retention_preview(hid, 1))
    assert 0 < older < everything
    refused = client.patch("/api/household", json={"retention_days": 1}, headers=demo.headers)
    assert refused.status_code == 409
    assert refused.json["count"] == older and refused.json["confirm"] is True
    assert f"deletes {older} clips older than 1 day" in refused.json["error"]
    assert '"confirm": true' in refused.json["error"]
    assert client.get("/api/household", headers=demo.headers).json["retention_days"] == 30  # nothing changed
    assert demo.store.clips.count(hid, ClipQuery()) == everything
    demo.store.purge(now=demo.store.now() + 3600)  # and the janitor finds nothing to erase
    assert demo.store.clips.count(hid, ClipQuery()) == everything

    done = client.patch("/api/household", json={"retention_days": 1, "confirm": True}, headers=demo.headers)
    assert done.status_code == 200 and done.json["retention_days"] == 1 and done.json["trashed"] == older
    assert demo.store.clips.count(hid, ClipQuery()) == everything - older
    demo.store.purge()  # within the undo window nothing is erased, even past the new retention
    undo = client.post("/api/clips/restore", headers=demo.headers)
    assert undo.json == {"restored": older, "retention_days": 30}
    assert client.get("/api/household", headers=demo.headers).json["retention_days"] == 30
    assert demo.store.clips.count(hid, ClipQuery()) == everything


def test_a_clip_at_the_edge_of_the_new_retention_is_asked_about_and_stays_restorable(
    client, demo, clock, mp4_file, tmp_path
):
    """Issue 18: a clip 30 s younger than the new limit was purged 50 s after a change that asked nothing, and
    undo brought back nothing. What goes within the undo window is counted, asked about, and restorable."""
    import shutil
    from datetime import datetime

    store = demo.store
    household, token = store.households.create("Edge", "UTC", 30)
    store.cameras.add(household.id, "Porch")
    edge = datetime.fromtimestamp(clock() - 3 * 86400 + 30, UTC)
    shutil.copy(mp4_file, tmp_path / "edge.mp4")
    clip = store.ingest(household.id, "porch", tmp_path / "edge.mp4", started_at=edge)
    headers = {"Authorization": f"Bearer {token}"}

    asked = client.patch("/api/household", json={"retention_days": 3}, headers=headers)
    assert asked.status_code == 409 and asked.json["count"] == 1  # not "200, nothing trashed"
    assert client.get("/api/household", headers=headers).json["retention_days"] == 30
    done = client.patch("/api/household", json={"retention_days": 3, "confirm": True}, headers=headers)
    assert done.status_code == 200 and done.json["trashed"] == 1
    clock.advance(50)
    store.purge()  # the janitor, 50 s later: the clip is past the new limit now, but in the undo window
    undo = client.post("/api/clips/restore", headers=headers)
    assert undo.status_code == 200 and undo.json == {"restored": 1, "retention_days": 30}
    assert store.clips.get(household.id, clip.id).id == clip.id


def test_lengthening_retention_or_losing_nothing_needs_no_confirmation(client, demo):
    assert client.patch("/api/household", json={"retention_days": 90}, headers=demo.headers).json["trashed"] == 0
    assert client.patch("/api/household", json={"retention_days": 5}, headers=demo.headers).status_code == 200
