"""`python -m skill.model`: the Alexa skill package, generated from the intent catalogue.

Writes `skill-package/skill.json` (the manifest) and
`skill-package/interactionModels/custom/en-US.json` (the interaction model):

- one intent per contract intent (`ListClipsIntent`, ...) with the slots and types of CONTRACT.md §4;
  the AMAZON.* built-ins stand in for Help/Stop/Cancel/Yes/No/Fallback/NavigateHome;
- sample utterances expanded from the catalogue's hassil templates, with the catalogue's slot lists
  as `{slot}` placeholders. Every sample is checked before it is kept: it must follow Alexa's rules
  (letters, spaces and apostrophes only, each slot once, no launch phrase at the start), and, with
  example words put in for its slots, the offline parser must read it as the same intent with the
  same slots. At most `MAX_SAMPLES` per intent, chosen by a seeded generator (so the output is stable);
- custom slot types CAMERA (the demo household's cameras; households' own names arrive at run time
  as dynamic entities), LABEL, WHICH and STATE (ids are the canonical values, synonyms the catalogue's);
- a dialog model in which DeleteClipsIntent and ShareClipIntent require confirmation, with the
  skill sending the question (`delegationStrategy: SKILL_RESPONSE`).

`--check` compares instead of writing (exit status 1 if the committed files are stale).
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

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
from intents.catalogue import Catalogue, default_catalogue
from intents.parser import Parser

from .alexa.slots import CONFIRMED_INTENTS, CUSTOM_INTENTS, alexa_slots

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIR = ROOT / "skill-package"
MODEL_PATH = Path("interactionModels") / "custom" / "en-US.json"
MANIFEST_PATH = Path("skill.json")
INVOCATION_NAME = "home clips"
DEFAULT_ENDPOINT = "https://clips.example.com/alexa"
MAX_SAMPLES = 200
ATTEMPTS_PER_SAMPLE = 25
POOL_FACTOR = 1.5

BUILTIN_SAMPLES: dict[str, str] = {"Help": "AMAZON.HelpIntent", "Stop": "AMAZON.StopIntent",
                                   "Cancel": "AMAZON.CancelIntent"}
"""Built-ins that get the catalogue's extra phrasings. Yes/No keep Alexa's own: the catalogue's
"delete it" / "don't delete it" forms would compete with DeleteClipsIntent."""

OTHER_BUILTINS = ("AMAZON.YesIntent", "AMAZON.NoIntent", "AMAZON.FallbackIntent", "AMAZON.NavigateHomeIntent")

REQUIRED_SAMPLES: dict[str, tuple[str, ...]] = {
    "ListClips": ("what happened at {camera} {date}", "what happened {date}"),
    "CountClips": ("how many clips from {camera} {date}",),
    "ShowClip": ("show the {which} clip", "show me the {which} one"),
    "DeleteClips": ("delete {date} recordings", "delete {date} clips"),
}
"""Samples that back the manifest's example phrases; they pass the same checks as the others."""

EXAMPLE_PHRASES = (
    "Alexa, open home clips",
    "Alexa, ask home clips what happened at the front door today",
    "Alexa, ask home clips to delete today's recordings",
)

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
_NOT_SYNONYMS = frozenset({"of"})  # the parser's allowance for a speech-recognition slip, not a word for Alexa
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


def _values(pairs: list[tuple[str, str]], order: list[str]) -> list[dict]:
    synonyms: dict[str, list[str]] = {value: [] for value in order}
    for spoken, value in pairs:
        spoken = " ".join(spoken.lower().split())
        if value in synonyms and spoken != value and spoken not in _NOT_SYNONYMS and spoken not in synonyms[value]:
            synonyms[value].append(spoken)
    return [{"id": value, "name": {"value": value, "synonyms": synonyms[value]}} for value in order]


def slot_types(catalogue: Catalogue, cameras: list[Camera]) -> list[dict]:
    """CAMERA, LABEL, WHICH and STATE with ids = canonical values and the catalogue's synonyms."""
    def ordered(names: tuple[str, ...]) -> list[str]:
        out: list[str] = []
        for name in names:
            for _, value in catalogue.list_values(name):
                if value not in out:
                    out.append(value)
        return out

    def pairs(names: tuple[str, ...]) -> list[tuple[str, str]]:
        return [pair for name in names for pair in catalogue.list_values(name)]

    camera_values = [{"id": cam.id, "name": {"value": cam.name.lower(),
                                             "synonyms": [s.lower() for s in cam.synonyms]}} for cam in cameras]
    types = [{"name": "CAMERA", "values": camera_values}]
    for type_name, lists in (("LABEL", ("label",)), ("WHICH", ("which", "which_ref")), ("STATE", ("state", "onoff"))):
        types.append({"name": type_name, "values": _values(pairs(lists), ordered(lists))})
    return types


def _slot_defs(intent: str) -> list[dict]:
    return [{"name": name, "type": type_name} for name, type_name in alexa_slots(intent).items()]


def interaction_model(catalogue: Catalogue | None = None, limit: int = MAX_SAMPLES) -> dict:
    """The en-US interaction model."""
    catalogue = catalogue or default_catalogue()
    maker = SampleMaker(catalogue, limit)
    intents: list[dict] = []
    taken: set[str] = set()
    for alexa_name, intent in CUSTOM_INTENTS.items():
        samples = [s for s in maker.samples(intent) if s not in taken]
        taken.update(samples)
        intents.append({"name": alexa_name, "slots": _slot_defs(intent), "samples": samples})
    for intent, alexa_name in BUILTIN_SAMPLES.items():
        samples = [s for s in maker.samples(intent) if s not in taken]
        taken.update(samples)
        intents.append({"name": alexa_name, "samples": samples})
    intents.extend({"name": name, "samples": []} for name in OTHER_BUILTINS)
    dialog_intents, prompts = [], []
    for intent in CONFIRMED_INTENTS:
        prompt_id = f"Confirm.Intent.{intent}"
        dialog_intents.append({
            "name": f"{intent}Intent",
            "confirmationRequired": True,
            "prompts": {"confirmation": prompt_id},
            "slots": [{**slot, "confirmationRequired": False, "elicitationRequired": False, "prompts": {}}
                      for slot in _slot_defs(intent)],
        })
        action = "delete those clips" if intent == "DeleteClips" else "share that clip with support"
        prompts.append({"id": prompt_id, "variations": [{"type": "PlainText", "value": f"Should I {action}?"}]})
    return {
        "interactionModel": {
            "languageModel": {
                "invocationName": INVOCATION_NAME,
                "intents": intents,
                "types": slot_types(catalogue, demo_cameras()),
            },
            "dialog": {"intents": dialog_intents, "delegationStrategy": "SKILL_RESPONSE"},
            "prompts": prompts,
        }
    }


def skill_manifest(endpoint: str = DEFAULT_ENDPOINT) -> dict:
    """The skill manifest (skill.json); `endpoint` is the https URL of `POST /alexa`."""
    return {
        "manifest": {
            "manifestVersion": "1.0",
            "publishingInformation": {
                "locales": {
                    "en-US": {
                        "name": "Home Clips",
                        "summary": "Find, watch and delete your home camera clips by voice.",
                        "description": ("Home Clips talks to your own home camera clip server. Ask what happened "
                                        "at a camera, how many clips there are, watch a clip on an Echo Show, delete "
                                        "clips (always after you confirm), pause recording a camera, and hear who "
                                        "has viewed your clips. Your clips stay on your server; link the skill with "
                                        "your household's API token."),
                        "examplePhrases": list(EXAMPLE_PHRASES),
                        "keywords": ["camera", "clips", "security", "privacy", "recordings"],
                    }
                },
                "isAvailableWorldwide": False,
                "distributionCountries": ["US"],
                "testingInstructions": ("Run `python -m skill --demo` behind an https reverse proxy; link the "
                                        "account with the token in DATA/demo-token."),
                "category": "SMART_HOME",
            },
            "apis": {
                "custom": {
                    "endpoint": {"uri": endpoint, "sslCertificateType": "Trusted"},
                    "interfaces": [{"type": "ALEXA_PRESENTATION_APL"}],
                }
            },
            "privacyAndCompliance": {
                "allowsPurchases": False,
                "usesPersonalInfo": False,
                "isChildDirected": False,
                "isExportCompliant": True,
                "containsAds": False,
                "locales": {"en-US": {"privacyPolicyUrl": "https://clips.example.com/privacy"}},
            },
        }
    }


def render(document: dict) -> str:
    """Stable JSON text for a generated file."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def generate(endpoint: str = DEFAULT_ENDPOINT) -> dict[Path, str]:
    """Relative path → file text for every generated file."""
    return {MANIFEST_PATH: render(skill_manifest(endpoint)), MODEL_PATH: render(interaction_model())}


def stale_files(out_dir: Path = PACKAGE_DIR, endpoint: str = DEFAULT_ENDPOINT) -> list[Path]:
    """The generated files that are missing or differ under `out_dir`."""
    stale = []
    for rel, text in generate(endpoint).items():
        path = out_dir / rel
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(rel)
    return stale


def main(argv: list[str] | None = None) -> int:
    """Write (or `--check`) the skill package."""
    ap = argparse.ArgumentParser(prog="python -m skill.model", description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=PACKAGE_DIR, help=f"skill package directory (default: {PACKAGE_DIR})")
    ap.add_argument("--endpoint", default=DEFAULT_ENDPOINT,
                    help=f"https URL of POST /alexa for skill.json (default: {DEFAULT_ENDPOINT})")
    ap.add_argument("--check", action="store_true", help="only report whether the files are current")
    args = ap.parse_args(argv)
    if args.check:
        stale = stale_files(args.out, args.endpoint)
        for rel in stale:
            print(f"stale: {args.out / rel}")
        return 1 if stale else 0
    for rel, text in generate(args.endpoint).items():
        path = args.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
