"""Answers out loud (pyttsx3/espeak-ng, or hibari-tts for `--voice natural`), or as one WAV file per answer."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from abc import ABC, abstractmethod
from pathlib import Path

logger = logging.getLogger(__name__)

ESPEAK_VOICE = "en-us"
HIBARI_VOICE = "heart"


class TtsUnavailable(Exception):
    """Speech output cannot work here; the message says why."""


def output_device() -> str | None:
    """None when an audio output device is there, else why not (one line)."""
    try:
        import sounddevice
    except OSError as exc:  # PortAudio itself missing
        return f"no PortAudio library ({exc})"
    try:
        sounddevice.query_devices(kind="output")
    except (sounddevice.PortAudioError, ValueError) as exc:
        return f"no audio output device ({exc})"
    return None


class Speaker(ABC):
    """Says one answer."""

    @abstractmethod
    def say(self, text: str, tag: str = "") -> Path | None:
        """Speak (or write) `text`; returns the file written, if any."""


class Silent(Speaker):
    """`--no-tts`: the command line prints the answer instead."""

    def say(self, text: str, tag: str = "") -> Path | None:
        return None


class Pyttsx3Speaker(Speaker):
    """pyttsx3 with its espeak-ng driver, through the default audio device."""

    def __init__(self) -> None:
        import pyttsx3

        self.engine = pyttsx3.init()

    def say(self, text: str, tag: str = "") -> Path | None:
        self.engine.say(text)
        self.engine.runAndWait()
        return None


class HibariSpeaker(Speaker):
    """hibari-tts's natural voice (24 kHz), played with sounddevice."""

    def __init__(self) -> None:
        self.tts = load_hibari()

    def say(self, text: str, tag: str = "") -> Path | None:
        import sounddevice

        for chunk in self.tts.stream(text):  # sentence by sentence: the first one plays sooner
            sounddevice.play(chunk, self.tts.sample_rate, blocking=True)
        return None


def load_hibari():
    """hibari-tts's bundled American voice."""
    try:
        from hibari import Hibari
    except ImportError as exc:
        raise TtsUnavailable(f"--voice natural needs hibari-tts ({exc}); pip install hibari-tts") from None
    return Hibari(voice=HIBARI_VOICE)


class FileSpeaker(Speaker):
    """`--tts-out DIR`: one 16-bit WAV per answer, numbered in order; works without an audio device."""

    def __init__(self, directory: Path, voice: str = "espeak") -> None:
        self.directory = directory
        self.directory.mkdir(parents=True, exist_ok=True)
        self.count = 0
        self.voice = voice
        self.hibari = load_hibari() if voice == "natural" else None
        self.espeak = None if self.hibari else (shutil.which("espeak-ng") or shutil.which("espeak"))
        if self.hibari is None and self.espeak is None:
            raise TtsUnavailable("--tts-out needs espeak-ng (apt-get install espeak-ng) or --voice natural")

    def path_for(self, tag: str) -> Path:
        """The next file name: 001-a.wav, 002-b.wav, ..."""
        self.count += 1
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", Path(tag).stem if tag else "answer")[:40] or "answer"
        return self.directory / f"{self.count:03d}-{stem}.wav"

    def say(self, text: str, tag: str = "") -> Path | None:
        path = self.path_for(tag)
        if self.hibari is not None:
            self.hibari.save(text, str(path))
        elif self.espeak is not None:
            subprocess.run(
                [self.espeak, "-v", ESPEAK_VOICE, "-w", str(path), text], check=True, capture_output=True, timeout=60
            )
        else:  # __init__ made sure of one of them
            raise TtsUnavailable("--tts-out needs espeak-ng (apt-get install espeak-ng) or --voice natural")
        logger.debug("answer written to %s", path)
        return path


def make_speaker(*, no_tts: bool, tts_out: Path | None, voice: str) -> tuple[Speaker, str | None]:
    """The speaker the options ask for, and a one-line warning when it had to fall back to printing."""
    if tts_out is not None:
        return FileSpeaker(tts_out, voice), None
    if no_tts:
        return Silent(), None
    problem = output_device()
    if problem:
        return Silent(), f"{problem}: printing answers instead of speaking (use --tts-out DIR for WAV files)"
    try:
        return (HibariSpeaker() if voice == "natural" else Pyttsx3Speaker()), None
    except (TtsUnavailable, ImportError, RuntimeError, OSError) as exc:
        return Silent(), f"cannot speak ({exc}): printing answers instead"


class Synthesizer:
    """Text → (rate, 16-bit mono PCM) for the Wyoming `tts` service: espeak-ng and/or hibari-tts."""

    def __init__(self, default: str = "espeak") -> None:
        self.espeak = shutil.which("espeak-ng") or shutil.which("espeak")
        self.voices = ["espeak"] if self.espeak else []
        try:
            self.hibari = load_hibari()
            self.voices.append("natural")
        except TtsUnavailable:
            self.hibari = None
        if not self.voices:
            raise TtsUnavailable("no text-to-speech: install espeak-ng or hibari-tts")
        self.default = default if default in self.voices else self.voices[0]

    def synthesize(self, text: str, voice: str | None = None) -> tuple[int, bytes]:
        """The whole answer as one PCM buffer."""
        import numpy as np

        voice = voice if voice in self.voices else self.default
        if voice == "natural" and self.hibari is not None:
            audio = np.asarray(self.hibari(text), dtype=np.float64)
            pcm = np.clip(np.round(audio * 32767), -32768, 32767).astype("<i2")
            return int(self.hibari.sample_rate), pcm.tobytes()
        if self.espeak is None:  # __init__ made sure of a voice; this one is espeak's
            raise TtsUnavailable("no text-to-speech: install espeak-ng or hibari-tts")
        out = subprocess.run(
            [self.espeak, "-v", ESPEAK_VOICE, "--stdout", text], check=True, capture_output=True, timeout=60
        ).stdout
        import io
        import wave

        with wave.open(io.BytesIO(out)) as wav:
            return wav.getframerate(), wav.readframes(wav.getnframes())
