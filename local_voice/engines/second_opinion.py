"""PocketSphinx and Whisper side by side (Whisper on a second thread); reconciled through the catalogue.

PocketSphinx, restricted to the catalogue's words, is fast and right on clear speech, but on voices and noise it was
not trained on it either misses (no parse) or forces the audio into a command. Whisper tiny.en hears open English,
far better on such voices, and says so when the speech was not a command. Both hear every utterance (Whisper
decodes while PocketSphinx does, so it costs little time); the rule (measured on our tuning material,
docs/voice.md):

- both name the same command: sure;
- Whisper's words parse (in catalogue words) and PocketSphinx's do not, or differ: Whisper's, sure only if
  PocketSphinx's acoustic model, aligned to Whisper's words, fits the audio as well as free phones do
  (`PocketSphinxRecognizer.fits`, the test PocketSphinx's own changes pass);
- Whisper's words do not parse: either it misheard a word ("macyard") or the speech was not a command.
  Catalogue sentences near its words (PocketSphinx's transcript and N-best, the closest sampled sentences,
  Whisper's words with those outside the catalogue replaced by catalogue words spelt alike) are scored by Whisper
  itself against the audio (teacher-forced); the best stands in when Whisper finds it within `REPAIR_MARGIN` of its
  own words and it keeps at least `COVER` of their number, sure only if it also fits PocketSphinx's acoustics.
  Else Whisper's words come out as they are: not a command.

`always=False` asks Whisper only when PocketSphinx is unsure or hears a change (measured: the same accuracy on
natural voices, more speech not meant for us taken as commands).
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import numpy as np
from rapidfuzz import fuzz, process

from intents.confirm import REFUSING

from ..domain import REPLIES, Domain
from .base import Recognizer, Transcript
from .pocketsphinx_engine import PocketSphinxRecognizer
from .whisper_engine import WhisperRecognizer

logger = logging.getLogger(__name__)
T = TypeVar("T")

CLOSEST = 5
"""Closest catalogue sentences (by spelling) offered to Whisper's scoring when its words do not parse."""
WORD_OPTIONS = 3
"""Catalogue words tried in place of each word of Whisper's that is not in the catalogue."""
MAX_REPAIRS = 27
SURE_MARGIN = 3.5
"""The wider margin for a harmless command PocketSphinx was sure of (two recognisers' evidence): on our tuning
material its right commands scored 3.02 and 2.96 nat below Whisper's own words ("shown a clip from the porridge",
"yes leave"), and no speech that was not meant for us reached this step with a sure PocketSphinx command."""
COVER = 0.6
"""A catalogue sentence may stand in for Whisper's words only with at least this share of their number: "stop
recording me I'm serious" is not "stop recording", nor "stop it you do" "stop it" (our tuning material), while
"and he packages to me" may be "any packages today"."""
REPAIR_MARGIN = 1.0
"""A catalogue sentence stands in for Whisper's words when Whisper itself finds it at most this much less likely
(natural log, whole sentence). Measured on our tuning material (298 utterances whose Whisper words did not
parse): 1.0 rescued 14 commands, took no wrong one and no chatter; 2.0 rescued 15 and took one chatter sentence;
4.0, 17 with a wrong command and two chatter sentences."""


def repairs(domain: Domain, text: str) -> list[str]:
    """Whisper's words with those outside the catalogue replaced by the catalogue words spelt most like them
    ("what happened in the macyard" → "... backyard"), also two words read as one ("mac yard")."""
    vocabulary = sorted(domain.vocabulary)
    words = text.split()
    slots: list[list[str]] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word in domain.vocabulary:
            slots.append([word])
            i += 1
            continue
        options = [
            m[0] for m in process.extract(word, vocabulary, scorer=fuzz.ratio, limit=WORD_OPTIONS, score_cutoff=60)
        ]
        if i + 1 < len(words):
            joined = process.extractOne(word + words[i + 1], vocabulary, scorer=fuzz.ratio, score_cutoff=70)
            if joined:
                options.append(joined[0] + " +")
        slots.append(options or [word])
        i += 1
    out = []
    for choice in itertools.islice(itertools.product(*slots), MAX_REPAIRS):
        merged: list[str] = []
        skip = False
        for option in choice:
            if skip:
                skip = False
                continue
            if option.endswith(" +"):
                merged.append(option[:-2])
                skip = True
            else:
                merged.append(option)
        out.append(" ".join(merged))
    return list(dict.fromkeys(out))


def candidates(domain: Domain, text: str, alternatives: list[str]) -> list[str]:
    """Catalogue sentences that may be what Whisper heard as `text`: the primary's hypotheses, the closest sampled
    sentences, and Whisper's words repaired; only those that parse."""
    found = list(alternatives)
    found += [m[0] for m in process.extract(text, domain.sentences, scorer=fuzz.ratio, limit=CLOSEST)]
    found += repairs(domain, text)
    return [c for c in dict.fromkeys(found) if c != text and domain.accepts(c)]


def _heard_or_none(call: Callable[[], T]) -> T | None:
    """`call()` (a Whisper step), or None when it fails: logged, and the utterance is not lost."""
    try:
        return call()
    except Exception:  # CTranslate2 errors are RuntimeErrors, but no failure of the second opinion may cost the answer
        logger.warning("Whisper failed on this utterance; PocketSphinx's words stand", exc_info=True)
        return None


def _trusted(first: Transcript, intent: str | None) -> bool:
    """PocketSphinx was sure of a harmless command in its language-model pass (`intent`: its parse)."""
    from intents.dialog import CHANGES_SOMETHING

    return first.sure and first.search == "lm" and intent is not None and intent not in CHANGES_SOMETHING


class SecondOpinion(Recognizer):
    """`primary` (PocketSphinx) and `second` (Whisper) hear each utterance; `always=False`: Whisper only when the
    primary is unsure or hears a change."""

    def __init__(self, primary: PocketSphinxRecognizer, second: WhisperRecognizer, *, always: bool = True) -> None:
        self.primary = primary
        self.second = second
        self.name = primary.name
        self.domain: Domain | None = None
        self.always = always
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="whisper") if always else None

    def set_domain(self, domain: Domain) -> None:
        """Both recognisers get the household's vocabulary."""
        self.domain = domain
        self.primary.set_domain(domain)
        self.second.set_domain(domain)

    # -- the wake phrase is the primary's (PocketSphinx key-phrase spotting) --------------------------------------
    def set_wake(self, phrase: str) -> None:
        """See `PocketSphinxRecognizer.set_wake`."""
        self.primary.set_wake(phrase)

    def wake_start(self) -> None:
        """See `PocketSphinxRecognizer.wake_start`."""
        self.primary.wake_start()

    def wake_stop(self) -> None:
        """See `PocketSphinxRecognizer.wake_stop`."""
        self.primary.wake_stop()

    def wake_feed(self, samples: np.ndarray) -> bool:
        """See `PocketSphinxRecognizer.wake_feed`."""
        return self.primary.wake_feed(samples)

    def _parse(self, text: str) -> tuple[str | None, dict]:
        """Intent and slots of a transcript in catalogue words only (the parser forgives other words in typed
        text, "stop it youtube"; from Whisper they mean it heard something else)."""
        if (
            self.domain is None
            or not all(w in self.domain.vocabulary for w in text.split())
            or not self.domain.accepts(text)
        ):
            return None, {}
        result = self.domain.templates.parse(text)
        return result.intent, result.slots

    def transcribe(self, samples: np.ndarray) -> Transcript:
        """Both opinions (Whisper on a second thread while PocketSphinx decodes), reconciled."""
        if self._pool is not None:
            pending = self._pool.submit(self.second.transcribe, samples)
            first = self.primary.transcribe(samples)
            other = _heard_or_none(pending.result)
        else:
            first = self.primary.transcribe(samples)
            if _trusted(first, self._parse(first.text)[0]):
                return first
            other = _heard_or_none(lambda: self.second.transcribe(samples))
        if other is None:  # Whisper failed: PocketSphinx's words stand, as if there were no second opinion
            return first
        return self.reconcile(first, self._parse(first.text), other, samples)

    def compare(self, samples: np.ndarray, texts: list[str]) -> list[float] | None:
        """How likely Whisper finds each text for this utterance (natural log, teacher-forced); None if it failed.

        The assistant asks it whether a heard yes may have been a refusal ("do that" or "undo that")."""
        return _heard_or_none(lambda: self.second.score(samples, texts))

    def close(self) -> None:
        """Stop the Whisper thread."""
        if self._pool is not None:
            self._pool.shutdown(wait=False)

    def reconcile(
        self, first: Transcript, mine: tuple[str | None, dict], other: Transcript, samples: np.ndarray
    ) -> Transcript:
        """One transcript from the two opinions (`mine`: the primary's parse)."""
        theirs = self._parse(other.text)
        if self.domain is not None and self.domain.mode == REPLIES:
            heard = {mine[0], theirs[0]}
            refused = [text for text, parsed in ((first.text, mine), (other.text, theirs)) if parsed[0] in REFUSING]
            if refused and "Yes" in heard:  # one heard a yes, the other a refusal: neither (asked again)
                yes = first.text if mine[0] == "Yes" else other.text
                return Transcript(yes, f"{first.search}+{other.search}", sure=False)
            if refused:  # answering a question: a refusal heard by either recogniser is a refusal
                return Transcript(refused[0], f"{first.search}+{other.search}", sure=True)
        logger.debug(
            "pocketsphinx %r (%s, sure=%s) %s; whisper %r %s",
            first.text,
            first.search,
            first.sure,
            mine[0],
            other.text,
            theirs[0],
        )
        if theirs[0] is not None and theirs == mine:
            return Transcript(first.text, f"{first.search}+{other.search}", sure=True)
        if theirs[0] is not None:
            return Transcript(other.text, other.search, sure=self.primary.fits(other.text, samples))
        trusted = first.text if _trusted(first, mine[0]) else None
        hypotheses = [first.text, *first.alternatives] if mine[0] is not None else list(first.alternatives)
        repaired = self.repair(other.text, samples, hypotheses, trusted)
        if repaired is not None and repaired == trusted:
            return Transcript(repaired, f"{first.search}+{other.search}", sure=True)
        if repaired is not None:  # sure only if PocketSphinx's acoustics agree too
            return Transcript(repaired, f"{other.search}+catalogue", sure=self.primary.fits(repaired, samples))
        return Transcript(other.text, other.search, sure=False)

    def repair(self, text: str, samples: np.ndarray, heard: list[str], trusted: str | None = None) -> str | None:
        """The catalogue sentence Whisper finds (nearly) as likely as its own words `text`, if any; the candidates
        are the primary's parsing hypotheses (`heard`: its words and N-best, as its transcript carries them), the
        closest sampled sentences and Whisper's words repaired."""
        if self.domain is None or not text:
            return None
        least = COVER * len(text.split())  # not a command that leaves out much of what was said
        options = [c for c in candidates(self.domain, text, heard) if len(c.split()) >= least]
        if not options:
            return None
        scored = _heard_or_none(lambda: self.second.score(samples, [text, *options]))
        if scored is None:
            return None
        own, *scores = scored
        best, choice = max(zip(scores, options, strict=True))
        logger.debug("whisper %r (%.2f); closest catalogue sentence %r (%.2f)", text, own, choice, best)
        if best >= own - REPAIR_MARGIN:
            return choice
        mine = dict(zip(options, scores, strict=True)).get(trusted or "")
        return trusted if mine is not None and mine >= own - SURE_MARGIN else None
