"""Sentences sampled from the catalogue grammar: the Vosk phrase list, the language model, fuzzy correction."""

from __future__ import annotations

import logging
import random
from collections.abc import Iterable

from rapidfuzz import fuzz, process

from intents.voicecode import VOICE_CODE_INTENT

from .grammar import Grammar

logger = logging.getLogger(__name__)

UNK = "[unk]"


RARE_INTENTS = (VOICE_CODE_INTENT,)
"""Answers that come only after a question (four digits of a voice code): a small share of the language model,
so that digit words don't crowd out the commands."""
RARE_EVERY = 8


def sample_sentences(grammar: Grammar, count: int, *, seed: int = 7) -> list[list[str]]:
    """`count` random sentences: intents in turn, a random template each, random choices inside.

    Every intent gets the same share, so short intents (yes, stop) are as well represented as the long
    ones; repeated sentences are kept (the language model counts them).
    """
    rng = random.Random(seed)
    names = [name for name, nodes in grammar.intents.items() if nodes and name not in RARE_INTENTS]
    rare = [name for name in RARE_INTENTS if grammar.intents.get(name)]
    out = []
    for i in range(count):
        nodes = grammar.intents[names[i % len(names)]]
        out.append(grammar.sample(rng.choice(nodes), rng))
        if rare and i % (len(names) * RARE_EVERY) == 0:  # a small share for answers heard only when asked for
            out.append(grammar.sample(rng.choice(grammar.intents[rare[(i // len(names)) % len(rare)]]), rng))
    return [s for s in out if s]


def distinct_sentences(grammar: Grammar, count: int, *, seed: int = 11) -> list[str]:
    """Up to `count` distinct sentences, short ones first within each intent (for matching and Vosk)."""
    per_intent = max(1, count // max(1, len(grammar.intents)))
    rng = random.Random(seed)
    seen: dict[str, None] = {}
    for nodes in grammar.intents.values():
        if not nodes:
            continue
        found: dict[str, None] = {}
        for p_optional in (0.0, 0.2, 0.5):  # the bare templates first, then fuller ones
            for _ in range(per_intent * 3):
                if len(found) >= per_intent:
                    break
                words = grammar.sample(rng.choice(nodes), rng, p_optional)
                if words:
                    found.setdefault(" ".join(words), None)
        seen.update(found)
    return list(seen)[:count]


def phrase_list(sentences: Iterable[str], vocabulary: Iterable[str]) -> list[str]:
    """Vosk grammar: whole sentences (preferred, one phrase cost each), every single word, and [unk]."""
    return list(dict.fromkeys([*sentences, *sorted(vocabulary), UNK]))


class Corrector:
    """Closest catalogue sentence to a transcript that did not parse, if it is close enough."""

    def __init__(self, sentences: list[str], threshold: float = 88.0) -> None:
        self.sentences = sentences
        self.threshold = threshold

    def correct(self, transcript: str) -> str | None:
        """The nearest sentence scoring at least `threshold` (0-100), else None."""
        words = [w for w in transcript.split() if w != UNK]
        if not words or len(words) * 3 < len(transcript.split()) * 2:  # mostly unknown words: no rescue
            return None
        best = process.extractOne(" ".join(words), self.sentences, scorer=fuzz.ratio, score_cutoff=self.threshold)
        if best is None:
            return None
        logger.debug("corrected %r to %r (%.0f)", transcript, best[0], best[1])
        return best[0]
