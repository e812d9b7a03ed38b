"""The learned end-pointer: `--wav LONG.wav --segment` finds each command in a noisy recording and answers it."""

from __future__ import annotations

import json
import wave

import numpy as np
import pytest
from voice_helpers import NOW, TZ, run_cli

from local_voice.audio import RATE, read_wav
from local_voice.endpoint import make_endpointer, segment

COMMANDS = [  # (text, intent) at these seconds of the recording
    (3.0, "how many clips today", "CountClips"),
    (11.0, "show the latest garage clip", "ShowClip"),
    (19.5, "how long do you keep my recordings", "RetentionInfo"),
    (28.0, "list yesterday's recordings", "ListClips"),
    (36.0, "what can I say", "Help"),
]
LENGTH_S = 42.0


@pytest.fixture(scope="module")
def long_recording(tmp_path_factory):
    """42 s of white noise at 20 dB SNR (against the speech) with five spoken commands and a click."""
    from hibari import Hibari

    from local_voice.audio import resample

    tts = Hibari(voice="heart")
    mix = np.zeros(int(LENGTH_S * RATE))
    power = []
    for at, text, _ in COMMANDS:
        voice = resample(np.asarray(tts(text, seed=5), dtype=np.float64) * 32767, tts.sample_rate, RATE)
        start = int(at * RATE)
        mix[start : start + len(voice)] += voice
        power.append(np.mean(voice[np.abs(voice) > 100] ** 2))
    rng = np.random.default_rng(12)
    mix += rng.normal(0, (np.mean(power) / 10**2) ** 0.5, len(mix))
    mix[int(8.0 * RATE) : int(8.0 * RATE) + 40] += 12000  # a click: not an utterance
    path = tmp_path_factory.mktemp("long") / "kitchen.wav"
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(np.clip(mix, -32768, 32767).astype("<i2").tobytes())
    return path


@pytest.mark.parametrize("vad", ["silero", "micro"])
def test_the_end_pointer_finds_each_command_where_it_was_said(long_recording, vad):
    found = list(segment(read_wav(long_recording), make_endpointer(vad)))
    starts = [u.start_s for u in found]
    assert len(found) == len(COMMANDS), starts
    for (at, _, _), utterance in zip(COMMANDS, found, strict=True):
        assert at - 0.5 < utterance.start_s < at + 0.6, starts  # hibari starts with ~0.2 s of silence
        assert 0.6 < len(utterance.samples) / RATE < 4.5


def test_silence_and_noise_alone_are_no_utterance():
    rng = np.random.default_rng(3)
    quiet = np.zeros(5 * RATE, dtype=np.int16)
    hiss = rng.normal(0, 300, 5 * RATE).astype(np.int16)
    endpointer = make_endpointer("silero")
    assert list(segment(quiet, endpointer)) == []
    assert list(segment(hiss, endpointer)) == []


def test_segment_answers_each_command_in_order(long_recording, store_dir):
    proc = run_cli(
        "--wav",
        str(long_recording),
        "--segment",
        "--data",
        str(store_dir),
        "--now",
        NOW,
        "--tz",
        TZ,
        "--json",
        "--no-tts",
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    assert [r["intent"] for r in rows] == [intent for _, _, intent in COMMANDS], [r["transcript"] for r in rows]
    assert all(r["speech"] for r in rows)
    assert [r["source"].rsplit("@", 1)[0] for r in rows] == [str(long_recording)] * len(COMMANDS)
    assert rows[0]["slots"] == {"date": "2026-11-24"} and rows[1]["slots"] == {"camera": "garage", "which": "latest"}


def test_segment_needs_wav_files():
    proc = run_cli("--segment", "--text", "hello")
    assert proc.returncode == 2 and "--segment needs --wav" in proc.stderr
