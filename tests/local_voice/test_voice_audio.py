"""WAV in: any rate, mono or stereo, 16-bit → 16 kHz mono; the front end's trimming and noise removal."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from local_voice.audio import RATE, AudioError, denoise, read_wav, resample
from local_voice.frontend import trim


def write_wav(path: Path, samples: np.ndarray, rate: int, width: int = 2) -> Path:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1 if samples.ndim == 1 else samples.shape[1])
        wav.setsampwidth(width)
        wav.setframerate(rate)
        if width == 2:
            wav.writeframes(samples.astype("<i2").tobytes())
        else:
            wav.writeframes((samples // 256 + 128).astype(np.uint8).tobytes())
    return path


def tone(rate: int, freq: float, seconds: float = 1.0, amp: float = 8000) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    return (amp * np.sin(2 * np.pi * freq * t)).astype(np.int16)


def peak_hz(samples: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(samples.astype(float) * np.hanning(len(samples))))
    return float(np.argmax(spectrum) * RATE / len(samples))


@pytest.mark.parametrize("rate", [8000, 22050, 44100, 48000])
def test_any_rate_becomes_16k_with_the_same_pitch(tmp_path, rate):
    path = write_wav(tmp_path / "t.wav", tone(rate, 440.0), rate)
    out = read_wav(path)
    assert out.dtype == np.int16
    assert abs(len(out) - RATE) <= 2  # one second stays one second
    assert abs(peak_hz(out) - 440.0) < 3
    assert 7000 < np.abs(out[200:-200]).max() < 8300  # no gain change, no clipping


def test_stereo_is_mixed_to_mono(tmp_path):
    left, right = tone(44100, 300.0), tone(44100, 1200.0)
    path = write_wav(tmp_path / "s.wav", np.stack([left, right], axis=1), 44100)
    out = read_wav(path)
    spectrum = np.abs(np.fft.rfft(out.astype(float)))
    freqs = np.fft.rfftfreq(len(out), 1 / RATE)
    for hz in (300, 1200):  # both channels are in the mix
        assert spectrum[np.abs(freqs - hz) < 5].max() > 0.3 * spectrum.max()


def test_resampling_filters_what_16k_cannot_hold():
    high = tone(44100, 11000.0).astype(float)  # above the new Nyquist rate (8 kHz)
    assert np.sqrt(np.mean(resample(high, 44100)[500:-500] ** 2)) < 50  # was ~5600 rms


def test_only_16_bit_pcm(tmp_path):
    path = write_wav(tmp_path / "8bit.wav", tone(8000, 440.0), 8000, width=1)
    with pytest.raises(AudioError, match="16-bit"):
        read_wav(path)
    with pytest.raises(AudioError, match="no such file"):
        read_wav(tmp_path / "missing.wav")
    (tmp_path / "junk.wav").write_bytes(b"not a wav at all")
    with pytest.raises(AudioError, match="not a PCM WAV"):
        read_wav(tmp_path / "junk.wav")


def test_trim_keeps_the_speech_and_a_margin(speech):
    samples = read_wav(speech[("natural", "delete")])
    cut = trim(samples, margin=0.1)
    assert len(cut) < len(samples)
    assert len(cut) > 0.8 * RATE  # "delete today's recordings" is well over a second


def test_denoise_leaves_clean_speech_alone_and_lowers_hiss(speech):
    clean = read_wav(speech[("natural", "count")])
    same = denoise(clean, over=1.0)
    assert np.abs(same.astype(int) - clean).mean() < 0.05 * np.abs(clean).mean()
    rng = np.random.default_rng(1)
    hiss = rng.normal(0, 300, len(clean))
    noisy = np.clip(clean + hiss, -32768, 32767).astype(np.int16)
    cleaned = denoise(noisy, over=1.0)
    quiet = slice(0, int(0.2 * RATE))  # the synthesiser's lead-in silence: only hiss there
    assert np.abs(cleaned[quiet]).mean() < 0.8 * np.abs(noisy[quiet]).mean()
