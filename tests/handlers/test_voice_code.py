"""The voice code, owned by the intent layer: asked after the yes, never said back, three wrong codes lock.

Runs against both clip services (in-process store and HTTP on a real server), like every handler test.
"""

from __future__ import annotations

import pytest
from talk import NOW, TZ, day_query

from clipstore import ClipQuery
from intents.dialog import DialogState
from intents.handlers import handle
from intents.parser import Parser

CODE = "2580"
SPOKEN = "two five eight zero"


class Talk:
    """A conversation heard where `scope` says ("alexa", "offline" or None)."""

    def __init__(self, service, scope: str | None):
        self.service, self.scope = service, scope
        self.parser = Parser(service.cameras())
        self.state = DialogState()

    def say(self, text: str):
        parsed = self.parser.parse(text, now=NOW, tz=TZ)
        reply, self.state = handle(
            self.service, parsed.intent, parsed.slots, self.state, now=NOW, code_scope=self.scope
        )
        for secret in (CODE, SPOKEN, "2 5 8 0"):
            assert secret not in reply.speech  # never said back
        return reply


@pytest.fixture
def coded(store, household):
    store.voice_codes.set(household.id, CODE)
    return store


def test_delete_needs_the_yes_and_the_code(service, coded, household):
    talk = Talk(service, "alexa")
    before = coded.clips.count(household.id, day_query())
    assert talk.say("delete today's recordings").speech.startswith(f"Delete {before} clips")
    asked = talk.say("yes")
    assert asked.speech == "What's your voice code?" and asked.expect_reply
    assert coded.clips.count(household.id, day_query()) == before  # the yes alone deleted nothing
    wrong = talk.say("one one one one")
    assert "isn't right" in wrong.speech and "2 more tries" in wrong.speech and wrong.expect_reply
    assert coded.clips.count(household.id, day_query()) == before
    done = talk.say(f"my code is {SPOKEN}")
    assert done.speech.startswith(f"Done. I deleted {before} clips")
    assert coded.clips.count(household.id, day_query()) == 0


def test_three_wrong_codes_lock_for_fifteen_minutes_and_are_audited(service, coded, household, clock):
    talk = Talk(service, "alexa")
    talk.say("delete the latest clip")
    talk.say("yes")
    talk.say("1111")
    talk.say("1112")
    locked = talk.say("1113")
    assert "locked" in locked.speech and "Nothing was changed" in locked.speech and not locked.expect_reply
    assert talk.state.pending is None
    events = coded.audit.events(household.id)
    assert [e.action for e in events[:4]] == [
        "voice_code_lock",
        "voice_code_wrong",
        "voice_code_wrong",
        "voice_code_wrong",
    ]
    assert all(CODE not in str(e.detail) for e in events)
    total = coded.clips.count(household.id, ClipQuery())
    # While locked even the right code does nothing, and a new sensitive request is refused after its yes.
    talk.say("delete the latest clip")
    assert "locked" in talk.say("yes").speech
    assert coded.clips.count(household.id, ClipQuery()) == total
    clock.advance(15 * 60 + 1)
    talk.say("delete the latest clip")
    talk.say("yes")
    assert talk.say(CODE).speech.startswith("Done. I deleted 1 clip")


def test_every_sensitive_action_asks_and_the_offline_loop_only_by_choice(service, coded, household):
    for text in ("share the latest clip", "stop recording the garage", "keep clips for 1 day"):
        talk = Talk(service, "alexa")
        assert talk.say(text).expect_reply, text
        assert talk.say("yes").speech == "What's your voice code?", text
        assert not talk.say(CODE).expect_reply
    assert not coded.cameras.get(household.id, "garage").recording
    assert coded.households.get(household.id).retention_days == 1
    # The offline loop asks only when the household turned that on; the intent API (no scope) never asks.
    for scope, offline, asks in (("offline", False, False), ("offline", True, True), (None, True, False)):
        coded.voice_codes.set_offline(household.id, offline)
        talk = Talk(service, scope)
        talk.say("delete the latest clip")
        assert (talk.say("yes").speech == "What's your voice code?") is asks, (scope, offline)


def test_no_code_set_means_the_yes_is_enough(service, store, household):
    talk = Talk(service, "alexa")
    talk.say("delete the latest clip")
    assert talk.say("yes").speech.startswith("Done. I deleted 1 clip")
    assert talk.say(CODE).speech == "There's nothing waiting for a voice code right now."
    assert Parser(service.cameras()).parse("one two three").intent is None  # three digits are no code
