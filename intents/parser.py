"""Text → intent and canonical slots, with the catalogue's templates (hassil)."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from hassil import recognize
from hassil.intents import SlotList

from clipstore import SUPPORT, Camera, Member, member_slug, slugify

from .catalogue import SLOTS, Catalogue, camera_slot_list, default_catalogue, member_slot_list
from .clock import resolve_times
from .dates import day_of_month, month_day, month_only, resolve_code
from .dialog import CHANGES_SOMETHING
from .paraphrase import Spotter, classifier, guess
from .references import Reference, reference_from_words
from .vocabulary import rephrase
from .voicecode import CODE_SLOT, VOICE_CODE_INTENT, spoken_code
from .words import DETERMINERS, not_camera_words, noun_phrase_edges, vocabulary

logger = logging.getLogger(__name__)

ASKS_ANYWAY = frozenset({"DeleteClips", "ShareClip"})
"""Changes whose handlers always ask first, naming what will happen."""

MAX_UNKNOWN_CAMERA_WORDS = 12
REFERRING = frozenset({"ShowClip", "DeleteClips", "ShareClip"})
"""Intents that can refer to a clip of the list just read."""
_SUPPORT_WORDS = re.compile(
    r"\b(support|vendor'?s?|manufacturer'?s?|camera company|camera maker|developers|engineers"
    r"|feedback)\b"
)
"""Words that make a ShareClip a share with the operator's support ("send it to support", "as feedback")."""
_POLITE_END = re.compile(r"( (please|thanks|thank you|for me|now|right now|again|then|too))+$")
_OBJECTS = frozenset(["it", "them", "that", "this", "those", "these"])
_PUNCT = re.compile(r"[^\w'\s]")
_WORD = re.compile(r"[a-z0-9']+")


@dataclass(frozen=True)
class ParseResult:
    """What the parser understood: the contract's intent name (or None) and canonical slots."""

    text: str
    intent: str | None
    slots: dict = field(default_factory=dict)
    ref: Reference | None = None
    """How a clip of the list just read was referred to ("the second one"); not a contract slot."""
    sure: bool = True
    """False for the second stage's unsure guess: front ends ask "Did you mean ...?" before acting on it."""
    to: str | None = None
    """"support" when a ShareClip's words name the operator's support ("share it with support"); not a contract
    slot (the contract's `member` is a member's id), so front ends pass it to `handle(..., to=...)`."""

    def to_dict(self) -> dict:
        """The contract's JSON line for `python -m intents parse` (an unsure guess is no intent: nothing would be
        done without asking)."""
        if not self.sure:
            return {"text": self.text, "intent": None, "slots": {}}
        return {"text": self.text, "intent": self.intent, "slots": self.slots}


_NUMBER_AND = re.compile(r"\b(hundred|thousand) and\b")


def normalize(text: str) -> str:
    """Lower-case, curly quotes to straight, punctuation (but apostrophes) and extra spaces removed.

    "one hundred and twenty" loses its "and", as the number words of the catalogue's ranges have none.
    """
    text = text.lower().replace("\u2019", "'").replace("-", " ")
    return _NUMBER_AND.sub(r"\1", " ".join(_PUNCT.sub(" ", text).split()))


class Parser:
    """Parse utterances for one household's cameras and members."""

    def __init__(
        self,
        cameras: Iterable[Camera],
        catalogue: Catalogue | None = None,
        *,
        second_stage: bool = True,
        members: Iterable[Member] = (),
    ) -> None:
        self.catalogue = catalogue or default_catalogue()
        self.cameras = list(cameras)
        self.members = list(members)
        self.slot_lists: dict[str, SlotList] = {
            "camera": camera_slot_list(self.cameras),
            "member": member_slot_list(self.members),
        }
        self.vocabulary = vocabulary(self.catalogue, self.cameras, self.members)
        self._modifiers, self._heads = noun_phrase_edges(self.catalogue, self.cameras)
        self._not_camera_words = not_camera_words(self.catalogue)
        self.second_stage = second_stage
        self._spotter: Spotter | None = None

    def _second_stage(self, text: str, clean: str, now_local: datetime) -> ParseResult:
        """The statistical second stage (`paraphrase`) for what no template matched; unsure guesses say so."""
        if self._spotter is None:
            self._spotter = Spotter(self.catalogue, self.cameras)
        found = guess(self._spotter, classifier(self.catalogue), clean.split(), self.vocabulary)
        if found is None:
            return ParseResult(text, None, {})
        slots = canonical_slots(found.intent, found.raw, now_local.date(), now_local)
        ref = None
        if found.intent in REFERRING:
            ref = reference_from_words(None, int(found.raw["ordinal"]) if "ordinal" in found.raw else None, clean)
        logger.info(
            "second stage: %r as %s %s (p=%.2f, %s)",
            clean,
            found.intent,
            slots,
            found.probability,
            "sure" if found.sure else "unsure",
        )
        to = SUPPORT if found.intent == "ShareClip" and _SUPPORT_WORDS.search(clean) else None
        return ParseResult(text, found.intent, slots, ref, found.sure, to)

    def _recognize(self, text: str):
        return recognize(
            text,
            self.catalogue.intents,
            slot_lists=self.slot_lists,
            skip_words=self.catalogue.skip_words,
            language="en",
        )

    def parse(self, text: str, *, now: datetime | None = None, tz: str = "UTC") -> ParseResult:
        """Parse one utterance; relative dates resolve in `tz` at `now`, toward the past."""
        clean = normalize(text)
        code = spoken_code(clean) if clean else None
        if code is not None:  # the voice code after a yes: a dialog answer, not a request
            return ParseResult(text, VOICE_CODE_INTENT, {CODE_SLOT: code})
        result = self._recognize(clean) if clean else None
        guessed = False
        if result is None and clean:
            clean, result, guessed = self._recognize_more(clean)
        now_local = (now or datetime.now(UTC)).astimezone(ZoneInfo(tz))
        if result is None:
            return (
                self._second_stage(text, clean, now_local)
                if clean and self.second_stage
                else ParseResult(text, None, {})
            )
        raw = {name: entity.value for name, entity in result.entities.items()}
        intent = result.intent.name
        slots = canonical_slots(intent, raw, now_local.date(), now_local)
        ref = None
        if intent in REFERRING:
            which = result.entities.get("which")
            ordinal = raw.get("ordinal")
            ref = reference_from_words(
                which.text if which is not None else None, int(ordinal) if ordinal is not None else None, clean
            )
        to = SUPPORT if intent == "ShareClip" and "member" not in slots and _SUPPORT_WORDS.search(clean) else None
        # Words were dropped to find a change that its handler may make without a question ("turn off the garage
        # camera sounds bad"): ask "Did you mean ...?" first. A deletion or a share asks anyway, naming it.
        sure = not (guessed and intent in CHANGES_SOMETHING - ASKS_ANYWAY)
        return ParseResult(text, intent, slots, ref, sure, to=to)

    def _recognize_more(self, clean: str):
        """What no template matched as said: an unknown camera, then the words rephrased (`vocabulary`) as a whole,
        then the known words of what was said. (the text read, the result or None, whether words were dropped;
        without a result, the text for the second stage)

        The rephrased words must match as they are: dropping unknown words from them as well would let chatter
        through ("turning off the garage camera sounds bad" is no command)."""
        result = self._recognize_unknown_camera(clean)
        if result is not None:
            return clean, result, False
        words = rephrase(clean.split(), self.vocabulary, self.catalogue.skip_words)
        rephrased = " ".join(words) if words else clean
        if words:
            result = self._recognize(rephrased) or self._recognize_unknown_camera(rephrased)
            if result is not None:
                return rephrased, result, False
        result = self._recognize_known_words(clean)
        if result is not None:
            return clean, result, True
        return rephrased, None, False  # the second stage reads the rephrased words, with its own checks

    def _recognize_unknown_camera(self, clean: str):
        """Second try: a camera the household does not have ("show the nursery clip").

        Its wildcard is tried at every span, which is slow on long texts; the sentences it is for are short.
        """
        if self.catalogue.unknown_camera_intents is None or len(clean.split()) > MAX_UNKNOWN_CAMERA_WORDS:
            return None
        result = recognize(
            clean,
            self.catalogue.unknown_camera_intents,
            slot_lists=self.slot_lists,
            skip_words=self.catalogue.skip_words,
            language="en",
        )
        if result is not None and "unknown_member" in result.entities:
            return _unknown_member(result)
        if result is None or "unknown_camera" not in result.entities:
            return None
        spoken = normalize(str(result.entities["unknown_camera"].value))
        if not spoken or len(spoken.split()) > 3:
            return None
        if any(ch.isdigit() for ch in spoken) or not self._not_camera_words.isdisjoint(spoken.split()):
            return None  # "at 3 pm", "in the last 24 hours", "the second clip": times and order, not a camera
        result.entities["camera"] = result.entities.pop("unknown_camera")
        result.entities["camera"].value = slugify(spoken)
        return result

    def _recognize_known_words(self, clean: str):
        """Third try: drop words the catalogue never uses ("um", "while I was at the shops")."""
        words = clean.split()
        kept = [w for w in words if w in self.vocabulary]
        if not kept or len(kept) == len(words) or len(kept) * 2 <= len(words):
            return None
        # An unknown word right after a camera name, a label or a `which` word, or right before a clip
        # word, is part of another noun phrase ("the living room lights", "the next song", "the attic
        # clip"): dropping it would change what was asked, so give up instead. So is an unknown first word (the
        # verb: "nuke all the clips" is no list) and one right after "it" ("keep it down", "turn it up").
        for i, word in enumerate(words):
            if word in self.vocabulary:
                continue
            if (
                i == 0
                or words[i - 1] in self._modifiers | DETERMINERS | _OBJECTS
                or (i + 1 < len(words) and words[i + 1] in self._heads)
            ):
                return None  # "undo the knot": the unknown word is what "the" is about
        return self._recognize(" ".join(kept))


def _unknown_member(result):
    """ "share it with Zed", who is no member: the spoken name as the `member` slot (its slug), so the handler can
    say it found no such member; None for what is no name."""
    entity = result.entities.pop("unknown_member")
    spoken = normalize(str(entity.value)).removeprefix("my ").removeprefix("the ")
    spoken = _POLITE_END.sub("", spoken)  # "share it with sam please": the name is "sam"
    if not member_slug(spoken) or len(spoken.split()) > 3 or _SUPPORT_WORDS.search(spoken):
        return None
    entity.value = member_slug(spoken)
    result.entities["member"] = entity
    return result


@lru_cache(maxsize=64)
def parser_for(cameras: tuple[Camera, ...], second_stage: bool = True, members: tuple[Member, ...] = ()) -> Parser:
    """A parser for this set of cameras (and members), built once and reused while they stay the same
    (`second_stage` False: the templates only, as recognisers use to check their hypotheses)."""
    return Parser(cameras, second_stage=second_stage, members=members)


def canonical_slots(intent: str, raw: dict, today: date, now_local: datetime | None = None) -> dict:
    """Turn the catalogue's internal slots into the contract's canonical ones (clock times need `now_local`)."""
    slots: dict = {}
    for name in ("camera", "label", "which", "state", "period", "member"):
        if raw.get(name) is not None:
            slots[name] = str(raw[name])
    if "date_code" in raw:
        slots["date"] = resolve_code(str(raw["date_code"]), today)
    if "daypart" in raw:
        code, _, period = str(raw["daypart"]).partition("|")
        slots["date"] = resolve_code(code, today)
        slots["period"] = period
    if "month" in raw and "dom" in raw:
        resolved = month_day(int(raw["month"]), int(raw["dom"]), today)
        if resolved:
            slots["date"] = resolved
    elif "holiday" in raw:
        month, _, day = str(raw["holiday"]).partition("-")
        resolved = month_day(int(month), int(day), today)
        if resolved:
            slots["date"] = resolved
    elif "month_only" in raw:
        slots["date"] = month_only(int(raw["month_only"]), today)
    elif "dom_only" in raw:
        resolved = day_of_month(int(raw["dom_only"]), today)
        if resolved:
            slots["date"] = resolved
    if "days" in raw:
        slots["days"] = int(raw["days"])
    elif "weeks" in raw:
        slots["days"] = 7 * int(raw["weeks"])
    elif "months" in raw:
        slots["days"] = 30 * int(raw["months"])
    elif "unit_one" in raw:
        slots["days"] = int(raw["unit_one"])
    if now_local is not None:
        slots.update(resolve_times(raw, slots.get("date"), slots.get("period"), now_local))
    allowed = SLOTS.get(intent, ())
    return {k: v for k, v in slots.items() if k in allowed}
