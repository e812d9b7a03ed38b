"""The cameras API keeps a camera's stream source and shows it with the password masked."""

from __future__ import annotations

import pytest
from stream_secrets import SECRET_FORMS

from clipstore.sources import redact

URL = "rtsp://admin:Hunter2pw@127.0.0.1:9/Streaming/Channels/101"


def test_cameras_api_shows_sources_masked(client, demo):
    headers = demo.headers
    response = client.post("/api/cameras", json={"name": "Shed", "source": URL}, headers=headers)
    assert response.status_code == 201 and response.json["source"] == redact(URL)
    listed = {c["id"]: c for c in client.get("/api/cameras", headers=headers).json["cameras"]}
    assert listed["shed"]["source"] == redact(URL) and listed["shed"]["recorder"] is None
    assert "source" not in listed["garage"]
    assert (
        client.patch("/api/cameras/garage", json={"source": "rtsp://cam2.local/live"}, headers=headers).json["source"]
        == "rtsp://cam2.local/live"
    )
    assert "source" not in client.patch("/api/cameras/garage", json={"source": ""}, headers=headers).json
    for bad in ({"source": "file:///etc/passwd"}, {"source": 5}, {"source": "rtsp://"}):
        response = client.patch("/api/cameras/garage", json=bad, headers=headers)
        assert response.status_code == 400 and response.json["error"]
    assert demo.store.cameras.source(demo.household.id, "garage") is None
    assert "Hunter2pw" not in client.get("/api/audit?limit=1000", headers=headers).text


@pytest.mark.parametrize("url", SECRET_FORMS)
def test_no_form_of_stream_secret_is_shown_or_audited(client, demo, url):
    """Issue 18: the PATCH answer, the camera list, the audit entry and the cameras page show the stream as
    scheme, host, port and path, with nothing that could be its secret."""
    headers = demo.headers
    changed = client.patch("/api/cameras/garage", json={"source": url}, headers=headers)
    assert changed.status_code == 200 and changed.json["source"] == redact(url)
    assert demo.store.cameras.source(demo.household.id, "garage") == url  # kept for the recorder
    added = client.post("/api/cameras", json={"name": "Shed", "source": url}, headers=headers)
    assert added.status_code == 201
    listed = client.get("/api/cameras", headers=headers).text
    audited = client.get("/api/audit?limit=1000", headers=headers).text
    page = client.application.test_client()
    csrf = page.get("/signin").text.split('name="csrf_token" value="')[1].split('"')[0]
    assert page.post("/signin", data={"token": demo.token, "csrf_token": csrf}).status_code == 302
    cameras_page = page.get("/cameras").text
    assert "192.168.1.30" in cameras_page
    for text in (changed.text, added.text, listed, audited, cameras_page):
        assert "XmPw0rd9" not in text and "admin:" not in text and "user=admin" not in text
