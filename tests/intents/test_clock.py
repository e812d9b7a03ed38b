"""Clock times (docs/interface.md §1 `time`, `from_time`, `to_time`): spoken forms, toward the past, spans, words."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from clipstore.demo import DEMO_CAMERAS
from clipstore.models import Camera
from intents.clock import TimeProblem, spoken_clock, time_span, time_words
from intents.parser import Parser

TZ = "America/New_York"
AFTERNOON = datetime(2026, 11, 24, 15, 0, tzinfo=ZoneInfo(TZ))  # a Tuesday, 3 pm
MORNING = datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo(TZ))


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser([Camera(slug, name, syns) for slug, name, syns in DEMO_CAMERAS])


@pytest.mark.parametrize(
    "text, now, slots",
    [
        ("what happened at 3 pm", AFTERNOON, {"time": "15:00"}),
        ("what happened at 3 p.m.", AFTERNOON, {"time": "15:00"}),
        ("what happened at three pm", AFTERNOON, {"time": "15:00"}),
        ("what happened at 4:17 pm", AFTERNOON, {"time": "16:17"}),
        ("what happened at four seventeen p m", AFTERNOON, {"time": "16:17"}),
        ("what happened at 9 oh five am", AFTERNOON, {"time": "09:05"}),
        ("what happened at 15:30", AFTERNOON, {"time": "15:30"}),
        ("what happened around noon", AFTERNOON, {"time": "12:00"}),
        ("what happened at midnight", AFTERNOON, {"time": "00:00"}),
        ("what happened at half past nine", AFTERNOON, {"time": "09:30"}),
        ("what happened at quarter to one", AFTERNOON, {"time": "12:45"}),
        # no am/pm: today the latest reading that has come; before it comes, the one of the night before
        ("what happened at 2", AFTERNOON, {"time": "14:00"}),
        ("what happened at 4", AFTERNOON, {"time": "04:00"}),
        ("what happened at 11", MORNING, {"time": "23:00"}),
        # another day: the daytime reading; a period picks its own half
        ("what happened yesterday at 5", AFTERNOON, {"date": "2026-11-23", "time": "17:00"}),
        ("what happened yesterday at 8", AFTERNOON, {"date": "2026-11-23", "time": "08:00"}),
        ("what happened last night at 11", AFTERNOON, {"date": "2026-11-23", "period": "NI", "time": "23:00"}),
        ("what happened this morning at 10", AFTERNOON, {"date": "2026-11-24", "period": "MO", "time": "10:00"}),
        # spans: the end's am/pm carries to the start; the end follows the start
        ("what happened between 2 and 4 pm", AFTERNOON, {"from_time": "14:00", "to_time": "16:00"}),
        (
            "what happened between 10 and 2 yesterday",
            AFTERNOON,
            {"date": "2026-11-23", "from_time": "10:00", "to_time": "14:00"},
        ),
        ("what happened from 9 pm to 1 am", AFTERNOON, {"from_time": "21:00", "to_time": "01:00"}),
        ("how many clips after 9 pm yesterday", AFTERNOON, {"date": "2026-11-23", "from_time": "21:00"}),
        ("how many clips since 8 am today", AFTERNOON, {"date": "2026-11-24", "from_time": "08:00"}),
        ("how many clips before 10 am", AFTERNOON, {"to_time": "10:00"}),
    ],
)
def test_spoken_times(parser, text, now, slots):
    result = parser.parse(text, now=now, tz=TZ)
    assert result.intent in ("ListClips", "CountClips")
    assert result.slots == slots


def test_times_do_not_leak_into_other_intents(parser):
    assert parser.parse("keep clips for 3 days", now=AFTERNOON, tz=TZ).slots == {"days": 3}
    assert (
        parser.parse("who watched my clips at 3 pm", now=AFTERNOON, tz=TZ).intent is None
        or "time" not in parser.parse("who watched my clips at 3 pm", now=AFTERNOON, tz=TZ).slots
    )


def test_time_span_near_a_moment_on_the_latest_day_it_has_come():
    today = AFTERNOON.date()
    after, before = time_span({"time": "14:00"}, TZ, today, AFTERNOON)
    assert (after, before) == (AFTERNOON - timedelta(hours=1, minutes=30), AFTERNOON - timedelta(minutes=30))
    after, _ = time_span({"time": "23:00"}, TZ, today, AFTERNOON)
    assert after.date() == today - timedelta(days=1)


def test_time_span_of_a_day_and_across_midnight():
    today = AFTERNOON.date()
    after, before = time_span({"date": "2026-11-23", "from_time": "22:00", "to_time": "02:00"}, TZ, today, AFTERNOON)
    assert after == datetime(2026, 11, 23, 22, tzinfo=ZoneInfo(TZ))
    assert before == datetime(2026, 11, 24, 2, tzinfo=ZoneInfo(TZ))
    after, before = time_span({"date": "2026-11-23", "period": "NI", "time": "01:00"}, TZ, today, AFTERNOON)
    assert after == datetime(2026, 11, 24, 0, 30, tzinfo=ZoneInfo(TZ))
    after, before = time_span({"to_time": "10:00"}, TZ, today, AFTERNOON)
    assert (after, before) == (
        datetime(2026, 11, 24, tzinfo=ZoneInfo(TZ)),
        datetime(2026, 11, 24, 10, tzinfo=ZoneInfo(TZ)),
    )


def test_time_span_refuses_what_it_cannot_use():
    with pytest.raises(TimeProblem, match="one day at a time"):
        time_span({"date": "2026-W47", "time": "15:00"}, TZ, AFTERNOON.date(), AFTERNOON)
    with pytest.raises(TimeProblem, match="didn't understand that time"):
        time_span({"time": "25:00"}, TZ, AFTERNOON.date(), AFTERNOON)
    assert time_span({"date": "2026-11-23"}, TZ, AFTERNOON.date(), AFTERNOON) is None


def test_words_name_the_times():
    assert time_words({"time": "15:00"}) == "around 3 pm"
    assert time_words({"from_time": "14:00", "to_time": "16:30"}) == "between 2 pm and 4:30 pm"
    assert time_words({"from_time": "21:00"}) == "after 9 pm"
    assert time_words({"to_time": "10:00"}) == "before 10 am"
    assert (spoken_clock(0), spoken_clock(720), spoken_clock(61)) == ("midnight", "noon", "1:01 am")
