"""On Alexa, with a voice code set, a delete by voice needs the yes and the code; three wrong codes lock (audited)."""

from __future__ import annotations

import pytest

from clipstore import ClipQuery
from skill.app import create_app
from testkit.alexa_requests import LINK_TOKEN, SKILL_NOW, TODAY, copy_demo, envelope, intent, post, slot, speech


@pytest.fixture
def app(tmp_path, monkeypatch, clock):
    monkeypatch.delenv("ALEXA_VERIFY", raising=False)
    data, household_id, _ = copy_demo(tmp_path / "data")
    application = create_app(
        data,
        clock=clock,
        config={
            "TESTING": True,
            "ALEXA_VERIFY": "0",
            "ALEXA_CLOCK": lambda: SKILL_NOW,
            "ALEXA_SETTINGS_GET": lambda *a: None,
        },
    )
    application.household_id = household_id
    yield application
    application.extensions["clipstore"].close()


def test_delete_needs_yes_and_code_and_three_wrong_codes_lock(app, clock):
    client, store, hid = app.test_client(), app.extensions["clipstore"], app.household_id
    store.voice_codes.set(hid, "7391")
    attributes: dict = {}

    def say(request: dict, new: bool = False) -> dict:
        nonlocal attributes
        answer = post(client, envelope(request, token=LINK_TOKEN, new=new, attributes={} if new else attributes))
        assert answer.status_code == 200
        attributes = answer.get_json().get("sessionAttributes") or {}
        return answer.get_json()

    today = {"date": slot("date", TODAY)}
    total = store.clips.count(hid, ClipQuery())
    ask = say(intent("DeleteClipsIntent", today), new=True)
    assert ask["response"]["directives"][0]["type"] == "Dialog.ConfirmIntent"
    code = say(intent("DeleteClipsIntent", today, "CONFIRMED"))
    assert speech(code) == "What's your voice code?" and code["response"]["shouldEndSession"] is False
    assert store.clips.count(hid, ClipQuery()) == total  # the yes alone deleted nothing
    done = say(intent("VoiceCodeIntent", {"code": slot("code", "7391")}))
    assert speech(done).startswith("Done. I deleted") and "7391" not in speech(done)
    deleted = total - store.clips.count(hid, ClipQuery())
    assert deleted > 0

    say(
        intent("DeleteClipsIntent", {"which": slot("which", "latest", static=[("latest", "latest")])}, "CONFIRMED"),
        new=True,
    )
    for wrong in ("0000", "1234"):
        assert "isn't right" in speech(say(intent("VoiceCodeIntent", {"code": slot("code", wrong)})))
    locked = say(intent("VoiceCodeIntent", {"code": slot("code", "9999")}))
    assert "locked" in speech(locked) and locked["response"]["shouldEndSession"] is True
    assert store.clips.count(hid, ClipQuery()) == total - deleted
    [lock] = store.audit.events(hid, action="voice_code_lock")
    assert lock.channel == "alexa" and lock.actor == "owner" and lock.detail["minutes"] == 15
    assert len(store.audit.events(hid, action="voice_code_wrong")) == 3
    # Locked: the yes to a new delete is refused at once, even before the code.
    refused = say(intent("DeleteClipsIntent", {"date": slot("date", "2026-11-23")}, "CONFIRMED"), new=True)
    assert "locked" in speech(refused) and store.clips.count(hid, ClipQuery()) == total - deleted
