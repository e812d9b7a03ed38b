"""Sign-in, sign-out, sessions and CSRF: nothing changes without a signed-in session and a valid form token."""

from __future__ import annotations

from clipstore import ClipQuery


def test_no_session_redirects_to_sign_in(anon):
    response = anon.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/signin")
    clip = anon.get("/clips/0123456789abcdef")
    assert clip.status_code == 302 and "next=/clips/0123456789abcdef" in clip.headers["Location"]
    for path in ("/cameras", "/settings", "/access", "/clips/0123456789abcdef/video.mp4"):
        assert anon.get(path).status_code == 302, path


def test_sign_in_page_is_accessible_markup(anon):
    page = anon.get("/signin")
    assert page.status_code == 200
    assert '<label for="token">' in page.text and 'id="token"' in page.text
    assert 'type="password"' in page.text
    assert "Content-Security-Policy" in page.headers and page.headers["Cache-Control"] == "no-store"
    assert 'lang="en"' in page.text and "https://" not in page.text  # no external assets


def test_bad_token_is_refused(anon, page_csrf):
    csrf = page_csrf(anon.get("/signin").text)
    response = anon.post("/signin", data={"token": "abc.def", "csrf_token": csrf})
    assert response.status_code == 401
    assert "not valid" in response.text
    assert anon.get("/").status_code == 302
    empty = anon.post("/signin", data={"token": "", "csrf_token": csrf})
    assert empty.status_code == 401 and "Enter your name and password" in empty.text


def test_sign_in_sets_a_safe_cookie_and_sign_out_ends_it(anon, web_demo, page_csrf):
    csrf = page_csrf(anon.get("/signin").text)
    response = anon.post("/signin", data={"token": web_demo.token, "csrf_token": csrf, "next": "/cameras"})
    assert response.status_code == 302 and response.headers["Location"] == "/cameras"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert web_demo.token not in cookie and web_demo.token.split(".")[1] not in cookie
    page = anon.get("/")
    assert page.status_code == 200 and "Demo home" in page.text
    new_csrf = page_csrf(page.text)
    assert new_csrf != csrf  # a fresh session after sign-in
    events = web_demo.store.audit.events(web_demo.household.id, action="signin")
    assert events and events[0].channel == "web" and events[0].actor == "owner"
    out = anon.post("/signout", data={"csrf_token": new_csrf})
    assert out.status_code == 302
    assert anon.get("/").status_code == 302


def test_next_cannot_leave_the_site(anon, web_demo, page_csrf):
    csrf = page_csrf(anon.get("/signin").text)
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        response = anon.post("/signin", data={"token": web_demo.token, "csrf_token": csrf, "next": target})
        assert response.headers["Location"] == "/", target
        csrf = page_csrf(anon.get("/signin", follow_redirects=True).text)


def test_post_without_csrf_is_refused_and_changes_nothing(user, web_demo):
    clip_id = web_demo.clip_ids()[0]
    hid = web_demo.household.id
    cases = [
        (f"/clips/{clip_id}/delete", {}),
        (f"/clips/{clip_id}/share", {"consent": "yes"}),
        ("/settings", {"retention_days": "5", "timezone": "UTC"}),
        ("/cameras/garage/recording", {"state": "off"}),
        ("/cameras/garage", {"name": "Shed", "synonyms": ""}),
        ("/undo", {}),
        ("/shares/revoke-all", {}),
    ]
    for path, form in cases:
        missing = user.post(path, form, csrf=False)
        wrong = user.post(path, {**form, "csrf_token": "x" * 43})
        assert missing.status_code == 400 and wrong.status_code == 400, path
        assert "nothing was changed" in missing.text
    assert web_demo.store.clips.get(hid, clip_id)
    assert web_demo.store.households.get(hid).retention_days == 30
    garage = web_demo.store.cameras.get(hid, "garage")
    assert garage.recording and garage.name == "Garage"
    assert web_demo.store.shares.active(hid) == []
    assert web_demo.store.last_deletion(hid) is None


def test_sign_in_without_csrf_is_refused(anon, web_demo):
    response = anon.post("/signin", data={"token": web_demo.token})
    assert response.status_code == 400
    assert anon.get("/").status_code == 302


def test_signed_out_post_changes_nothing(anon, web_demo, page_csrf):
    csrf = page_csrf(anon.get("/signin").text)  # a session with a CSRF token but no sign-in
    clip_id = web_demo.clip_ids()[0]
    response = anon.post(f"/clips/{clip_id}/delete", data={"csrf_token": csrf})
    assert response.status_code == 401
    assert web_demo.store.clips.count(web_demo.household.id, ClipQuery(ids=(clip_id,))) == 1


def test_old_sessions_expire(user, clock):
    assert user.get("/").status_code == 200
    clock.advance(13 * 3600)
    response = user.get("/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/signin")


def test_other_households_clip_is_not_found(user, web_demo):
    other = web_demo.other_clip
    for path in (
        f"/clips/{other}",
        f"/clips/{other}/video.mp4",
        f"/clips/{other}/thumbnail.jpg",
        f"/clips/{other}/delete",
        f"/clips/{other}/share",
    ):
        response = user.get(path)
        assert response.status_code == 404, path
        assert "text/html" in response.content_type
    assert user.post(f"/clips/{other}/delete").status_code == 404
    assert user.post(f"/clips/{other}/share", {"consent": "yes"}).status_code == 404
    neighbours = web_demo.store.households.authenticate(web_demo.other_token)[0]
    assert web_demo.store.clips.get(neighbours.id, other)
    assert web_demo.store.shares.active(neighbours.id) == []


def test_unknown_pages_are_friendly_but_the_api_keeps_json(user, anon):
    page = user.get("/no/such/page")
    assert page.status_code == 404 and "text/html" in page.content_type and "Go to your clips" in page.text
    api = anon.get("/api/no-such-thing")
    assert api.status_code == 404 and api.is_json
    wrong_method = user.get("/undo")
    assert wrong_method.status_code == 405 and "text/html" in wrong_method.content_type


def _saved_cookie(client) -> str:
    return client.get_cookie("home_clips_session").value


def test_a_saved_cookie_is_dead_after_sign_out(web_app, user, web_demo):
    hid = web_demo.household.id
    clip = web_demo.clip_ids(camera="garage")[0]
    web_demo.store.shares.create(hid, clip, channel="web", actor="owner")
    saved = _saved_cookie(user.client)
    assert user.post("/signout").status_code == 302
    for attempt in ("form", "page"):  # a fresh copy of the saved cookie each time
        thief = web_app.test_client()
        thief.set_cookie("home_clips_session", saved)
        if attempt == "form":  # the CSRF token in the cookie still matches: the server refuses the session
            assert thief.post("/shares/revoke-all", data={"csrf_token": user.csrf}).status_code == 401
        else:
            assert thief.get("/").status_code == 302  # sign in again
    assert len(web_demo.store.shares.active(hid)) == 1


def test_sign_out_everywhere_ends_every_browser(web_app, user, web_demo, page_csrf):
    other = web_app.test_client()
    other.post("/signin", data={"token": web_demo.token, "csrf_token": page_csrf(other.get("/signin").text)})
    assert other.get("/settings").status_code == 200
    settings = user.get("/settings").text
    assert "Sign out everywhere" in settings
    assert user.post("/signout-everywhere").status_code == 302
    assert other.get("/settings").status_code == 302 and user.get("/settings").status_code == 302
    ended = web_demo.store.audit.events(web_demo.household.id, action="signout_everywhere")
    assert ended and ended[0].detail == {"sessions": 2}


def _sign_in_cookie(client, token, page_csrf, **environ) -> str:
    csrf = page_csrf(client.get("/signin", environ_base=environ).text)
    response = client.post(
        "/signin", data={"token": token, "csrf_token": csrf}, environ_base=environ, headers=environ.pop("headers", {})
    )
    return response.headers["Set-Cookie"]


def test_the_cookie_is_secure_over_https(web_app, web_demo, page_csrf):
    plain = _sign_in_cookie(web_app.test_client(), web_demo.token, page_csrf)
    assert "Secure" not in plain and "HttpOnly" in plain
    web_app.config["TRUSTED_PROXIES"] = frozenset({"10.0.0.2"})
    client = web_app.test_client()
    csrf = page_csrf(client.get("/signin").text)
    proxied = client.post(
        "/signin",
        data={"token": web_demo.token, "csrf_token": csrf},
        headers={"X-Forwarded-Proto": "https"},
        environ_base={"REMOTE_ADDR": "10.0.0.2"},
    )
    assert "; Secure" in proxied.headers["Set-Cookie"]
    client = web_app.test_client()
    csrf = page_csrf(client.get("/signin").text)
    spoofed = client.post(
        "/signin",
        data={"token": web_demo.token, "csrf_token": csrf},
        headers={"X-Forwarded-Proto": "https"},
        environ_base={"REMOTE_ADDR": "192.0.2.9"},
    )
    assert "Secure" not in spoofed.headers["Set-Cookie"]  # only a proxy the operator named is believed
    web_app.config["PUBLIC_URL"] = "https://clips.example.org"
    assert "; Secure" in _sign_in_cookie(web_app.test_client(), web_demo.token, page_csrf)
