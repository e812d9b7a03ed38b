"""The `member` slot of ShareClip: a member's id from their name or id as the household has them (from the clip
store, like camera names); support is no member (no slot), and a name the household lacks is still a slot."""

from __future__ import annotations

from datetime import datetime

import pytest
from test_parse_cli import lines, run

from clipstore import DEMO_CAMERAS, Camera, ClipStore, Member
from intents.parser import Parser

NOW = datetime.fromisoformat("2025-01-08T16:30:00-05:00")
TZ = "America/New_York"
CAMERAS = [Camera(slug, name, syns) for slug, name, syns in DEMO_CAMERAS]
MEMBERS = [Member("owner", "Owner"), Member("sam", "Sam", "adult"), Member("alex_lee", "Alex Lee", "child")]


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser(CAMERAS, members=MEMBERS)


@pytest.mark.parametrize(
    "text, slots",
    [
        ("share the garage clip with Sam", {"camera": "garage", "member": "sam"}),
        ("share it with sam", {"which": "this", "member": "sam"}),
        ("send that to Alex Lee", {"which": "this", "member": "alex_lee"}),
        ("send that to alex lee", {"which": "this", "member": "alex_lee"}),
        ("share the latest front door clip with Sam", {"camera": "front_door", "which": "latest", "member": "sam"}),
        ("send sam the driveway clip", {"camera": "driveway", "member": "sam"}),
        ("let sam see the garage clip", {"camera": "garage", "member": "sam"}),
        ("share the latest garage clip with Zed", {"camera": "garage", "which": "latest", "member": "zed"}),
    ],
)
def test_a_member_by_name_or_id_is_their_id(parser, text, slots):
    result = parser.parse(text, now=NOW, tz=TZ)
    assert (result.intent, result.slots, result.to) == ("ShareClip", slots, None)


@pytest.mark.parametrize(
    "text, slots",
    [
        ("share this clip with support", {"which": "this"}),
        ("send the latest front door clip as feedback", {"camera": "front_door", "which": "latest"}),
        ("share it with the camera company", {"which": "this"}),
    ],
)
def test_support_is_no_member_slot_but_is_said_to_the_handler(parser, text, slots):
    result = parser.parse(text, now=NOW, tz=TZ)
    assert (result.intent, result.slots, result.to) == ("ShareClip", slots, "support")
    assert result.to_dict()["slots"] == slots


def test_without_members_a_plain_share_has_no_member(parser):
    result = Parser(CAMERAS).parse("share the latest garage clip", now=NOW, tz=TZ)
    assert (result.intent, result.slots, result.to) == ("ShareClip", {"camera": "garage", "which": "latest"}, None)


def test_parse_command_takes_member_names_from_the_store(tmp_path):
    store = ClipStore(tmp_path)
    try:
        household, _ = store.households.create("Home", "Europe/London")
        store.cameras.add(household.id, "Garage", slug="garage")
        store.members.add(household.id, "Robin Hood", "adult")
    finally:
        store.close()
    rows = lines(
        run(
            "--data",
            str(tmp_path),
            "--now",
            "2025-07-01T12:00:00+00:00",
            "share the garage clip with Robin Hood",
            "send that to robin hood",
        )
    )
    assert [row["slots"] for row in rows] == [
        {"camera": "garage", "member": "robin_hood"},
        {"which": "this", "member": "robin_hood"},
    ]
