"""Bearer-token authentication and household isolation."""

from __future__ import annotations

import re

import pytest

from clipstore import ClipQuery
from clipstore.media import render_demo_clip


@pytest.fixture
def other(demo, tmp_path):
    """A second household with one camera and one clip: (household, token, clip)."""
    household, token = demo.store.households.create("Neighbours", "Europe/London")
    demo.store.cameras.add(household.id, "Shed")
    video = tmp_path / "shed.mp4"
    render_demo_clip(video, caption="shed", seconds=1.0)
    clip = demo.store.ingest(household.id, "shed", video)
    return household, token, clip


def _token_routes(app) -> list[tuple[str, str]]:
    """(method, url) of every clip-API route that needs a token, with placeholder arguments."""
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith(("clips.", "cameras.")):
            continue
        url = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", "0123456789abcdef", rule.rule)
        routes += [(m, url) for m in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return routes


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "Bearer",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "bearer nonsense",
        "Bearer abc.def",
        "Bearer 000000000000.wrongsecret",
        "Bearer " + "x" * 500,
    ],
)
def test_every_route_refuses_missing_or_bad_tokens(app, client, demo, header):
    total = demo.store.clips.count(demo.household.id, ClipQuery())
    headers = {} if header is None else {"Authorization": header}
    routes = _token_routes(app)
    assert len(routes) >= 10
    for method, url in routes:
        response = client.open(url, method=method, headers=headers, json={"name": "x"})
        assert response.status_code == 401, (method, url)
        assert response.json["error"]
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.delete("/api/clips?all=true", headers=headers).status_code == 401
    assert demo.store.clips.count(demo.household.id, ClipQuery()) == total


def test_wrong_secret_for_real_lookup(client, demo):
    lookup = demo.token.split(".")[0]
    response = client.get("/api/clips", headers={"Authorization": f"Bearer {lookup}.not-the-secret"})
    assert response.status_code == 401 and "invalid_token" in response.headers["WWW-Authenticate"]


def test_scheme_is_case_insensitive(client, demo):
    assert client.get("/api/household", headers={"Authorization": f"bearer {demo.token}"}).status_code == 200


def test_household_sees_only_its_own(client, demo, other):
    household, token, clip = other
    mine = {"Authorization": f"Bearer {demo.token}"}
    theirs = {"Authorization": f"Bearer {token}"}
    for suffix in ("", "/video", "/thumbnail"):
        response = client.get(f"/api/clips/{clip.id}{suffix}", headers=mine)
        assert response.status_code == 404 and response.json["error"]
    assert client.delete(f"/api/clips/{clip.id}", headers=mine).status_code == 404
    assert client.get("/api/clips?camera=shed", headers=mine).status_code == 404
    assert client.patch("/api/cameras/shed", json={"recording": False}, headers=mine).status_code == 404
    listed = client.get("/api/clips?limit=500", headers=mine).json["clips"]
    assert clip.id not in {c["id"] for c in listed}
    client.delete("/api/clips?all=true", headers=mine)
    assert demo.store.clips.get(household.id, clip.id) == clip
    body = client.get("/api/clips", headers=theirs).json
    assert [c["id"] for c in body["clips"]] == [clip.id]
    assert client.get("/api/household", headers=theirs).json["name"] == "Neighbours"
    assert [c["id"] for c in client.get("/api/cameras", headers=theirs).json["cameras"]] == ["shed"]


def test_public_routes_need_no_token(client, demo):
    assert client.get("/api/openapi.json").status_code == 200
    clip = client.get("/api/clips?limit=1", headers=demo.headers).json["clips"][0]
    assert client.get(clip["thumbnail_url"]).status_code == 200
