"""Speech from the page's push-to-talk button, recognised exactly as `python -m local_voice` recognises it.

One recogniser per server process (the same engine `local_voice` picks, with the same catalogue grammar), built on
first use, never at start-up, for servers whose households never talk to the page. Its grammars are built once per
set of cameras and kept for the last few sets (`local_voice.domain.domain_for`, the engines' own caches), so the
households of one server share it. It decodes one utterance at a time.

The audio lives only in memory for the length of one request: it is never written to disk or logged.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from intents.dialog import DialogState
from intents.service import ClipService
from local_voice.assistant import Assistant, Outcome
from local_voice.engines import EngineUnavailable, Recognizer, make_engine
from local_voice.frontend import learned_speech_bounds
from local_voice.tts import Silent

logger = logging.getLogger(__name__)

__all__ = ["Ears", "EngineUnavailable"]


@dataclass
class Ears:
    """The process's recogniser, made by `factory` on first use (default: `local_voice`'s own choice)."""

    factory: Callable[[], Recognizer] = field(default=lambda: make_engine(None))
    _recognizer: Recognizer | None = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def _ready(self) -> Recognizer:
        if self._recognizer is None:
            logger.info("loading the speech recogniser for the page's push to talk")
            self._recognizer = self.factory()
        return self._recognizer

    def hear(
        self, service: ClipService, state: DialogState, samples: np.ndarray, *, tz: str, now: Callable[[], datetime]
    ) -> tuple[Outcome, DialogState] | None:
        """One utterance (16 kHz mono int16) in the conversation `state`: recognised within the household's
        cameras (or the answers to a pending question), then answered as `local_voice` answers speech.

        None when a voice-activity detector finds no speech in it: silence is not worth decoding (a recogniser
        asked to may hear a word in it), and the conversation stays as it was.
        """
        with self._lock:  # one decoder (and one voice-activity detector): one utterance at a time
            if len(samples) == 0 or learned_speech_bounds(samples) is None:
                return None
            assistant = Assistant(
                service, service.cameras, Silent(), tz, now, self._ready(), code_scope=None, members=service.members
            )
            return assistant.hear_in(state, "web", samples, speak=False)
