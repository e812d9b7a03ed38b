"""Settings for voice on the page: the Alexa links (listed, unlinked) and the voice code (set, never shown)."""

from __future__ import annotations


def test_voice_code_on_the_settings_page(user, web_demo):
    hid, store = web_demo.household.id, web_demo.store
    page = user.get("/settings")
    assert page.status_code == 200 and 'id="voice-code"' in page.text and "Set voice code" in page.text
    for form, message in (
        ({"code": "12", "code_again": "12"}, "exactly 4 digits"),
        ({"code": "1234", "code_again": "4321"}, "not the same"),
        ({"code": "12a4", "code_again": "12a4"}, "exactly 4 digits"),
    ):
        bad = user.post("/settings/voice-code", form)
        assert bad.status_code == 400 and message in bad.text and 'role="alert"' in bad.text
        assert store.voice_codes.status(hid).set is False
    ok = user.post("/settings/voice-code", {"code": "8642", "code_again": "8642", "offline": "yes"})
    assert ok.status_code == 302
    assert store.voice_codes.status(hid).set and store.voice_codes.status(hid).offline
    page = user.get("/settings")
    assert "8642" not in page.text and "A voice code is set." in page.text
    user.post("/settings/voice-code", {})  # only the offline choice: unticked
    assert store.voice_codes.status(hid).offline is False and store.voice_codes.status(hid).set
    assert user.post("/settings/voice-code/remove").status_code == 302
    assert store.voice_codes.status(hid).set is False
    actions = [e.action for e in store.audit.events(hid, limit=3)]
    assert actions == ["voice_code_removed", "voice_code_set", "voice_code_set"]
    assert user.post("/settings/voice-code", {"code": "1111", "code_again": "1111"}, csrf=False).status_code == 400


def test_alexa_links_listed_and_unlinked(user, web_demo):
    hid, store = web_demo.household.id, web_demo.store
    assert "Alexa is not linked" in user.get("/settings").text
    link = store.alexa_links.create(
        hid, client_id="alexa", actor="owner", scope="voice", access_token="a" * 40, refresh_token="r" * 40
    )
    page = user.get("/settings")
    assert "Alexa, linked on Tuesday, November 24, 2026" in page.text
    assert user.post(f"/settings/alexa/{link.id}/unlink").status_code == 302
    assert store.alexa_links.authenticate("a" * 40) is None and store.alexa_links.all(hid) == []
    [event] = store.audit.events(hid, action="alexa_unlink")
    assert event.channel == "web" and event.detail == {"link_id": link.id}
    other = store.households.create("Another home", "UTC")[0]
    theirs = store.alexa_links.create(
        other.id, client_id="alexa", actor="owner", scope="voice", access_token="b" * 40, refresh_token=None
    )
    assert user.post(f"/settings/alexa/{theirs.id}/unlink").status_code == 404
    assert store.alexa_links.authenticate("b" * 40) is not None
