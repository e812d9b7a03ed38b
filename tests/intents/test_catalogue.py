"""The one catalogue: every contract intent has sentences, every list value is canonical (docs/interface.md §1)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from clipstore.models import Camera
from intents.catalogue import (
    INTENTS,
    SLOTS,
    Catalogue,
    _expand_alternatives,
    camera_phrases,
    camera_slot_list,
    day_of_month_values,
    default_catalogue,
    ordinal_digits,
    ordinal_words,
)
from intents.dates import month_day, resolve_code

LABELS = {"person", "animal", "vehicle", "package"}
WHICH = {"latest", "first", "next", "previous", "this"}
STATES = {"on", "off"}
PERIODS = {"MO", "AF", "EV", "NI"}
CONTRACT_INTENTS = {
    "ListClips",
    "CountClips",
    "ShowClip",
    "DeleteClips",
    "RestoreClips",
    "ShareClip",
    "RevokeShares",
    "AccessLog",
    "SetRecording",
    "CameraStatus",
    "SetRetention",
    "RetentionInfo",
    "Help",
    "Stop",
    "Cancel",
    "Yes",
    "No",
}
FILTERS = {"camera", "date", "period", "time", "from_time", "to_time", "label"}
CONTRACT_SLOTS = {
    "ListClips": FILTERS,
    "CountClips": FILTERS,
    "ShowClip": FILTERS | {"which"},
    "DeleteClips": FILTERS | {"which"},
    "ShareClip": FILTERS | {"which", "member"},
    "AccessLog": {"camera", "date"},
    "SetRecording": {"camera", "state"},
    "CameraStatus": {"camera"},
    "SetRetention": {"days"},
}
WED = date(2025, 1, 8)


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return default_catalogue()


def spoken(cat: Catalogue, name: str) -> dict[str, str]:
    return dict(cat.list_values(name))


# --- intents -----------------------------------------------------------------------------------------


def test_intents_are_the_contracts():
    assert set(INTENTS) == CONTRACT_INTENTS and len(INTENTS) == len(CONTRACT_INTENTS)
    assert {name: set(slots) for name, slots in SLOTS.items()} == CONTRACT_SLOTS


def test_every_contract_intent_has_templates(cat):
    assert set(cat.data["intents"]) == CONTRACT_INTENTS
    for intent in INTENTS:
        templates = cat.templates(intent)
        assert templates, intent
        assert all(isinstance(t, str) and t.strip() for t in templates)


def test_catalogue_compiles_every_intent(cat):
    assert set(cat.intents.intents) == CONTRACT_INTENTS


_RULE_REF = re.compile(r"<([a-z_]+)>")
_LIST_REF = re.compile(r"\{([a-z_]+)(?::([a-z_]+))?\}")


def _all_sources(cat: Catalogue) -> list[str]:
    return [t for intent in INTENTS for t in cat.templates(intent)] + list(cat.expansion_rules.values())


def test_templates_refer_only_to_defined_rules_and_lists(cat):
    rules, lists = set(cat.expansion_rules), set(cat.data["lists"]) | {"camera"}
    for source in _all_sources(cat):
        for rule in _RULE_REF.findall(source):
            assert rule in rules, f"<{rule}> in {source!r}"
        for name, _ in _LIST_REF.findall(source):
            assert name in lists, f"{{{name}}} in {source!r}"


def test_slots_a_template_can_fill_are_known(cat):
    # Slot names in templates are either the contract's or internal ones the parser turns into `date`/`period`/`days`.
    internal = {
        "date_code",
        "daypart",
        "month",
        "dom",
        "month_only",
        "dom_only",
        "holiday",
        "days",
        "weeks",
        "months",
        "unit_one",
        "ordinal",
        *(f"{p}{part}" for p in ("t_", "f_", "u_") for part in ("hour", "minute", "ampm", "word", "rel")),
    }
    contract = {"camera", "label", "which", "state", "period", "member"}
    for source in _all_sources(cat):
        for name, slot in _LIST_REF.findall(source):
            assert (slot or name) in contract | internal, source
    for intent in INTENTS:
        for block in cat.data["intents"][intent]["data"]:
            assert set(block.get("slots", {})) <= set(SLOTS.get(intent, ())), intent


def test_fixed_slot_values_are_canonical(cat):
    for intent in INTENTS:
        for block in cat.data["intents"][intent]["data"]:
            for name, value in block.get("slots", {}).items():
                allowed = {"label": LABELS, "state": STATES, "which": WHICH, "period": PERIODS}[name]
                assert value in allowed, (intent, name, value)


# --- list values are canonical ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, allowed",
    [
        ("label", LABELS),
        ("which", WHICH),
        ("which_ref", WHICH),
        ("before_after", WHICH),
        ("state", STATES),
        ("onoff", STATES),
        ("privacy", STATES),
        ("period", PERIODS),
    ],
)
def test_list_values_are_canonical(cat, name, allowed):
    values = cat.list_values(name)
    assert values
    assert {value for _, value in values} <= allowed
    assert all(text == text.lower().strip() and "(" not in text and "|" not in text for text, _ in values)


def test_every_canonical_value_can_be_said(cat):
    assert {v for _, v in cat.list_values("label")} == LABELS
    assert {v for _, v in cat.list_values("which")} == WHICH
    assert {v for _, v in cat.list_values("state")} == STATES
    assert {v for _, v in cat.list_values("period")} == PERIODS


@pytest.mark.parametrize(
    "name, words, value",
    [
        ("label", ["someone", "anyone", "people", "visitor"], "person"),
        ("label", ["cat", "dog", "pet"], "animal"),
        ("label", ["car", "truck"], "vehicle"),
        ("label", ["delivery", "parcel", "package"], "package"),
        ("which", ["last", "latest", "most recent", "newest"], "latest"),
        ("which", ["first", "earliest", "oldest"], "first"),
        ("which", ["next"], "next"),
        ("which", ["previous", "back"], "previous"),
        ("which", ["this", "that"], "this"),
        ("which_ref", ["this", "that", "it"], "this"),
        ("state", ["stop", "pause", "turn off"], "off"),
        ("state", ["start", "resume", "turn on"], "on"),
        ("privacy", ["on"], "off"),
        ("privacy", ["off"], "on"),
    ],
)
def test_contract_examples_are_in_the_lists(cat, name, words, value):
    table = spoken(cat, name)
    for word in words:
        assert table.get(word) == value, (name, word)


def test_date_codes_resolve(cat):
    for text, code in cat.list_values("date_code"):
        value = resolve_code(code, WED)
        assert value <= "2025-01-08" or value.startswith("2025-W") or value == "2025", (text, value)


@pytest.mark.parametrize(
    "words",
    [
        "today",
        "yesterday",
        "saturday",
        "last week",
        "this week",
        "last weekend",
        "this month",
        "last month",
        "this year",
        "last year",
        "the day before yesterday",
        "last saturday",
        "yesterday's",
    ],
)
def test_contract_date_words_are_date_codes(cat, words):
    assert words in spoken(cat, "date_code")


def test_dayparts_are_a_code_and_a_period(cat):
    table = spoken(cat, "daypart")
    for text, value in table.items():
        code, _, period = value.partition("|")
        assert period in PERIODS, text
        resolve_code(code, WED)
    assert table["last night"] == "day:-1|NI"
    assert table["this morning"] == "day:0|MO"
    assert table["tonight"] == "day:0|NI"


def test_months_and_holidays(cat):
    months = spoken(cat, "month")
    assert sorted({int(v) for v in months.values()}) == list(range(1, 13))
    assert months["november"] == "11" and months["may"] == "5"
    for text, value in cat.list_values("holiday"):
        month, _, day = value.partition("-")
        assert month_day(int(month), int(day), WED), text


def test_numeric_lists(cat):
    assert cat.range_list("days") == (1, 3650)
    assert cat.range_list("weeks")[0] == 1 and cat.range_list("months")[0] == 1
    assert {int(v) for _, v in cat.list_values("unit_one")} >= {1, 7, 14, 30, 365}


def test_skip_words_are_fillers(cat):
    skip = set(cat.skip_words)
    assert {"please", "alexa", "um", "uh"} <= skip
    # Words that carry meaning must never be skipped.
    assert not skip & {"stop", "yes", "no", "delete", "show", "the", "not", "don't", "cancel", "last", "next"}


# --- ordinal helpers and the day-of-month list ----------------------------------------------------


@pytest.mark.parametrize(
    "day, words",
    [
        (1, "first"),
        (2, "second"),
        (3, "third"),
        (4, "fourth"),
        (5, "fifth"),
        (8, "eighth"),
        (9, "ninth"),
        (11, "eleventh"),
        (12, "twelfth"),
        (13, "thirteenth"),
        (19, "nineteenth"),
        (20, "twentieth"),
        (21, "twenty first"),
        (22, "twenty second"),
        (23, "twenty third"),
        (29, "twenty ninth"),
        (30, "thirtieth"),
        (31, "thirty first"),
    ],
)
def test_ordinal_words(day, words):
    assert ordinal_words(day) == words


@pytest.mark.parametrize(
    "day, digits",
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (10, "10th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (20, "20th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (24, "24th"),
        (30, "30th"),
        (31, "31st"),
        (101, "101st"),
        (111, "111th"),
        (112, "112th"),
    ],
)
def test_ordinal_digits(day, digits):
    assert ordinal_digits(day) == digits


def test_day_of_month_values():
    values = day_of_month_values()
    assert len(values) == 31 * 3
    by_form = {v["in"]: v["out"] for v in values}
    assert by_form["20"] == by_form["20th"] == by_form["twentieth"] == 20
    assert by_form["3rd"] == by_form["third"] == 3
    assert by_form["31st"] == by_form["thirty first"] == 31
    assert sorted({v["out"] for v in values}) == list(range(1, 32))


def test_expand_alternatives():
    out = _expand_alternatives(
        [{"in": "(a|b c| d)", "out": 1}, {"in": "plain", "out": 2}, {"in": "(x [y]|z)", "out": 3}]
    )
    assert out == [
        {"in": "a", "out": 1},
        {"in": "b c", "out": 1},
        {"in": "d", "out": 1},
        {"in": "plain", "out": 2},
        {"in": "(x [y]|z)", "out": 3},
    ]


# --- cameras come from the store ------------------------------------------------------------------


def test_camera_phrases_longest_first_and_normalised():
    cams = [Camera("front_door", "Front Door", ("door", "Front  Porch")), Camera("side_gate", "Side-Gate", ("door",))]
    phrases = camera_phrases(cams)
    assert [p for p, _ in phrases] == sorted([p for p, _ in phrases], key=lambda p: (-len(p), p))
    table = dict(phrases)
    assert table["front porch"] == "front_door" and table["side gate"] == "side_gate"
    assert table["door"] == "front_door"  # the first camera that claims a phrase keeps it


def test_camera_slot_list_has_possessives():
    values = {v.text_in.text: v.value_out for v in camera_slot_list([Camera("garage", "Garage", ("car port",))]).values}
    assert values["garage"] == values["garage's"] == values["car port's"] == "garage"


def test_a_catalogue_from_a_dict_is_independent(cat):
    other = Catalogue.from_dict(
        {"language": "en", "intents": {"Help": {"data": [{"sentences": ["help"]}]}}, "lists": {}}
    )
    assert set(other.intents.intents) == {"Help"}
    assert set(cat.intents.intents) == CONTRACT_INTENTS
