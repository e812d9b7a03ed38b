"""Account linking (implicit grant): the household token goes only to Amazon's redirect URIs."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from alexa_support import SKILL_NOW, copy_demo, envelope, post, speech

from skill.alexa.linking import allowed_redirect
from skill.app import create_app

REDIRECT = "https://pitangui.amazon.com/api/skill/link/M2AAAAAAAAAAAA"


@pytest.fixture
def linked(tmp_path, monkeypatch):
    monkeypatch.delenv("ALEXA_VERIFY", raising=False)
    data, _, token = copy_demo(tmp_path / "data")
    app = create_app(data, config={"TESTING": True, "ALEXA_VERIFY": "0", "ALEXA_CLOCK": lambda: SKILL_NOW,
                                   "ALEXA_SETTINGS_GET": lambda *a: None})
    yield app.test_client(), token
    app.extensions["clipstore"].close()


@pytest.mark.parametrize("uri,ok", [
    (REDIRECT, True),
    ("https://layla.amazon.com/api/skill/link/M2AAAAAAAAAAAA", True),
    ("https://alexa.amazon.co.jp/api/skill/link/M2AAAAAAAAAAAA", True),
    ("http://pitangui.amazon.com/api/skill/link/M2AAAAAAAAAAAA", False),
    ("https://pitangui.amazon.com.evil.net/api/skill/link/M2", False),
    ("https://evil.example.com/api/skill/link/M2", False),
    ("https://pitangui.amazon.com/other/path", False),
    ("https://pitangui.amazon.com:8443/api/skill/link/M2", False),
    ("https://user@pitangui.amazon.com/api/skill/link/M2", False),
    ("https://pitangui.amazon.com/api/skill/link/../../x", False),
    ("", False),
])
def test_only_amazon_redirects(uri, ok):
    assert allowed_redirect(uri) is ok


def test_link_page_form(linked):
    client, _ = linked
    page = client.get("/alexa/link", query_string={"state": "abc<xyz>", "redirect_uri": REDIRECT,
                                                   "response_type": "token", "client_id": "alexa"})
    assert page.status_code == 200 and page.mimetype == "text/html"
    text = page.get_data(as_text=True)
    assert 'name="token"' in text and "abc&lt;xyz&gt;" in text and "abc<xyz>" not in text
    assert page.headers["X-Frame-Options"] == "DENY" and page.headers["Cache-Control"] == "no-store"
    bad = client.get("/alexa/link", query_string={"state": "s", "redirect_uri": "https://evil.example.com/cb"})
    assert bad.status_code == 400 and "evil" not in bad.get_data(as_text=True)


def test_link_with_the_household_token(linked):
    client, token = linked
    wrong = client.post("/alexa/link", data={"state": "s1", "redirect_uri": REDIRECT, "token": "nope.nope"})
    assert wrong.status_code == 400 and "not valid" in wrong.get_data(as_text=True)
    evil = client.post("/alexa/link", data={"state": "s1", "redirect_uri": "https://evil.example.com/x",
                                            "token": token})
    assert evil.status_code == 400 and "Location" not in evil.headers
    ok = client.post("/alexa/link", data={"state": "s1", "redirect_uri": REDIRECT, "token": token})
    assert ok.status_code == 302
    location = urlsplit(ok.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
    fragment = parse_qs(location.fragment)
    assert fragment == {"state": ["s1"], "access_token": [token], "token_type": ["Bearer"]}
    answer = post(client, envelope({"type": "LaunchRequest"}, token=fragment["access_token"][0])).get_json()
    assert speech(answer).startswith("Welcome")
