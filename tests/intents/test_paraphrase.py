"""The second stage (intents/paraphrase.py): phrasings no template has, and what it must never do."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from clipstore.demo import DEMO_CAMERAS
from clipstore.models import Camera
from intents.catalogue import default_catalogue
from intents.dialog import CHANGES_SOMETHING
from intents.paraphrase import training_sentences
from intents.parser import Parser

TZ = "America/New_York"
NOW = datetime(2026, 11, 24, 15, 0, tzinfo=ZoneInfo(TZ))


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser([Camera(slug, name, syns) for slug, name, syns in DEMO_CAMERAS])


@pytest.mark.parametrize(
    "text, intent, slots",
    [
        ("recordings from the garage yesterday how many", "CountClips", {"camera": "garage", "date": "2026-11-23"}),
        ("how many clips has the driveway", "CountClips", {"camera": "driveway"}),
        ("deliveries today any", "ListClips", {"label": "package", "date": "2026-11-24"}),
        ("the latest clip from the garage can i see", "ShowClip", {"camera": "garage", "which": "latest"}),
    ],
)
def test_reordered_phrasings_are_understood(parser, text, intent, slots):
    assert parser.parse(text, now=NOW, tz=TZ).to_dict() == {"text": text, "intent": intent, "slots": slots}
    assert Parser(parser.cameras, second_stage=False).parse(text, now=NOW, tz=TZ).intent is None  # not a template


@pytest.mark.parametrize("text", ["recording stop for the garage", "today's clips delete"])
def test_a_change_from_the_second_stage_is_only_a_question(parser, text):
    result = parser.parse(text, now=NOW, tz=TZ)
    assert result.intent in CHANGES_SOMETHING and not result.sure
    assert result.to_dict()["intent"] is None


@pytest.mark.parametrize(
    "text",
    [
        "delete that email from my boss",
        "share the pizza with your brother",
        "keep the change",
        "show me how to tie this knot",
        "stop that noise",
    ],
)
def test_other_speech_is_no_command(parser, text):
    assert parser.parse(text, now=NOW, tz=TZ).to_dict()["intent"] is None


def test_training_sentences_are_the_catalogues_with_slot_kinds():
    pairs = training_sentences(default_catalogue(), per_template=2)
    intents = {intent for _, intent in pairs}
    assert "CameraStatus" in intents and "DeleteClips" in intents
    assert any("xcam" in text for text, _ in pairs) and not any("garage" in text for text, _ in pairs)
