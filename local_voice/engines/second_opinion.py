"""PocketSphinx first; a second recogniser (Whisper) only when PocketSphinx is unsure; reconciled by the catalogue.

PocketSphinx, restricted to the catalogue's words, is fast and right on clear speech, but on voices and noise it was
not trained on it either misses (no parse) or forces the audio into a command. Whisper tiny.en hears open English,
far better on such voices, and says so when the speech was not a command. The rule (measured on our tuning
material, docs/voice.md):

- PocketSphinx sure of a command that changes nothing (its best transcript parses, in catalogue words): taken
  as it is, Whisper is not asked (the fast path, most utterances);
- otherwise Whisper is asked (also for every change, so that no single recogniser alone deletes or shares), and
  its transcript goes to the parser:
  - both name the same command: sure;
  - Whisper's parses (PocketSphinx's does not, or differs): Whisper's, sure only if PocketSphinx's acoustic
    model, aligned to Whisper's words, fits the audio as well as free phones do (`PocketSphinxRecognizer.fits`);
  - Whisper's does not parse: it heard something that is not a command. A change PocketSphinx was sure of is
    kept but unsure (the assistant asks "Did you mean ...?"); anything else comes out as Whisper's words (not a
    command; the closest-sentence correction may still find one, and then only asks before a change).
Asking Whisper in noise even when PocketSphinx is sure changed nothing on our material, so it is not done.
"""
from __future__ import annotations

import logging

import numpy as np

from ..domain import Domain
from .base import Recognizer, Transcript
from .pocketsphinx_engine import PocketSphinxRecognizer

logger = logging.getLogger(__name__)


class SecondOpinion(Recognizer):
    """`primary` (PocketSphinx) answers; `second` (Whisper) is asked when the primary is unsure or hears a change."""

    def __init__(self, primary: PocketSphinxRecognizer, second: Recognizer) -> None:
        self.primary = primary
        self.second = second
        self.name = primary.name
        self.domain: Domain | None = None

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
        if self.domain is None or not self.domain.accepts(text):
            return None, {}
        result = self.domain.parser.parse(text)
        return result.intent, result.slots

    def transcribe(self, samples: np.ndarray) -> Transcript:
        """The primary's transcript when it is sure of a harmless command; else both, reconciled."""
        from intents.dialog import CHANGES_SOMETHING

        first = self.primary.transcribe(samples)
        mine = self._parse(first.text)
        if first.sure and first.search == "lm" and mine[0] is not None and mine[0] not in CHANGES_SOMETHING:
            return first
        other = self.second.transcribe(samples)
        return self.reconcile(first, mine, other, samples)

    def reconcile(self, first: Transcript, mine: tuple[str | None, dict], other: Transcript,
                  samples: np.ndarray) -> Transcript:
        """One transcript from the two opinions (`mine`: the primary's parse)."""
        theirs = self._parse(other.text)
        logger.debug("pocketsphinx %r (%s, sure=%s) %s; whisper %r %s", first.text, first.search, first.sure,
                     mine[0], other.text, theirs[0])
        both = f"{first.search}+{other.search}"
        if theirs[0] is not None and theirs == mine:
            return Transcript(first.text, both, sure=True)
        if theirs[0] is not None:
            return Transcript(other.text, other.search, sure=self.primary.fits(other.text, samples))
        if mine[0] is not None and first.sure and first.search == "lm":  # a change Whisper did not hear as one
            return Transcript(first.text, both, sure=False)
        return Transcript(other.text, other.search, sure=False)
