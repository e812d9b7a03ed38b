"""What the assistant can understand for one set of cameras: grammar, sentences, parser (built once per set)."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from clipstore import Camera, Member
from intents.catalogue import default_catalogue
from intents.parser import Parser, normalize, parser_for
from intents.voicecode import VOICE_CODE_INTENT

from .grammar import Grammar, build_grammar
from .sentences import Corrector, distinct_sentences, sample_sentences

logger = logging.getLogger(__name__)

REPLY_INTENTS = ("Yes", "No", "Cancel", "Stop", "RestoreClips", VOICE_CODE_INTENT)
"""What can answer a pending question ("Delete 3 clips?"): yes, no, cancel, stop, undo, the voice code. While one is
pending the recognisers listen for these only (the grammar follows the dialog)."""
ALL, REPLIES = "all", "replies"

LM_SENTENCES = 30000
"""Sentences sampled to estimate the language model."""
MATCH_SENTENCES = 6000
"""Distinct sentences kept for fuzzy correction and the Vosk phrase list."""


@dataclass(frozen=True)
class Domain:
    """The catalogue for one household's cameras and members; `key` changes exactly when they do."""

    cameras: tuple[Camera, ...]
    grammar: Grammar = field(repr=False, compare=False)
    mode: str = ALL
    """ALL: the whole catalogue; REPLIES: only the answers to a pending question."""
    members: tuple[Member, ...] = ()
    """The people a clip can be shared with ("share it with Sam")."""

    @property
    def key(self) -> tuple:
        """What the recognisers' caches are keyed by: the mode, the spoken camera names and the members' names."""
        members = tuple(sorted((m.id, m.name) for m in self.members))
        return (self.mode, *sorted((c.id, c.name, tuple(c.synonyms)) for c in self.cameras), *members)

    @property
    def parser(self) -> Parser:
        """The intent parser for these cameras (shared with the rest of the project)."""
        return parser_for(self.cameras, members=self.members)

    def accepts(self, text: str) -> bool:
        """True when the parser finds an intent in `text` naming no camera the household does not have.

        (The parser reads "delete very recording" as a camera called "very", so that a typed request for an
        unknown camera gets a helpful answer; from a recogniser it is a mishearing. The same for members.)
        """
        if not text.strip():
            return False
        result = self.templates.parse(text)
        camera = result.slots.get("camera")
        if self.mode == REPLIES and result.intent not in REPLY_INTENTS:
            return False
        return result.intent is not None and result.sure and self.known(camera, result.slots.get("member"))

    @property
    def templates(self) -> Parser:
        """The parser without its second stage: what the recognisers check their hypotheses against."""
        return parser_for(self.cameras, False, self.members)

    def known(self, camera: str | None, member: str | None) -> bool:
        """True when the camera and the member (either may be None) are the household's."""
        return (camera is None or camera in self.camera_ids) and (
            member is None or member in {m.id for m in self.members}
        )

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


def _grammar(cameras: Iterable[Camera], members: Iterable[Member] = ()) -> Grammar:
    return build_grammar(default_catalogue(), cameras, members)


@lru_cache(maxsize=8)
def domain_for(cameras: tuple[Camera, ...], mode: str = ALL, members: tuple[Member, ...] = ()) -> Domain:
    """The domain for these cameras and members (the whole catalogue, or the replies to a question), built once
    per set."""
    if mode == REPLIES:
        return Domain(cameras, domain_for(cameras, ALL, members).grammar.only(REPLY_INTENTS), REPLIES, members)
    started = time.perf_counter()
    domain = Domain(cameras, _grammar(cameras, members), ALL, members)
    logger.debug("grammar for %d cameras built in %.0f ms", len(cameras), 1000 * (time.perf_counter() - started))
    return domain


def clean(text: str) -> str:
    """A transcript as the parser would see it (lower case, no punctuation)."""
    return normalize(text)
