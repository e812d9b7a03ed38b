"""Audio in: 16-bit PCM WAV files of any rate and channel count → 16 kHz mono int16."""

from __future__ import annotations

import logging
import wave
from math import gcd
from pathlib import Path
from typing import BinaryIO

import numpy as np

logger = logging.getLogger(__name__)

RATE = 16000
"""The rate every recogniser here works at."""
NOISY_FLOOR = 20.0
"""Background RMS (16-bit units) above which a recording counts as noisy."""


class AudioError(Exception):
    """A file that is not audio we can use; the message says why."""


def to_mono(samples: np.ndarray, channels: int) -> np.ndarray:
    """Average interleaved channels into one (float64)."""
    data = samples.astype(np.float64)
    if channels > 1:
        data = data[: len(data) - len(data) % channels].reshape(-1, channels).mean(axis=1)
    return data


def _lowpass_taps(cutoff: float, half_width: int) -> np.ndarray:
    """A windowed-sinc low-pass filter; `cutoff` is a fraction of the (upsampled) Nyquist rate."""
    n = np.arange(-half_width, half_width + 1)
    taps = cutoff * np.sinc(cutoff * n) * np.kaiser(len(n), 8.0)
    return taps / taps.sum()


def resample(data: np.ndarray, rate_in: int, rate_out: int = RATE, chunk: int = 8192) -> np.ndarray:
    """Polyphase resampling: y[k] = sum_i h[k*M - i*L] x[i] (upsample by L, low-pass, keep every M-th)."""
    data = np.asarray(data, dtype=np.float64)
    if rate_in == rate_out or len(data) == 0:
        return data
    g = gcd(rate_in, rate_out)
    up, down = rate_out // g, rate_in // g
    if up > 1000 or down > 1000:  # odd rates: linear interpolation is good enough for speech
        times = np.arange(int(len(data) * rate_out / rate_in)) * (rate_in / rate_out)
        return np.interp(times, np.arange(len(data)), data)
    half = 12 * max(up, down)
    taps = _lowpass_taps(0.95 / max(up, down), half) * up
    n_out = (len(data) * up) // down
    span = 2 * half // up + 2  # input samples under the filter for one output sample
    padded = np.concatenate([np.zeros(span), data, np.zeros(span)])
    out = np.empty(n_out)
    for start in range(0, n_out, chunk):
        k = np.arange(start, min(start + chunk, n_out))
        first = -((half - k * down) // up)  # ceil((k*M - half) / L): first input sample under the filter
        i = first[:, None] + np.arange(span)[None, :]
        j = k[:, None] * down - i * up  # tap index relative to the filter centre
        weights = np.where(np.abs(j) <= half, taps[np.clip(j + half, 0, 2 * half)], 0.0)
        out[start : start + len(k)] = (padded[np.clip(i, -span, len(data) + span - 1) + span] * weights).sum(axis=1)
    return out


def to_int16(data: np.ndarray) -> np.ndarray:
    """Round and clip to 16-bit PCM."""
    return np.clip(np.round(data), -32768, 32767).astype(np.int16)


def read_wav(path: Path | str) -> np.ndarray:
    """A WAV file as 16 kHz mono int16 samples; AudioError when it is not 16-bit PCM."""
    try:
        with open(path, "rb") as handle:
            return decode_wav(handle, str(path))
    except FileNotFoundError:
        raise AudioError(f"{path}: no such file") from None


def decode_wav(stream: BinaryIO, name: str = "audio", max_seconds: float | None = None) -> np.ndarray:
    """16-bit PCM WAV from `stream` (a file, or bytes in memory) as 16 kHz mono int16 samples.

    AudioError when it is not 16-bit PCM, or (with `max_seconds`) longer than that: the header is checked before
    the samples are read.
    """
    try:
        with wave.open(stream, "rb") as wav:
            channels, width, rate = wav.getnchannels(), wav.getsampwidth(), wav.getframerate()
            if width != 2:
                raise AudioError(f"{name}: {8 * width}-bit samples; only 16-bit PCM WAV is supported")
            if max_seconds is not None and wav.getnframes() > max_seconds * rate:
                raise AudioError(f"{name}: longer than {max_seconds:g} seconds")
            frames = wav.readframes(wav.getnframes())
    except (wave.Error, EOFError) as exc:
        raise AudioError(f"{name}: not a PCM WAV file ({exc})") from None
    samples = np.frombuffer(frames[: len(frames) - len(frames) % 2], dtype="<i2")
    mono = to_mono(samples, channels)
    logger.debug("%s: %d Hz, %d channel(s), %.2f s", name, rate, channels, len(mono) / max(rate, 1))
    return to_int16(resample(mono, rate, RATE))


def denoise(
    samples: np.ndarray, *, frame: int = 512, hop: int = 128, over: float = 1.5, floor: float = 0.1, quiet: float = 0.1
) -> np.ndarray:
    """Spectral subtraction of stationary noise (fan hum, hiss), estimated from the quietest frames.

    Clean recordings come back nearly unchanged: their quiet frames hold almost no energy to subtract.
    """
    x = samples.astype(np.float64)
    if len(x) < 4 * frame:
        return samples
    window = np.hanning(frame)
    starts = np.arange(0, len(x) - frame + 1, hop)
    spectra = np.fft.rfft(np.stack([x[s : s + frame] * window for s in starts]), axis=1)
    power = np.abs(spectra) ** 2
    energy = power.sum(axis=1)
    quietest = power[energy <= np.quantile(energy, quiet)]
    noise = quietest.mean(axis=0)
    gain = np.maximum(1.0 - over * noise / np.maximum(power, 1e-12), floor**2) ** 0.5
    frames = np.fft.irfft(spectra * gain, n=frame, axis=1) * window
    out = np.zeros(len(x))
    norm = np.zeros(len(x))
    for i, s in enumerate(starts):
        out[s : s + frame] += frames[i]
        norm[s : s + frame] += window**2
    covered = norm > 1e-6
    out[covered] /= norm[covered]
    out[~covered] = x[~covered]
    return to_int16(out)


def noise_floor(samples: np.ndarray, frame: int = 400, quiet: float = 0.1) -> float:
    """RMS of the quietest frames (the background), in sample units."""
    usable = len(samples) // frame * frame
    if usable == 0:
        return 0.0
    rms = np.sqrt(np.mean(samples[:usable].astype(np.float64).reshape(-1, frame) ** 2, axis=1))
    return float(np.quantile(rms, quiet))


def fill_gaps(
    samples: np.ndarray,
    *,
    start: int = 0,
    end: int | None = None,
    min_run: int = 160,
    sigma: float = 1.0,
    seed: int = 1,
) -> np.ndarray:
    """Replace runs of exact digital silence (>= `min_run` samples) between start and end by faint noise.

    Synthesisers leave exact zeros between words; the decoder's features of pure zeros are meaningless
    (log of nothing), which derails it. Natural recordings have none, so they are left as they are.
    """
    end = len(samples) if end is None else end
    zero = np.concatenate([[False], samples[start:end] == 0, [False]])
    edges = np.flatnonzero(np.diff(zero.astype(np.int8)))
    runs = [(a + start, b + start) for a, b in zip(edges[::2], edges[1::2], strict=True) if b - a >= min_run]
    if not runs:
        return samples
    out = samples.copy()
    rng = np.random.default_rng(seed)
    for a, b in runs:
        out[a:b] = np.round(rng.normal(0.0, sigma, b - a)).astype(np.int16)
    return out
