"""Sample utterances for the interaction model: written phrasings (samples.yaml), expanded and checked.

Every expansion must pass before it is kept, and a phrasing that fails is an error (the build stops):
- Alexa's rules for sample utterances (`alexa_rules_problem`);
- plain English: no doubled word ("up up"), no "a" before a vowel or "an" before a consonant, no article
  right before a slot (whose value may or may not start with a vowel) (`grammar_problem`);
- the offline parser, with example words in the slots, reads it as the same intent with the same slots, so
  Alexa and the offline loop understand the same sentences.
"""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import yaml

from clipstore import DEMO_CAMERAS, Camera, Member
from intents.catalogue import Catalogue
from intents.parser import Parser

from ..alexa.slots import alexa_slots

SAMPLES_PATH = Path(__file__).with_name("samples.yaml")
MAX_SAMPLES = 120
"""At most this many samples per intent (Alexa allows far more; fewer, plainer ones train as well)."""

REQUIRED_SAMPLES: dict[str, tuple[str, ...]] = {
    "ListClips": ("what happened at the {camera} {date}", "what happened {date}"),
    "CountClips": ("how many clips from the {camera} {date}",),
    "ShowClip": ("show the {which} clip", "show me the {which} one"),
    "DeleteClips": ("delete {date} recordings", "delete {date} clips"),
}
"""Samples that back the manifest's example phrases and the contract's common phrasings."""

FILLS: dict[str, tuple[str, ...]] = {
    "camera": ("garage",),
    "which": ("latest", "this"),
    "label": ("people", "packages"),
    "state": ("stop", "off"),
    "date": ("yesterday",),
    "period": ("this morning", "evening"),
    "days": ("seven",),
    "weeks": ("two",),
    "months": ("three",),
    "code": ("one two three four",),
    "time": ("three pm", "noon"),
    "from_time": ("two pm",),
    "to_time": ("four pm",),
    "position": ("second",),
    "member": ("sam",),
}
"""Example words for each Alexa slot (tried in order), used to check a sample with the offline parser."""

CONTRACT_SLOT: dict[str, str | None] = {"weeks": "days", "months": "days", "position": None}
"""Alexa helper slots and the contract slot the parser gives for them (None: none; `position` becomes the turn's
reference to the list just read)."""

LAUNCH_WORDS = frozenset({"ask", "tell", "open", "launch", "start", "begin", "load", "run", "use", "alexa"})
_VALID = re.compile(r"^[a-z' {}]+$")
_SLOT = re.compile(r"\{([a-z_]+)\}")
_APOSTROPHE = re.compile(r"(^|[^a-z])'|'($|[^a-z])")
_VOWEL_SOUND = re.compile(r"^(?:[aeio]|u(?!ni|se|su|ra|re)|hour|honest)")


def demo_cameras() -> list[Camera]:
    """The demo household's cameras, the static CAMERA values."""
    return [Camera(id=slug, name=name, synonyms=synonyms) for slug, name, synonyms in DEMO_CAMERAS]


def alexa_rules_problem(text: str, slots: tuple[str, ...], allowed: dict[str, str]) -> str | None:
    """Why `text` is not a valid sample utterance for an intent with `allowed` slots (None if it is)."""
    if not text or len(text) > 200:
        return "empty or too long"
    if not _VALID.match(_SLOT.sub("{}", text)) or _APOSTROPHE.search(text):
        return "characters Alexa does not allow"
    if set(_SLOT.findall(text)) != set(slots) or len(text.replace("{", " ").split()) < 1:
        return "bad slot syntax"
    if len(slots) != len(set(slots)):
        return "a slot used twice"
    if any(slot not in allowed for slot in slots):
        return "a slot the intent does not have"
    if text.split(maxsplit=1)[0] in LAUNCH_WORDS:
        return "starts with a launch word"
    return None


def grammar_problem(text: str) -> str | None:
    """A doubled word or a wrong article in `text` (None if there is none)."""
    words = text.split()
    for first, second in itertools.pairwise(words):
        if first == second:
            return f"doubled word {first!r}"
        if first in ("a", "an") and second.startswith("{"):
            return f"{first!r} before a slot"
        if first == "a" and _VOWEL_SOUND.match(second):
            return f"'a' before {second!r}"
        if first == "an" and not _VOWEL_SOUND.match(second):
            return f"'an' before {second!r}"
    return None


def expand(template: str) -> list[str]:
    """Every sentence of a template: `(a|b)` is one of them, `[a]` may be left out; spaces normalised."""

    def alternatives(i: int, closer: str | None) -> tuple[list[str], int]:
        found: list[str] = []
        sequence = [""]
        while i < len(template):
            ch = template[i]
            if ch in "([":
                inner, i = alternatives(i + 1, ")" if ch == "(" else "]")
                inner = [*inner, ""] if ch == "[" else inner
                sequence = [a + b for a in sequence for b in inner]
                continue
            if ch == closer:
                return found + sequence, i + 1
            if ch == "|" and closer is not None:
                found, sequence = found + sequence, [""]
            else:
                sequence = [part + ch for part in sequence]
            i += 1
        if closer is not None:
            raise ValueError(f"unclosed {closer!r} in {template!r}")
        return found + sequence, i

    texts, _ = alternatives(0, None)
    return list(dict.fromkeys(" ".join(text.split()) for text in texts))


SAMPLE_MEMBERS = (Member("sam", "Sam", "adult"),)
"""A member for checking samples with `{member}` (a household's own members arrive as MEMBER dynamic entities)."""


@lru_cache(maxsize=1)
def written_samples() -> dict[str, list[str]]:
    """The phrasings of samples.yaml, intent → templates."""
    with open(SAMPLES_PATH, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


class SampleMaker:
    """Sample utterances for every intent, each checked against Alexa's rules, grammar and the parser."""

    def __init__(self, catalogue: Catalogue, limit: int = MAX_SAMPLES) -> None:
        self.catalogue = catalogue
        self.limit = limit
        self.parser = Parser(demo_cameras(), catalogue, members=SAMPLE_MEMBERS)

    def problem(self, intent: str, text: str) -> str | None:
        """Why `text` cannot be a sample of `intent` (None if it can)."""
        allowed = alexa_slots(intent)
        slots = tuple(_SLOT.findall(text))
        why = alexa_rules_problem(text, slots, allowed) or grammar_problem(text)
        if why:
            return why
        expected = {CONTRACT_SLOT.get(s, s) for s in slots} - {None}
        now = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)  # fixed: the output must not vary
        for fills in itertools.product(*(FILLS[s] for s in slots)):
            filled = text
            for slot, words in zip(slots, fills, strict=True):
                filled = filled.replace(f"{{{slot}}}", words)
            parsed = self.parser.parse(filled, now=now, tz="UTC")
            got = set(parsed.slots) - ({"date"} if "period" in slots and "date" not in slots else set())
            if parsed.intent == intent and got == expected:
                return None
        return f"the parser does not read {text!r} as {intent} with {sorted(expected)}"

    def samples(self, intent: str) -> list[str]:
        """The intent's samples, sorted; ValueError naming the first phrasing that fails a check."""
        texts = [t for template in written_samples().get(intent, []) for t in expand(template)]
        texts += [t for t in REQUIRED_SAMPLES.get(intent, ()) if t not in texts]
        for text in texts:
            why = self.problem(intent, text)
            if why:
                raise ValueError(f"sample {text!r} of {intent}: {why}")
        if len(texts) > self.limit:
            raise ValueError(f"{intent} has {len(texts)} samples, more than {self.limit}")
        return sorted(set(texts))


__all__ = [
    "LAUNCH_WORDS",
    "MAX_SAMPLES",
    "REQUIRED_SAMPLES",
    "SampleMaker",
    "alexa_rules_problem",
    "demo_cameras",
    "expand",
    "grammar_problem",
    "written_samples",
]
