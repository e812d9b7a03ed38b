""" "Who watched my clips" names people and channels ("Sam watched the garage clip from 4:19 pm, through Alexa."),
and a member limited to some cameras hears only about those (the store's door decides). Both clip services."""

from __future__ import annotations

import pytest
import requests
from talk import Conversation

from clipstore import Caller, ClipQuery, ClipStore
from intents.handlers.info import CHANNEL_WORDS
from intents.http_service import HttpClipService
from intents.store_service import StoreClipService


def _latest(store: ClipStore, household, camera: str):
    return store.clips.page(household.id, ClipQuery(camera=camera), limit=1)[0][0]


def _view(store: ClipStore, household, member, channel: str, clip) -> None:
    caller = Caller(household.id) if member is None else Caller.of(household.id, member, channel)
    store.home(caller.through(channel)).clips.view(clip.id)


@pytest.fixture
def sam(store, household):
    """Sam, an adult who sees only the garage."""
    return store.home(Caller(household.id)).members.add("Sam", "adult", ["garage"])


def test_every_audit_channel_has_words():
    for channel in ("api", "web", "voice", "wyoming", "alexa", "share", "share-link", "system"):
        assert CHANNEL_WORDS[channel]


def test_one_view_names_the_person_the_clip_and_the_channel(service, store, household, sam):
    _view(store, household, sam.member, "alexa", _latest(store, household, "garage"))
    speech = Conversation(service).say("who watched my clips").speech
    assert speech.startswith("Sam watched the garage clip from ")
    assert speech.endswith(", through Alexa.")


def test_several_views_are_counted_by_person_and_channel(service, store, household, sam):
    garage, front = _latest(store, household, "garage"), _latest(store, household, "front_door")
    _view(store, household, sam.member, "alexa", garage)
    _view(store, household, sam.member, "alexa", garage)
    _view(store, household, sam.member, "wyoming", garage)
    _view(store, household, None, "web", front)  # the owner, who is asking below (as "you")
    speech = Conversation(service).say("who watched my clips").speech
    assert speech.startswith(
        "Your clips were opened 4 times, 2 clips in all: "
        "Sam twice through Alexa, you once on the web page and "
        "Sam once through a voice satellite. Most recently, you watched the front door clip "
    ), speech
    assert speech.endswith(", on the web page.")
    garage_only = Conversation(service).say("who watched the garage clips").speech
    assert garage_only.startswith("Your garage clip from ")
    assert garage_only.endswith(" was opened 3 times: Sam twice through Alexa and Sam once through a voice satellite.")


def test_a_member_limited_to_a_camera_hears_only_about_it(store, household, sam):
    _view(store, household, None, "web", _latest(store, household, "front_door"))  # not Sam's camera
    own = StoreClipService.open(store, household.id, channel="voice", member="sam")
    assert Conversation(own).say("who watched my clips").speech == "Nobody has opened your clips."
    _view(store, household, sam.member, "alexa", _latest(store, household, "garage"))
    speech = Conversation(own).say("who watched my clips").speech
    assert speech.startswith("You watched the garage clip from ") and speech.endswith(", through Alexa."), speech


def test_over_http_a_limited_member_hears_only_about_their_camera(store, household, sam, live_server):
    _view(store, household, None, "web", _latest(store, household, "front_door"))
    _view(store, household, sam.member, "alexa", _latest(store, household, "garage"))
    speech = Conversation(HttpClipService(live_server, sam.token)).say("who watched my clips").speech
    assert speech.startswith("You watched the garage clip from ") and speech.endswith(", through Alexa."), speech


def test_a_share_link_opening_is_someone_through_a_share_link(service, store, household, live_server, token):
    garage = _latest(store, household, "garage")
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {token}"
    share = http.post(f"{live_server}/api/clips/{garage.id}/shares", json={"consent": True}).json()
    assert requests.get(share["url"], timeout=10).status_code == 200
    speech = Conversation(service).say("who watched my clips").speech
    assert speech.startswith("Someone watched the garage clip from ") and speech.endswith(", through a share link."), (
        speech
    )


def test_the_day_asked_about_leads_the_sentence(service, store, household, sam):
    _view(store, household, sam.member, "alexa", _latest(store, household, "garage"))
    speech = Conversation(service).say("who watched my clips today").speech
    assert speech.startswith("Today, Sam watched the garage clip from ") and speech.endswith(", through Alexa."), speech
