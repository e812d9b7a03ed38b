"""The microphone: 16 kHz mono through sounddevice, cut into utterances at the pauses (PocketSphinx Endpointer)."""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from .audio import RATE

logger = logging.getLogger(__name__)

MAX_UTTERANCE_S = 15.0
"""An utterance is cut here even without a pause."""


class NoMicrophone(Exception):
    """No audio input here; the message is one line saying so and what to use instead."""


@dataclass(frozen=True)
class Utterance:
    """One stretch of speech and the moment (perf_counter) its end was detected."""

    samples: np.ndarray
    ended_at: float


def check_microphone() -> None:
    """Raise NoMicrophone unless PortAudio and an input device are there."""
    hint = "use --wav FILE or --text TEXT instead"
    try:
        import sounddevice
    except OSError as exc:
        raise NoMicrophone(f"no microphone: the PortAudio library is missing ({exc}); {hint}") from None
    try:
        sounddevice.query_devices(kind="input")
    except (sounddevice.PortAudioError, ValueError):
        raise NoMicrophone(f"no microphone: no audio input device found; {hint}") from None


def utterances(*, wake: Callable[[np.ndarray], bool] | None = None, window: float = 0.3,
               ratio: float = 0.9) -> Iterator[Utterance]:
    """Yield each utterance from the default microphone, forever.

    With `wake`, audio first goes to `wake(frame)` until it returns True; the speech after that (the rest of
    the same breath, or the next one) is the command.
    """
    import sounddevice
    from pocketsphinx import Endpointer

    check_microphone()
    endpointer = Endpointer(window=window, ratio=ratio, sample_rate=RATE)
    frame = endpointer.frame_bytes // 2
    awake = wake is None
    speech: list[bytes] = []
    with sounddevice.RawInputStream(samplerate=RATE, channels=1, dtype="int16", blocksize=frame) as stream:
        logger.info("listening%s", "" if awake else " for the wake phrase")
        while True:
            data, overflowed = stream.read(frame)
            if overflowed:
                logger.debug("microphone overflow")
            pcm = bytes(data)
            if not awake:
                awake = bool(wake and wake(np.frombuffer(pcm, dtype=np.int16)))
                if awake:
                    logger.info("wake phrase heard")
                    speech = []
                continue
            was_speaking = endpointer.in_speech
            out = endpointer.process(pcm)
            if out is not None:
                speech.append(out)
            too_long = len(speech) * frame >= MAX_UTTERANCE_S * RATE
            if speech and ((was_speaking and not endpointer.in_speech) or too_long):
                samples = np.frombuffer(b"".join(speech), dtype=np.int16)
                speech = []
                yield Utterance(samples, time.perf_counter())
                awake = wake is None
