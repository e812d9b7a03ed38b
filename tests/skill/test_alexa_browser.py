"""Account linking end to end in real Chromium (Debian's, driven by Playwright) against a real server on 127.0.0.1.

Amazon is the one part that cannot be reached: route interception stands in for its redirect URI, and the test
exchanges the code at /alexa/token and sends the signed Alexa request as Amazon would. Everything else is real:
the page, its Content-Security-Policy (which once blocked the redirect in Chromium), the token endpoint, the
signature check, the settings page that unlinks.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests

from skill.alexa.handlers import LINK_SPEECH
from skill.app import create_app
from testkit.alexa_certs import signed_headers
from testkit.alexa_requests import SKILL_NOW, copy_demo, envelope, household_token

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
TIMEOUT_MS = 15_000
REDIRECT = "https://pitangui.amazon.com/api/skill/link/M2AAAAAAAAAAAA"
CLIENT = ("amzn1.application-oa2-client.test", "client-secret-for-the-browser-test")


@pytest.fixture(scope="module")
def chromium() -> Iterator[sync_api.Browser]:
    """Debian's Chromium (never a downloaded one), headless."""
    if not os.access(CHROMIUM, os.X_OK):
        message = f"{CHROMIUM} is missing: run scripts/setup.sh --test as root (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def server(tmp_path, clock, make_verifier, serve):
    data, _, _ = copy_demo(tmp_path / "data")
    verifier, _ = make_verifier()
    app = create_app(
        data,
        clock=clock,
        config={
            "ALEXA_VERIFIER": verifier,
            "ALEXA_CLOCK": lambda: SKILL_NOW,
            "ALEXA_SETTINGS_GET": lambda *a: None,
            "ALEXA_CLIENT_ID": CLIENT[0],
            "ALEXA_CLIENT_SECRET": CLIENT[1],
        },
    )
    yield serve(app)
    app.extensions["clipstore"].close()


def alexa_says(base: str, key, token: str) -> dict:
    """A signed LaunchRequest with this access token, as Alexa sends it."""
    body = requests.compat.json.dumps(envelope({"type": "LaunchRequest"}, token=token)).encode()
    response = requests.post(
        f"{base}/alexa",
        data=body,
        timeout=10,
        headers={**signed_headers(body, key), "Content-Type": "application/json"},
    )
    assert response.status_code == 200, response.text
    return response.json()["response"]


def test_link_in_chromium_use_and_unlink(chromium, server, alexa_chain, clock):
    clock.advance(60)  # a minute after the demo's own link: this one is listed first
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    amazon: list[str] = []

    def stand_in_for_amazon(route) -> None:
        amazon.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<p>Linked (Amazon stand-in)</p>")

    page.route("https://pitangui.amazon.com/**", stand_in_for_amazon)
    params = {
        "client_id": CLIENT[0],
        "response_type": "code",
        "state": "A1b2-state",
        "scope": "voice",
        "redirect_uri": REDIRECT,
    }
    page.goto(f"{server}/alexa/link?{urlencode(params)}")
    primary = "getComputedStyle(document.querySelector('button.btn-primary')).backgroundColor"
    assert page.evaluate(primary) == "rgb(31, 95, 214)"  # the site's stylesheet applies under the page's CSP
    page.get_by_text("Sign in with an access token instead").click()
    page.get_by_label("Access token").fill(household_token())
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "alexa-link.png"), full_page=True)
    page.get_by_role("button", name="Sign in and link").click()
    page.wait_for_url(f"{REDIRECT}?**")
    assert not [p for p in problems if "Content Security Policy" in p or "form-action" in p], problems
    [arrived] = amazon
    query = parse_qs(urlsplit(arrived).query)
    assert query["state"] == ["A1b2-state"] and list(query) == ["code", "state"]

    # Amazon exchanges the code (client secret by HTTP Basic), as its token client does.
    tokens = requests.post(
        f"{server}/alexa/token",
        auth=CLIENT,
        timeout=10,
        data={"grant_type": "authorization_code", "code": query["code"][0], "redirect_uri": REDIRECT},
    ).json()
    assert tokens["access_token"] and tokens["refresh_token"] and tokens["expires_in"] == 3600
    key = alexa_chain[1]
    assert alexa_says(server, key, tokens["access_token"])["outputSpeech"]["ssml"].startswith("<speak>Welcome")

    # The household unlinks on the settings page; the same request now gets the LinkAccount card.
    page.goto(f"{server}/signin?next=/settings")
    page.get_by_text("Sign in with an access token instead").click()
    page.get_by_label("Access token").fill(household_token())
    page.get_by_role("button", name="Sign in with the token").click()
    page.wait_for_url(f"{server}/settings")
    links = page.locator("#alexa li")
    assert links.count() == 2  # the demo's own link, and this one (newest first)
    assert links.first.inner_text().startswith("Alexa, linked on Tuesday, November 24, 2026")
    page.screenshot(path=str(SHOTS / "settings-alexa.png"), full_page=True)
    links.first.get_by_role("button", name="Unlink").click()
    page.wait_for_url(f"{server}/settings#alexa")
    assert page.locator("#alexa li").count() == 1
    answer = alexa_says(server, key, tokens["access_token"])
    assert answer["outputSpeech"]["ssml"] == f"<speak>{LINK_SPEECH}</speak>"
    assert answer["card"] == {"type": "LinkAccount"} and answer["shouldEndSession"] is True
    context.close()
