"""Alexa and the household's members: the MEMBER slot type and ShareClipIntent's `member` slot in the model,
the members pushed as MEMBER dynamic entities, and sharing with a member, support or nobody known, through the
real /alexa endpoint with signed requests."""
from __future__ import annotations

import pytest

from clipstore import Caller
from intents.handlers.share import NO_SUPPORT
from skill.app import create_app
from skill.model.document import interaction_model
from testkit.alexa_requests import PUBLIC_URL, SKILL_NOW, copy_demo, directives, envelope, intent, post, slot, speech

LATEST = {"which": slot("which", "latest", static=[("latest", "latest")], type_name="WHICH")}


@pytest.fixture
def demo(tmp_path):
    return copy_demo(tmp_path / "data")


@pytest.fixture
def app(demo, make_verifier):
    verifier, fetch = make_verifier()
    application = create_app(demo[0], public_url=PUBLIC_URL, clock=SKILL_NOW.timestamp, config={
        "TESTING": True, "ALEXA_SETTINGS_GET": lambda *a: None, "ALEXA_CLOCK": lambda: SKILL_NOW,
        "ALEXA_VERIFIER": verifier})
    application.fetch = fetch
    yield application
    application.extensions["clipstore"].close()


@pytest.fixture
def store(app):
    return app.extensions["clipstore"]


@pytest.fixture
def say(app, alexa_chain, demo):
    client, key = app.test_client(), alexa_chain[1]

    def send(request: dict, **kwargs) -> dict:
        response = post(client, envelope(request, token=demo[2], **kwargs), key)
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()
    return send


@pytest.fixture
def sam(store, demo):
    return store.home(Caller(demo[1])).members.add("Sam", "adult", ["front_door"])


def test_the_model_has_the_member_slot_and_the_member_type():
    model = interaction_model()["interactionModel"]
    share = next(i for i in model["languageModel"]["intents"] if i["name"] == "ShareClipIntent")
    assert {"name": "member", "type": "MEMBER"} in share["slots"]
    assert "share the {which} clip with {member}" in share["samples"]
    assert all("support" not in s for s in share["samples"])  # "support" is MEMBER's static value
    [member_type] = [t for t in model["languageModel"]["types"] if t["name"] == "MEMBER"]
    assert [v["id"] for v in member_type["values"]] == ["support"]
    confirm = next(i for i in model["dialog"]["intents"] if i["name"] == "ShareClipIntent")
    assert any(s["name"] == "member" for s in confirm["slots"])


def test_members_are_pushed_as_dynamic_entities_with_the_cameras(say, sam):
    answer = say({"type": "LaunchRequest"})
    [update] = directives(answer, "Dialog.UpdateDynamicEntities")
    types = {t["name"]: t["values"] for t in update["types"]}
    assert set(types) == {"CAMERA", "MEMBER"}
    assert {v["id"]: v["name"]["value"] for v in types["MEMBER"]} == {"owner": "Owner", "sam": "Sam"}


def test_share_with_a_member_by_dynamic_entity_asks_then_shares_with_them(say, store, demo, sam):
    slots = {**LATEST, "camera": slot("camera", "garage", static=[("garage", "garage")]),
             "member": slot("member", "sam", dynamic=[("sam", "Sam")], type_name="MEMBER")}
    ask = say(intent("ShareClipIntent", slots))
    assert directives(ask, "Dialog.ConfirmIntent")
    assert speech(ask).startswith("Share the garage clip from ") and " with Sam? " in speech(ask)
    assert store.shares.active(demo[1]) == []
    done = say(intent("ShareClipIntent", slots, "CONFIRMED"), new=False, attributes=ask["sessionAttributes"])
    assert speech(done).startswith("Shared. Sam can watch that clip until ")
    [share] = store.shares.active(demo[1])
    assert (share.to, share.channel, share.actor) == ("sam", "alexa", "owner")


def test_support_comes_as_the_static_value_and_is_not_offered_without_a_contact(say, store, demo):
    slots = {**LATEST, "member": slot("member", "tech support", static=[("support", "support")],
                                      dynamic=[], type_name="MEMBER")}
    assert speech(say(intent("ShareClipIntent", slots))) == NO_SUPPORT
    assert store.shares.active(demo[1]) == []


def test_an_unknown_member_shares_nothing(say, store, demo, sam):
    slots = {**LATEST, "member": slot("member", "zed", dynamic=[], type_name="MEMBER", no_match=True)}
    answer = say(intent("ShareClipIntent", slots))
    assert speech(answer) == "I didn't find a member called Zed. Nothing was shared."
    assert not directives(answer, "Dialog.ConfirmIntent")
    assert store.shares.active(demo[1]) == []
