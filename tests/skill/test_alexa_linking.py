"""Account linking (authorization-code grant): codes only to Amazon, tokens of the link's own, revocable.

Amazon is the one party that cannot be reached: these tests play its part at the HTTP boundary (they open the
link page with its parameters, and call /alexa/token as it does). The browser path is in test_alexa_browser.py.
"""

from __future__ import annotations

import base64
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from skill.alexa.handlers import LINK_SPEECH
from skill.alexa.oauth import allowed_redirect
from skill.app import create_app
from testkit.alexa_requests import SKILL_NOW, copy_demo, envelope, household_token, post, speech

VENDOR_ID = "M2AAAAAAAAAAAA"
REDIRECT = f"https://pitangui.amazon.com/api/skill/link/{VENDOR_ID}"
CLIENT_ID = "alexa-home-clips"
CLIENT_SECRET = "s3cret-for-tests-only-0123456789"
PARAMS = {
    "response_type": "code",
    "client_id": CLIENT_ID,
    "redirect_uri": REDIRECT,
    "state": "st<ate>",
    "scope": "voice",
}


@pytest.fixture
def app(tmp_path, monkeypatch, clock):
    for name in ("ALEXA_VERIFY", "ALEXA_CLIENT_ID", "ALEXA_CLIENT_SECRET", "ALEXA_VENDOR_ID", "PUBLIC_URL"):
        monkeypatch.delenv(name, raising=False)
    data, household_id, _ = copy_demo(tmp_path / "data")
    application = create_app(
        data,
        clock=clock,
        config={
            "TESTING": True,
            "ALEXA_VERIFY": "0",
            "ALEXA_CLOCK": lambda: SKILL_NOW,
            "ALEXA_SETTINGS_GET": lambda *a: None,
            "ALEXA_CLIENT_ID": CLIENT_ID,
            "ALEXA_CLIENT_SECRET": CLIENT_SECRET,
            "ALEXA_VENDOR_ID": VENDOR_ID,
        },
    )
    application.household_id = household_id
    yield application
    application.extensions["clipstore"].close()


@pytest.fixture
def client(app):
    return app.test_client()


def basic(client_id: str = CLIENT_ID, secret: str = CLIENT_SECRET) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()}


def approve(client, params: dict = PARAMS) -> str:
    """Sign in on the link page as the household; the code Amazon's redirect URI receives."""
    response = client.post("/alexa/link", query_string=params, data={"token": household_token(), "decision": "allow"})
    assert response.status_code == 302, response.get_data(as_text=True)
    location = urlsplit(response.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == params["redirect_uri"]
    query = parse_qs(location.query)
    assert query["state"] == [params["state"]] and not location.fragment
    return query["code"][0]


def exchange(client, code: str, *, headers: dict | None = None, **form) -> dict:
    response = client.post(
        "/alexa/token",
        headers=basic() if headers is None else headers,
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT, **form},
    )
    return {"status": response.status_code, **response.get_json()}


def hears(client, token: str | None) -> str:
    return speech(post(client, envelope({"type": "LaunchRequest"}, token=token)).get_json())


@pytest.mark.parametrize(
    "uri,ok",
    [
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
        # Compared exactly, after normalising case and the default port (issue 18): no escapes, no other path.
        ("https://PITANGUI.Amazon.com:443/api/skill/link/M2AAAAAAAAAAAA", True),
        ("https://pitangui.amazon.com/api/skill/link/%2e%2e/%2e%2e/x", False),
        ("https://pitangui.amazon.com/api/skill/link/%2E%2E/x", False),
        ("https://pitangui.amazon.com/api/skill/link/M2AAAAAAAAAAAA/%2e%2e/%2e%2e/x", False),
        ("https://pitangui.amazon.com/api/skill/link/M2AAAAAAAAAAAA/", False),
        ("https://pitangui.amazon.com/api/skill/link/M2AAAAAAAAAAAA?x=1", False),
        ("https://pitangui.amazon.com/api/skill/link/M2%41AAAAAAAAAAA", False),
        ("https://pitangui.amazon.com\\@evil.example/api/skill/link/M2AAAAAAAAAAAA", False),
        ("https://pitangui.amazon.com%5C@evil.example/api/skill/link/M2AAAAAAAAAAAA", False),
        ("https://pitangui.amazon.com/api/skill/link/M2AAAAAAAAAAAA#x", False),
        ("https://pitangui.amazon.com/api/skill/link/OTHERVENDOR1", False),  # another vendor's skill
    ],
)
def test_only_amazon_redirects(uri, ok):
    assert allowed_redirect(uri, VENDOR_ID) is ok


def test_without_a_configured_vendor_only_a_vendor_id_shaped_path_is_accepted():
    assert allowed_redirect(REDIRECT, None) and allowed_redirect(REDIRECT.replace("M2AAAAAAAAAAAA", "OTHERVENDOR1"))
    for path in ("M2AAAAAAAAAAAA/x", "%2e%2e", "..", "a b", "M2AAAAAAAAAAAA/"):
        assert not allowed_redirect(f"https://pitangui.amazon.com/api/skill/link/{path}", None), path


@pytest.mark.parametrize(
    "uri",
    [
        "https://pitangui.amazon.com\\@evil.example/api/skill/link/M2AAAAAAAAAAAA",  # Authlib raised on this: 500
        "https://pitangui.amazon.com/api/skill/link/%2e%2e/%2e%2e/x",  # passed the old check and got a code
        "https://pitangui.amazon.com/api/skill/link/M2AAAAAAAAAAAA/%2e%2e/%2e%2e/x",
    ],
)
def test_a_tricked_redirect_is_a_400_and_gets_no_code(app, uri):
    app.testing = False  # as served: an exception would be a 500 page
    client = app.test_client()
    params = {**PARAMS, "redirect_uri": uri}
    for response in (
        client.get("/alexa/link", query_string=params),
        client.post("/alexa/link", query_string=params, data={"token": household_token(), "decision": "allow"}),
    ):
        assert response.status_code == 400 and "Location" not in response.headers, response.status_code
        assert "evil" not in response.get_data(as_text=True) and "Traceback" not in response.get_data(as_text=True)


def test_link_page_lets_the_form_lead_to_amazon_only(client):
    page = client.get("/alexa/link", query_string=PARAMS)
    assert page.status_code == 200 and page.mimetype == "text/html"
    text = page.get_data(as_text=True)
    assert 'name="token"' in text and "st<ate>" not in text and 'name="redirect_uri"' not in text
    csp = page.headers["Content-Security-Policy"]
    assert "form-action 'self' https://pitangui.amazon.com;" in csp and "frame-ancestors 'none'" in csp
    assert page.headers["Cache-Control"] == "no-store" and page.headers["Referrer-Policy"] == "no-referrer"


def test_link_page_looks_like_the_site_and_speaks_to_a_person(client):
    page = client.get("/alexa/link", query_string=PARAMS)
    text = page.get_data(as_text=True)
    assert '<link rel="stylesheet" href="/assets/web.css">' in text and "<style" not in text
    assert 'class="topbar"' in text and 'class="panel narrow signin"' in text and 'class="btn btn-primary' in text
    csp = page.headers["Content-Security-Policy"]
    assert "style-src 'self';" in csp and "unsafe-inline" not in csp and "script-src" not in csp
    assert "python -m" not in text and "<code>" not in text  # no command lines for a person on a phone
    assert "The name and password you sign in to Home Clips with." in " ".join(text.split())
    assert 'name="name"' in text and 'name="password"' in text  # a normal sign-in, as on the page
    assert client.get("/assets/web.css").status_code == 200


@pytest.mark.parametrize(
    "change",
    [
        {"redirect_uri": "https://evil.example.com/api/skill/link/M2"},
        {"client_id": "someone-else"},
        {"response_type": "token"},  # the implicit grant is gone: no token in a URL fragment
        {"client_id": None},
    ],
)
def test_link_page_refuses_other_requests_without_redirecting(client, change):
    params = {k: v for k, v in {**PARAMS, **change}.items() if v is not None}
    for response in (
        client.get("/alexa/link", query_string=params),
        client.post("/alexa/link", query_string=params, data={"token": household_token()}),
    ):
        assert response.status_code == 400 and "Location" not in response.headers
        assert "evil" not in response.get_data(as_text=True)


def test_not_configured_says_so(client, app):
    app.config["ALEXA_CLIENT_SECRET"] = ""
    page = client.get("/alexa/link", query_string=PARAMS)
    assert page.status_code == 400 and "ALEXA_CLIENT_ID" in page.get_data(as_text=True)


def test_wrong_token_or_cancel_issue_no_code(client, app):
    wrong = client.post("/alexa/link", query_string=PARAMS, data={"token": "nope.nope"})
    assert wrong.status_code == 400 and "not valid" in wrong.get_data(as_text=True)
    assert "Location" not in wrong.headers
    cancel = client.post("/alexa/link", query_string=PARAMS, data={"decision": "deny"})
    assert cancel.status_code == 302
    denied = parse_qs(urlsplit(cancel.headers["Location"]).query)
    assert denied["error"] == ["access_denied"] and denied["state"] == ["st<ate>"] and "code" not in denied
    assert app.extensions["clipstore"].alexa_links.all(app.household_id) == [link_of_demo(app)]


def link_of_demo(app):
    """The link the demo template already has (alexa_support)."""
    return app.extensions["clipstore"].alexa_links.all(app.household_id)[-1]


def test_code_exchange_gives_a_credential_of_its_own(client, app, clock):
    store = app.extensions["clipstore"]
    code = approve(client)
    tokens = exchange(client, code)
    assert tokens["status"] == 200 and tokens["token_type"].lower() == "bearer"
    assert tokens["expires_in"] == 3600 and tokens["refresh_token"] and tokens["access_token"] != household_token()
    assert hears(client, tokens["access_token"]).startswith("Welcome")
    # The link's token opens nothing of the clip API, and the household's API token opens no Alexa session.
    assert client.get("/api/clips", headers={"Authorization": f"Bearer {tokens['access_token']}"}).status_code == 401
    assert hears(client, household_token()) == LINK_SPEECH
    # A code works once, for the redirect URI it was issued to, only with the client's secret.
    assert exchange(client, code)["error"] == "invalid_grant"
    assert exchange(client, approve(client), redirect_uri=REDIRECT + "X")["error"] == "invalid_grant"
    refused = exchange(client, approve(client), headers=basic(secret="wrong"))
    assert refused["status"] == 401 and refused["error"] == "invalid_client"
    late = approve(client)
    clock.advance(301)
    assert exchange(client, late)["error"] == "invalid_grant"
    events = store.audit.events(app.household_id, action="alexa_link")
    assert len(events) == 1 and events[0].channel == "web" and events[0].actor == "owner"


def test_secret_in_the_body_and_refresh(client, app, clock):
    store = app.extensions["clipstore"]
    tokens = exchange(client, approve(client), headers={}, client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
    assert tokens["status"] == 200
    clock.advance(3601)  # the access token is short-lived
    assert hears(client, tokens["access_token"]) == LINK_SPEECH
    refreshed = client.post(
        "/alexa/token", headers=basic(), data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}
    )
    assert refreshed.status_code == 200, refreshed.get_data(as_text=True)
    fresh = refreshed.get_json()["access_token"]
    assert hears(client, fresh).startswith("Welcome")
    [event] = store.audit.events(app.household_id, action="alexa_refresh")
    assert event.channel == "alexa" and event.actor == "owner" and event.detail["link_id"]  # the member who linked
    stranger = client.post(
        "/alexa/token",
        headers=basic(secret="wrong"),
        data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
    )
    assert stranger.status_code == 401


def test_revoked_link_gets_the_link_account_card(client, app, clock):
    store = app.extensions["clipstore"]
    clock.advance(60)  # after the demo's own link: listed first
    tokens = exchange(client, approve(client))
    auth = {"Authorization": f"Bearer {household_token()}"}
    listed = client.get("/api/alexa/links", headers=auth).get_json()["links"]
    assert len(listed) == 2 and listed[0]["approved_by"] == "owner" and listed[0]["revoked_at"] is None
    newest = listed[0]["id"]
    revoked = client.delete(f"/api/alexa/links/{newest}", headers=auth)
    assert revoked.status_code == 200 and revoked.get_json()["revoked_at"]
    answer = post(client, envelope({"type": "LaunchRequest"}, token=tokens["access_token"])).get_json()
    assert speech(answer) == LINK_SPEECH and answer["response"]["card"]["type"] == "LinkAccount"
    again = client.post(
        "/alexa/token", headers=basic(), data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}
    )
    assert again.status_code == 400 and again.get_json()["error"] == "invalid_grant"
    assert [link["id"] for link in client.get("/api/alexa/links", headers=auth).get_json()["links"]] != [newest]
    [event] = store.audit.events(app.household_id, action="alexa_unlink")
    assert event.channel == "api" and event.detail == {"link_id": newest}
    assert client.delete("/api/alexa/links/nonexistent", headers=auth).status_code == 404


def test_token_endpoint_bounds_its_input(client):
    big = client.post("/alexa/token", headers=basic(), data={"grant_type": "authorization_code", "code": "x" * 9000})
    assert big.status_code == 413 and big.get_json()["error"] == "invalid_request"
    odd = client.post("/alexa/token", headers=basic(), data={"grant_type": "password", "username": "a"})
    assert odd.status_code == 400 and odd.get_json()["error"] == "unsupported_grant_type"


def test_a_member_links_alexa_with_their_name_and_password_and_alexa_acts_as_them(app, client):
    store = app.extensions["clipstore"]
    home = store.system(app.household_id)
    secret = home.members.add("Kim", "adult", ["garage"]).setup_secret
    store.access.set_password(secret, "kim's long password")
    page = client.get("/alexa/link", query_string=PARAMS)
    assert page.status_code == 200
    wrong = client.post(
        "/alexa/link?" + urlencode(PARAMS), data={"decision": "allow", "name": "Kim", "password": "not it at all"}
    )
    assert wrong.status_code == 400 and "not valid" in wrong.get_data(as_text=True)
    linked = client.post(
        "/alexa/link?" + urlencode(PARAMS), data={"decision": "allow", "name": "Kim", "password": "kim's long password"}
    )
    assert linked.status_code == 302 and "code=" in linked.headers["Location"]
    code = parse_qs(urlsplit(linked.headers["Location"]).query)["code"][0]
    tokens = client.post(
        "/alexa/token",
        headers=basic(),
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": PARAMS["redirect_uri"]},
    ).get_json()
    [link] = [each for each in store.alexa_links.all(app.household_id) if each.actor == "kim"]
    found = store.access.alexa(tokens["access_token"])
    assert found.caller.member == "kim" and found.caller.cameras == frozenset({"garage"}) and found.link.id == link.id
