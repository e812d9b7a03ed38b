"""The cameras API keeps a camera's stream source and shows it with the password masked."""
from __future__ import annotations

from clipstore.sources import redact

URL = "rtsp://admin:Hunter2pw@127.0.0.1:9/Streaming/Channels/101"


def test_cameras_api_shows_sources_masked(client, demo):
    headers = demo.headers
    response = client.post("/api/cameras", json={"name": "Shed", "source": URL}, headers=headers)
    assert response.status_code == 201 and response.json["source"] == redact(URL)
    listed = {c["id"]: c for c in client.get("/api/cameras", headers=headers).json["cameras"]}
    assert listed["shed"]["source"] == redact(URL) and listed["shed"]["recorder"] is None
    assert "source" not in listed["garage"]
    assert client.patch("/api/cameras/garage", json={"source": "rtsp://cam2.local/live"},
                        headers=headers).json["source"] == "rtsp://cam2.local/live"
    assert "source" not in client.patch("/api/cameras/garage", json={"source": ""}, headers=headers).json
    for bad in ({"source": "file:///etc/passwd"}, {"source": 5}, {"source": "rtsp://"}):
        response = client.patch("/api/cameras/garage", json=bad, headers=headers)
        assert response.status_code == 400 and response.json["error"]
    assert demo.store.cameras.source(demo.household.id, "garage") is None
    assert "Hunter2pw" not in client.get("/api/audit?limit=1000", headers=headers).text
