"""Alexa slots → canonical slots (skill.alexa.slots), and the device time-zone lookup (skill.alexa.timezones)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import Intent

from clipstore.demo import DEMO_CAMERAS
from clipstore.models import Camera
from intents.catalogue import INTENTS, SLOTS
from skill.alexa.slots import (
    BUILTIN_INTENTS,
    CUSTOM_INTENTS,
    SLOT_TYPES,
    alexa_slots,
    contract_intent,
    period_value,
    toward_past,
    translate,
)
from skill.alexa.timezones import DeviceZones
from testkit.alexa_requests import intent as intent_request
from testkit.alexa_requests import slot

CAMERAS = [Camera(id=s, name=n, synonyms=syn) for s, n, syn in DEMO_CAMERAS] + [Camera("nursery", "Nursery")]
TUESDAY_3PM = datetime(2026, 11, 24, 15, 0, tzinfo=ZoneInfo("America/New_York"))
TUESDAY = TUESDAY_3PM.date()


def alexa_intent(name: str, slots: dict) -> Intent:
    import json

    return DefaultSerializer().deserialize(json.dumps(intent_request(name, slots)["intent"]), Intent)


def tr(name: str, slots: dict, now: datetime = TUESDAY_3PM) -> dict:
    _, contract = contract_intent(name)
    return translate(alexa_intent(name, slots), contract, CAMERAS, now)


def test_every_contract_intent_has_an_alexa_name():
    for name in INTENTS:
        alexa = f"AMAZON.{name}Intent" if f"AMAZON.{name}Intent" in BUILTIN_INTENTS else f"{name}Intent"
        assert contract_intent(alexa) == (True, name)
    assert contract_intent("AMAZON.FallbackIntent") == (True, None)
    assert contract_intent("AMAZON.NavigateHomeIntent") == (True, "Stop")
    assert contract_intent("NoSuchIntent") == (False, None)
    assert set(CUSTOM_INTENTS.values()) | {"Help", "Stop", "Cancel", "Yes", "No"} == set(INTENTS) | {"VoiceCode"}
    assert contract_intent("VoiceCodeIntent") == (True, "VoiceCode")


def test_slot_types_follow_the_contract():
    assert SLOT_TYPES == {
        "camera": "CAMERA",
        "date": "AMAZON.DATE",
        "period": "AMAZON.TIME",
        "label": "LABEL",
        "which": "WHICH",
        "state": "STATE",
        "days": "AMAZON.NUMBER",
        "time": "AMAZON.TIME",
        "from_time": "AMAZON.TIME",
        "to_time": "AMAZON.TIME",
        "member": "MEMBER",
    }
    assert alexa_slots("ShowClip")["position"] == "AMAZON.ORDINAL"
    for name, slots in SLOTS.items():
        assert set(slots) <= set(alexa_slots(name))
    assert alexa_slots("SetRetention") == {"days": "AMAZON.NUMBER", "weeks": "AMAZON.NUMBER", "months": "AMAZON.NUMBER"}


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2026-11-24", "2026-11-24"),  # today
        ("2026-11-21", "2026-11-21"),  # already past
        ("2026-11-28", "2026-11-21"),  # "saturday" said on Tuesday: Alexa gives the coming one
        ("2026-11-25", "2026-11-18"),  # "wednesday"
        ("2026-12-01", "2026-11-24"),  # "tuesday" resolved a week ahead
        ("2026-11-30", "2026-11-23"),  # within a week: read as "monday" (Alexa sends the same for both)
        ("2026-12-10", "2025-12-10"),  # "december tenth": last year's
        ("2027-01-05", "2026-01-05"),
        ("2026-W48", "2026-W48"),  # this week
        ("2026-W47", "2026-W47"),  # last week
        ("2026-W48-WE", "2026-W47-WE"),  # "this weekend" before it starts: the last one
        ("2026-W49", "2026-W48"),  # "next week" → this week
        ("2026-12", "2025-12"),  # "december" → last year's
        ("2026-11", "2026-11"),
        ("PRESENT_REF", "2026-11-24"),
        ("2026-WI", "2026-WI"),  # a season: passed on, the intent layer says it can't use it
    ],
)
def test_dates_resolve_toward_the_past(value, expected):
    assert toward_past(value, TUESDAY) == expected


def test_leap_day_last_year():
    assert toward_past("2029-02-29", date(2028, 2, 10)) == "2029-02-29"  # not a date: passed on unchanged
    assert toward_past("2028-02-29", date(2028, 2, 20)) == "2027-02-28"


@pytest.mark.parametrize(
    "value,expected",
    [
        ("MO", "MO"),
        ("af", "AF"),
        ("EV", "EV"),
        ("NI", "NI"),
        ("14:00", "AF"),
        ("07:30", "MO"),
        ("19:00", "EV"),
        ("23:15", "NI"),
        ("02:00", "NI"),
        ("noon", None),
    ],
)
def test_periods(value, expected):
    assert period_value(value) == expected


def test_camera_dynamic_match_wins_over_static():
    camera = slot("camera", "baby room", dynamic=[("nursery", "Nursery")], static=[("garage", "garage")])
    assert tr("ListClipsIntent", {"camera": camera}) == {"camera": "nursery"}


def test_camera_static_match():
    camera = slot("camera", "porch", static=[("front_door", "front door")])
    assert tr("ListClipsIntent", {"camera": camera}) == {"camera": "front_door"}


def test_camera_static_id_the_household_lacks_falls_back_to_its_own_names():
    cameras = [Camera("porch_cam", "Porch Cam", ("porch",))]
    camera = slot("camera", "porch", static=[("front_door", "front door")])
    assert translate(alexa_intent("ListClipsIntent", {"camera": camera}), "ListClips", cameras, TUESDAY_3PM) == {
        "camera": "porch_cam"
    }
    other = slot("camera", "doorbell", static=[("front_door", "front door")])
    assert translate(alexa_intent("ListClipsIntent", {"camera": other}), "ListClips", cameras, TUESDAY_3PM) == {
        "camera": "front_door"
    }  # the intent layer says which cameras exist


def test_camera_without_resolution():
    assert tr("ListClipsIntent", {"camera": slot("camera", "Lounge")}) == {"camera": "living_room"}
    assert tr("ListClipsIntent", {"camera": slot("camera", "the attic", no_match=True)}) == {"camera": "the_attic"}


def test_custom_slot_ids_and_synonyms():
    slots = {
        "label": slot("label", "dogs", static=[("animal", "animal")], type_name="LABEL"),
        "which": slot("which", "most recent", type_name="WHICH"),
    }
    assert tr("ShowClipIntent", slots) == {"label": "animal", "which": "latest"}
    assert tr("ShowClipIntent", {"label": slot("label", "horse", no_match=True, type_name="LABEL")}) == {
        "label": "horse"
    }  # the intent layer explains what it can look for
    assert tr(
        "SetRecordingIntent",
        {
            "state": slot("state", "pause", static=[("off", "off")], type_name="STATE"),
            "camera": slot("camera", "garage"),
        },
    ) == {"state": "off", "camera": "garage"}
    assert tr("SetRecordingIntent", {"state": slot("state", "resume")}) == {"state": "on"}
    assert tr("SetRecordingIntent", {"state": slot("state", "wiggle")}) == {}


def test_only_said_and_allowed_slots_appear():
    slots = {
        "camera": slot("camera"),
        "date": slot("date", ""),
        "label": slot("label", "person"),
        "which": slot("which", "latest"),
    }
    assert tr("ListClipsIntent", slots) == {"label": "person"}  # ListClips has no `which`
    assert tr("AccessLogIntent", {"date": slot("date", "2026-11-23"), "label": slot("label", "person")}) == {
        "date": "2026-11-23"
    }


def test_numbers_and_units():
    assert tr("SetRetentionIntent", {"days": slot("days", "30")}) == {"days": 30}
    assert tr("SetRetentionIntent", {"weeks": slot("weeks", "2")}) == {"days": 14}
    assert tr("SetRetentionIntent", {"months": slot("months", "3")}) == {"days": 90}
    assert tr("SetRetentionIntent", {"days": slot("days", "?")}) == {}


def test_night_without_a_date():
    night = {"period": slot("period", "NI")}
    assert tr("ListClipsIntent", night) == {"period": "NI", "date": "2026-11-23"}  # 3 pm: last night
    late = TUESDAY_3PM.replace(hour=22)
    assert tr("ListClipsIntent", night, late) == {"period": "NI"}  # tonight has begun
    assert tr("ListClipsIntent", {"period": slot("period", "MO")}) == {"period": "MO"}
    with_date = {"period": slot("period", "NI"), "date": slot("date", "2026-11-20")}
    assert tr("ListClipsIntent", with_date) == {"period": "NI", "date": "2026-11-20"}


# --- device time zones -----------------------------------------------------------------------------


class Settings:
    def __init__(self, answers):
        self.answers = list(answers)
        self.calls = []

    def __call__(self, url, token, timeout):
        self.calls.append((url, token, timeout))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def test_zone_is_fetched_once_per_device_while_cached():
    clock = [0.0]
    get = Settings(["Europe/Berlin", "Asia/Tokyo"])
    zones = DeviceZones(get, ttl_s=60, clock=lambda: clock[0])
    assert zones.zone("https://api.eu.amazonalexa.com", "dev/1", "tok") == "Europe/Berlin"
    assert zones.zone("https://api.eu.amazonalexa.com", "dev/1", "tok") == "Europe/Berlin"
    assert get.calls == [("https://api.eu.amazonalexa.com/v2/devices/dev%2F1/settings/System.timeZone", "tok", 2.0)]
    clock[0] = 61
    assert zones.zone("https://api.eu.amazonalexa.com", "dev/1", "tok") == "Asia/Tokyo"


@pytest.mark.parametrize("answer", [OSError("down"), "Not/AZone", 42, "../etc/passwd"])
def test_zone_failures_fall_back_quietly(answer):
    clock = [0.0]
    get = Settings([answer, "Europe/Paris"])
    zones = DeviceZones(get, failure_ttl_s=30, clock=lambda: clock[0])
    assert zones.zone("https://api.amazonalexa.com", "d", "t") is None
    assert zones.zone("https://api.amazonalexa.com", "d", "t") is None  # failure cached briefly
    clock[0] = 31
    assert zones.zone("https://api.amazonalexa.com", "d", "t") == "Europe/Paris"


@pytest.mark.parametrize(
    "endpoint", ["http://api.amazonalexa.com", "https://evil.example.com", "https://amazonalexa.com.evil.net", None]
)
def test_zone_never_calls_other_hosts(endpoint):
    get = Settings(["Europe/Paris"])
    assert DeviceZones(get).zone(endpoint, "d", "t") is None
    assert get.calls == []


def test_zone_needs_device_and_token():
    get = Settings([])
    zones = DeviceZones(get)
    assert zones.zone("https://api.amazonalexa.com", None, "t") is None
    assert zones.zone("https://api.amazonalexa.com", "d", None) is None
    assert get.calls == []


def test_clock_times_arrive_as_hh_mm():
    slots = {
        "from_time": slot("from_time", "14:00"),
        "to_time": slot("to_time", "16:00"),
        "date": slot("date", "2026-11-23"),
    }
    assert tr("ListClipsIntent", slots) == {"from_time": "14:00", "to_time": "16:00", "date": "2026-11-23"}
    assert tr("ShowClipIntent", {"time": slot("time", "9:05")}) == {"time": "09:05"}
    assert tr("CountClipsIntent", {"time": slot("time", "EV")}) == {"period": "EV"}  # a period said for a time
    assert tr("CountClipsIntent", {"time": slot("time", "soon")}) == {}
    assert tr("AccessLogIntent", {"time": slot("time", "15:00")}) == {}  # not a slot of AccessLog


def test_references_come_from_the_words_and_the_ordinal():
    from skill.alexa.slots import reference

    def ref(slots: dict):
        return reference(alexa_intent("ShowClipIntent", slots), "ShowClip")

    assert ref({"position": slot("position", "2")}).position == 2
    assert ref({"which": slot("which", "last", type_name="WHICH")}).position == -1
    assert ref({"which": slot("which", "latest", type_name="WHICH")}).newest is True
    assert ref({"which": slot("which", "oldest", type_name="WHICH")}).newest is False
    assert ref({}) is None
    assert reference(alexa_intent("ListClipsIntent", {}), "ListClips") is None
