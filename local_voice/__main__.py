"""`python -m local_voice`: parse the options, build the loop, run it (docs/interface.md §2)."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from .assistant import Assistant, Outcome
from .audio import AudioError, read_wav
from .build import Fatal, check_tz, now_fn, open_service, parse_only_members
from .endpoint import VadUnavailable, make_endpointer, segment
from .engines import EngineUnavailable, make_engine
from .engines.base import WakeSpotter
from .mic import NoMicrophone, check_microphone, utterances
from .settings import Settings, parse_settings
from .tts import TtsUnavailable, make_speaker
from .wakeword import WakeWordUnavailable, make_wake_word

if TYPE_CHECKING:
    import numpy as np

PROG = "local_voice"


def emit(settings: Settings, outcome: Outcome) -> None:
    """One JSON line, or a short human transcript of the exchange."""
    if settings.json:
        sys.stdout.write(json.dumps(outcome.to_json()) + "\n")
    else:
        heard = outcome.transcript or "(nothing)"
        if outcome.heard_as:
            heard += f"  [understood as: {outcome.heard_as}]"
        lines = [f"you: {heard}"] if outcome.source != "text" else []
        if outcome.speech is None:
            lines.append(f"  → {outcome.intent} {json.dumps(outcome.slots)}")
        else:
            lines.append(f"assistant: {outcome.speech}")
        sys.stdout.write("\n".join(lines) + "\n")
    sys.stdout.flush()


def note(settings: Settings) -> Callable[[str], None]:
    """Side remarks go to stderr when stdout carries JSON."""
    stream = sys.stderr if settings.json else sys.stdout
    return lambda text: print(text, file=stream, flush=True)


def build(settings: Settings) -> Assistant:
    """The assistant the settings describe (the recogniser only when there is audio to hear)."""
    if settings.microphone:
        check_microphone()  # fail fast, before loading any model
    service, cameras, household_tz = open_service(settings)
    tz = check_tz(settings.tz or household_tz or "UTC")
    speaker, warning = make_speaker(
        no_tts=settings.no_tts or settings.parse_only or bool(settings.wyoming),
        tts_out=settings.tts_out,
        voice=settings.voice,
    )
    if warning:
        print(f"{PROG}: {warning}", file=sys.stderr)
    recognizer = (
        None if settings.text else make_engine(settings.engine, settings.model, second_opinion=settings.second_opinion)
    )
    if service is not None:
        members = service.members
    else:
        known = parse_only_members(settings)
        members = lambda: known  # noqa: E731  (read once: --parse-only calls nothing more)
    assistant = Assistant(
        service, cameras, speaker, tz, now_fn(settings, tz), recognizer, notes=note(settings), members=members
    )
    assistant.domain()  # build the grammars now, not on the first utterance
    if settings.wake and recognizer is not None:
        if not isinstance(recognizer, WakeSpotter):
            raise Fatal("--wake needs --engine pocketsphinx (key-phrase spotting)")
        recognizer.set_wake(settings.wake)
    return assistant


def run(settings: Settings, assistant: Assistant) -> int:
    """Feed every utterance through the assistant; 1 if a file could not be read."""
    status = 0
    if settings.text:
        for text in settings.text:
            emit(settings, assistant.read("text", text))
        return status
    if settings.wavs:
        endpointer = make_endpointer(settings.vad) if settings.segment else None
        for path in settings.wavs:
            try:
                samples = read_wav(path)
            except AudioError as exc:
                print(f"{PROG}: {exc}", file=sys.stderr)
                status = 1
                continue
            if endpointer is None:
                emit(settings, assistant.hear(str(path), samples))
                continue
            for utterance in segment(samples, endpointer):
                source = f"{path}@{utterance.start_s:.2f}"
                outcome = assistant.hear(source, utterance.samples)
                emit(settings, outcome)
        return status
    if settings.wyoming:
        return serve_wyoming(settings, assistant)
    wake = _key_phrase_gate(assistant) if settings.wake else None
    note(settings)("listening (Ctrl-C to stop)" + (f"; say {settings.wake!r} first" if settings.wake else ""))
    if settings.wake_word:
        wake = make_wake_word(settings.wake_word).feed
    for utterance in utterances(wake=wake, endpointer=make_endpointer(settings.vad)):
        outcome = assistant.hear("mic", utterance.samples, utterance.ended_at)
        emit(settings, outcome)
        if outcome.end_session:
            break
    return status


def _key_phrase_gate(assistant: Assistant) -> Callable[[np.ndarray], bool]:
    """`--wake`: a gate that is True once the key phrase was heard, then spots it afresh."""
    recognizer = assistant.recognizer
    if not isinstance(recognizer, WakeSpotter):  # build() made sure of it
        raise Fatal("--wake needs --engine pocketsphinx (key-phrase spotting)")
    armed = {"on": False}

    def wake(frame: np.ndarray) -> bool:
        if not armed["on"]:
            recognizer.wake_start()
            armed["on"] = True
        heard = recognizer.wake_feed(frame)
        armed["on"] = not heard
        return heard

    return wake


def serve_wyoming(settings: Settings, assistant: Assistant) -> int:
    """Serve Wyoming until interrupted."""
    import asyncio

    from .tts import Synthesizer
    from .wyoming_server import Service, WyomingAddressError, check_uri, serve

    try:
        uri = check_uri(settings.wyoming or "")
    except WyomingAddressError as exc:
        raise Fatal(str(exc)) from None
    try:
        synthesizer = Synthesizer(default=settings.voice if settings.voice == "espeak" else "natural")
    except TtsUnavailable as exc:
        print(f"{PROG}: {exc}; serving without tts", file=sys.stderr)
        synthesizer = None
    service = Service(assistant, synthesizer)

    async def main_loop() -> None:
        ready = asyncio.Event()
        task = asyncio.create_task(serve(uri, service, ready))
        await ready.wait()
        note(settings)(f"wyoming: serving asr, handle{', tts' if synthesizer else ''} on {uri}")
        await task

    try:
        asyncio.run(main_loop())
    except OSError as exc:
        raise Fatal(f"cannot listen on {uri}: {exc}") from None
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point; problems are one line on stderr and a non-zero exit, never a traceback."""
    settings = parse_settings(argv)
    level = [logging.WARNING, logging.INFO, logging.DEBUG][min(settings.verbose, 2)]
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    try:
        return run(settings, build(settings))
    except (Fatal, NoMicrophone, EngineUnavailable, TtsUnavailable, VadUnavailable, WakeWordUnavailable) as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
