"""Relative dates toward the past as AMAZON.DATE strings, and AMAZON.DATE strings as time ranges."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

PERIODS: dict[str, tuple[int, int]] = {"MO": (5, 12), "AF": (12, 17), "EV": (17, 21), "NI": (21, 29)}
"""Hours (local, start inclusive, end exclusive; 29 = 5 am next day) of each AMAZON.TIME period."""


def _iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def resolve_code(code: str, today: date) -> str:
    """Turn a catalogue date code (`day:-1`, `wd:5`, `week:-1`, ...) into an AMAZON.DATE string.

    Everything resolves toward the past: recordings only exist in the past.
    """
    kind, _, arg = code.partition(":")
    n = int(arg)
    if kind == "day":
        return (today + timedelta(days=n)).isoformat()
    if kind in ("wd", "wdl"):
        back = (today.weekday() - n) % 7
        if kind == "wdl" and back == 0:
            back = 7
        return (today - timedelta(days=back)).isoformat()
    if kind == "week":
        return _iso_week(today + timedelta(weeks=n))
    if kind == "weekend":
        # "last weekend" is the weekend of last ISO week; "this weekend" the current one once it has begun.
        if n == 0 and today.weekday() < 5:
            n = -1
        return _iso_week(today + timedelta(weeks=n)) + "-WE"
    if kind == "month":
        month_index = today.year * 12 + today.month - 1 + n
        return f"{month_index // 12:04d}-{month_index % 12 + 1:02d}"
    if kind == "year":
        return f"{today.year + n:04d}"
    raise ValueError(f"unknown date code {code!r}")


def month_day(month: int, day: int, today: date) -> str | None:
    """'november 20th' → the most recent such date not after today (None if no such day)."""
    for year in (today.year, today.year - 1, today.year - 2, today.year - 3, today.year - 4):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate.isoformat()
    return None


def month_only(month: int, today: date) -> str:
    """'in november' → the most recent such month, this one included (`YYYY-MM`)."""
    year = today.year if month <= today.month else today.year - 1
    return f"{year:04d}-{month:02d}"


def day_of_month(day: int, today: date) -> str | None:
    """'on the 3rd' → the most recent date with that day of the month, not after today."""
    year, month = today.year, today.month
    for _ in range(13):
        try:
            candidate = date(year, month, day)
        except ValueError:
            candidate = None
        if candidate is not None and candidate <= today:
            return candidate.isoformat()
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return None


_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(-WE)?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


YEARS = range(1000, 9000)
"""Years a recording can be from; anything else is not a date worth asking about (and would overflow)."""


def date_span(value: str) -> tuple[date, date]:
    """First day and the day after the last of an AMAZON.DATE string; ValueError if not one."""
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not an AMAZON.DATE value")
    value = value.strip()
    if not value[:4].isdigit() or int(value[:4]) not in YEARS:
        raise ValueError(f"{value!r} is not an AMAZON.DATE value of a year from {YEARS.start} to {YEARS.stop - 1}")
    if m := _DAY.match(value):
        start = date(int(m[1]), int(m[2]), int(m[3]))
        return start, start + timedelta(days=1)
    if m := _WEEK.match(value):
        monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        if m[3]:
            return monday + timedelta(days=5), monday + timedelta(days=7)
        return monday, monday + timedelta(days=7)
    if m := _MONTH.match(value):
        start = date(int(m[1]), int(m[2]), 1)
        nxt = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
        return start, nxt
    if m := _YEAR.match(value):
        return date(int(m[1]), 1, 1), date(int(m[1]) + 1, 1, 1)
    raise ValueError(f"{value!r} is not an AMAZON.DATE value")


def time_range(
    date_value: str | None, period: str | None, tz: str, today: date
) -> tuple[datetime | None, datetime | None]:
    """The [after, before) range of a date and/or period in the zone `tz` (aware datetimes).

    A period without a date means that period today; a period narrows each single day.
    """
    zone = ZoneInfo(tz)
    if date_value is None and period is None:
        return None, None
    first, end = date_span(date_value) if date_value else (today, today + timedelta(days=1))
    if period is None:
        return datetime.combine(first, time(), zone), datetime.combine(end, time(), zone)
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}")
    start_h, end_h = PERIODS[period]
    after = datetime.combine(first, time(), zone) + timedelta(hours=start_h)
    before = datetime.combine(end - timedelta(days=1), time(), zone) + timedelta(hours=end_h)
    return after, before


_PERIOD_WORDS = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night"}


def describe_date(date_value: str | None, period: str | None, today: date) -> str:
    """Words for a date slot as people say it: 'today', 'yesterday evening', 'last night', 'on Saturday',
    'last week'."""
    part = _PERIOD_WORDS[period] if period else ""
    if not date_value:
        return ("tonight" if period == "NI" else f"this {part}") if period else ""
    first, end = date_span(date_value)
    if end - first == timedelta(days=1):
        delta = (today - first).days
        if delta == 0:
            return ("tonight" if period == "NI" else f"this {part}") if period else "today"
        if delta == 1:
            return ("last night" if period == "NI" else f"yesterday {part}") if period else "yesterday"
        if 1 < delta < 7:
            return f"on {first:%A} {part}".rstrip()
        words = f"on {first:%B} {first.day}"
    elif date_value.endswith("-WE"):
        this_monday = today - timedelta(days=today.weekday())
        words = (
            "this weekend"
            if first <= today < end
            else "last weekend"
            if first == this_monday - timedelta(days=2)
            else f"the weekend of {first:%B} {first.day}"
        )
    elif "-W" in date_value:
        this_monday = today - timedelta(days=today.weekday())
        words = (
            "this week"
            if first == this_monday
            else "last week"
            if first == this_monday - timedelta(weeks=1)
            else f"the week of {first:%B} {first.day}"
        )
    elif len(date_value) == 7:
        months_back = (today.year - first.year) * 12 + today.month - first.month
        words = {0: "this month", 1: "last month"}.get(months_back, f"in {first:%B %Y}")
    else:
        words = {0: "this year", 1: "last year"}.get(today.year - first.year, f"in {first.year}")
    return f"{words} in the {part}" if period else words
