"""`--wake-word MODEL`: microWakeWord through `pymicro-wakeword` (Apache-2.0; models inside the wheel).

The wheel ships "okay nabu", "hey jarvis" and "hey mycroft" (trained by Kevin Ahrendt for ESPHome and Home
Assistant's Voice PE). `--wake PHRASE` (PocketSphinx key-phrase spotting) stays the option for any phrase.
"""

from __future__ import annotations

import logging

import numpy as np

logger = logging.getLogger(__name__)


class WakeWordUnavailable(Exception):
    """pymicro-wakeword is missing or the model is unknown; the message says what to do."""


class MicroWakeWordDetector:
    """Streaming detector: `feed(frame)` is True once the wake word was heard (then it starts over)."""

    def __init__(self, model: str) -> None:
        try:
            from pymicro_wakeword import MicroWakeWord, MicroWakeWordFeatures, Model
        except ImportError as exc:
            raise WakeWordUnavailable(
                f"--wake-word needs pymicro-wakeword ({exc}); pip install pymicro-wakeword"
            ) from None
        try:
            self.model = MicroWakeWord.from_builtin(Model(model))
        except ValueError:
            names = ", ".join(m.value for m in Model)
            raise WakeWordUnavailable(f"unknown wake word model {model!r} (choose from {names})") from None
        self._features_cls = MicroWakeWordFeatures
        self.features = MicroWakeWordFeatures()
        self.name = self.model.wake_word
        self.cutoff = self.model.probability_cutoff

    def feed(self, frame: np.ndarray) -> bool:
        """16 kHz mono int16 audio of any length; True when the wake word ends in it."""
        for features in self.features.process_streaming(frame.astype("<i2").tobytes()):
            if self.model.process_streaming(features):
                self.reset()
                return True
        return False

    def reset(self) -> None:
        """Forget the audio so far."""
        self.model.reset()
        self.features = self._features_cls()


def make_wake_word(model: str) -> MicroWakeWordDetector:
    """The detector for a builtin model name (okay_nabu, hey_jarvis, hey_mycroft)."""
    return MicroWakeWordDetector(model)
