"""Alexa and the household's members: the MEMBER slot type and ShareClipIntent's `member` slot in the model,
the members pushed as MEMBER dynamic entities, and sharing with a member, support or nobody known, through the
real /alexa endpoint with signed requests."""

from __future__ import annotations

import re

import pytest

from clipstore import Caller, ClipQuery
from intents.handlers.share import NO_SUPPORT
from skill.app import create_app
from skill.model.document import interaction_model, skill_manifest
from testkit.alexa_requests import (
    PUBLIC_URL,
    SKILL_NOW,
    copy_demo,
    directives,
    envelope,
    household_token,
    intent,
    post,
    slot,
    speech,
)

LATEST = {"which": slot("which", "latest", static=[("latest", "latest")], type_name="WHICH")}


@pytest.fixture
def demo(tmp_path):
    return copy_demo(tmp_path / "data")


@pytest.fixture
def app(demo, make_verifier):
    verifier, fetch = make_verifier()
    application = create_app(
        demo[0],
        public_url=PUBLIC_URL,
        clock=SKILL_NOW.timestamp,
        config={
            "TESTING": True,
            "ALEXA_SETTINGS_GET": lambda *a: None,
            "ALEXA_CLOCK": lambda: SKILL_NOW,
            "ALEXA_VERIFIER": verifier,
        },
    )
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


def test_the_manifest_asks_for_skill_personalization():
    """Without it Alexa sends no `context.System.person`, and no voice can act as its member."""
    assert {"name": "alexa::person_id:read"} in skill_manifest()["manifest"]["permissions"]


def test_members_are_pushed_as_dynamic_entities_with_the_cameras(say, sam):
    answer = say({"type": "LaunchRequest"})
    [update] = directives(answer, "Dialog.UpdateDynamicEntities")
    types = {t["name"]: t["values"] for t in update["types"]}
    assert set(types) == {"CAMERA", "MEMBER"}
    assert {v["id"]: v["name"]["value"] for v in types["MEMBER"]} == {"owner": "Owner", "sam": "Sam"}


def test_share_with_a_member_by_dynamic_entity_asks_then_shares_with_them(say, store, demo, sam):
    slots = {
        **LATEST,
        "camera": slot("camera", "garage", static=[("garage", "garage")]),
        "member": slot("member", "sam", dynamic=[("sam", "Sam")], type_name="MEMBER"),
    }
    ask = say(intent("ShareClipIntent", slots))
    assert directives(ask, "Dialog.ConfirmIntent")
    assert speech(ask).startswith("Share the garage clip from ") and " with Sam? " in speech(ask)
    assert store.shares.active(demo[1]) == []
    done = say(intent("ShareClipIntent", slots, "CONFIRMED"), new=False, attributes=ask["sessionAttributes"])
    assert speech(done).startswith("Shared. Sam can watch that clip until ")
    [share] = store.shares.active(demo[1])
    assert (share.to, share.channel, share.actor) == ("sam", "alexa", "owner")


def test_support_comes_as_the_static_value_and_is_not_offered_without_a_contact(say, store, demo):
    slots = {
        **LATEST,
        "member": slot("member", "tech support", static=[("support", "support")], dynamic=[], type_name="MEMBER"),
    }
    assert speech(say(intent("ShareClipIntent", slots))) == NO_SUPPORT
    assert store.shares.active(demo[1]) == []


def test_an_unknown_member_shares_nothing(say, store, demo, sam):
    slots = {**LATEST, "member": slot("member", "zed", dynamic=[], type_name="MEMBER", no_match=True)}
    answer = say(intent("ShareClipIntent", slots))
    assert speech(answer) == "I didn't find a member called Zed. Nothing was shared."
    assert not directives(answer, "Dialog.ConfirmIntent")
    assert store.shares.active(demo[1]) == []


# --- voices Alexa recognises, assigned on the Members page ------------------------------------------------------

VOICE = "amzn1.ask.person.TESTVOICE0001"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _owner_page(app):
    """A client signed in to the page as the owner (household token), and its session's CSRF token."""
    client = app.test_client()
    csrf = CSRF.search(client.get("/signin").text)[1]
    assert client.post("/signin", data={"token": household_token(), "csrf_token": csrf}).status_code == 302
    return client, CSRF.search(client.get("/members").text)[1]


def test_an_unenrolled_voice_is_listed_for_the_owner_and_once_assigned_acts_as_the_member(app, say, store, demo):
    kim = store.home(Caller(demo[1])).members.add("Kim", "adult", ["garage"]).member
    heard = say(intent("AccessLogIntent"), person=VOICE)
    assert speech(heard).startswith(("Nobody has opened", "You watched", "Your clips"))
    client, csrf = _owner_page(app)
    page = client.get("/members").text
    assert "Voices Alexa recognises" in page and VOICE in page and "(1 request)" in page
    # nobody is chosen for the owner: a careless click on Assign must not give a stranger's voice anyone's rights
    assert '<option value="" disabled selected>Choose a member' in page
    refused = client.post("/members/voices", data={"voice": VOICE, "member": "kim"})  # no CSRF token
    assert refused.status_code in (400, 403)
    assert store.access.alexa(demo[2], VOICE).caller.member == "owner"
    done = client.post("/members/voices", data={"voice": VOICE, "member": "kim", "csrf_token": csrf})
    assert done.status_code == 302
    assert VOICE not in client.get("/members").text
    [entry] = store.audit.events(demo[1], action="voice_enrolled")
    assert (entry.actor, entry.channel, entry.detail) == ("owner", "web", {"member": "kim"})
    assert "Said whose an Alexa voice is" in client.get("/access?show=all").text
    front = store.clips.page(demo[1], ClipQuery(camera="front_door"), limit=1)[0][0]
    garage = store.clips.page(demo[1], ClipQuery(camera="garage"), limit=1)[0][0]
    store.home(Caller(demo[1])).clips.view(front.id)  # the owner's view of a camera Kim does not see
    store.home(Caller.of(demo[1], kim, "alexa")).clips.view(garage.id)
    as_kim = speech(say(intent("AccessLogIntent"), person=VOICE))
    assert as_kim.startswith("You watched the garage clip from ") and as_kim.endswith(", through Alexa."), as_kim
    as_owner = speech(say(intent("AccessLogIntent")))  # no voice recognised: the link's member, the owner
    assert "Kim" in as_owner and "you" in as_owner, as_owner


def test_assigning_needs_an_owner_and_a_known_voice(app, say, store, demo):
    say({"type": "LaunchRequest"}, person=VOICE)
    client, csrf = _owner_page(app)
    missing = client.post(
        "/members/voices", data={"voice": "amzn1.ask.person.NOPE", "member": "owner", "csrf_token": csrf}
    )
    assert missing.status_code == 404 and "Nothing was changed" in missing.text
    assert [v.person_id for v in store.home(Caller(demo[1])).members.unassigned_voices()] == [VOICE]
