"""What the assistant can understand for one set of cameras: grammar, sentences, parser (built once per set)."""
from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from clipstore.models import Camera
from intents.catalogue import default_catalogue
from intents.parser import Parser, normalize, parser_for

from .grammar import Grammar, build_grammar
from .sentences import Corrector, distinct_sentences, sample_sentences

logger = logging.getLogger(__name__)

LM_SENTENCES = 30000
"""Sentences sampled to estimate the language model."""
MATCH_SENTENCES = 6000
"""Distinct sentences kept for fuzzy correction and the Vosk phrase list."""


@dataclass(frozen=True)
class Domain:
    """The catalogue for one household's cameras; `key` changes exactly when the cameras do."""

    cameras: tuple[Camera, ...]
    grammar: Grammar = field(repr=False, compare=False)

    @property
    def key(self) -> tuple:
        """What the recognisers' caches are keyed by: the spoken camera names."""
        return tuple(sorted((c.id, c.name, tuple(c.synonyms)) for c in self.cameras))

    @property
    def parser(self) -> Parser:
        """The intent parser for these cameras (shared with the rest of the project)."""
        return parser_for(self.cameras)

    def accepts(self, text: str) -> bool:
        """True when the parser finds an intent in `text` naming no camera the household does not have.

        (The parser reads "delete very recording" as a camera called "very", so that a typed request for an
        unknown camera gets a helpful answer; from a recogniser it is a mishearing.)
        """
        if not text.strip():
            return False
        result = self.parser.parse(text)
        camera = result.slots.get("camera")
        return result.intent is not None and (camera is None or camera in self.camera_ids)

    @cached_property
    def camera_ids(self) -> frozenset[str]:
        """The household's camera ids."""
        return frozenset(c.id for c in self.cameras)

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """Every word of the grammar."""
        return frozenset(self.grammar.vocabulary())

    @cached_property
    def lm_sentences(self) -> list[list[str]]:
        """Random catalogue sentences for the language model."""
        return sample_sentences(self.grammar, LM_SENTENCES)

    @cached_property
    def sentences(self) -> list[str]:
        """Distinct catalogue sentences for matching and phrase lists."""
        return distinct_sentences(self.grammar, MATCH_SENTENCES)

    @cached_property
    def corrector(self) -> Corrector:
        """Closest-sentence correction over `sentences`."""
        return Corrector(self.sentences)


def _grammar(cameras: Iterable[Camera]) -> Grammar:
    return build_grammar(default_catalogue(), cameras)


@lru_cache(maxsize=8)
def domain_for(cameras: tuple[Camera, ...]) -> Domain:
    """The domain for these cameras, built once per distinct set."""
    started = time.perf_counter()
    domain = Domain(cameras, _grammar(cameras))
    logger.debug("grammar for %d cameras built in %.0f ms", len(cameras), 1000 * (time.perf_counter() - started))
    return domain


def clean(text: str) -> str:
    """A transcript as the parser would see it (lower case, no punctuation)."""
    return normalize(text)
