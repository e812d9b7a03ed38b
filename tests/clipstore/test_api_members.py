"""`/api/members` (the owner's), `POST /api/tokens/rotate`, `DELETE /api/cameras/ID` (docs/interface.md §3)."""

from __future__ import annotations

from clipstore import ClipQuery


def test_the_owner_adds_changes_and_removes_members(client, demo):
    added = client.post(
        "/api/members", json={"name": "Sam", "role": "adult", "cameras": ["garage"]}, headers=demo.headers
    )
    assert added.status_code == 201
    body = added.json
    assert {k: body[k] for k in ("id", "name", "role", "cameras")} == {
        "id": "sam",
        "name": "Sam",
        "role": "adult",
        "cameras": ["garage"],
    }
    assert body["token"] and "/welcome/" in body["password_link"]
    sam = {"Authorization": f"Bearer {body['token']}"}
    assert [c["id"] for c in client.get("/api/cameras", headers=sam).json["cameras"]] == ["garage"]
    assert {c["camera"] for c in client.get("/api/clips?limit=100", headers=sam).json["clips"]} == {"garage"}
    assert client.get("/api/members", headers=sam).json["members"][0]["id"] == "sam"  # only themselves
    assert client.post("/api/members", json={"name": "Lee"}, headers=sam).status_code == 403
    changed = client.patch("/api/members/sam", json={"cameras": None, "role": "child"}, headers=demo.headers)
    assert changed.status_code == 200 and changed.json["cameras"] is None and changed.json["role"] == "child"
    clip = client.get("/api/clips?camera=front_door&limit=1", headers=sam).json["clips"][0]
    refused = client.delete(f"/api/clips/{clip['id']}", headers=sam)
    assert refused.status_code == 403 and "child" in refused.json["error"]
    assert client.get(f"/api/clips/{clip['id']}", headers=demo.headers).status_code == 200
    assert client.post("/api/members", json={"name": "Sam"}, headers=demo.headers).status_code == 409
    assert client.post("/api/members", json={"name": "Vi", "role": "guest"}, headers=demo.headers).status_code == 400
    assert client.delete("/api/members/sam", headers=demo.headers).status_code == 200
    assert client.get("/api/cameras", headers=sam).status_code == 401
    assert client.delete("/api/members/owner", headers=demo.headers).status_code == 400  # not oneself
    actions = [e.action for e in demo.store.audit.events(demo.household.id) if e.action.startswith("member_")]
    assert actions == ["member_remove", "member_update", "member_add"]


def test_a_token_rotates_and_the_old_one_stops_at_once(client, demo):
    rotated = client.post("/api/tokens/rotate", headers=demo.headers)
    assert rotated.status_code == 200 and rotated.json["token"] != demo.token
    assert client.get("/api/household", headers=demo.headers).status_code == 401
    assert client.get("/api/household", headers={"Authorization": f"Bearer {rotated.json['token']}"}).status_code == 200


def test_removing_a_camera_is_asked_about_and_undone(client, demo):
    count = demo.store.clips.count(demo.household.id, ClipQuery(camera="driveway"))
    asked = client.delete("/api/cameras/driveway", headers=demo.headers)
    assert asked.status_code == 409 and asked.json["count"] == count and asked.json["confirm"] is True
    assert "driveway" in [c["id"] for c in client.get("/api/cameras", headers=demo.headers).json["cameras"]]
    done = client.delete("/api/cameras/driveway?confirm=true", headers=demo.headers)
    assert done.status_code == 200 and done.json == {"deleted": count}
    assert client.get("/api/clips?camera=driveway", headers=demo.headers).status_code == 404
    assert client.post("/api/clips/restore", headers=demo.headers).json["restored"] == count
    assert client.get("/api/clips?camera=driveway", headers=demo.headers).status_code == 200
