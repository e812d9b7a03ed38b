"""`/privacy`: the skill's privacy policy, public, made from docs/privacy.md."""

from __future__ import annotations

import html
import itertools
import re

from skill.app import create_app
from skill.privacy import PROMISES, promises


def test_privacy_page_shows_every_promise(tmp_path, clock):
    app = create_app(tmp_path / "data", clock=clock, config={"TESTING": True})
    try:
        page = app.test_client().get("/privacy")
    finally:
        app.extensions["clipstore"].close()
    assert page.status_code == 200 and page.mimetype == "text/html"
    text = " ".join(html.unescape(page.get_data(as_text=True)).split())
    lines = PROMISES.read_text(encoding="utf-8").split("| promise |", 1)[1].splitlines()[2:]
    rows = list(itertools.takewhile(lambda line: line.startswith("|"), lines))
    assert len(promises()) == len(rows) >= 17
    for promise in promises():
        assert " ".join(promise.replace("`", "").split()) in text
    assert "tests/" not in text and "voice code" in text and "never gets your household token" in text
    assert re.search(r"default-src 'none'", page.headers["Content-Security-Policy"])
