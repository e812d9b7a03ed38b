"""Alexa intents and slots → the intent layer's intents and canonical slots (translation only).

Nothing here decides what the assistant does: it only turns what Alexa delivers
(intent names, entity-resolution ids, AMAZON.DATE / AMAZON.TIME / AMAZON.NUMBER
values) into the contract's intent names and canonical slot values, which every
front end hands to ``intents.handlers.handle``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta

from ask_sdk_model import Intent, Slot

from clipstore import SUPPORT, Camera, Member, member_slug, slugify
from intents.catalogue import INTENTS, SLOTS, camera_phrases, default_catalogue, member_phrases
from intents.clock import TIME_SLOTS, hhmm, parse_hhmm
from intents.dates import PERIODS, date_span
from intents.references import Reference, reference_from_words, spoken_ordinal
from intents.voicecode import CODE_SLOT, VOICE_CODE_INTENT, is_code

BUILTIN_INTENTS: dict[str, str | None] = {
    "AMAZON.HelpIntent": "Help",
    "AMAZON.StopIntent": "Stop",
    "AMAZON.CancelIntent": "Cancel",
    "AMAZON.YesIntent": "Yes",
    "AMAZON.NoIntent": "No",
    "AMAZON.FallbackIntent": None,
    "AMAZON.NavigateHomeIntent": "Stop",  # leave the skill, as Stop does
}
"""Alexa built-ins and the contract intent each stands for (None: the no-match case)."""

CUSTOM_INTENTS: dict[str, str] = {
    **{f"{name}Intent": name for name in INTENTS if f"AMAZON.{name}Intent" not in BUILTIN_INTENTS},
    f"{VOICE_CODE_INTENT}Intent": VOICE_CODE_INTENT,
}
"""`ListClipsIntent` → `ListClips`, ... for every contract intent that is not an Alexa built-in; and
`VoiceCodeIntent`, the answer to "What's your voice code?" (a dialog answer, like Yes)."""

DIALOG_SLOTS: dict[str, dict[str, str]] = {VOICE_CODE_INTENT: {CODE_SLOT: "AMAZON.FOUR_DIGIT_NUMBER"}}
"""Slots of the dialog answers: the voice code arrives as AMAZON.FOUR_DIGIT_NUMBER."""

SLOT_TYPES: dict[str, str] = {
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
"""Alexa slot type of each contract slot (docs/interface.md §4)."""

REFERENCE_SLOTS: dict[str, dict[str, str]] = {
    intent: {"position": "AMAZON.ORDINAL"} for intent in ("ShowClip", "DeleteClips", "ShareClip")
}
"""Alexa-only: "the second one" as AMAZON.ORDINAL. Like the helper slots it never reaches the intent layer as a
slot: with the raw words of `which` it becomes the turn's Reference to the list just read (docs/interface.md §1)."""

HELPER_SLOTS: dict[str, dict[str, int]] = {"SetRetention": {"weeks": 7, "months": 30}}
"""Alexa-only number slots that become the contract's `days` ("keep clips for two weeks" → days 14).

AMAZON.NUMBER carries only the number, so "two weeks" cannot travel in `days` without
turning into 2 days; these slots carry the unit, and never reach the intent layer.
"""

CONFIRMED_INTENTS: tuple[str, ...] = ("DeleteClips", "ShareClip")
"""Intents whose dialog model requires confirmation (Dialog.ConfirmIntent)."""

_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(-WE)?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def alexa_slots(intent: str) -> dict[str, str]:
    """Alexa slot name → slot type for one contract intent (helpers included)."""
    slots = {name: SLOT_TYPES[name] for name in SLOTS.get(intent, ())}
    slots.update(dict.fromkeys(HELPER_SLOTS.get(intent, {}), "AMAZON.NUMBER"))
    slots.update(REFERENCE_SLOTS.get(intent, {}))
    slots.update(DIALOG_SLOTS.get(intent, {}))
    return slots


def contract_intent(alexa_name: str | None) -> tuple[bool, str | None]:
    """(known, contract intent) for an Alexa intent name; unknown names are the no-match case."""
    if alexa_name in CUSTOM_INTENTS:
        return True, CUSTOM_INTENTS[alexa_name]
    if alexa_name in BUILTIN_INTENTS:
        return True, BUILTIN_INTENTS[alexa_name]
    return False, None


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("\u2019", "'").replace("-", " ").split())


def _matches(slot: Slot, type_name: str) -> tuple[list[str], list[str]]:
    """Entity-resolution ids with ER_SUCCESS_MATCH: (dynamic authority ids, static authority ids)."""
    dynamic: list[str] = []
    static: list[str] = []
    resolutions = getattr(slot.resolutions, "resolutions_per_authority", None) or []
    for res in resolutions:
        code = getattr(getattr(res.status, "code", None), "value", getattr(res.status, "code", None))
        authority = res.authority or ""
        if code != "ER_SUCCESS_MATCH" or not authority.endswith(f".{type_name}"):
            continue
        ids = [w.value.id for w in (res.values or []) if w.value is not None and w.value.id]
        (dynamic if ".dynamic." in authority else static).extend(ids)
    return dynamic, static


def resolve_camera(slot: Slot, cameras: Iterable[Camera]) -> str | None:
    """The camera id: a dynamic match (the household's own names), else a static match the
    household has, else the spoken words matched against its names and synonyms, else the
    static id or the spoken words as a slug (the intent layer then says which cameras exist)."""
    cameras = list(cameras)
    ids = {cam.id for cam in cameras}
    dynamic, static = _matches(slot, "CAMERA")
    for candidate in dynamic + static:
        if candidate in ids:
            return candidate
    spoken = _norm(slot.value or "")
    for phrase, camera_id in camera_phrases(cameras):
        if spoken and spoken == phrase:
            return camera_id
    if static:
        return static[0]
    return slugify(spoken) if spoken else None


def resolve_member(slot: Slot, members: Iterable[Member]) -> str | None:
    """The member id: a dynamic match, else the spoken words matched against the members' names, else the static
    `support`, else the words as an id (the intent layer then says it found no such member)."""
    members = list(members)
    dynamic, static = _matches(slot, "MEMBER")
    known = [c for c in dynamic if c in {m.id for m in members}]
    if known:
        return known[0]
    spoken = _norm(slot.value or "")
    for phrase, member_id in member_phrases(members):
        if spoken and spoken == phrase:
            return member_id
    if SUPPORT in static:
        return SUPPORT
    return member_slug(spoken) or None


def _list_lookup(list_names: tuple[str, ...]) -> dict[str, str]:
    catalogue = default_catalogue()
    table: dict[str, str] = {}
    for name in list_names:
        for spoken, value in catalogue.list_values(name):
            table.setdefault(_norm(spoken), value)
    return table


def resolve_custom(slot: Slot, type_name: str, list_names: tuple[str, ...]) -> str | None:
    """A LABEL / WHICH / STATE id: the entity-resolution id, else the catalogue's synonym lookup."""
    dynamic, static = _matches(slot, type_name)
    if dynamic or static:
        return (dynamic + static)[0]
    spoken = _norm(slot.value or "")
    return _list_lookup(list_names).get(spoken) if spoken else None


def _past_day(day: date, today: date) -> date:
    """A day Alexa resolved into the future, moved to the most recent past one of the same name."""
    if day <= today:
        return day
    if (day - today).days <= 7:  # a bare weekday: Alexa picks the coming one
        return day - timedelta(days=7)
    year = today.year if (day.month, day.day) <= (today.month, today.day) else today.year - 1
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a year without one
        return date(year, 2, 28)


def toward_past(value: str, today: date) -> str:
    """An AMAZON.DATE value that lies in the future, moved back to the past one people mean.

    `2026-11-28` on Tuesday 24th ("saturday") → `2026-11-21`; "november 30th" said on the 24th
    → last year's; the current weekend before it starts ("this weekend") → the last one; a future
    month → last year's. `PRESENT_REF` ("now") → today. Other values pass through unchanged.
    """
    value = value.strip()
    if value == "PRESENT_REF":
        return today.isoformat()
    if _DAY.match(value):
        try:
            return _past_day(date.fromisoformat(value), today).isoformat()
        except ValueError:
            return value
    if m := _WEEK.match(value):
        try:
            first, _ = date_span(value)
        except ValueError:
            return value
        while first > today:
            first -= timedelta(weeks=1 if (first - today).days <= 7 else 52)
        year, week, _ = (first - timedelta(days=5) if m[3] else first).isocalendar()
        return f"{year}-W{week:02d}{m[3] or ''}"
    if m := _MONTH.match(value):
        year, month = int(m[1]), int(m[2])
        if (year, month) > (today.year, today.month) and 1 <= month <= 12:
            year = today.year if month <= today.month else today.year - 1
        return f"{year:04d}-{month:02d}"
    return value


def period_value(value: str) -> str | None:
    """An AMAZON.TIME value as a period: MO/AF/EV/NI as they come, a clock time as its period."""
    value = value.strip().upper()
    if value in PERIODS:
        return value
    if m := _TIME.match(value):
        hour = int(m[1])
        for name, (start, end) in PERIODS.items():
            if start <= hour < end or start <= hour + 24 < end:
                return name
    return None


def number_value(value: str | None) -> int | None:
    """An AMAZON.NUMBER value as an int ('?' and the like: None)."""
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def reference(intent: Intent, contract_name: str | None) -> Reference | None:
    """How the words referred to a clip of the list just read: the raw words of `which` ("last" is the last
    read, "latest" the newest) and the ordinal helper slot ("second")."""
    if contract_name not in REFERENCE_SLOTS:
        return None
    slots = intent.slots or {}
    which, position = slots.get("which"), slots.get("position")
    words = _norm(which.value) if which is not None and which.value else None
    ordinal = spoken_ordinal(position.value) if position is not None and position.value else None
    one = bool(ordinal) or (words is not None and words.endswith(" one"))
    return reference_from_words(words, ordinal, "the one" if one else "")


def translate(
    intent: Intent,
    contract_name: str | None,
    cameras: Iterable[Camera],
    now_local: datetime,
    members: Callable[[], Iterable[Member]] = tuple,
) -> dict:
    """Canonical slots for `contract_name` from an Alexa intent; a slot appears only if it was said.

    `now_local` is the current time in the zone the request is answered in (device or household).
    """
    allowed = alexa_slots(contract_name) if contract_name else {}
    today = now_local.date()
    slots: dict = {}
    for name, slot in (intent.slots or {}).items():
        if name not in allowed or slot is None or slot.value in (None, ""):
            continue
        if name == "camera":
            value: str | int | None = resolve_camera(slot, cameras)
        elif name == "member":
            value = resolve_member(slot, members())
        elif name == "label":
            value = resolve_custom(slot, "LABEL", ("label",)) or _norm(slot.value)
        elif name == "which":
            value = resolve_custom(slot, "WHICH", ("which", "which_ref"))
        elif name == "state":
            value = resolve_custom(slot, "STATE", ("state", "onoff"))
        elif name == "date":
            value = toward_past(slot.value, today)
        elif name == "period":
            value = period_value(slot.value)
        elif name in TIME_SLOTS:
            minutes = parse_hhmm(slot.value)
            if minutes is None:  # "in the morning" said where a clock time was expected: a period
                if period_value(slot.value) in PERIODS and "period" in allowed and "period" not in slots:
                    slots["period"] = period_value(slot.value)
                continue
            value = hhmm(minutes)
        elif name == "days":
            value = number_value(slot.value)
        elif name == CODE_SLOT:
            value = slot.value.strip() if is_code(slot.value.strip()) else None
        elif name in (helpers := HELPER_SLOTS.get(contract_name or "", {})):
            number = number_value(slot.value)
            if number is not None and "days" not in slots:
                slots["days"] = number * helpers[name]
            continue
        else:
            continue
        if value is not None:
            slots[name] = value
    # "last night" arrives as period NI alone; before tonight has begun it can only mean last night.
    if slots.get("period") == "NI" and "date" not in slots and "date" in allowed and now_local.hour < PERIODS["NI"][0]:
        slots["date"] = (today - timedelta(days=1)).isoformat()
    kept = (*SLOTS.get(contract_name or "", ()), *DIALOG_SLOTS.get(contract_name or "", {}))
    return {k: v for k, v in slots.items() if k in kept}
