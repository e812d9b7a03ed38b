"""GET /api/labels: which labels each camera's sources can give (so an answer can tell "no" from "can't tell")."""

from __future__ import annotations

from clipstore import LABELS
from clipstore.demo import DEMO_CAMERAS

DETECTOR = "nanodet-g/human-models-3.0.4"


def note(demo, camera: str, source: str, labels: tuple[str, ...], at: int) -> None:
    store = demo.store
    store.label_sources.note_can_tell(store.cameras.row_id(demo.household.id, camera), source, labels, at)


def test_every_camera_with_its_sources_and_what_they_can_tell(client, demo):
    note(demo, "garage", "hog-people", ("person",), 100)
    note(demo, "garage", DETECTOR, ("vehicle", "person", "animal"), 200)
    note(demo, "front_door", "frigate", ("person", "package"), 150)
    response = client.get("/api/labels", headers=demo.headers)
    assert response.status_code == 200
    assert response.json["labels"] == list(LABELS)
    cameras = {c["camera"]: c for c in response.json["cameras"]}
    assert list(cameras) == [slug for slug, _, _ in DEMO_CAMERAS]
    assert cameras["garage"] == {
        "camera": "garage",
        "can_tell": ["person", "animal", "vehicle"],
        "sources": [
            {"source": DETECTOR, "labels": ["person", "animal", "vehicle"]},  # newest first
            {"source": "hog-people", "labels": ["person"]},
        ],
    }
    assert cameras["front_door"]["can_tell"] == ["person", "package"]
    assert cameras["driveway"] == {"camera": "driveway", "can_tell": None, "sources": []}  # nobody said: unknown


def test_another_household_sees_none_of_it_and_a_token_is_needed(client, demo):
    note(demo, "garage", DETECTOR, ("person",), 100)
    other, token = demo.store.households.create("Other home", "Europe/Paris")
    assert client.get("/api/labels").status_code == 401
    response = client.get("/api/labels", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and response.json["cameras"] == []
    demo.store.cameras.add(other.id, "Garage")  # the same camera id in another household
    demo.store.label_sources.note_can_tell(demo.store.cameras.row_id(other.id, "garage"), "frigate", ("package",), 300)
    mine = {c["camera"]: c for c in client.get("/api/labels", headers=demo.headers).json["cameras"]}
    assert mine["garage"]["can_tell"] == ["person"]


def test_documented(client):
    doc = client.get("/api/openapi.json").json
    schema = doc["paths"]["/api/labels"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/LabelCoverage"}
    camera = doc["components"]["schemas"]["LabelCoverage"]["properties"]["cameras"]["items"]
    assert camera["properties"]["can_tell"]["nullable"] is True
