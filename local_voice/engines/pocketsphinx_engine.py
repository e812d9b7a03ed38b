"""PocketSphinx with the English model its wheel ships, constrained by the catalogue.

The search is a trigram model estimated from sentences sampled from the catalogue grammar, plus the commonest
English words outside it (so that speech not meant for us comes out as itself and does not parse). When the
best transcript does not parse, the decoder's N-best list is re-scored against the catalogue: the first
hypothesis that parses is taken, marked unsure (the assistant then asks before anything that changes data).

The catalogue grammar itself (compiled to an FSG, `fsg.py`) can run as a second pass (`grammar_pass=True`).
It is off by default: measured on our own material it let through far more speech that was not meant for
us than commands it rescued (clean: 3 commands against 10 chatter sentences out of 60; 15 dB: 3 against
15), at ~0.5 s per utterance (docs/voice.md).
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import time
from collections import OrderedDict

import numpy as np

from ..domain import Domain
from ..fsg import compile_fsg
from ..lm import build_arpa
from ..pronounce import pronounce
from .base import EngineUnavailable, Recognizer, Transcript

logger = logging.getLogger(__name__)

DECODER_OPTIONS: dict[str, object] = {
    "fwdflat": False,  # the second, flat-lexicon pass costs ~30% and did not help here
    "bestpath": False,  # lattice rescoring: slow (minutes) on the grammar search, no gain on the other
    "maxhmmpf": 5000,  # cap on active HMMs per frame
    "maxwpf": 10,  # cap on distinct word exits per frame
    "dither": False,  # no: the front end fills synthetic speech's digital silence (audio.fill_gaps) instead
    "kws_threshold": 1e-20,  # key-phrase spotting (`--wake`)
    "loglevel": "FATAL",
}
CHANGE_GAP = 0.0035
"""A command that changes something is doubted (the assistant asks first) when its acoustic score per frame is
this much below a free phone loop's. Measured: right commands 0.0015 median clean, 0.0020 at 15 dB white
noise (95th percentile 0.0028), espeak-ng's robotic voice up to ~0.0031; speech not meant for us that parsed
in babble 0.0028-0.0039."""
NBEST = 10
"""N-best hypotheses re-scored against the catalogue when the best one does not parse."""
REJECT_PER_FRAME = 0.0008
"""Grammar pass rejected when its acoustic score per frame is this much worse than the free pass (in the
bindings' scaled log units; in-domain corrections measured -0.0004..0.0006; out-of-domain speech that
reaches this pass 0.0002..0.0016: the common-words check before it does most of the rejecting)."""
KEEP_DOMAINS = 4
"""Searches kept for this many domains (camera sets and dialog modes)."""
OTHER_WORDS = 1000
"""Common English words outside the catalogue that the free pass may use (out-of-domain speech)."""
OTHER_MASS = 0.05
"""Their share of the language model's unigram probability."""


def common_words(count: int, exclude: frozenset[str] | set[str]) -> list[str]:
    """The `count` most frequent dictionary words (by the general English model) not in `exclude`."""
    import pocketsphinx

    if count <= 0:
        return []
    model = pocketsphinx.NGramModel(
        pocketsphinx.Config(loglevel="FATAL"), pocketsphinx.LogMath(), pocketsphinx.get_model_path("en-us/en-us.lm.bin")
    )
    words = []
    with open(pocketsphinx.get_model_path("en-us/cmudict-en-us.dict"), encoding="utf-8") as handle:
        for line in handle:
            word = line.split(" ", 1)[0]
            if word.isalpha() and word not in exclude:
                words.append(word)
    return [w for _, w in sorted(((model.prob([w]), w) for w in words), reverse=True)[:count]]


class PocketSphinxRecognizer(Recognizer):
    """The default engine: no download, model from `pocketsphinx.get_model_path()`."""

    name = "pocketsphinx"

    def __init__(self, *, grammar_pass: bool = False, **options: object) -> None:
        try:
            import pocketsphinx
        except ImportError as exc:  # pragma: no cover - it is a pinned requirement
            raise EngineUnavailable(f"pocketsphinx is not installed ({exc}); pip install pocketsphinx") from None
        config = {
            "hmm": pocketsphinx.get_model_path("en-us/en-us"),
            "dict": pocketsphinx.get_model_path("en-us/cmudict-en-us.dict"),
            "lm": None,
            **DECODER_OPTIONS,
            **options,
        }
        self.decoder = pocketsphinx.Decoder(**config)
        self.domain: Domain | None = None
        self.key: tuple | None = None
        self.searches = 0
        self.lm_search = self.grammar_search = ""
        self.wake_search: str | None = None
        self.other: frozenset[str] = frozenset()
        self.grammar_pass = grammar_pass
        self.extra_searches: set[str] = set()
        self.built: OrderedDict[tuple, tuple[str, str, frozenset[str]]] = OrderedDict()

    # -- vocabulary ------------------------------------------------------------
    def _lookup(self, word: str) -> str | None:
        try:
            return self.decoder.lookup_word(word)
        except (KeyError, RuntimeError):
            return None

    def _known(self, word: str, added: dict[str, str | None]) -> bool:
        if word not in added:
            added[word] = pronounce(word, self._lookup)
        return added[word] is not None

    def _add_words(self, added: dict[str, str | None]) -> None:
        new = [(w, p) for w, p in added.items() if p and not self._lookup(w)]
        for i, (word, phones) in enumerate(new):
            logger.debug("pronouncing %r as %s", word, phones)
            self.decoder.add_word(word, phones, i == len(new) - 1)

    def set_domain(self, domain: Domain) -> None:
        """Use the searches of this domain: built once, kept for the last few domains (the whole catalogue and the
        replies to a question alternate as the dialog goes on)."""
        self.domain = domain
        if domain.key == self.key:
            return
        if domain.key in self.built:
            self.built.move_to_end(domain.key)
            self.lm_search, self.grammar_search, self.other = self.built[domain.key]
            self.decoder.activate_search(self.lm_search)
            self.key = domain.key
            return
        started = time.perf_counter()
        added: dict[str, str | None] = {}
        grammar = domain.grammar.prune(lambda w: self._known(w, added))
        missing = sorted(w for w, p in added.items() if p is None)
        if missing:
            logger.info("words left out of the grammar (no pronunciation): %s", ", ".join(missing))
        self._add_words(added)
        self.searches += 1
        self.lm_search = f"lm{self.searches}"
        self.grammar_search = f"grammar{self.searches}" if self.grammar_pass else ""
        states = 0
        if self.grammar_pass:
            fsg = compile_fsg(grammar)
            transitions = [t if t[3] is not None else t[:3] for t in fsg.transitions]
            self.decoder.add_fsg(
                self.grammar_search, self.decoder.create_fsg(self.grammar_search, fsg.start, fsg.final, transitions)
            )
            states = fsg.n_states
        vocabulary = grammar.vocabulary()
        sentences = [[w for w in s if w in vocabulary] for s in domain.lm_sentences]
        self.other = frozenset(common_words(OTHER_WORDS, vocabulary | set(added)))
        with tempfile.NamedTemporaryFile("w", suffix=".arpa", delete=False) as handle:
            handle.write(build_arpa(sentences, vocabulary, extra=sorted(self.other), extra_mass=OTHER_MASS))
        try:
            self.decoder.add_lm_file(self.lm_search, handle.name)
        finally:
            os.unlink(handle.name)
        if "phones" not in self.extra_searches:  # the free phone loop of `_plausible`
            self.decoder.add_allphone_file("phones")
            self.extra_searches.add("phones")
        self.decoder.activate_search(self.lm_search)
        self.built[domain.key] = (self.lm_search, self.grammar_search, self.other)
        while len(self.built) > KEEP_DOMAINS:
            _, (*names, _) = self.built.popitem(last=False)
            for name in names:
                if name:
                    self.decoder.remove_search(name)
        self.key = domain.key
        logger.info(
            "PocketSphinx: %d words, grammar pass %s, ready in %.1f s",
            len(vocabulary),
            f"of {states} states" if states else "off",
            time.perf_counter() - started,
        )

    # -- wake word ---------------------------------------------------------------
    def set_wake(self, phrase: str) -> None:
        """Enable `wake_start` / `wake_feed` (key-phrase spotting) for this phrase."""
        added: dict[str, str | None] = {}
        for word in phrase.lower().split():
            if not self._known(word, added):
                raise EngineUnavailable(f"cannot pronounce the wake word {word!r}; choose another")
        self._add_words(added)
        self.decoder.add_keyphrase("wake", phrase.lower())
        self.wake_search = "wake"

    def wake_start(self) -> None:
        """Begin listening for the wake phrase."""
        if self.wake_search is None:
            raise RuntimeError("no wake phrase set")
        self.decoder.activate_search(self.wake_search)
        self.decoder.start_utt()

    def wake_stop(self) -> None:
        """Stop listening for the wake phrase (if it was not heard); harmless otherwise."""
        with contextlib.suppress(RuntimeError):  # no utterance in progress
            self.decoder.end_utt()

    def wake_feed(self, samples: np.ndarray) -> bool:
        """Audio while waiting; True once the wake phrase was heard (the search is then reset)."""
        self.decoder.process_raw(samples.astype(np.int16).tobytes(), False, False)
        if self.decoder.hyp() is None:
            return False
        self.decoder.end_utt()
        return True

    # -- one utterance ---------------------------------------------------------
    def _decode(self, search: str, pcm: bytes) -> tuple[str, float, int]:
        self.decoder.activate_search(search)
        return self._run(pcm)

    def _run(self, pcm: bytes) -> tuple[str, float, int]:
        self.decoder.start_utt()
        self.decoder.process_raw(pcm, False, True)
        self.decoder.end_utt()
        return self._result()

    def _result(self) -> tuple[str, float, int]:
        """Transcript, acoustic log score (natural log, whole utterance) and frame count."""
        hyp = self.decoder.hyp()
        if hyp is None:
            return "", float("-inf"), max(1, self.decoder.n_frames())
        logmath = self.decoder.get_logmath()
        # the bindings hand out exp(score); back to the log domain, segment by segment
        score = sum(logmath.log_to_ln(logmath.log(s.ascore)) for s in self.decoder.seg() if s.ascore > 0)
        return hyp.hypstr, score, max(1, self.decoder.n_frames())

    def transcribe(self, samples: np.ndarray) -> Transcript:
        """The language-model pass; the N-best rescue and the optional grammar pass when it did not parse."""
        if self.domain is None:
            raise RuntimeError("set_domain() first")
        pcm = samples.astype(np.int16).tobytes()
        text, free_score, frames = self._decode(self.lm_search, pcm)
        if not text:
            return Transcript("", "lm")
        vocabulary = self.domain.vocabulary
        if self.domain.accepts(text):  # words from outside the catalogue in a command: doubtful
            sure = all(w in vocabulary for w in text.split()) and self._plausible(text, free_score, frames, pcm)
            return Transcript(text, "lm", sure=sure)
        alternatives = tuple(
            h for h in self._nbest() if h != text and all(w in vocabulary for w in h.split()) and self.domain.accepts(h)
        )
        if alternatives:
            logger.debug("heard %r; N-best %r parses", text, alternatives[0])
            return Transcript(alternatives[0], "nbest", sure=False, alternatives=alternatives)
        if not self.grammar_pass or any(word in self.other for word in text.split()):
            return Transcript(text, "lm")  # words from outside the catalogue: not for us
        strict, strict_score, _ = self._decode(self.grammar_search, pcm)
        self.decoder.activate_search(self.lm_search)
        gap = (free_score - strict_score) / frames
        logger.debug("free %r, grammar %r, acoustic gap %.5f per frame", text, strict, gap)
        if strict and gap <= REJECT_PER_FRAME:
            return Transcript(strict, "grammar", sure=False)
        return Transcript(text, "lm")

    def _plausible(self, text: str, score: float, frames: int, pcm: bytes) -> bool:
        """False when `text` would change something and fits the audio much worse than free phones do."""
        from intents.dialog import CHANGES_SOMETHING

        if self.domain is None or self.domain.templates.parse(text).intent not in CHANGES_SOMETHING:
            return True
        return self._near_phone_loop(text, score, frames, pcm)

    def _near_phone_loop(self, text: str, score: float, frames: int, pcm: bytes) -> bool:
        """True when `text`'s `score` is within CHANGE_GAP per frame of a free phone loop over the same audio."""
        _, phone_score, _ = self._decode("phones", pcm)
        self.decoder.activate_search(self.lm_search)
        gap = (phone_score - score) / frames
        logger.debug("%r: %.5f per frame below the phone loop", text, gap)
        return gap <= CHANGE_GAP

    def fits(self, text: str, samples: np.ndarray) -> bool:
        """True when `text`, aligned to the audio, scores within CHANGE_GAP per frame of a free phone loop (the
        test `_plausible` applies to this recogniser's own changes; here for another recogniser's words)."""
        words = text.split()
        added: dict[str, str | None] = {}
        if not words or not all(self._known(w, added) for w in words):
            return False
        self._add_words(added)
        pcm = samples.astype(np.int16).tobytes()
        try:
            self.decoder.set_align_text(" ".join(words))
            aligned, score, frames = self._run(pcm)
        except RuntimeError as exc:  # no alignment reaches the end of the audio
            logger.debug("cannot align %r: %s", text, exc)
            return False
        finally:
            self.decoder.activate_search(self.lm_search)
        return bool(aligned) and self._near_phone_loop(text, score, frames, pcm)

    def _nbest(self) -> list[str]:
        """Up to NBEST distinct hypotheses of the last utterance, best first ([] without a lattice)."""
        import itertools

        try:
            found = self.decoder.nbest()
        except RuntimeError:
            return []
        if found is None:
            return []
        out: dict[str, None] = {}
        for hyp in itertools.islice(found, 3 * NBEST):
            if hyp is None or not hyp.hypstr:
                continue
            words = " ".join(w for w in hyp.hypstr.split() if not w.startswith(("<", "[")))
            if words:
                out.setdefault(words, None)
            if len(out) >= NBEST:
                break
        return list(out)
