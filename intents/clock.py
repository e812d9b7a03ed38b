"""Clock times: spoken hours → `HH:MM` toward the past; the `time`, `from_time`, `to_time` slots → a span; words.

The parser reads "3 pm", "4:17", "half past nine", "noon" into the contract's `HH:MM` (24-hour, the household's
zone). A time said without am/pm is read toward the past, as dates are: today (or with no day said) the latest
reading not after now ("at 3" at 2 pm is 3 am); on another day the daytime one (7 am to 6:59 pm); a period said
with it ("this morning at 8") picks the reading inside the period. In a span the end follows the start ("between
2 and 4 pm": 14:00-16:00).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .dates import PERIODS, date_span

TIME_SLOTS = ("time", "from_time", "to_time")
NEAR = timedelta(minutes=30)
"""A clip is "at 3 pm" when it started within this of 3 pm."""
DAY = 24 * 60
_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_PREFIXES = {"time": "t_", "from_time": "f_", "to_time": "u_"}


@dataclass(frozen=True)
class Spoken:
    """A clock time as said: hour and minute, with am/pm if said; `fixed` when only one reading exists."""

    hour: int
    minute: int
    meridiem: str | None = None
    fixed: bool = False

    def readings(self) -> list[int]:
        """Minutes of the day it may mean (one or two)."""
        if self.fixed:
            return [(self.hour * 60 + self.minute) % DAY]
        base = (self.hour % 12) * 60 + self.minute
        if self.meridiem == "am":
            return [base]
        if self.meridiem == "pm":
            return [base + 12 * 60]
        return [base, base + 12 * 60]


def spoken_time(raw: dict, prefix: str) -> Spoken | None:
    """The clock time of one `<clock>` rule in the parser's raw entities (`t_`, `f_` or `u_` names)."""
    word = raw.get(prefix + "word")
    if word is not None:
        hour, minute = (int(p) for p in str(word).split(":"))
        return Spoken(hour, minute, fixed=True)
    if raw.get(prefix + "hour") is None:
        return None
    hour, minute = int(raw[prefix + "hour"]), int(raw.get(prefix + "minute") or 0)
    meridiem = raw.get(prefix + "ampm")
    rel = raw.get(prefix + "rel")
    if rel is not None:  # "half past three", "quarter to four"
        total = (hour % 12) * 60 + int(rel)
        hour, minute = divmod(total % (12 * 60), 60)
        hour = hour or 12  # "half past twelve", "quarter to one": 12:30, 12:45 (either half of the day)
    if hour == 0 or hour > 12:  # "15:00", "0:30": 24-hour, one reading
        return Spoken(hour, minute, fixed=True)
    return Spoken(hour, minute, str(meridiem) if meridiem else None)


def _in_period(minutes: int, period: str) -> bool:
    start, end = PERIODS[period]
    return start * 60 <= minutes < end * 60 or start * 60 <= minutes + DAY < end * 60


def _choose(spoken: Spoken, today: bool, now_minutes: int, period: str | None) -> int:
    options = spoken.readings()
    if len(options) == 1:
        return options[0]
    if period in PERIODS:
        inside = [m for m in options if _in_period(m, period)]
        if inside:
            return inside[0]
    if today:
        past = [m for m in options if m <= now_minutes]
        return max(past) if past else max(options)
    daytime = [m for m in options if 7 * 60 <= m < 19 * 60]
    return daytime[0] if daytime else options[0]


def hhmm(minutes: int) -> str:
    """Minutes of the day as `HH:MM`."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def resolve_times(raw: dict, date_value: str | None, period: str | None, now_local: datetime) -> dict[str, str]:
    """The `time` / `from_time` / `to_time` slots for what was said (empty if no clock time was)."""
    spoken = {slot: spoken_time(raw, prefix) for slot, prefix in _PREFIXES.items()}
    today = date_value is None or date_value == now_local.date().isoformat()
    now_minutes = now_local.hour * 60 + now_local.minute
    out: dict[str, str] = {}
    if spoken["time"] is not None:
        out["time"] = hhmm(_choose(spoken["time"], today, now_minutes, period))
    start, end = spoken["from_time"], spoken["to_time"]
    if (
        start is not None
        and end is not None
        and start.meridiem is None
        and not start.fixed
        and (end.meridiem is not None or end.fixed)
    ):
        to_m = _choose(end, today, now_minutes, period)
        before = [m for m in start.readings() if m < to_m]
        out["from_time"], out["to_time"] = hhmm(max(before) if before else start.readings()[0]), hhmm(to_m)
        return out
    if start is not None:
        out["from_time"] = hhmm(from_m := _choose(start, today, now_minutes, period))
        if end is not None:
            later = [m for m in end.readings() if m > from_m]
            out["to_time"] = hhmm(min(later) if later else _choose(end, today, now_minutes, period))
    elif end is not None:
        out["to_time"] = hhmm(_choose(end, today, now_minutes, period))
    return out


def parse_hhmm(value: object) -> int | None:
    """`HH:MM` (or `H:MM`, as AMAZON.TIME may give it) as minutes of the day; None if it is not one."""
    match = _HHMM.match(str(value).strip()) if isinstance(value, str) else None
    return int(match[1]) * 60 + int(match[2]) if match else None


class TimeProblem(ValueError):
    """The time slots cannot be used (the message says what to say instead)."""


def time_span(slots: dict, tz: str, today: date, now: datetime) -> tuple[datetime, datetime] | None:
    """[after, before) for the time slots on their day, or None when there are none.

    The day is the `date` slot's (one day only), else the latest day on which the time has already come (today,
    or yesterday for a time still ahead). With period NI, hours before 5 am belong to the night's next morning.
    """
    given = {k: slots[k] for k in TIME_SLOTS if slots.get(k)}
    if not given:
        return None
    parsed = {k: parse_hhmm(v) for k, v in given.items()}
    minutes = {k: m for k, m in parsed.items() if m is not None}
    if len(minutes) != len(parsed):
        raise TimeProblem("I didn't understand that time. Try 3 pm, or between 2 and 4 pm.")
    zone = ZoneInfo(tz)
    if slots.get("date"):
        first, end = date_span(slots["date"])
        if end - first != timedelta(days=1):
            raise TimeProblem("I can use a time of day with one day at a time. For example: yesterday after 9 pm.")
        day = first
    else:
        now_minutes = now.astimezone(zone).hour * 60 + now.astimezone(zone).minute
        anchor = minutes.get("time", minutes.get("from_time"))
        day = today - timedelta(days=1) if anchor is not None and anchor > now_minutes else today

    def at(m: int) -> datetime:
        shift = 1 if slots.get("period") == "NI" and m < PERIODS["NI"][1] * 60 - DAY else 0
        return datetime.combine(day + timedelta(days=shift), time(), zone) + timedelta(minutes=m)

    if "time" in minutes:
        moment = at(minutes["time"])
        return moment - NEAR, moment + NEAR
    after = at(minutes["from_time"]) if "from_time" in minutes else datetime.combine(day, time(), zone)
    before = at(minutes["to_time"]) if "to_time" in minutes else datetime.combine(day + timedelta(days=1), time(), zone)
    if before <= after:
        before += timedelta(days=1)  # "between 10 pm and 2 am"
    return after, before


def spoken_clock(minutes: int) -> str:
    """'3 pm', '4:17 pm', 'noon', 'midnight'."""
    if minutes == 12 * 60:
        return "noon"
    if minutes == 0:
        return "midnight"
    hour, minute = divmod(minutes, 60)
    suffix = "am" if hour < 12 else "pm"
    return f"{hour % 12 or 12}{f':{minute:02d}' if minute else ''} {suffix}"


def time_words(slots: dict) -> str:
    """'around 3 pm', 'between 2 pm and 4 pm', 'after 9 pm', 'before 10 am' ('' without time slots)."""
    minutes = {k: parse_hhmm(slots.get(k)) for k in TIME_SLOTS}
    if minutes["time"] is not None:
        return f"around {spoken_clock(minutes['time'])}"
    start, end = minutes["from_time"], minutes["to_time"]
    if start is not None and end is not None:
        return f"between {spoken_clock(start)} and {spoken_clock(end)}"
    if start is not None:
        return f"after {spoken_clock(start)}"
    if end is not None:
        return f"before {spoken_clock(end)}"
    return ""
