"""The page in a real browser: Debian's Chromium driven by Playwright against a real server on 127.0.0.1.

One browser per test module; each test gets a fresh context and its own copy of the demo data. Screenshots of the
main pages go to artifacts/screenshots/ (gitignored) for people to look at.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from testkit.browser import wait_for

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (requirements-test.txt)")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 15_000


@pytest.fixture(scope="module")  # one Playwright at a time: other browser test modules start their own
def chromium() -> Iterator[sync_api.Browser]:
    """Debian's Chromium (never a downloaded one), headless."""
    if not os.access(CHROMIUM, os.X_OK):
        message = f"{CHROMIUM} is missing: run scripts/setup.sh --test as root (apt-get install chromium)"
        if os.environ.get("CI"):  # CI installs it: a missing browser there is a failure, not a skip
            pytest.fail(message)
        pytest.skip(message)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def server(web_app: Flask, serve) -> str:
    """The whole app on a real HTTP server in a thread; its base URL."""
    return serve(web_app)


def _page(chromium, viewport: dict) -> sync_api.Page:
    context = chromium.new_context(
        viewport=viewport, device_scale_factor=1, is_mobile=viewport is PHONE, has_touch=viewport is PHONE
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


def _sign_in(page, base: str, token: str) -> None:
    page.goto(f"{base}/")
    assert "/signin" in page.url
    page.get_by_text("Sign in with an access token instead").click()
    page.get_by_label("Access token").fill(token)
    page.get_by_role("button", name="Sign in with the token").click()
    page.wait_for_url(f"{base}/")


_wait_for = wait_for  # a promise evaluated in the page: the CSP forbids Playwright's eval-based polling


def _shot(page, name: str) -> None:
    """A full-page screenshot once every image (lazy ones too) has loaded."""
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(img => { img.loading = 'eager'; })")
    _wait_for(page, "[...document.images].every(img => img.complete)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_review_play_delete_undo_and_audit(chromium, server, web_demo):
    page = _page(chromium, DESKTOP)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    _sign_in(page, server, web_demo.token)

    # Filter to the front door with the keyboard-usable form.
    page.get_by_label("Camera").select_option("front_door")
    page.get_by_role("button", name="Show clips").click()
    page.wait_for_url(f"{server}/?camera=front_door")  # empty choices are left out of the address
    front = web_demo.clip_ids(camera="front_door")
    cards = page.locator("a.clip-card")
    assert cards.count() == len(front)
    assert cards.first.get_attribute("href").startswith(f"/clips/{front[0]}")

    # Play it (opened with the keyboard): the video element gets real frames, and seeking (Range) works.
    cards.first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/clips/{front[0]}**")
    assert page.get_by_role("heading", level=1).inner_text() == "Front Door"
    page.evaluate("() => { const v = document.querySelector('video'); v.muted = true; return v.play(); }")
    _wait_for(page, "document.querySelector('video').readyState >= 2")
    seeked = page.evaluate("""() => new Promise((resolve) => {
        const v = document.querySelector('video');
        v.addEventListener('seeked', () => resolve(v.currentTime), {once: true});
        v.currentTime = Math.min(1.0, v.duration / 2);
    })""")
    assert seeked > 0

    # Delete it with the keyboard (a confirmation dialog first, focus on the safe choice), see it gone, then undo.
    page.get_by_role("link", name="Delete…").focus()
    page.keyboard.press("Enter")
    dialog = page.locator("#delete-dialog")
    assert dialog.is_visible()
    assert page.evaluate("document.activeElement.textContent.trim()") == "Keep it"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Delete clip"
    page.keyboard.press("Enter")
    page.wait_for_url("**/?camera=front_door")
    assert page.locator(f'a.clip-card[href^="/clips/{front[0]}"]').count() == 0
    assert page.locator("a.clip-card").count() == len(front) - 1
    assert "Deleted the front door clip" in page.locator(".undo-bar").inner_text()
    _shot(page, "clips-after-delete-desktop")
    page.get_by_role("button", name="Undo").click()
    page.wait_for_load_state()
    assert "Restored 1 clip" in page.locator(".notices").inner_text()
    assert page.locator(f'a.clip-card[href^="/clips/{front[0]}"]').count() == 1

    # The access log names who opened and played it, through the web page.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Access log").click()
    rows = page.locator("table.log tbody tr")
    opened = rows.filter(has_text="Opened the clip").first
    assert "Owner" in opened.inner_text() and "Web page" in opened.inner_text()
    assert rows.filter(has_text="Played the video").count() >= 1
    assert rows.filter(has_text="Restored").count() == 1
    assert not errors, errors
    page.context.close()


def test_screenshots_of_the_main_pages(chromium, server, web_demo):
    clip_id = web_demo.clip_ids(camera="front_door")[0]
    web_demo.store.shares.create(web_demo.household.id, clip_id, channel="voice", actor="owner")
    web_demo.store.cameras.update(web_demo.household.id, "garage", recording=False)  # show privacy mode too
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = _page(chromium, viewport)
        _sign_in(page, server, web_demo.token)
        _shot(page, f"clips-{name}")
        page.goto(f"{server}/clips/{clip_id}")
        _wait_for(page, "document.querySelector('video').readyState >= 1")
        _shot(page, f"player-{name}")
        if name == "desktop":
            page.get_by_role("link", name="Share with support…").click()
            page.screenshot(path=str(SHOTS / "share-dialog-desktop.png"))
            page.keyboard.press("Escape")
            page.goto(f"{server}/access")
            _shot(page, "access-desktop")
            page.goto(f"{server}/cameras")
            _shot(page, "cameras-desktop")
            page.goto(f"{server}/settings")
            _shot(page, "settings-desktop")
        else:
            page.goto(f"{server}/access")
            _shot(page, "access-phone")
            page.goto(f"{server}/cameras")
            _shot(page, "cameras-phone")
        page.context.close()
    signin = _page(chromium, PHONE)
    signin.goto(f"{server}/signin")
    _shot(signin, "signin-phone")
    signin.context.close()
    assert (SHOTS / "clips-desktop.png").stat().st_size > 10_000


def test_owner_adds_a_member_who_signs_in_and_sees_only_their_camera(chromium, server, web_demo):
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
