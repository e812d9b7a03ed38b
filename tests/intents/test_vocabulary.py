"""Free phrasing, round 2: the verbs and fillers people use (catalogue), opening markers and -ing verbs
(intents/vocabulary.py), and what the wider vocabulary must never let through."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from clipstore.demo import DEMO_CAMERAS
from clipstore.models import Camera
from intents.dialog import CHANGES_SOMETHING
from intents.parser import Parser
from intents.vocabulary import rephrase

TZ = "America/New_York"
NOW = datetime(2026, 11, 24, 15, 0, tzinfo=ZoneInfo(TZ))  # a Tuesday


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser([Camera(slug, name, syns) for slug, name, syns in DEMO_CAMERAS])


@pytest.mark.parametrize(
    "text, intent, slots",
    [
        ("chuck out the garage videos from monday", "DeleteClips", {"camera": "garage", "date": "2026-11-23"}),
        ("nuke all the clips from the lounge", "DeleteClips", {"camera": "living_room"}),
        (
            "dump the front door videos from this morning",
            "DeleteClips",
            {"camera": "front_door", "date": "2026-11-24", "period": "MO"},
        ),
        ("retrieve the clips i just trashed", "RestoreClips", {}),
        ("bring the deleted videos back", "RestoreClips", {}),
        ("recover the footage i erased", "RestoreClips", {}),
        ("fetch the latest garage clip", "ShowClip", {"camera": "garage", "which": "latest"}),
        ("give me a look at the newest driveway clip", "ShowClip", {"camera": "driveway", "which": "latest"}),
        ("hang on to my footage for thirty days", "SetRetention", {"days": 30}),
        ("i want clips kept for two weeks", "SetRetention", {"days": 14}),
        ("how many days do you hold on to clips", "RetentionInfo", {}),
        ("okay so how many clips from the garage this week", "CountClips", {"camera": "garage", "date": "2026-W48"}),
        ("well um show me the driveway from yesterday", "ShowClip", {"camera": "driveway", "date": "2026-11-23"}),
        ("would you mind showing me the latest clip", "ShowClip", {"which": "latest"}),
        ("kindly list today's clips thanks", "ListClips", {"date": "2026-11-24"}),
        ("share that video with sam please", "ShareClip", {"which": "this", "member": "sam"}),
    ],
)
def test_words_people_use_are_understood(parser, text, intent, slots):
    assert parser.parse(text, now=NOW, tz=TZ).to_dict() == {"text": text, "intent": intent, "slots": slots}


@pytest.mark.parametrize(
    "text",
    [
        "dump the trash in the garage",  # "trash" is a delete verb too, but "the trash" is what it is about
        "bin the trash in the garage",
        "toss the salad",
        "keep it down",
        "turn it up a bit",
        "see you later",
        "let me see that phone",
        "delete my last text message",
        "delete the junk mail",
        "pass the salt",
        "hold on to the railing",
        "scrap metal is worth a lot",
        "fetch the ball",
        "so what's for dinner",
        # a rephrased opening ("turning" → "turn") must match as a whole: no word is dropped from it
        "turning off the garage camera sounds bad",
        "pausing the garage camera sounds fine",
        "stopping the driveway camera seems wrong",
        "keeping clips for a week sounds bad",
        "saving clips for one day lol",
        # a change its handler makes without asking is never guessed by dropping words, nor said as a bare phrase
        "turn off the garage camera sounds bad",
        "footage stored for a week",
        "the clips saved for a day",
        "videos kept for a year sounds creepy",
    ],
)
def test_the_wider_vocabulary_takes_no_chatter(parser, text):
    result = parser.parse(text, now=NOW, tz=TZ)
    assert result.to_dict()["intent"] is None, result
    assert result.intent not in CHANGES_SOMETHING or not result.sure


def test_an_unknown_verb_is_not_dropped(parser):
    """The known-words pass used to drop an unknown first word: "zap all the clips ..." became a list."""
    assert parser.parse("zap all the clips from the lounge", now=NOW, tz=TZ).to_dict()["intent"] is None


def test_a_change_said_with_a_new_verb_still_only_asks(parser):
    """A delete said with a synonym is the same DeleteClips as with "delete": the handler's question comes next."""
    for verb in ("scrap", "ditch", "toss out", "wipe out"):
        result = parser.parse(f"{verb} the driveway recordings", now=NOW, tz=TZ)
        assert (result.intent, result.slots) == ("DeleteClips", {"camera": "driveway"}), verb


def test_rephrase_drops_opening_markers_only():
    vocabulary = frozenset(["show", "delete", "so", "me", "the", "clip"])
    assert rephrase(["okay", "so", "show", "me", "the", "clip"], vocabulary, ["um"]) == ["show", "me", "the", "clip"]
    assert rephrase(["um", "so", "showing", "me", "the", "clip"], vocabulary, ["um"]) == ["show", "me", "the", "clip"]
    assert rephrase(["deleting", "the", "clip"], vocabulary, []) == ["delete", "the", "clip"]
    assert rephrase(["show", "me", "the", "clip", "so"], vocabulary, []) is None  # only at the start
    assert rephrase(["so"], vocabulary, []) is None  # never everything
    assert rephrase(["singing", "the", "clip"], vocabulary, []) is None  # "sing" is no word of ours
