"""Members on the page, in real Chromium: the owner adds a member; the member chooses a password through their
one-time link, signs in, and sees only their cameras; the owner finds the member's viewing named in the access
log. And the same rules for the page's plain requests."""
from __future__ import annotations

import re

import pytest
from test_web_browser import DESKTOP, _page, _sign_in, chromium, server  # noqa: F401 - fixtures

from clipstore import Caller, ClipQuery


def test_owner_adds_a_member_who_signs_in_and_sees_only_their_camera(chromium, server, web_demo):  # noqa: F811
    owner = _page(chromium, DESKTOP)
    _sign_in(owner, server, web_demo.token)
    owner.goto(f"{server}/members")
    form = owner.locator("#add-member")
    form.get_by_label("Name").fill("Sam")
    form.get_by_label("Role").select_option("child")
    form.get_by_label("Every camera").uncheck()
    form.get_by_label("Garage").check()
    form.get_by_role("button", name="Add").click()
    link = owner.locator("#password-link").input_value()
    assert "/welcome/" in link
    assert owner.locator("#member-token").input_value()

    sam = _page(chromium, DESKTOP)
    sam.goto(link)
    sam.get_by_label("Password (at least 10 characters)").fill("correct horse battery")
    sam.get_by_label("The same password again").fill("correct horse battery")
    sam.get_by_role("button", name="Save and sign in").click()
    sam.wait_for_url(f"{server}/")
    cameras = {c.strip() for c in sam.locator("select#f-camera option").all_inner_texts()} - {"All cameras"}
    assert cameras == {"Garage"}
    assert "Members" not in sam.locator("nav.mainnav").inner_text()
    sam.locator("a[href^='/clips/']").first.click()
    sam.wait_for_url(re.compile(r".*/clips/[0-9a-f]{16}.*"))
    sam.context.close()

    again = _page(chromium, DESKTOP)  # the link worked once; the password works from now on
    again.goto(link)
    assert "used or has expired" in again.content()
    again.goto(f"{server}/signin")
    again.get_by_label("Your name").fill("Sam")
    again.get_by_label("Password").fill("correct horse battery")
    again.get_by_role("button", name="Sign in", exact=True).click()
    again.wait_for_url(f"{server}/")
    again.context.close()

    owner.goto(f"{server}/access")
    opened = owner.locator("table.log tbody tr", has_text="Opened the clip").first
    assert "Sam" in opened.inner_text() and "Web page" in opened.inner_text() and "Garage" in opened.inner_text()
    owner.context.close()


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
    token = web_demo.store.home(Caller(web_demo.household.id, "owner", "api")).members.add(
        "Sam", "adult", ["garage"]).token
    client = web_app.test_client()
    csrf = page_csrf(client.get("/signin").text)
    assert client.post("/signin", data={"token": token, "csrf_token": csrf}).status_code == 302
    return SignedIn(client, page_csrf(client.get("/").text))


def test_a_member_s_pages_hold_only_their_cameras(sam, web_demo):
    hid = web_demo.household.id
    other = web_demo.store.clips.page(hid, ClipQuery(camera="front_door"), limit=1)[0][0]
    for path in (f"/clips/{other.id}", f"/clips/{other.id}/video.mp4", f"/clips/{other.id}/thumbnail.jpg",
                 f"/clips/{other.id}/delete", f"/clips/{other.id}/share", "/cameras/front_door/remove"):
        assert sam.get(path).status_code == 404, path
    assert sam.post(f"/clips/{other.id}/delete").status_code == 404
    assert sam.get("/members").status_code == 403
    assert sam.post("/settings", {"retention_days": "3", "timezone": "UTC"}).status_code == 403
    listing = sam.get("/?camera=").text
    assert other.id not in listing and "Front Door" not in listing
