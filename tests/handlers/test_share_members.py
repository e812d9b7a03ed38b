"""Sharing with a person by voice: a member of the household, a guest link, or support only where the operator
names one; an unknown member or a child shares nothing. On both clip services and both backends."""

from __future__ import annotations

import pytest
import requests
from talk import Conversation

from clipstore import Caller, ClipQuery, ClipStore
from intents.handlers.share import MAY_NOT, NO_SUPPORT
from intents.http_service import HttpClipService
from intents.store_service import StoreClipService
from skill.app import create_app


def _add(store: ClipStore, household, name: str, role: str = "adult", cameras=None):
    return store.home(Caller(household.id)).members.add(name, role, cameras)


def _as(request, store: ClipStore, household, member: str, token: str):
    """The clip service of one member, in the way the `service` fixture's parameter says."""
    if request.node.callspec.params["service"] == "store":
        return StoreClipService.open(store, household.id, channel="voice", member=member)
    return HttpClipService(request.getfixturevalue("live_server"), token)


def _latest(store: ClipStore, household, camera: str):
    return store.clips.page(household.id, ClipQuery(camera=camera), limit=1)[0][0]


def test_share_with_a_member_asks_naming_them_and_they_get_the_clip(service, store, household):
    sam = _add(store, household, "Sam", cameras=["front_door"])  # Sam does not see the garage
    talk = Conversation(service)
    question = talk.say("share the latest garage clip with Sam")
    assert question.expect_reply
    assert question.speech.startswith("Share the garage clip from ")
    assert question.speech.endswith(
        " with Sam? Sam will be able to watch it for 7 days; you can stop sharing at any time."
    )
    assert store.shares.active(household.id) == []
    done = talk.say("yes")
    assert done.speech.startswith("Shared. Sam can watch that clip until ")
    assert "Shared with you on their Access page" in done.speech
    clip = _latest(store, household, "garage")
    [share] = store.shares.active(household.id)
    assert (share.clip_id, share.to) == (clip.id, "sam")
    sams_home = store.home(Caller.of(household.id, sam.member, "web"))
    assert [s.clip_id for s in sams_home.shares.received()] == [clip.id]
    assert sams_home.clips.find(clip.id).id == clip.id  # outside Sam's cameras, yet shared with Sam
    [entry] = store.audit.events(household.id, action="share")
    assert (entry.actor, entry.channel, entry.detail["with"]) == ("owner", "voice", "sam")


def test_send_that_to_a_member_after_showing_a_clip(service, store, household):
    _add(store, household, "Alex")
    talk = Conversation(service)
    talk.say("show the latest driveway clip")
    assert talk.say("send that to Alex").speech.startswith("Share the driveway clip from ")
    talk.say("yes")
    assert [(s.clip_id, s.to) for s in store.shares.active(household.id)] == [
        (_latest(store, household, "driveway").id, "alex")
    ]


def test_an_unknown_member_shares_nothing(service, store, household):
    _add(store, household, "Sam")
    talk = Conversation(service)
    assert (
        talk.say("share the latest garage clip with Zed").speech
        == "I didn't find a member called Zed. Nothing was shared."
    )
    assert talk.say("yes").speech == "There's nothing waiting for a yes right now."
    assert store.shares.active(household.id) == []


def test_without_a_member_the_share_is_a_guest_link_the_answer_hands_over(service, store, household):
    talk = Conversation(service)
    assert talk.say("share the latest garage clip").speech.startswith("Anyone you give the link to will be able")
    done = talk.say("yes")
    assert done.speech.startswith("Shared. Anyone with the link can watch that clip until ")
    assert "The link is on the Access page of your web page" in done.speech
    assert [s.to for s in store.shares.active(household.id)] == ["guest"]


def test_support_is_not_offered_without_support_contact(service, store, household):
    talk = Conversation(service)
    talk.say("show the latest garage clip")
    assert talk.say("share this clip with support").speech == NO_SUPPORT
    assert talk.say("send the latest front door clip as feedback").speech == NO_SUPPORT
    assert talk.say("yes").speech == "There's nothing waiting for a yes right now."
    assert store.shares.active(household.id) == []


def test_support_named_by_the_operator_is_asked_for_and_named(data_dir, clock, household):
    store = ClipStore(data_dir, clock=clock, support_contact="help@example.com")
    try:
        talk = Conversation(StoreClipService.open(store, household.id, channel="voice"))
        question = talk.say("share the latest garage clip with support")
        assert question.speech.startswith("Support (help@example.com) will be able to watch the garage clip from ")
        done = talk.say("yes")
        assert done.speech.startswith("Shared. Support (help@example.com) can watch that clip until ")
        assert [s.to for s in store.shares.active(household.id)] == ["support"]
        [entry] = store.audit.events(household.id, action="share")
        assert entry.detail["contact"] == "help@example.com"
    finally:
        store.close()


@pytest.mark.parametrize("role", ["child", "guest"])
def test_a_child_or_a_guest_may_not_share(request, service, store, household, *, clock, role):
    kim = store.home(Caller(household.id)).members.add("Kim", role, None, clock() + 86400 if role == "guest" else None)
    talk = Conversation(_as(request, store, household, "kim", kim.token))
    talk.say("show the latest garage clip")
    assert talk.say("share this clip").speech == MAY_NOT
    assert talk.say("yes").speech == "There's nothing waiting for a yes right now."
    assert store.shares.active(household.id) == []


def test_the_intent_api_hears_members_and_support_from_the_store(data_dir, serve, clock, store, household):
    """POST /api/intent parses with the household's members (names from the store), keeps support out of the
    contract's slots, and shares with the member after the yes, on the `api` channel."""
    _add(store, household, "Sam")
    app = create_app(data_dir, clock=clock)
    try:
        base, http = serve(app), requests.Session()
        http.headers["Authorization"] = f"Bearer {(data_dir / 'demo-token').read_text().strip()}"
        asked = http.post(f"{base}/api/intent", json={"text": "share the latest garage clip with Sam"}).json()
        assert (asked["intent"], asked["slots"]) == (
            "ShareClip",
            {"camera": "garage", "which": "latest", "member": "sam"},
        )
        assert " with Sam? " in asked["speech"] and asked["expect_reply"]
        done = http.post(f"{base}/api/intent", json={"text": "yes", "session": asked["session"]}).json()
        assert done["speech"].startswith("Shared. Sam can watch that clip until ")
        assert [(s.to, s.channel) for s in store.shares.active(household.id)] == [("sam", "api")]
        support = http.post(f"{base}/api/intent", json={"text": "share the latest garage clip with support"}).json()
        assert (support["slots"], support["speech"]) == ({"camera": "garage", "which": "latest"}, NO_SUPPORT)
    finally:
        app.extensions["clipstore"].close()


def test_sharing_with_oneself_asks_nothing_and_shares_nothing(service, store, household):
    talk = Conversation(service)
    assert (
        talk.say("share the latest garage clip with Owner").speech
        == "That clip is already yours to watch, so there's nothing to share. Nothing was shared."
    )
    assert talk.say("yes").speech == "There's nothing waiting for a yes right now."
    assert store.shares.active(household.id) == []


@pytest.mark.parametrize("said", ["me", "myself"])
def test_sharing_with_me_is_sharing_with_oneself(service, store, household, said):
    """ "Hand it to me" is no member called Me: the clip is already the speaker's, nothing is asked or shared."""
    talk = Conversation(service)
    assert talk.say(f"share the latest garage clip with {said}").speech.startswith("That clip is already yours")
    assert talk.say("yes").speech == "There's nothing waiting for a yes right now."
    assert store.shares.active(household.id) == []


@pytest.mark.parametrize("said", ["guest", "a guest"])
def test_sharing_with_a_guest_is_a_guest_link_asked_with_its_consent_text(service, store, household, said):
    """ "Share it with a guest" asks the guest link's own consent question, and yes makes exactly that link."""
    talk = Conversation(service)
    asked = talk.say(f"share the latest garage clip with {said}")
    assert asked.expect_reply and "didn't find a member" not in asked.speech, asked.speech
    assert talk.say("yes").speech.startswith("Shared.")
    assert [s.to for s in store.shares.active(household.id)] == ["guest"]
