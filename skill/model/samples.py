"""Sample utterances for the interaction model, expanded from the catalogue's hassil templates.

The catalogue's slot lists become `{slot}` placeholders. Every sample is checked before it is kept:
it must follow Alexa's rules (letters, spaces and apostrophes only, each slot once, no launch phrase
at the start), and, with example words put in for its slots, the offline parser must read it as the
same intent with the same slots. At most `MAX_SAMPLES` per intent, chosen by a seeded generator (so
the output is stable).
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import datetime, timezone

from hassil.expression import (
    Alternative,
    Group,
    ListReference,
    RuleReference,
    Sequence,
    TextChunk,
)
from hassil.parse_expression import parse_sentence

from clipstore.demo import DEMO_CAMERAS
from clipstore.models import Camera
from intents.catalogue import Catalogue
from intents.parser import Parser

from ..alexa.slots import alexa_slots

MAX_SAMPLES = 200
ATTEMPTS_PER_SAMPLE = 25
POOL_FACTOR = 1.5

REQUIRED_SAMPLES: dict[str, tuple[str, ...]] = {
    "ListClips": ("what happened at {camera} {date}", "what happened {date}"),
    "CountClips": ("how many clips from {camera} {date}",),
    "ShowClip": ("show the {which} clip", "show me the {which} one"),
    "DeleteClips": ("delete {date} recordings", "delete {date} clips"),
}
"""Samples that back the manifest's example phrases; they pass the same checks as the others."""

LIST_SLOTS: dict[str, tuple[str, frozenset[str]]] = {
    "camera": ("camera", frozenset({"camera"})),
    "which": ("which", frozenset({"which"})),
    "which_ref": ("which", frozenset({"which"})),
    "label": ("label", frozenset({"label"})),
    "state": ("state", frozenset({"state"})),
    "onoff": ("state", frozenset({"state"})),
    "date_code": ("date", frozenset({"date"})),
    "month_day": ("date", frozenset({"date"})),
    "daypart": ("period", frozenset({"date", "period"})),
    "period": ("period", frozenset({"period"})),
    "days": ("days", frozenset({"days"})),
    "weeks": ("weeks", frozenset({"days"})),
    "months": ("months", frozenset({"days"})),
}
"""Catalogue list → (Alexa slot, the contract slots the parser gives for it).

`daypart` ("this morning", "last night") becomes AMAZON.TIME's `{period}`; the skill adds the date.
`{month} {dom}` ("november twentieth") is AMAZON.DATE's `{date}` (see `_MONTH_DAY`)."""

FILL: dict[str, str] = {
    "camera": "garage", "which": "latest", "which_ref": "this", "label": "person", "state": "pause",
    "onoff": "off", "date_code": "yesterday", "month_day": "november twentieth", "daypart": "this morning",
    "period": "evening", "days": "7", "weeks": "2", "months": "3", "date": "yesterday",
}
"""Example words for each list, used to check a sample with the offline parser."""

SKIPPED_LISTS = frozenset({"unit_one"})
"""Lists with no Alexa slot ("a week"): expansions through them are not used."""

_MONTH_DAY = ((re.compile(r"\[the\] \{dom\} of \{month\}"), "{month_day}"),
              (re.compile(r"\{month\} \{dom\}"), "{month_day}"))
LAUNCH_WORDS = frozenset({"ask", "tell", "open", "launch", "start", "begin", "load", "run", "use", "alexa"})
_VALID = re.compile(r"^[a-z' {}]+$")
_SLOT = re.compile(r"\{([a-z_]+)\}")
_APOSTROPHE = re.compile(r"(^|[^a-z])'|'($|[^a-z])")


class _Reject(Exception):
    """This expansion cannot be an Alexa sample."""


@dataclass(frozen=True)
class Sample:
    """One expansion: the Alexa text, the text with example words, and its slots."""

    text: str
    filled: str
    slots: tuple[str, ...]
    expects: frozenset[str]


def demo_cameras() -> list[Camera]:
    """The demo household's cameras, the static CAMERA values."""
    return [Camera(id=slug, name=name, synonyms=synonyms) for slug, name, synonyms in DEMO_CAMERAS]


class Expander:
    """Random expansions of hassil templates, with lists as Alexa slot placeholders."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.rules = {name: parse_sentence(self._month_day(body), keep_text=True).expression
                      for name, body in catalogue.expansion_rules.items()}

    @staticmethod
    def _month_day(text: str) -> str:
        for pattern, replacement in _MONTH_DAY:
            text = pattern.sub(replacement, text)
        return text

    def parse(self, template: str):
        return parse_sentence(self._month_day(template), keep_text=True).expression

    def _walk(self, expr, rng: random.Random, out: list, depth: int = 0) -> None:
        if depth > 30:
            raise _Reject("too deep")
        if isinstance(expr, TextChunk):
            out.append((expr.text, expr.text, None))
        elif isinstance(expr, Alternative):
            # Templates list the plainest wording first; favour it (and leaving optional words out).
            items = expr.items
            if expr.is_optional:
                pick = items[-1] if rng.random() < 0.5 else rng.choice(items[:-1])
            else:
                pick = items[0] if rng.random() < 0.4 else rng.choice(items)
            self._walk(pick, rng, out, depth + 1)
        elif isinstance(expr, (Sequence, Group)):
            for item in expr.items:
                self._walk(item, rng, out, depth + 1)
        elif isinstance(expr, RuleReference):
            self._walk(self.rules[expr.rule_name], rng, out, depth + 1)
        elif isinstance(expr, ListReference):
            if expr.list_name in SKIPPED_LISTS or expr.list_name not in LIST_SLOTS:
                raise _Reject(expr.list_name)
            slot, _ = LIST_SLOTS[expr.list_name]
            out.append((f" {{{slot}}} ", f" {FILL[expr.list_name]} ", expr.list_name))
        else:  # pragma: no cover - the catalogue uses no other constructs
            raise _Reject(type(expr).__name__)

    def sample(self, expr, rng: random.Random) -> Sample:
        out: list = []
        self._walk(expr, rng, out)
        text = " ".join("".join(part[0] for part in out).lower().split())
        filled = " ".join("".join(part[1] for part in out).lower().split())
        lists = [part[2] for part in out if part[2]]
        slots = tuple(LIST_SLOTS[name][0] for name in lists)
        expects = frozenset().union(*(LIST_SLOTS[name][1] for name in lists)) if lists else frozenset()
        return Sample(text, filled, slots, expects)


def alexa_rules_problem(text: str, slots: tuple[str, ...], allowed: dict[str, str]) -> str | None:
    """Why `text` is not a valid sample utterance for an intent with `allowed` slots (None if it is)."""
    if not text or len(text) > 200:
        return "empty or too long"
    if not _VALID.match(text) or _APOSTROPHE.search(text):
        return "characters Alexa does not allow"
    if set(_SLOT.findall(text)) != set(slots) or len(text.replace("{", " ").split()) < 1:
        return "bad slot syntax"
    if len(slots) != len(set(slots)):
        return "a slot used twice"
    if any(slot not in allowed for slot in slots):
        return "a slot the intent does not have"
    if text.split()[0] in LAUNCH_WORDS:
        return "starts with a launch word"
    return None


class SampleMaker:
    """Sample utterances for every intent, each checked against Alexa's rules and the offline parser."""

    def __init__(self, catalogue: Catalogue, limit: int = MAX_SAMPLES) -> None:
        self.catalogue = catalogue
        self.limit = limit
        self.expander = Expander(catalogue)
        self.parser = Parser(demo_cameras(), catalogue)
        self.now = datetime(2026, 6, 15, 12, 0, tzinfo=timezone.utc)  # fixed: the output must not vary

    def _accept(self, intent: str, sample: Sample, allowed: dict[str, str]) -> bool:
        if alexa_rules_problem(sample.text, sample.slots, allowed):
            return False
        parsed = self.parser.parse(sample.filled, now=self.now, tz="UTC")
        return parsed.intent == intent and set(parsed.slots) == set(sample.expects)

    def _required(self, intent: str, text: str, allowed: dict[str, str]) -> str:
        slots = tuple(_SLOT.findall(text))
        filled = _SLOT.sub(lambda m: FILL[m[1]], text)
        if not self._accept(intent, Sample(text, filled, slots, frozenset(slots)), allowed):
            raise ValueError(f"required sample {text!r} is not valid for {intent}")
        return text

    def samples(self, intent: str) -> list[str]:
        """Up to `limit` distinct valid samples for one contract intent, sorted.

        A pool of valid expansions is drawn first; then the shortest of each slot combination are
        taken in turn, so the samples stay plain and every combination of slots is represented.
        """
        allowed = alexa_slots(intent)
        templates = [self.expander.parse(t) for t in self.catalogue.templates(intent)]
        rng = random.Random(f"alexa-samples:{intent}")
        chosen = {self._required(intent, text, allowed) for text in REQUIRED_SAMPLES.get(intent, ())}
        seen: set[str] = set(chosen)
        pool: dict[tuple[str, ...], list[str]] = {}
        valid = 0
        for n in range(self.limit * ATTEMPTS_PER_SAMPLE):
            if valid >= self.limit * POOL_FACTOR:
                break
            try:
                sample = self.expander.sample(templates[n % len(templates)], rng)
            except _Reject:
                continue
            if sample.text in seen:
                continue
            seen.add(sample.text)
            if self._accept(intent, sample, allowed):
                pool.setdefault(tuple(sorted(sample.slots)), []).append(sample.text)
                valid += 1
        queues = [sorted(texts, key=lambda t: (len(t.split()), t)) for _, texts in sorted(pool.items())]
        while len(chosen) < self.limit and any(queues):
            for queue in queues:
                if queue and len(chosen) < self.limit:
                    chosen.add(queue.pop(0))
        return sorted(chosen)
