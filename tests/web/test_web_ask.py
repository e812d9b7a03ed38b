"""The command box's server side: the page's own session talks to POST /api/intent (with its CSRF token), the
same turn runs without script at POST /ask, and every page carries the box (docs/interface.md §3)."""

from __future__ import annotations

import re

from clipstore import ClipQuery

CONTRACT_BOX = ('<form id="ask"', 'name="text"', 'id="answer"', 'id="ask-mic"')


def ask(user, body: dict, *, csrf: bool = True):
    headers = {"X-CSRF-Token": user.csrf} if csrf else {}
    return user.client.post("/api/intent", json=body, headers=headers)


def test_every_signed_in_page_carries_the_command_box(user, web_demo):
    clip_id = web_demo.clip_ids()[0]
    for path in ("/", "/cameras", "/access", "/settings", f"/clips/{clip_id}", "/no-such-page"):
        page = user.get(path)
        assert all(part in page.text for part in CONTRACT_BOX), path
        assert 'aria-live="polite"' in page.text
        assert "script-src 'self';" in page.headers["Content-Security-Policy"]
        assert "<script>" not in page.text and "onclick" not in page.text
    signin = user.client.application.test_client().get("/signin")
    assert 'id="ask"' not in signin.text  # nothing to ask before signing in


def test_the_page_session_asks_follows_up_and_confirms_on_the_web_channel(user, web_demo):
    hid, store = web_demo.household.id, web_demo.store
    first = ask(user, {"text": "show me the latest garage clip"})
    assert first.status_code == 200 and first.json["intent"] == "ShowClip"
    shown = first.json["display"]["clip_id"]
    assert shown == web_demo.clip_ids(camera="garage")[0] and "X-Awaits" not in first.headers
    question = ask(user, {"text": "delete it", "session": first.json["session"]})
    assert question.json["speech"].startswith("Delete the garage clip") and question.json["expect_reply"]
    assert question.headers["X-Awaits"] == "yes-no"
    assert set(question.json) == {"intent", "slots", "speech", "display", "expect_reply", "session"}
    assert store.clips.count(hid, ClipQuery(ids=(shown,))) == 1
    done = ask(user, {"intent": "Yes", "session": question.json["session"]})
    assert done.json["speech"].startswith("Done. I deleted 1 clip") and "X-Awaits" not in done.headers
    assert store.clips.count(hid, ClipQuery(ids=(shown,))) == 0
    [view] = store.audit.events(hid, action="view", limit=1)
    [delete] = store.audit.events(hid, action="delete", limit=1)
    assert (view.channel, view.actor, view.clip_id) == ("web", "owner", shown)
    assert (delete.channel, delete.actor) == ("web", "owner")


def test_a_page_call_without_its_csrf_token_or_session_changes_nothing(user, web_demo, web_app):
    hid, store = web_demo.household.id, web_demo.store
    total = store.clips.count(hid, ClipQuery())
    question = ask(user, {"text": "delete today's clips"})
    refused = ask(user, {"intent": "Yes", "session": question.json["session"]}, csrf=False)
    assert refused.status_code == 403 and "X-CSRF-Token" in refused.json["error"]
    forged = user.client.post(
        "/api/intent", json={"intent": "Yes", "session": question.json["session"]}, headers={"X-CSRF-Token": "x" * 43}
    )
    assert forged.status_code == 403
    assert store.clips.count(hid, ClipQuery()) == total
    stranger = web_app.test_client().post(
        "/api/intent", json={"text": "how many clips today"}, headers={"X-CSRF-Token": user.csrf}
    )
    assert stranger.status_code == 401 and stranger.json["error"]
    user.post("/signout")
    ended = ask(user, {"text": "how many clips today"})
    assert ended.status_code == 401 and "signed out" in ended.json["error"]


def test_a_token_still_works_and_is_audited_as_the_api(user, web_demo):
    answer = user.client.post(
        "/api/intent",
        json={"text": "show me the latest garage clip"},
        headers={"Authorization": f"Bearer {web_demo.token}"},
    )
    assert answer.status_code == 200
    [view] = web_demo.store.audit.events(web_demo.household.id, action="view", limit=1)
    assert view.channel == "api"
    bad = user.client.post("/api/intent", json={"text": "hi"}, headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401  # a token is judged as a token, whatever cookie comes with it


def test_without_script_the_form_runs_the_same_turn_with_yes_and_no_buttons(user, web_demo):
    hid, store = web_demo.household.id, web_demo.store
    garage = web_demo.clip_ids(camera="garage")
    shown = user.post("/ask", {"text": "show me the latest garage clip"})
    assert shown.status_code == 200 and "Here&#39;s the garage clip" in shown.text
    assert f'src="/clips/{garage[0]}/video.mp4"' in shown.text
    session = re.search(r'name="session" value="([^"]+)"', shown.text).group(1)
    question = user.post("/ask", {"text": "delete it", "session": session})
    assert "Delete the garage clip" in question.text
    assert 'name="reply" value="Yes"' in question.text and 'name="reply" value="No"' in question.text
    session = re.search(r'name="session" value="([^"]+)"', question.text).group(1)
    kept = user.post("/ask", {"reply": "No", "session": session})
    assert "Okay" in kept.text and store.clips.count(hid, ClipQuery(ids=(garage[0],))) == 1
    question = user.post("/ask", {"text": "delete the latest garage clip"})
    session = re.search(r'name="session" value="([^"]+)"', question.text).group(1)
    done = user.post("/ask", {"reply": "Yes", "session": session})
    assert "Done. I deleted 1 clip" in done.text and store.clips.count(hid, ClipQuery(ids=(garage[0],))) == 0
    assert user.post("/ask", {"text": ""}).status_code == 400
    assert user.post("/ask", {"text": "how many clips today"}, csrf=False).status_code == 400
