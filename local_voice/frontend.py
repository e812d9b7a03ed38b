"""The recognisers' front end: where the speech is in an utterance, and the samples they are given."""

from __future__ import annotations

import logging

import numpy as np

from .audio import NOISY_FLOOR, RATE, denoise, fill_gaps, noise_floor
from .endpoint import Vad, make_vad

logger = logging.getLogger(__name__)


def speech_bounds(samples: np.ndarray, *, mode: int = 2, run: int = 3) -> tuple[int, int] | None:
    """First and last sample of speech (PocketSphinx's voice activity detector), or None for none.

    A frame counts only inside a run of `run` speech frames, so clicks and single noisy frames do not.
    """
    from pocketsphinx import Vad as PocketSphinxVad

    vad = PocketSphinxVad(mode, RATE)
    step = vad.frame_bytes // 2
    pcm = samples.astype(np.int16)
    flags = [vad.is_speech(pcm[s : s + step].tobytes()) for s in range(0, len(pcm) - step + 1, step)]
    runs = [i for i in range(len(flags) - run + 1) if all(flags[i : i + run])]
    if not runs:
        return None
    return runs[0] * step, (runs[-1] + run) * step


_SILERO: list[Vad | None] = []
TRIM_VAD = "silero"


def learned_speech_bounds(samples: np.ndarray, threshold: float = 0.5) -> tuple[int, int] | None:
    """First and last sample of speech by Silero VAD (better than energy in noise); energy VAD without it."""
    if not _SILERO:
        try:
            _SILERO.append(make_vad(TRIM_VAD))
        except Exception as exc:
            logger.info("no learned VAD for trimming (%s); using the energy detector", exc)
            _SILERO.append(None)
    vad = _SILERO[0]
    if vad is None:
        return speech_bounds(samples)
    vad.reset()
    step = vad.frame
    voiced = [
        i
        for i, s in enumerate(range(0, len(samples) - step + 1, step))
        if vad.probability(samples[s : s + step]) >= threshold
    ]
    if not voiced:
        return None
    return voiced[0] * step, (voiced[-1] + 1) * step


def trim(samples: np.ndarray, margin: float = 0.25, mode: int = 2, learned: bool = False) -> np.ndarray:
    """Cut leading and trailing non-speech, keeping `margin` seconds around the speech."""
    bounds = learned_speech_bounds(samples) if learned else speech_bounds(samples, mode=mode)
    if bounds is None:
        return samples
    pad = int(margin * RATE)
    return samples[max(0, bounds[0] - pad) : min(len(samples), bounds[1] + pad)]


def prepare(samples: np.ndarray) -> np.ndarray:
    """The recognisers' front end: trim the silence around the speech; first subtract the noise if any.

    Clean recordings have their digital silence filled with faint noise (synthesisers leave exact zeros;
    a microphone never does) and keep 0.15 s around the speech (long silence skews the decoder's
    cepstral mean and costs time). Noisy ones are denoised, trimmed by Silero VAD (an energy detector
    takes music and hiss for speech: music at 15 dB went from 16 to 27 of 30 right) and keep 0.25 s.
    """
    if noise_floor(samples) >= NOISY_FLOOR:
        return trim(denoise(samples, over=1.0), margin=0.25, learned=True)
    return trim(fill_gaps(samples, sigma=2.0), margin=0.15)
