"""Members on the page: a member's pages hold only their cameras, and what their role doesn't allow is refused.
(The whole flow in real Chromium is in test_web_browser.py.)"""

from __future__ import annotations

import pytest

from clipstore import Caller, ClipQuery


class SignedIn:
    """A test client signed in as a member, posting with the session's CSRF token."""

    def __init__(self, client, csrf: str) -> None:
        self.client, self.csrf = client, csrf

    def get(self, path: str):
        return self.client.get(path)

    def post(self, path: str, data: dict | None = None):
        return self.client.post(path, data={**(data or {}), "csrf_token": self.csrf})


@pytest.fixture
def sam(web_app, web_demo, page_csrf):
    token = (
        web_demo.store.home(Caller(web_demo.household.id, "owner", "api")).members.add("Sam", "adult", ["garage"]).token
    )
    client = web_app.test_client()
    csrf = page_csrf(client.get("/signin").text)
    assert client.post("/signin", data={"token": token, "csrf_token": csrf}).status_code == 302
    return SignedIn(client, page_csrf(client.get("/").text))


def test_a_member_s_pages_hold_only_their_cameras(sam, web_demo):
    hid = web_demo.household.id
    other = web_demo.store.clips.page(hid, ClipQuery(camera="front_door"), limit=1)[0][0]
    for path in (
        f"/clips/{other.id}",
        f"/clips/{other.id}/video.mp4",
        f"/clips/{other.id}/thumbnail.jpg",
        f"/clips/{other.id}/delete",
        f"/clips/{other.id}/share",
        "/cameras/front_door/remove",
    ):
        assert sam.get(path).status_code == 404, path
    assert sam.post(f"/clips/{other.id}/delete").status_code == 404
    assert sam.get("/members").status_code == 403
    assert sam.post("/settings", {"retention_days": "3", "timezone": "UTC"}).status_code == 403
    listing = sam.get("/?camera=").text
    assert other.id not in listing and "Front Door" not in listing
