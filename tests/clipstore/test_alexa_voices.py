"""Voices Alexa recognises that no member enrolled: remembered as unassigned (migration 0017), listed and assigned
by an owner only, through the store's door; after assignment the voice acts as the member. Both backends."""

from __future__ import annotations

import pytest

from clipstore import Caller, Forbidden, NotFound

LINK = "L" * 40
VOICE, OTHER = "amzn1.ask.person.VOICE1", "amzn1.ask.person.VOICE2"


@pytest.fixture
def owner(demo):
    demo.store.alexa_links.create(
        demo.household.id, client_id="alexa", actor="owner", scope="voice", access_token=LINK, refresh_token=None
    )
    return demo.store.home(Caller(demo.household.id, "owner", "web"))


def test_an_unenrolled_voice_is_remembered_once_with_when_and_how_often(demo, owner, clock):
    assert owner.members.unassigned_voices() == []
    first = demo.store.access.alexa(LINK, VOICE)
    assert (first.caller.member, first.recognised) == ("owner", False)  # the link's member, until assigned
    clock.advance(60)
    demo.store.access.alexa(LINK, VOICE)
    demo.store.access.alexa(LINK, None)  # no voice recognised: nothing to remember
    [voice] = owner.members.unassigned_voices()
    assert (voice.person_id, voice.requests) == (VOICE, 2)
    assert (voice.last_heard - voice.first_heard).total_seconds() == 60


def test_at_most_twenty_voices_are_kept_and_the_one_just_heard_is_one_of_them(demo, owner, clock):
    """Anyone can make Alexa send new person ids; the household keeps the 20 heard last, the newest always."""
    for i in range(25):
        demo.store.access.alexa(LINK, f"amzn1.ask.person.V{i:02}")  # the same clock reading for every one
        kept = {v.person_id for v in owner.members.unassigned_voices()}
        assert len(kept) == min(i + 1, 20)
        assert f"amzn1.ask.person.V{i:02}" in kept
    clock.advance(60)
    demo.store.access.alexa(LINK, "amzn1.ask.person.V03")  # an old voice again: back in, the others trimmed
    voices = owner.members.unassigned_voices()
    assert len(voices) == 20 and voices[0].person_id == "amzn1.ask.person.V03"


def test_an_owner_assigns_a_voice_and_it_then_acts_as_the_member(demo, owner):
    sam = owner.members.add("Sam", "adult", ["garage"]).member
    demo.store.access.alexa(LINK, VOICE)
    demo.store.access.alexa(LINK, OTHER)
    assert owner.members.assign_voice(VOICE, "sam") == sam
    assert [v.person_id for v in owner.members.unassigned_voices()] == [OTHER]
    found = demo.store.access.alexa(LINK, VOICE)
    assert (found.caller.member, found.caller.cameras, found.recognised) == ("sam", frozenset({"garage"}), True)
    [entry] = demo.store.audit.events(demo.household.id, action="voice_enrolled")
    assert (entry.actor, entry.channel, entry.detail) == ("owner", "web", {"member": "sam"})
    assert [v.person_id for v in owner.members.unassigned_voices()] == [OTHER]  # heard again: still Sam's


def test_only_an_owner_lists_or_assigns_and_bad_input_changes_nothing(demo, owner):
    added = owner.members.add("Sam", "adult")
    demo.store.access.alexa(LINK, VOICE)
    sam = demo.store.home(Caller.of(demo.household.id, added.member, "web"))
    with pytest.raises(Forbidden):
        sam.members.unassigned_voices()
    with pytest.raises(Forbidden):
        sam.members.assign_voice(VOICE, "sam")
    with pytest.raises(NotFound):
        owner.members.assign_voice("amzn1.ask.person.NEVER", "sam")
    with pytest.raises(NotFound):
        owner.members.assign_voice(VOICE, "nobody")
    assert [v.person_id for v in owner.members.unassigned_voices()] == [VOICE]
    assert demo.store.access.alexa(LINK, VOICE).caller.member == "owner"


def test_a_voice_a_member_enrolled_is_not_unassigned(demo, owner):
    sam = owner.members.add("Sam", "adult").member
    demo.store.access.alexa(LINK, VOICE)
    demo.store.access.enroll_voice(Caller.of(demo.household.id, sam, "alexa"), VOICE)
    assert owner.members.unassigned_voices() == []
    assert demo.store.access.alexa(LINK, VOICE).caller.member == "sam"
    assert owner.members.unassigned_voices() == []
