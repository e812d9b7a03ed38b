"""Properties of the parser and the date helpers over generated input (hypothesis, bounded)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clipstore.demo import DEMO_CAMERAS
from clipstore.models import Camera
from intents import INTENTS, SLOTS, Parser
from intents.dates import date_span, describe_date, resolve_code, time_range

BOUNDED = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

_PARSER = Parser([Camera(slug, name, syns) for slug, name, syns in DEMO_CAMERAS])

# Words the catalogue knows, so generated sentences get deep into the templates, mixed with some it does not.
WORDS = [
    *sorted(_PARSER.vocabulary),
    "lights",
    "jazz",
    "kitchen",
    "banana",
    "xyzzy",
    "'s",
    "-",
    "!",
    "?",
    "...",
    "\u2019",
]

ZONES = [
    "UTC",
    "America/New_York",
    "America/Los_Angeles",
    "Europe/London",
    "Europe/Berlin",
    "Asia/Tokyo",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
    "America/St_Johns",
    "Africa/Casablanca",
    "America/Santiago",
    "Asia/Kolkata",
    "Pacific/Chatham",
]

RELATIVE = [
    "what happened today",
    "what happened yesterday",
    "what happened on saturday",
    "any clips from monday",
    "show me last sunday's clips",
    "what happened last night",
    "what happened this morning",
    "what happened tonight",
    "what happened the day before yesterday",
    "what happened two days ago",
    "what happened a week ago",
    "what happened on december 31st",
    "what happened on february 29th",
    "what happened on january 1st",
    "what happened on the 31st",
    "what happened on the 1st",
    "what happened in november",
    "what happened in january",
    "what happened on christmas",
    "what happened last week",
    "what happened this week",
    "what happened last weekend",
    "what happened this weekend",
    "what happened this month",
    "what happened last month",
    "what happened this year",
    "what happened last year",
    "what happened on wednesday",
    "what happened last wednesday",
    "what happened the night before last",
]

moments = st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(UTC))
days = st.dates(min_value=date(1971, 1, 1), max_value=date(2099, 12, 31))


def assert_result_shape(result, text):
    row = result.to_dict()
    assert list(row) == ["text", "intent", "slots"]
    assert row["text"] == text
    assert row["intent"] is None or row["intent"] in (*INTENTS, "VoiceCode")  # VoiceCode: four digits said
    assert isinstance(row["slots"], dict)
    allowed = set(SLOTS.get(row["intent"], ())) | ({"code"} if row["intent"] == "VoiceCode" else set())
    assert set(row["slots"]) <= allowed
    if row["intent"] is None:
        assert row["slots"] == {}
    json.dumps(row)
    return row


@BOUNDED
@given(text=st.text(max_size=80))
def test_arbitrary_text_never_raises(text):
    assert_result_shape(_PARSER.parse(text, now=datetime(2025, 1, 8, 21, 30, tzinfo=UTC), tz="UTC"), text)


@BOUNDED
@given(words=st.lists(st.sampled_from(WORDS), max_size=12), now=moments, tz=st.sampled_from(ZONES))
def test_catalogue_word_salad_never_raises(words, now, tz):
    text = " ".join(words)
    row = assert_result_shape(_PARSER.parse(text, now=now, tz=tz), text)
    if "date" in row["slots"]:
        first, _ = date_span(row["slots"]["date"])
        assert first <= now.astimezone(ZoneInfo(tz)).date()
    if "days" in row["slots"]:
        assert isinstance(row["slots"]["days"], int) and row["slots"]["days"] >= 1


@BOUNDED
@given(text=st.sampled_from(RELATIVE), now=moments, tz=st.sampled_from(ZONES))
def test_relative_dates_are_never_in_the_future(text, now, tz):
    result = _PARSER.parse(text, now=now, tz=tz)
    assert result.intent in {"ListClips", "ShowClip"}, text
    today = now.astimezone(ZoneInfo(tz)).date()
    value = result.slots["date"]
    first, end = date_span(value)
    assert first <= today, (text, value, today)
    if len(value) == 10:
        assert date.fromisoformat(value) <= today
    if text.endswith(("today", "this week", "this month", "this year", "tonight", "this morning")):
        assert first <= today < end
    describe_date(value, result.slots.get("period"), today)
    after, before = time_range(value, result.slots.get("period"), tz, today)
    assert after < before


@BOUNDED
@given(day=days)
def test_date_span_round_trips_days_weeks_months_years(day):
    assert date_span(day.isoformat()) == (day, day + timedelta(days=1))

    year, week, weekday = day.isocalendar()
    monday, next_monday = date_span(f"{year}-W{week:02d}")
    assert monday <= day < next_monday and next_monday - monday == timedelta(days=7) and monday.weekday() == 0
    saturday, after = date_span(f"{year}-W{week:02d}-WE")
    assert saturday == monday + timedelta(days=5) and after == next_monday
    assert (saturday <= day) == (weekday >= 6)

    first, nxt = date_span(f"{day.year:04d}-{day.month:02d}")
    assert first == day.replace(day=1) and first <= day < nxt and nxt.day == 1
    assert date_span(f"{day.year:04d}") == (date(day.year, 1, 1), date(day.year + 1, 1, 1))


@BOUNDED
@given(
    today=days,
    code=st.sampled_from(
        [f"day:{-n}" for n in range(8)]
        + [f"wd:{n}" for n in range(7)]
        + [f"wdl:{n}" for n in range(7)]
        + [
            "week:0",
            "week:-1",
            "week:-2",
            "weekend:0",
            "weekend:-1",
            "month:0",
            "month:-1",
            "month:-11",
            "year:0",
            "year:-1",
        ]
    ),
)
def test_resolved_codes_are_valid_amazon_dates_not_after_today(today, code):
    value = resolve_code(code, today)
    first, _end = date_span(value)
    assert first <= today
    assert describe_date(value, None, today)
    if code.startswith(("wd:", "wdl:")):
        assert 0 <= (today - first).days <= 7 and first.weekday() == int(code.split(":")[1])
        assert (today - first).days < 7 or code.startswith("wdl:")


@BOUNDED
@given(day=days, tz=st.sampled_from(ZONES), period=st.sampled_from([None, "MO", "AF", "EV", "NI"]))
def test_time_range_of_a_day_is_about_a_day_long(day, tz, period):
    after, before = time_range(day.isoformat(), period, tz, day)
    length = before.astimezone(UTC) - after.astimezone(UTC)
    nominal = {None: 24, "MO": 7, "AF": 5, "EV": 4, "NI": 8}[period]
    # DST and zone changes move a range by at most a few hours (Lord Howe: 30 minutes; historic changes: more).
    assert timedelta(hours=nominal - 3) <= length <= timedelta(hours=nominal + 3)
    assert after.astimezone(ZoneInfo(tz)).date() == day


@pytest.mark.parametrize("tz", ZONES)
def test_every_zone_in_the_list_exists(tz):
    ZoneInfo(tz)
