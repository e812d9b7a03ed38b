"""The microphone: 16 kHz mono through sounddevice, cut into utterances by the end-pointer (`endpoint.py`)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

import numpy as np

from .audio import RATE
from .endpoint import Endpointer, Utterance, make_endpointer

logger = logging.getLogger(__name__)


class NoMicrophone(Exception):
    """No audio input here; the message is one line saying so and what to use instead."""


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


def utterances(
    *, wake: Callable[[np.ndarray], bool] | None = None, endpointer: Endpointer | None = None
) -> Iterator[Utterance]:
    """Yield each utterance from the default microphone, forever.

    With `wake`, audio first goes to `wake(frame)` until it returns True; the speech after that (the rest of
    the same breath, or the next one) is the command.
    """
    import sounddevice

    check_microphone()
    endpointer = endpointer or make_endpointer()
    frame = endpointer.frame
    awake = wake is None
    with sounddevice.RawInputStream(samplerate=RATE, channels=1, dtype="int16", blocksize=frame) as stream:
        logger.info("listening%s", "" if awake else " for the wake phrase")
        while True:
            data, overflowed = stream.read(frame)
            if overflowed:
                logger.debug("microphone overflow")
            samples = np.frombuffer(bytes(data), dtype=np.int16)
            if not awake:
                awake = bool(wake and wake(samples))
                if awake:
                    logger.info("wake phrase heard")
                    endpointer.reset()
                continue
            done = endpointer.feed(samples)
            if done is not None:
                yield done
                awake = wake is None
