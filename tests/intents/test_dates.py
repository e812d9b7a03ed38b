"""Relative dates toward the past (AMAZON.DATE strings) and AMAZON.DATE strings as time ranges."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from intents.dates import (
    PERIODS,
    date_span,
    day_of_month,
    describe_date,
    month_day,
    month_only,
    resolve_code,
    time_range,
)

NY = "America/New_York"
WED = date(2025, 1, 8)  # a Wednesday in ISO week 2025-W02


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


# --- resolve_code: days ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code, today, expected",
    [
        ("day:0", WED, "2025-01-08"),
        ("day:-1", WED, "2025-01-07"),
        ("day:-2", WED, "2025-01-06"),
        ("day:-7", WED, "2025-01-01"),
        ("day:-1", date(2025, 1, 1), "2024-12-31"),  # across the year boundary
        ("day:-1", date(2025, 3, 1), "2025-02-28"),  # across a month boundary
        ("day:-1", date(2024, 3, 1), "2024-02-29"),  # ... into a leap day
        ("day:-2", date(2024, 3, 1), "2024-02-28"),
    ],
)
def test_day_codes(code, today, expected):
    assert resolve_code(code, today) == expected


# --- resolve_code: weekdays toward the past ---------------------------------------------------------


@pytest.mark.parametrize(
    "weekday, expected",
    [
        (0, "2025-01-06"),  # monday
        (1, "2025-01-07"),  # tuesday: yesterday
        (2, "2025-01-08"),  # wednesday on a wednesday: today
        (3, "2025-01-02"),  # thursday: last week's
        (4, "2025-01-03"),
        (5, "2025-01-04"),  # saturday: the one just gone
        (6, "2025-01-05"),
    ],
)
def test_bare_weekday_is_the_most_recent_one(weekday, expected):
    assert resolve_code(f"wd:{weekday}", WED) == expected


def test_last_same_weekday_is_a_week_ago():
    assert resolve_code("wdl:2", WED) == "2025-01-01"


@pytest.mark.parametrize(
    "weekday, expected", [(0, "2025-01-06"), (1, "2025-01-07"), (5, "2025-01-04"), (3, "2025-01-02")]
)
def test_last_other_weekday_is_the_most_recent_one(weekday, expected):
    assert resolve_code(f"wdl:{weekday}", WED) == expected


def test_weekdays_never_in_the_future_for_a_whole_year():
    day = date(2024, 12, 20)
    for _ in range(400):
        for n in range(7):
            for kind in ("wd", "wdl"):
                resolved = date.fromisoformat(resolve_code(f"{kind}:{n}", day))
                assert day - timedelta(days=7) <= resolved <= day
                assert resolved.weekday() == n
        day += timedelta(days=1)


def test_weekday_across_the_year_boundary():
    # Friday 2025-01-03: "saturday" and "last sunday" are in 2024.
    assert resolve_code("wd:5", date(2025, 1, 3)) == "2024-12-28"
    assert resolve_code("wdl:6", date(2025, 1, 3)) == "2024-12-29"


# --- resolve_code: ISO weeks, weekends, months, years -----------------------------------------------


@pytest.mark.parametrize(
    "code, today, expected",
    [
        ("week:0", WED, "2025-W02"),
        ("week:-1", WED, "2025-W01"),
        ("week:-2", WED, "2024-W52"),
        ("week:0", date(2024, 12, 30), "2025-W01"),  # a December Monday in week 1 of next year
        ("week:-1", date(2024, 12, 30), "2024-W52"),
        ("week:0", date(2021, 1, 3), "2020-W53"),  # a January Sunday still in week 53
        ("week:-1", date(2021, 1, 3), "2020-W52"),
        ("week:0", date(2021, 1, 4), "2021-W01"),
        ("week:-1", date(2021, 1, 4), "2020-W53"),
        ("week:0", date(2027, 1, 1), "2026-W53"),
        ("week:-1", date(2027, 1, 5), "2026-W53"),
    ],
)
def test_week_codes(code, today, expected):
    assert resolve_code(code, today) == expected


@pytest.mark.parametrize(
    "code, today, expected",
    [
        ("weekend:-1", WED, "2025-W01-WE"),
        ("weekend:0", WED, "2025-W01-WE"),  # on a weekday "this weekend" is the one just gone
        ("weekend:0", date(2025, 1, 11), "2025-W02-WE"),  # on Saturday it is today's
        ("weekend:0", date(2025, 1, 12), "2025-W02-WE"),  # and on Sunday
        ("weekend:-1", date(2025, 1, 11), "2025-W01-WE"),
        ("weekend:-1", date(2021, 1, 5), "2020-W53-WE"),
        ("weekend:0", date(2021, 1, 3), "2020-W53-WE"),
    ],
)
def test_weekend_codes(code, today, expected):
    assert resolve_code(code, today) == expected


@pytest.mark.parametrize(
    "code, today, expected",
    [
        ("month:0", WED, "2025-01"),
        ("month:-1", WED, "2024-12"),
        ("month:-1", date(2024, 3, 31), "2024-02"),
        ("month:-12", WED, "2024-01"),
        ("month:-13", WED, "2023-12"),
        ("year:0", WED, "2025"),
        ("year:-1", WED, "2024"),
    ],
)
def test_month_and_year_codes(code, today, expected):
    assert resolve_code(code, today) == expected


@pytest.mark.parametrize("code", ["fortnight:-1", "day", "day:x", "wd:"])
def test_bad_codes_raise_value_error(code):
    with pytest.raises(ValueError):
        resolve_code(code, WED)


# --- month_day, month_only, day_of_month ------------------------------------------------------------


@pytest.mark.parametrize(
    "month, day, today, expected",
    [
        (12, 31, date(2025, 1, 2), "2024-12-31"),  # "december 31st" asked on January 2nd
        (1, 2, date(2025, 1, 2), "2025-01-02"),  # today counts
        (1, 3, date(2025, 1, 2), "2024-01-03"),  # tomorrow's date is last year's
        (11, 20, date(2026, 11, 24), "2026-11-20"),
        (11, 25, date(2026, 11, 24), "2025-11-25"),
        (2, 29, date(2025, 1, 8), "2024-02-29"),  # the last leap day
        (2, 29, date(2024, 2, 29), "2024-02-29"),
        (2, 29, date(2024, 2, 28), "2020-02-29"),
        (2, 29, date(2027, 6, 1), "2024-02-29"),
        (2, 29, date(2029, 3, 1), "2028-02-29"),
    ],
)
def test_month_day_toward_the_past(month, day, today, expected):
    assert month_day(month, day, today) == expected


@pytest.mark.parametrize("month, day", [(2, 30), (4, 31), (13, 1), (0, 5)])
def test_month_day_that_does_not_exist(month, day):
    assert month_day(month, day, WED) is None


@pytest.mark.parametrize(
    "month, today, expected",
    [
        (11, WED, "2024-11"),
        (1, WED, "2025-01"),
        (12, date(2025, 12, 1), "2025-12"),
        (12, date(2025, 11, 30), "2024-12"),
    ],
)
def test_month_only(month, today, expected):
    assert month_only(month, today) == expected


@pytest.mark.parametrize(
    "day, today, expected",
    [
        (3, WED, "2025-01-03"),
        (8, WED, "2025-01-08"),
        (20, WED, "2024-12-20"),
        (31, date(2025, 3, 5), "2025-01-31"),  # February has no 31st
        (29, date(2025, 3, 1), "2025-01-29"),
        (30, date(2025, 3, 1), "2025-01-30"),
    ],
)
def test_day_of_month(day, today, expected):
    assert day_of_month(day, today) == expected


def test_day_of_month_that_never_exists():
    assert day_of_month(32, WED) is None


# --- date_span ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, first, end",
    [
        ("2025-01-08", date(2025, 1, 8), date(2025, 1, 9)),
        ("2024-12-31", date(2024, 12, 31), date(2025, 1, 1)),
        ("2024-02-29", date(2024, 2, 29), date(2024, 3, 1)),
        ("2025-W02", date(2025, 1, 6), date(2025, 1, 13)),
        ("2025-W01", date(2024, 12, 30), date(2025, 1, 6)),
        ("2020-W53", date(2020, 12, 28), date(2021, 1, 4)),
        ("2025-W01-WE", date(2025, 1, 4), date(2025, 1, 6)),
        ("2020-W53-WE", date(2021, 1, 2), date(2021, 1, 4)),
        ("2024-12", date(2024, 12, 1), date(2025, 1, 1)),
        ("2024-02", date(2024, 2, 1), date(2024, 3, 1)),
        ("2025-02", date(2025, 2, 1), date(2025, 3, 1)),
        ("2024", date(2024, 1, 1), date(2025, 1, 1)),
        (" 2025-01-08 ", date(2025, 1, 8), date(2025, 1, 9)),
    ],
)
def test_date_span(value, first, end):
    assert date_span(value) == (first, end)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "yesterday",
        "2025-13",
        "2025-02-30",
        "2025-W54",
        "2021-W53",
        "2025-W2",
        "2025-1-8",
        "25-01-08",
        "2025-W01-XX",
        "2025-01-08T10:00",
    ],
)
def test_date_span_rejects_what_is_not_amazon_date(value):
    with pytest.raises(ValueError):
        date_span(value)


# --- time_range --------------------------------------------------------------------------------------


def test_no_date_no_period_is_unbounded():
    assert time_range(None, None, NY, WED) == (None, None)


@pytest.mark.parametrize(
    "value, start, stop",
    [
        ("2025-01-08", datetime(2025, 1, 8), datetime(2025, 1, 9)),
        ("2025-W02", datetime(2025, 1, 6), datetime(2025, 1, 13)),
        ("2025-W01-WE", datetime(2025, 1, 4), datetime(2025, 1, 6)),
        ("2024-12", datetime(2024, 12, 1), datetime(2025, 1, 1)),
        ("2024", datetime(2024, 1, 1), datetime(2025, 1, 1)),
    ],
)
def test_time_range_of_each_date_form_is_local_midnights(value, start, stop):
    zone = ZoneInfo(NY)
    after, before = time_range(value, None, NY, WED)
    assert utc(after) == utc(start.replace(tzinfo=zone))
    assert utc(before) == utc(stop.replace(tzinfo=zone))


@pytest.mark.parametrize(
    "period, start, stop",
    [
        ("MO", datetime(2025, 1, 8, 5), datetime(2025, 1, 8, 12)),
        ("AF", datetime(2025, 1, 8, 12), datetime(2025, 1, 8, 17)),
        ("EV", datetime(2025, 1, 8, 17), datetime(2025, 1, 8, 21)),
        ("NI", datetime(2025, 1, 8, 21), datetime(2025, 1, 9, 5)),  # the night spills into the next morning
    ],
)
def test_each_period_of_a_day(period, start, stop):
    zone = ZoneInfo(NY)
    after, before = time_range("2025-01-08", period, NY, WED)
    assert utc(after) == utc(start.replace(tzinfo=zone))
    assert utc(before) == utc(stop.replace(tzinfo=zone))


def test_period_without_date_is_today():
    assert time_range(None, "AF", NY, WED) == time_range("2025-01-08", "AF", NY, WED)


def test_last_night_runs_from_yesterday_evening_to_this_morning():
    after, before = time_range(resolve_code("day:-1", WED), "NI", NY, WED)
    assert after.isoformat() == "2025-01-07T21:00:00-05:00"
    assert before.isoformat() == "2025-01-08T05:00:00-05:00"


def test_period_over_a_week_spans_first_to_last_day():
    after, before = time_range("2025-W02", "NI", NY, WED)
    assert after.isoformat() == "2025-01-06T21:00:00-05:00"
    assert before.isoformat() == "2025-01-13T05:00:00-05:00"


def test_periods_tile_a_day_without_gaps():
    hours = sorted(PERIODS.values())
    assert hours[0][0] == 5 and hours[-1][1] == 29
    assert all(a[1] == b[0] for a, b in itertools.pairwise(hours))


def test_unknown_period_raises():
    with pytest.raises(ValueError):
        time_range("2025-01-08", "XX", NY, WED)


def test_ranges_are_in_the_given_zone():
    after, before = time_range("2025-01-08", None, "Asia/Tokyo", WED)
    assert after.isoformat() == "2025-01-08T00:00:00+09:00"
    assert utc(before) - utc(after) == timedelta(hours=24)


# DST in America/New_York: 2025-03-09 02:00 → 03:00 (a 23-hour day); 2025-11-02 02:00 → 01:00 (25 hours).


def test_spring_forward_day_is_23_hours():
    after, before = time_range("2025-03-09", None, NY, date(2025, 3, 10))
    assert after.isoformat() == "2025-03-09T00:00:00-05:00"
    assert before.isoformat() == "2025-03-10T00:00:00-04:00"
    assert utc(before) - utc(after) == timedelta(hours=23)


def test_fall_back_day_is_25_hours():
    after, before = time_range("2025-11-02", None, NY, date(2025, 11, 3))
    assert after.isoformat() == "2025-11-02T00:00:00-04:00"
    assert before.isoformat() == "2025-11-03T00:00:00-05:00"
    assert utc(before) - utc(after) == timedelta(hours=25)


def test_periods_keep_local_wall_clock_across_dst():
    # The morning after spring-forward starts at 5 am local (EDT); the night before it is 21:00 EST → 05:00 EDT.
    after, _before = time_range("2025-03-09", "MO", NY, date(2025, 3, 9))
    assert after.isoformat() == "2025-03-09T05:00:00-04:00"
    night_after, night_before = time_range("2025-03-08", "NI", NY, date(2025, 3, 9))
    assert night_after.isoformat() == "2025-03-08T21:00:00-05:00"
    assert night_before.isoformat() == "2025-03-09T05:00:00-04:00"
    assert utc(night_before) - utc(night_after) == timedelta(hours=7)
    fall_after, fall_before = time_range("2025-11-01", "NI", NY, date(2025, 11, 2))
    assert fall_before.isoformat() == "2025-11-02T05:00:00-05:00"
    assert utc(fall_before) - utc(fall_after) == timedelta(hours=9)


def test_week_across_dst_is_167_hours():
    after, before = time_range("2025-W10", None, NY, date(2025, 3, 12))  # Mon 3 March .. Mon 10 March
    assert utc(before) - utc(after) == timedelta(hours=167)


# --- describe_date -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, period, words",
    [
        ("2025-01-08", None, "today"),
        ("2025-01-08", "MO", "this morning"),
        ("2025-01-08", "AF", "this afternoon"),
        ("2025-01-08", "EV", "this evening"),
        ("2025-01-08", "NI", "tonight"),
        ("2025-01-07", None, "yesterday"),
        ("2025-01-07", "EV", "yesterday evening"),
        ("2025-01-07", "NI", "last night"),
        ("2025-01-04", None, "on Saturday"),
        ("2025-01-04", "NI", "on Saturday night"),
        ("2024-12-20", None, "on December 20"),
        ("2024-12-20", "MO", "on December 20 in the morning"),
        ("2025-W02", None, "this week"),
        ("2025-W01", None, "last week"),
        ("2024-W50", None, "the week of December 9"),
        ("2025-W01-WE", None, "last weekend"),
        ("2024-W50-WE", None, "the weekend of December 14"),
        ("2025-01", None, "this month"),
        ("2024-12", None, "last month"),
        ("2024-11", None, "in November 2024"),
        ("2025", None, "this year"),
        ("2024", None, "last year"),
        ("2020", None, "in 2020"),
        (None, "AF", "this afternoon"),
        (None, "NI", "tonight"),
        (None, None, ""),
    ],
)
def test_describe_date(value, period, words):
    assert describe_date(value, period, WED) == words


def test_describe_this_weekend_on_a_saturday():
    assert describe_date("2025-W02-WE", None, date(2025, 1, 11)) == "this weekend"
    assert describe_date("2025-W01-WE", None, date(2025, 1, 11)) == "last weekend"


def test_describe_what_resolve_code_gives():
    for code in ("day:0", "day:-1", "wd:5", "week:0", "week:-1", "weekend:-1", "month:0", "month:-1", "year:-1"):
        assert describe_date(resolve_code(code, WED), None, WED)
