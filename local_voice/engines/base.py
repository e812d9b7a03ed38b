"""The one small interface every recogniser implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np

from ..domain import Domain


class EngineUnavailable(Exception):
    """The recogniser cannot run here (no model, no library); the message says what to do."""


@dataclass(frozen=True)
class Transcript:
    """What was heard; `search` names the pass that produced it (for logs and benchmarks)."""

    text: str
    search: str = ""
    sure: bool = True
    """False when the recogniser doubts it heard a command (the assistant then asks or does nothing)."""
    alternatives: tuple[str, ...] = field(default=(), compare=False)
    """Other readings of the same audio that parse (PocketSphinx's N-best), for a second opinion to weigh."""


class Recognizer(ABC):
    """Speech (16 kHz mono int16, one utterance) → words, within one household's vocabulary."""

    name: str = "base"

    @abstractmethod
    def set_domain(self, domain: Domain) -> None:
        """Use this vocabulary; grammars are rebuilt only when the cameras changed (`domain.key`)."""

    @abstractmethod
    def transcribe(self, samples: np.ndarray) -> Transcript:
        """What was said in this utterance ('' for nothing)."""


@runtime_checkable
class WakeSpotter(Protocol):
    """A recogniser that can also spot a key phrase before a command (`--wake`)."""

    def set_wake(self, phrase: str) -> None:
        """Listen for `phrase` between commands."""

    def wake_start(self) -> None:
        """Begin listening for the phrase."""

    def wake_feed(self, samples: np.ndarray) -> bool:
        """Feed audio; True once the phrase was heard."""
