"""POST /alexa through the Flask app: real envelopes, real signatures (test CA), the demo household.

The only things replaced are at the HTTP boundary: the download of the signing chain (the
verifier's `fetch`) and the Alexa Settings API call (`ALEXA_SETTINGS_GET`). Expected answers come
from the same `intents.handlers.handle` every front end calls.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from clipstore import ClipStore
from clipstore.models import ClipQuery
from intents.dates import time_range
from intents.dialog import DialogState
from intents.handlers import handle
from intents.store_service import StoreClipService
from skill.alexa.handlers import LINK_SPEECH, SORRY, WELCOME
from skill.alexa.turn import APL_DOCUMENT, apl_document
from skill.api.signing import with_urls
from skill.app import create_app
from testkit.alexa_certs import CERT_URL, SKILL_ID, make_chain, rsa_key
from testkit.alexa_certs import NOW as CERT_NOW
from testkit.alexa_requests import (
    API_ENDPOINT,
    API_TOKEN,
    DEVICE_ID,
    PUBLIC_URL,
    SKILL_NOW,
    TODAY,
    TZ,
    copy_demo,
    directives,
    envelope,
    intent,
    post,
    slot,
    speech,
)


@dataclass
class FakeSettings:
    """Stands in for the Alexa Settings API: answers `zone`, or fails when it is None."""

    zone: str | None = None
    calls: list[tuple[str, str, float]] = field(default_factory=list)

    def __call__(self, url: str, token: str, timeout: float) -> object:
        self.calls.append((url, token, timeout))
        if self.zone is None:
            raise OSError("settings API unreachable")
        return self.zone


@dataclass
class Demo:
    data: Path
    household_id: int
    token: str


@pytest.fixture
def demo(tmp_path: Path) -> Demo:
    return Demo(*copy_demo(tmp_path / "data"))


@pytest.fixture
def settings() -> FakeSettings:
    return FakeSettings()


@pytest.fixture
def build(demo, settings):
    """Build the app over the demo copy with the given config; closed at teardown."""
    apps = []

    def make(**config):
        base = {"TESTING": True, "ALEXA_SETTINGS_GET": settings, "ALEXA_CLOCK": lambda: SKILL_NOW}
        app = create_app(demo.data, public_url=PUBLIC_URL, config={**base, **config}, clock=SKILL_NOW.timestamp)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.extensions["clipstore"].close()


@pytest.fixture
def app(build, make_verifier):
    verifier, fetch = make_verifier()
    application = build(ALEXA_VERIFIER=verifier)
    application.fetch = fetch
    return application


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def key(alexa_chain):
    return alexa_chain[1]


@pytest.fixture
def store(app) -> ClipStore:
    return app.extensions["clipstore"]


def say(client, key, request: dict, **kwargs) -> dict:
    response = post(client, envelope(request, **kwargs), key)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return response.get_json()


def offline(app, demo, intent_name, slots, *, state=None, tz=TZ) -> str:
    """What the intent layer answers for the same intent and slots (the offline loop's answer)."""
    with app.test_request_context("/", base_url=PUBLIC_URL):
        service = StoreClipService.open(
            app.extensions["clipstore"], demo.household_id, channel="voice", add_urls=with_urls
        )
        reply, _ = handle(service, intent_name, slots, state or DialogState(), now=SKILL_NOW, tz=tz)
    return reply.speech


def count(store: ClipStore, household_id: int, **filters) -> int:
    return store.clips.count(household_id, ClipQuery(**filters))


def today_ids(store, household_id, camera=None) -> set[str]:
    after, before = time_range(TODAY, None, TZ, date(2026, 11, 24))
    clips, _ = store.clips.page(household_id, ClipQuery(camera=camera, after=after, before=before), 500)
    return {c.id for c in clips}


FRONT_DOOR = slot("camera", "front door", static=[("front_door", "front door")])
FRONT_DOOR_TODAY = {"camera": FRONT_DOOR, "date": slot("date", TODAY)}


# --- the happy paths -------------------------------------------------------------------------------


def test_launch_welcomes_and_pushes_household_cameras(client, key, demo):
    answer = say(client, key, {"type": "LaunchRequest"}, token=demo.token)
    assert speech(answer).startswith(WELCOME)
    assert answer["response"]["reprompt"]["outputSpeech"]["ssml"]
    assert answer["response"]["shouldEndSession"] is False
    [update] = directives(answer, "Dialog.UpdateDynamicEntities")
    assert update["updateBehavior"] == "REPLACE"
    camera_type, member_type = update["types"]  # the household's members go out as MEMBER (test_alexa_members.py)
    assert (camera_type["name"], member_type["name"]) == ("CAMERA", "MEMBER")
    assert {v["id"] for v in camera_type["values"]} == {"front_door", "backyard", "garage", "living_room", "driveway"}
    front = next(v for v in camera_type["values"] if v["id"] == "front_door")
    assert front["name"]["value"] == "Front Door" and "porch" in front["name"]["synonyms"]
    assert answer["sessionAttributes"]["cameras_pushed"] is True

    again = say(
        client, key, intent("AMAZON.HelpIntent"), token=demo.token, new=False, attributes=answer["sessionAttributes"]
    )
    assert not directives(again, "Dialog.UpdateDynamicEntities")


def test_list_front_door_today_counts_like_the_offline_loop(app, client, key, demo, store):
    answer = say(client, key, intent("ListClipsIntent", FRONT_DOOR_TODAY), token=demo.token)
    expected = len(today_ids(store, demo.household_id, "front_door"))
    assert expected >= 1
    assert speech(answer).startswith(f"{expected} clip")
    assert speech(answer) == offline(app, demo, "ListClips", {"camera": "front_door", "date": TODAY})
    assert len(answer["sessionAttributes"]["dialog"]["results"]) == expected


def test_references_in_the_session_attributes_mean_the_list_read(app, client, key, demo, store):
    listed = say(client, key, intent("ListClipsIntent", FRONT_DOOR_TODAY), token=demo.token)
    after, before = time_range(TODAY, None, TZ, date(2026, 11, 24))
    clips, _ = store.clips.page(demo.household_id, ClipQuery(camera="front_door", after=after, before=before), 50)
    attributes = listed["sessionAttributes"]
    assert [entry[0] for entry in attributes["dialog"]["listed"]] == [c.id for c in clips[:3]]
    for slots, clip in (
        ({"position": slot("position", "2")}, clips[1]),
        (
            {"which": slot("which", "last", static=[("latest", "latest")], type_name="WHICH")},
            clips[min(3, len(clips)) - 1],
        ),
        ({"which": slot("which", "latest", static=[("latest", "latest")], type_name="WHICH")}, clips[0]),
    ):
        shown = say(client, key, intent("ShowClipIntent", slots), token=demo.token, new=False, attributes=attributes)
        assert shown["sessionAttributes"]["dialog"]["focus"] == clip.id, slots
    ask = say(
        client,
        key,
        intent("DeleteClipsIntent", {"position": slot("position", "2")}),
        token=demo.token,
        new=False,
        attributes=attributes,
    )
    assert ask["sessionAttributes"]["dialog"]["pending"]["query"]["ids"] == [clips[1].id]


def test_count_with_label_resolution(app, client, key, demo):
    slots = {
        "label": slot("label", "dogs", static=[("animal", "animal")], type_name="LABEL"),
        "date": slot("date", "2026-11-23"),
    }
    answer = say(client, key, intent("CountClipsIntent", slots), token=demo.token)
    assert speech(answer) == offline(app, demo, "CountClips", {"label": "animal", "date": "2026-11-23"})


def test_a_label_the_camera_cannot_tell_is_said_so_as_offline(app, client, key, demo, store):
    for clip in store.clips.page(demo.household_id, ClipQuery(camera="garage", label="package"), 500)[0]:
        store.label_sources.correct(demo.household_id, clip.id, [x for x in clip.labels if x != "package"], 0)
    garage = store.cameras.row_id(demo.household_id, "garage")
    store.label_sources.note_can_tell(garage, "nanodet", ("person", "animal", "vehicle"), 0)
    slots = {
        "camera": slot("camera", "garage", static=[("garage", "garage")]),
        "date": slot("date", TODAY),
        "label": slot("label", "deliveries", static=[("package", "package")], type_name="LABEL"),
    }
    answer = say(client, key, intent("ListClipsIntent", slots), token=demo.token)
    clips = len(today_ids(store, demo.household_id, "garage"))
    assert speech(answer) == f"The garage camera can't tell packages; it has {clips} clips today."
    assert speech(answer) == offline(app, demo, "ListClips", {"camera": "garage", "label": "package", "date": TODAY})


def test_spoken_synonym_without_resolution_and_unknown_camera(app, client, key, demo):
    answer = say(client, key, intent("ListClipsIntent", {"camera": slot("camera", "lounge")}), token=demo.token)
    assert speech(answer) == offline(app, demo, "ListClips", {"camera": "living_room"})
    answer = say(
        client, key, intent("ListClipsIntent", {"camera": slot("camera", "attic", no_match=True)}), token=demo.token
    )
    assert speech(answer).startswith("I don't have a camera called attic.")


def test_new_camera_works_through_dynamic_entities(client, key, demo, store, app):
    store.cameras.add(demo.household_id, "Nursery", slug="nursery", synonyms=("baby room",))
    launch = say(client, key, {"type": "LaunchRequest"}, token=demo.token)
    [update] = directives(launch, "Dialog.UpdateDynamicEntities")
    nursery = next(v for v in update["types"][0]["values"] if v["id"] == "nursery")
    assert nursery["name"] == {"value": "Nursery", "synonyms": ["baby room"]}
    camera = slot("camera", "baby room", dynamic=[("nursery", "Nursery")], no_match=True)
    answer = say(
        client,
        key,
        intent("ListClipsIntent", {"camera": camera}),
        token=demo.token,
        new=False,
        attributes=launch["sessionAttributes"],
    )
    assert speech(answer) == offline(app, demo, "ListClips", {"camera": "nursery"})
    assert "nursery" in speech(answer)


def test_bare_weekday_in_the_future_moves_back_a_week(app, client, key, demo):
    # Tuesday 24 November: Alexa resolves "saturday" to the 28th; the skill means the 21st.
    answer = say(client, key, intent("CountClipsIntent", {"date": slot("date", "2026-11-28")}), token=demo.token)
    assert speech(answer) == offline(app, demo, "CountClips", {"date": "2026-11-21"})


def test_last_night_is_yesterdays_night(app, client, key, demo):
    answer = say(client, key, intent("ListClipsIntent", {"period": slot("period", "NI")}), token=demo.token)
    assert speech(answer) == offline(app, demo, "ListClips", {"date": "2026-11-23", "period": "NI"})


def test_set_retention_in_weeks(client, key, demo, store):
    answer = say(client, key, intent("SetRetentionIntent", {"weeks": slot("weeks", "2")}), token=demo.token)
    assert "14 days" in speech(answer)
    assert store.households.get(demo.household_id).retention_days == 14


@pytest.mark.parametrize(
    "name,contract",
    [
        ("AMAZON.HelpIntent", "Help"),
        ("AMAZON.FallbackIntent", None),
        ("AMAZON.YesIntent", "Yes"),
        ("AMAZON.NoIntent", "No"),
        ("RetentionInfoIntent", "RetentionInfo"),
        ("SomeRetiredIntent", None),
    ],
)
def test_intents_answer_like_the_intent_layer(app, client, key, demo, name, contract):
    answer = say(client, key, intent(name), token=demo.token)
    assert speech(answer) == offline(app, demo, contract, {})


@pytest.mark.parametrize("name", ["AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent"])
def test_stop_cancel_home_end_the_session_even_unlinked(client, key, demo, name):
    for token in (demo.token, None):
        answer = say(client, key, intent(name), token=token)
        assert answer["response"]["shouldEndSession"] is True
        assert speech(answer).startswith("Goodbye") or speech(answer).startswith("Okay")


def test_session_ended_request_gets_an_empty_response(client, key, demo):
    for token in (demo.token, None):
        answer = say(client, key, {"type": "SessionEndedRequest", "reason": "USER_INITIATED"}, token=token)
        assert "outputSpeech" not in answer["response"]


# --- account linking -----------------------------------------------------------------------------


@pytest.mark.parametrize("token", [None, "deadbeef.not-a-real-token"])
def test_unlinked_gets_link_account_card(client, key, store, demo, token):
    before = count(store, demo.household_id)
    for request in ({"type": "LaunchRequest"}, intent("DeleteClipsIntent", FRONT_DOOR_TODAY, "CONFIRMED")):
        answer = say(client, key, request, token=token)
        assert answer["response"]["card"] == {"type": "LinkAccount"}
        assert speech(answer) == LINK_SPEECH
        assert answer["response"]["shouldEndSession"] is True
    assert count(store, demo.household_id) == before


# --- delete with confirmation --------------------------------------------------------------------


def test_delete_asks_then_deletes_exactly_what_it_named(client, key, store, demo):
    targets = today_ids(store, demo.household_id, "front_door")
    total = count(store, demo.household_id)
    ask = say(client, key, intent("DeleteClipsIntent", FRONT_DOOR_TODAY, dialog_state="STARTED"), token=demo.token)
    [confirm] = directives(ask, "Dialog.ConfirmIntent")
    assert confirm["updatedIntent"]["name"] == "DeleteClipsIntent"
    assert confirm["updatedIntent"]["slots"]["camera"] == {
        "name": "camera",
        "value": "front door",
        "confirmationStatus": "NONE",
    }
    n = len(targets)
    assert speech(ask) == f"Delete {n} clip{'s' if n != 1 else ''} from today, from the front door?"
    assert ask["response"]["shouldEndSession"] is False
    assert ask["sessionAttributes"]["dialog"]["pending"]["count"] == n
    assert count(store, demo.household_id) == total
    assert not directives(ask, "Dialog.UpdateDynamicEntities")  # not two Dialog directives at once

    done = say(
        client,
        key,
        intent("DeleteClipsIntent", FRONT_DOOR_TODAY, "CONFIRMED", "IN_PROGRESS"),
        token=demo.token,
        new=False,
        attributes=ask["sessionAttributes"],
    )
    assert speech(done).startswith(f"Done. I deleted {n} clip{'s' if n != 1 else ''}.")
    assert count(store, demo.household_id) == total - n
    assert today_ids(store, demo.household_id, "front_door") == set()
    assert done["sessionAttributes"]["dialog"]["pending"] is None


def test_confirmed_one_shot_deletes_exactly_its_slots(client, key, store, demo):
    everything = {c.id for c in store.clips.page(demo.household_id, ClipQuery(), 500)[0]}
    targets = today_ids(store, demo.household_id, "front_door")
    answer = say(client, key, intent("DeleteClipsIntent", FRONT_DOOR_TODAY, "CONFIRMED"), token=demo.token)
    assert speech(answer).startswith(f"Done. I deleted {len(targets)} clip")
    remaining = {c.id for c in store.clips.page(demo.household_id, ClipQuery(), 500)[0]}
    assert remaining == everything - targets


def test_confirmed_ignores_a_pending_action_for_other_slots(client, key, store, demo):
    garage_today = {"camera": slot("camera", "garage", static=[("garage", "garage")]), "date": slot("date", TODAY)}
    ask = say(client, key, intent("DeleteClipsIntent", garage_today), token=demo.token)
    assert directives(ask, "Dialog.ConfirmIntent")
    garage = today_ids(store, demo.household_id, "garage")
    front = today_ids(store, demo.household_id, "front_door")
    say(
        client,
        key,
        intent("DeleteClipsIntent", FRONT_DOOR_TODAY, "CONFIRMED"),
        token=demo.token,
        new=False,
        attributes=ask["sessionAttributes"],
    )
    assert today_ids(store, demo.household_id, "garage") == garage
    assert today_ids(store, demo.household_id, "front_door") == set() != front


def test_denied_deletes_nothing(client, key, store, demo):
    total = count(store, demo.household_id)
    ask = say(client, key, intent("DeleteClipsIntent", FRONT_DOOR_TODAY), token=demo.token)
    answer = say(
        client,
        key,
        intent("DeleteClipsIntent", FRONT_DOOR_TODAY, "DENIED"),
        token=demo.token,
        new=False,
        attributes=ask["sessionAttributes"],
    )
    assert speech(answer) == "Okay, I won't delete anything."
    assert count(store, demo.household_id) == total


def test_confirmed_with_nothing_to_delete(client, key, store, demo):
    total = count(store, demo.household_id)
    answer = say(
        client, key, intent("DeleteClipsIntent", {"date": slot("date", "2026-10-01")}, "CONFIRMED"), token=demo.token
    )
    assert speech(answer).startswith("There are no clips")
    assert count(store, demo.household_id) == total


def test_share_asks_for_consent_then_shares(app, client, key, demo):
    latest = {"which": slot("which", "latest", static=[("latest", "latest")], type_name="WHICH")}
    ask = say(client, key, intent("ShareClipIntent", latest), token=demo.token)
    assert directives(ask, "Dialog.ConfirmIntent")
    assert speech(ask) == offline(app, demo, "ShareClip", {"which": "latest"})
    denied = say(
        client,
        key,
        intent("ShareClipIntent", latest, "DENIED"),
        token=demo.token,
        new=False,
        attributes=ask["sessionAttributes"],
    )
    assert speech(denied) == "Okay, I won't share it. Nothing was sent anywhere."
    shared = say(client, key, intent("ShareClipIntent", latest, "CONFIRMED"), token=demo.token)
    assert speech(shared).startswith("Shared.")
    revoked = say(client, key, intent("RevokeSharesIntent"), token=demo.token)
    assert speech(revoked).startswith("Done. I stopped 1 share.")


def test_nothing_to_confirm_is_answered_without_a_confirmation(app, client, key, demo):
    october = {"date": slot("date", "2026-10-01")}
    for name, contract in (("ShareClipIntent", "ShareClip"), ("DeleteClipsIntent", "DeleteClips")):
        answer = say(client, key, intent(name, october), token=demo.token)
        assert not directives(answer, "Dialog.ConfirmIntent")
        assert speech(answer) == offline(app, demo, contract, {"date": "2026-10-01"})


# --- screens ---------------------------------------------------------------------------------------


def test_show_clip_on_a_screen_renders_a_playable_video(app, client, key, demo):
    answer = say(client, key, intent("ShowClipIntent", {"camera": FRONT_DOOR}), token=demo.token, apl=True)
    [render] = directives(answer, "Alexa.Presentation.APL.RenderDocument")
    assert render["document"] == apl_document()
    clip = render["datasources"]["clip"]
    url = clip["videoUrl"]
    assert url.startswith(f"{PUBLIC_URL}/media/clips/{clip['clipId']}/video?exp=")
    assert "show the next one" in clip["hint"]
    assert speech(answer).startswith("Here's the front door clip")
    video = _find(render["document"], lambda c: c.get("type") == "Video")
    assert video["source"] == "${payload.clip.videoUrl}"
    pause = _find(
        render["document"],
        lambda c: any(
            cmd.get("type") == "ControlMedia"
            and cmd.get("command") == "pause"
            and cmd.get("componentId") == video["id"]
            for cmd in c.get("onPress", [])
        ),
    )
    assert pause["type"] == "TouchWrapper"
    assert "card" not in answer["response"]
    parts = urlsplit(url)
    media = client.get(f"{parts.path}?{parts.query}")
    assert media.status_code == 200 and media.mimetype == "video/mp4"
    assert media.data[4:8] == b"ftyp"


def test_show_clip_without_a_screen_sends_a_card_with_the_thumbnail(client, key, demo):
    answer = say(client, key, intent("ShowClipIntent", {"camera": FRONT_DOOR}), token=demo.token, apl=False)
    assert not directives(answer, "Alexa.Presentation.APL.RenderDocument")
    card = answer["response"]["card"]
    assert card["type"] == "Standard" and card["text"] == speech(answer)
    image = card["image"]
    assert image["smallImageUrl"] == image["largeImageUrl"]
    assert image["smallImageUrl"].startswith(f"{PUBLIC_URL}/media/clips/") and "/thumbnail?" in image["smallImageUrl"]


def test_apl_document_file_is_used():
    assert APL_DOCUMENT.parent.name == "apl" and apl_document()["type"] == "APL"


def _find(node, predicate):
    if isinstance(node, dict):
        if predicate(node):
            return node
        children = list(node.values())
    elif isinstance(node, list):
        children = node
    else:
        return None
    for child in children:
        found = _find(child, predicate)
        if found is not None:
            return found
    return None


# --- time zones ------------------------------------------------------------------------------------


def test_device_time_zone_is_used_and_cached(app, client, key, demo, settings):
    settings.zone = "Asia/Tokyo"  # 5 am on Wednesday 25 November there
    request = intent("CountClipsIntent", {"date": slot("date", "2026-11-25")})
    first = say(client, key, request, token=demo.token)
    assert speech(first) == offline(app, demo, "CountClips", {"date": "2026-11-25"}, tz="Asia/Tokyo")
    say(client, key, request, token=demo.token)
    [(url, token, timeout)] = settings.calls
    assert url == f"{API_ENDPOINT}/v2/devices/{DEVICE_ID}/settings/System.timeZone"
    assert token == API_TOKEN and 0 < timeout <= 5


def test_device_time_zone_failure_falls_back_to_the_household(app, client, key, demo, settings):
    settings.zone = None
    answer = say(client, key, intent("CountClipsIntent", {"date": slot("date", TODAY)}), token=demo.token)
    assert speech(answer) == offline(app, demo, "CountClips", {"date": TODAY})
    assert len(settings.calls) == 1


# --- failures inside the skill ---------------------------------------------------------------------


def test_exception_gets_a_polite_answer(client, key, demo, store, monkeypatch, caplog):
    import intents.handlers

    def boom(*args, **kwargs):
        raise RuntimeError("forced failure")

    monkeypatch.setattr(intents.handlers, "handle", boom)
    total = count(store, demo.household_id)
    with caplog.at_level(logging.ERROR, logger="skill.alexa.handlers"):
        answer = say(client, key, intent("DeleteClipsIntent", FRONT_DOOR_TODAY, "CONFIRMED"), token=demo.token)
    assert speech(answer) == SORRY
    assert answer["response"]["shouldEndSession"] is True
    assert "forced failure" in caplog.text
    assert count(store, demo.household_id) == total


def test_malformed_envelope_is_refused(client, key):
    assert post(client, b"[1, 2, 3]", key).status_code == 400
    assert post(client, b'{"version": "1.0"', key).status_code == 400


# --- verification ----------------------------------------------------------------------------------


def _url_case(url):
    return lambda doc, key: (doc, key, url)


NEGATIVE = {
    "no signature": ("missing_header", None),
    "wrong signature": ("signature", None),
    "body altered after signing": ("signature", None),
    "http chain url": ("cert_url", "http://s3.amazonaws.com/echo.api/echo-api-cert-12.pem"),
    "other host": ("cert_url", "https://notamazon.com/echo.api/echo-api-cert-12.pem"),
    "dot-dot path": ("cert_url", "https://s3.amazonaws.com/echo.api/../echo-api-cert-12.pem"),
    "port 8443": ("cert_url", "https://s3.amazonaws.com:8443/echo.api/echo-api-cert-12.pem"),
    "expired leaf": ("expired", None),
    "wrong SAN": ("san", None),
    "stale timestamp": ("timestamp", None),
    "wrong application id": ("application_id", None),
}


@pytest.mark.parametrize("case", list(NEGATIVE))
def test_verification_failures_get_400_and_change_nothing(
    case, build, make_verifier, alexa_chain, demo, settings, caplog
):
    check, url = NEGATIVE[case]
    pem = roots = None
    if case == "expired leaf":
        root, _, pem = make_chain(not_before=CERT_NOW - timedelta(days=60), not_after=CERT_NOW - timedelta(days=1))
        roots = [root]
    elif case == "wrong SAN":
        root, _, pem = make_chain(san="evil.example.com")
        roots = [root]
    verifier, fetch = make_verifier(pem=pem, roots=roots)
    app = build(ALEXA_VERIFIER=verifier)
    store = app.extensions["clipstore"]
    client = app.test_client()
    total = count(store, demo.household_id)
    log_before = len(store.audit.events(demo.household_id, limit=1000))

    doc = envelope(
        intent("DeleteClipsIntent", FRONT_DOOR_TODAY, "CONFIRMED"),
        token=demo.token,
        timestamp=CERT_NOW - timedelta(minutes=10) if case == "stale timestamp" else CERT_NOW,
        application_id="amzn1.ask.skill.someone-else" if case == "wrong application id" else SKILL_ID,
    )
    import json

    body = json.dumps(doc).encode()
    key = alexa_chain[1]
    with caplog.at_level(logging.WARNING, logger="skill.alexa.endpoint"):
        if case == "no signature":
            response = post(client, body, None)
        elif case == "wrong signature":
            response = post(client, body, rsa_key("someone-else"))
        elif case == "body altered after signing":
            from testkit.alexa_certs import signed_headers

            headers = signed_headers(body, key)
            altered = body.replace(b'"front_door"', b'"garage"')
            assert altered != body
            response = post(client, altered, None, headers=headers)
        else:
            response = post(client, body, key, url=url or CERT_URL)
    assert response.status_code == 400
    assert response.get_json() == {"error": f"request verification failed: {check}"}
    assert count(store, demo.household_id) == total
    assert len(store.audit.events(demo.household_id, limit=1000)) == log_before
    assert settings.calls == []
    records = [r for r in caplog.records if r.name == "skill.alexa.endpoint"]
    assert len(records) == 1 and check in records[0].getMessage()
    if check in ("missing_header", "cert_url"):
        assert fetch.calls == []


def test_verify_off_skips_signature_but_not_application_id(build, demo, caplog, monkeypatch):
    monkeypatch.delenv("ALEXA_VERIFY", raising=False)
    with caplog.at_level(logging.WARNING):
        app = build(ALEXA_VERIFY="0", ALEXA_SKILL_ID=SKILL_ID)
    assert any("ALEXA_VERIFY=0" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)
    client = app.test_client()
    ok = post(client, envelope(intent("AMAZON.HelpIntent"), token=demo.token))
    assert ok.status_code == 200
    other = post(client, envelope(intent("AMAZON.HelpIntent"), token=demo.token, application_id="amzn1.other"))
    assert other.status_code == 400
    assert other.get_json()["error"].endswith("application_id")


def test_verify_off_from_the_environment(build, demo, monkeypatch):
    monkeypatch.setenv("ALEXA_VERIFY", "0")
    monkeypatch.setenv("ALEXA_SKILL_ID", SKILL_ID)
    app = build()
    assert app.extensions["alexa"].verify_signature is False
    client = app.test_client()
    assert post(client, envelope(intent("AMAZON.HelpIntent"), token=demo.token)).status_code == 200
    assert post(client, envelope(intent("AMAZON.HelpIntent"), application_id="x")).status_code == 400


def test_verification_is_on_by_default(build, demo, monkeypatch):
    monkeypatch.delenv("ALEXA_VERIFY", raising=False)
    monkeypatch.delenv("ALEXA_SKILL_ID", raising=False)
    app = build()
    assert app.extensions["alexa"].verify_signature is True
    response = post(app.test_client(), envelope(intent("AMAZON.HelpIntent"), token=demo.token))
    assert response.status_code == 400
    assert response.get_json() == {"error": "request verification failed: missing_header"}


def test_chain_fetched_through_the_replaceable_fetch(build, demo, alexa_chain, monkeypatch):
    """ALEXA_CERT_FETCH replaces the download; the real roots then reject the test chain."""
    monkeypatch.delenv("ALEXA_VERIFY", raising=False)
    calls = []

    def fetch(url):
        calls.append(url)
        return alexa_chain[2]

    app = build(ALEXA_CERT_FETCH=fetch, ALEXA_SKILL_ID=SKILL_ID)
    response = post(app.test_client(), envelope(intent("AMAZON.HelpIntent"), token=demo.token), alexa_chain[1])
    assert calls == [CERT_URL]
    assert response.status_code == 400 and response.get_json()["error"].endswith("chain")
