"""The one small interface every recogniser implements."""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

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


class Recognizer(ABC):
    """Speech (16 kHz mono int16, one utterance) → words, within one household's vocabulary."""

    name: str = "base"

    @abstractmethod
    def set_domain(self, domain: Domain) -> None:
        """Use this vocabulary; grammars are rebuilt only when the cameras changed (`domain.key`)."""

    @abstractmethod
    def transcribe(self, samples: np.ndarray) -> Transcript:
        """What was said in this utterance ('' for nothing)."""
