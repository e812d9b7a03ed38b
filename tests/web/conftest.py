"""Fixtures for the web page: the demo household seeded once per session (plus a second household), copied per test."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pinned import NOW, FrozenClock

from clipstore import ClipQuery, ClipStore, Household
from clipstore.demo import seed_demo
from clipstore.media import render_demo_clip
from skill.app import create_app

WEB_NOW = NOW
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass(frozen=True)
class WebTemplate:
    """The seeded data directory and what tests need to know about it."""

    path: Path
    household_id: int
    token: str
    other_token: str
    other_clip: str


@dataclass
class WebDemo:
    """A private, opened copy of the seeded data."""

    store: ClipStore
    household: Household
    token: str
    other_token: str
    other_clip: str

    @property
    def data_dir(self) -> Path:
        return self.store.data_dir

    def clip_ids(self, **query: str) -> list[str]:
        """Every live clip id of the demo household matching `query`, newest first."""
        clips, _ = self.store.clips.page(self.household.id, ClipQuery(**query), 500)
        return [clip.id for clip in clips]


@pytest.fixture(scope="session")
def web_template(tmp_path_factory: pytest.TempPathFactory) -> WebTemplate:
    """Seed once: the demo household (3 days of clips) and a second household with one clip of its own."""
    path = tmp_path_factory.mktemp("web-template") / "data"
    store = ClipStore(path, clock=FrozenClock())
    household, token = seed_demo(store, now=WEB_NOW, days=3)
    other, other_token = store.households.create("Neighbours", "Europe/Berlin")
    store.cameras.add(other.id, "Front Door", slug="front_door")
    video = tmp_path_factory.mktemp("web-media") / "other.mp4"
    render_demo_clip(video, caption="other household", seconds=1.0, seed=5)
    clip = store.ingest(other.id, "front_door", video, started_at=WEB_NOW - timedelta(hours=2), labels=("person",))
    store.close()
    return WebTemplate(path, household.id, token, other_token, clip.id)


@pytest.fixture
def web_demo(tmp_path: Path, web_template: WebTemplate, clock: FrozenClock) -> Iterator[WebDemo]:
    """A private copy of the seeded data."""
    target = tmp_path / "data"
    shutil.copytree(web_template.path, target)
    store = ClipStore(target, clock=clock)
    yield WebDemo(
        store,
        store.households.get(web_template.household_id),
        web_template.token,
        web_template.other_token,
        web_template.other_clip,
    )
    store.close()


@pytest.fixture
def web_app(web_demo: WebDemo, clock: FrozenClock) -> Iterator[Flask]:
    """The whole app over the copy (on the same pinned clock)."""
    application = create_app(web_demo.data_dir, config={"TESTING": True}, clock=clock)
    yield application
    application.extensions["clipstore"].close()


@pytest.fixture
def anon(web_app: Flask) -> FlaskClient:
    """A client that has not signed in."""
    return web_app.test_client()


def csrf_from(html: str) -> str:
    """The CSRF token in a page's forms."""
    match = CSRF_RE.search(html)
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


def sign_in(client: FlaskClient, token: str) -> str:
    """Sign `client` in with `token`; returns the session's CSRF token."""
    page = client.get("/signin")
    response = client.post("/signin", data={"token": token, "csrf_token": csrf_from(page.text)})
    assert response.status_code == 302, response.text
    return csrf_from(client.get("/settings").text)


@dataclass
class Browser:
    """A signed-in test client and its CSRF token."""

    client: FlaskClient
    csrf: str

    def get(self, path: str, **kwargs):
        return self.client.get(path, **kwargs)

    def post(self, path: str, data: dict | None = None, *, csrf: bool = True, **kwargs):
        form = dict(data or {})
        if csrf:
            form.setdefault("csrf_token", self.csrf)
        return self.client.post(path, data=form, **kwargs)


@pytest.fixture
def user(web_app: Flask, web_demo: WebDemo) -> Browser:
    """A client signed in to the demo household."""
    client = web_app.test_client()
    return Browser(client, sign_in(client, web_demo.token))


@pytest.fixture
def page_csrf():
    """The function that reads the CSRF token from a page."""
    return csrf_from


@pytest.fixture(scope="session")
def spoken(tmp_path_factory: pytest.TempPathFactory):
    """`spoken(text)`: a WAV of `text` said by hibari-tts (a natural voice), with a little silence around the speech,
    made once per text in the session."""
    import wave

    from hibari import Hibari

    folder = tmp_path_factory.mktemp("spoken")
    voice = Hibari(voice="heart")
    made: dict[str, Path] = {}

    def speak(text: str) -> Path:
        if text not in made:
            raw = folder / f"raw-{len(made)}.wav"
            voice.save(text, str(raw), speed=1.0, seed=7)
            with wave.open(str(raw), "rb") as source:
                params, frames = source.getparams(), source.readframes(source.getnframes())
            silence = b"\0\0" * params.nchannels * int(0.8 * params.framerate)
            padded = folder / f"said-{len(made)}.wav"
            with wave.open(str(padded), "wb") as target:
                target.setparams(params)
                target.writeframes(silence + frames + silence)
            made[text] = padded
        return made[text]

    return speak


@pytest.fixture(scope="module")
def playwright() -> Iterator:
    """Playwright for one test module (one at a time: a module's browsers are launched from it)."""
    from testkit import browser

    pytest.importorskip("playwright.sync_api", reason="playwright is not installed (requirements-test.txt)")
    why = browser.missing_chromium()
    if why:  # CI installs it: a missing browser there is a failure, not a skip
        pytest.fail(why) if os.environ.get("CI") else pytest.skip(why)
    with browser.playwright() as running:
        yield running


@pytest.fixture(scope="module")
def chromium(playwright) -> Iterator:
    """Debian's Chromium, headless (test_web_browser.py has its own)."""
    from testkit import browser

    with browser.launch(playwright) as launched:
        yield launched


@pytest.fixture
def server(web_app: Flask, serve) -> str:
    """The whole app on a real HTTP server in a thread; its base URL."""
    return serve(web_app)
