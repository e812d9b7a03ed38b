"""`--wyoming tcp://HOST:PORT`: the assistant as a Wyoming service for Home Assistant's voice satellites.

Three services on one port, announced by `describe` → `info`:
  - asr: `transcribe`, `audio-start`, `audio-chunk`..., `audio-stop` → `transcript` (the catalogue's words and the
    household's camera names only);
  - handle: `transcript` (text in) → `handled` (the spoken answer, through the intent layer), with the conversation
    kept per client so that a confirmation spans turns;
  - tts (optional): `synthesize` → `audio-start`, `audio-chunk`..., `audio-stop`.

Home Assistant opens a new connection for every request, so a conversation is keyed by what its `context`
names (the satellite or device, else the conversation id), and only then by the connection itself.
Recognition and intent handling run one at a time on one worker thread: the decoder and the clip store are
used from that thread only.
"""

from __future__ import annotations

import asyncio
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from urllib.parse import urlparse

import numpy as np
from wyoming.asr import Transcribe, Transcript
from wyoming.audio import AudioChunk, AudioChunkConverter, AudioStart, AudioStop
from wyoming.error import Error
from wyoming.event import Event
from wyoming.handle import Handled, NotHandled
from wyoming.info import (
    AsrModel,
    AsrProgram,
    Attribution,
    Describe,
    HandleModel,
    HandleProgram,
    Info,
    TtsProgram,
    TtsVoice,
)
from wyoming.server import AsyncEventHandler, AsyncServer
from wyoming.tts import Synthesize

from intents.dialog import DialogState

from .assistant import Assistant
from .audio import RATE
from .frontend import prepare
from .tts import Synthesizer

logger = logging.getLogger(__name__)

VERSION = "1.0"
ATTRIBUTION = Attribution(name="Home Clips", url="")
CONVERSATION_IDLE_S = 300.0
"""A client's conversation (and any question waiting for a yes) is forgotten after this long without a turn."""
MAX_AUDIO_S = 30.0
"""Audio beyond this in one `transcribe` request is dropped."""
CHUNK_SAMPLES = 1024


class WyomingAddressError(ValueError):
    """`--wyoming` is not a usable tcp:// (or unix://) address."""


def check_uri(uri: str) -> str:
    """The URI if the Wyoming server can listen there, else WyomingAddressError."""
    parsed = urlparse(uri)
    if parsed.scheme == "tcp" and parsed.hostname and parsed.port:
        return uri
    if parsed.scheme == "unix" and parsed.path:
        return uri
    raise WyomingAddressError(f"--wyoming {uri!r}: use tcp://HOST:PORT (e.g. tcp://127.0.0.1:10700)")


@dataclass
class Conversations:
    """DialogState per client key, forgotten after `idle_s` without a turn."""

    idle_s: float = CONVERSATION_IDLE_S
    states: dict[str, tuple[DialogState, float]] = field(default_factory=dict)

    def get(self, key: str, now: float) -> DialogState:
        state, seen = self.states.get(key, (None, 0.0))
        if state is None or now - seen > self.idle_s:
            return DialogState()
        return state

    def put(self, key: str, state: DialogState, now: float) -> None:
        self.states = {k: v for k, v in self.states.items() if now - v[1] <= self.idle_s}
        self.states[key] = (state, now)


def client_key(context: dict | None, connection: str) -> str:
    """Who is talking: the satellite/device the context names, else its conversation, else the connection."""
    context = context or {}
    for name in ("satellite_id", "device_id", "conversation_id"):
        if context.get(name):
            return f"{name}:{context[name]}"
    return f"connection:{connection}"


def describe(voices: list[str]) -> Info:
    """What Home Assistant's Wyoming integration discovers: asr, handle and (if any voice) tts."""
    asr = AsrProgram(
        name="home-clips-asr",
        description="Home Clips speech recognition (offline, catalogue only)",
        attribution=ATTRIBUTION,
        installed=True,
        version=VERSION,
        models=[
            AsrModel(
                name="pocketsphinx-catalogue",
                description="PocketSphinx en-us, catalogue grammar",
                attribution=ATTRIBUTION,
                installed=True,
                version=VERSION,
                languages=["en"],
            )
        ],
    )
    handle = HandleProgram(
        name="home-clips",
        description="Home Clips: ask about your camera recordings",
        attribution=ATTRIBUTION,
        installed=True,
        version=VERSION,
        models=[
            HandleModel(
                name="home-clips-intents",
                description="Home Clips intents",
                attribution=ATTRIBUTION,
                installed=True,
                version=VERSION,
                languages=["en"],
            )
        ],
    )
    tts = (
        [
            TtsProgram(
                name="home-clips-tts",
                description="Home Clips answers",
                attribution=ATTRIBUTION,
                installed=True,
                version=VERSION,
                voices=[
                    TtsVoice(
                        name=v,
                        description=f"{v} voice",
                        attribution=ATTRIBUTION,
                        installed=True,
                        version=VERSION,
                        languages=["en"],
                    )
                    for v in voices
                ],
            )
        ]
        if voices
        else []
    )
    return Info(asr=[asr], handle=[handle], tts=tts)


class Service:
    """The shared part of every connection: the assistant, its worker thread, the conversations."""

    def __init__(self, assistant: Assistant, synthesizer: Synthesizer | None) -> None:
        self.assistant = assistant
        self.synthesizer = synthesizer
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="voice")
        self.conversations = Conversations()
        self.heard: dict[str, tuple[str, np.ndarray]] = {}
        """The last words transcribed for each client, with their audio: a yes heard there may be checked."""
        self.info = describe(synthesizer.voices if synthesizer else [])

    async def run(self, fn, *args):
        """Run on the worker thread (one thing at a time)."""
        return await asyncio.get_running_loop().run_in_executor(self.worker, partial(fn, *args))

    def transcribe(self, key: str, samples: np.ndarray) -> str:
        """The words of `key`'s utterance: within the answers to its pending question, if one is pending."""
        state = self.conversations.get(key, time.monotonic())
        prepared = prepare(samples)
        heard = self.assistant.recognize(prepared, state, prepared=True)
        self.heard[key] = (heard.text, prepared)
        return heard.text  # the words go back as heard, sure or not; doubt matters when acting (`answer`)

    def answer(self, key: str, text: str) -> tuple[str, bool]:
        """The spoken answer to `text` in `key`'s conversation, and whether a command was understood."""
        now = time.monotonic()
        state = self.conversations.get(key, now)
        said, samples = self.heard.pop(key, ("", None))
        # Home Assistant sends speech (ours or its own recogniser's): a yes that may be a misheard refusal is
        # checked against the audio when we transcribed it, else asked again
        outcome, state = self.assistant.read_in(
            state, "wyoming", text, speak=False, heard=True, samples=samples if said == text else None
        )
        self.conversations.put(key, state, now)
        return outcome.speech or "", outcome.intent is not None or state.pending is not None


class Connection(AsyncEventHandler):
    """One client connection."""

    def __init__(self, service: Service, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.service = service
        self.peer = f"{id(self):x}"
        self.converter = AudioChunkConverter(rate=RATE, width=2, channels=1)
        self.audio: list[bytes] | None = None
        self.context: dict | None = None

    async def handle_event(self, event: Event) -> bool:
        try:
            return await self._handle(event)
        except Exception as exc:
            logger.exception("wyoming: %s failed", event.type)
            await self.write_event(Error(text=f"{event.type} failed: {exc}", code="home-clips-error").event())
            return True

    async def _handle(self, event: Event) -> bool:
        if Describe.is_type(event.type):
            await self.write_event(self.service.info.event())
        elif Transcribe.is_type(event.type):
            self.context = Transcribe.from_event(event).context
            self.audio = []
        elif AudioStart.is_type(event.type):
            self.audio = [] if self.audio is None else self.audio
        elif AudioChunk.is_type(event.type):
            if self.audio is not None and sum(map(len, self.audio)) < MAX_AUDIO_S * RATE * 2:
                self.audio.append(self.converter.convert(AudioChunk.from_event(event)).audio)
        elif AudioStop.is_type(event.type):
            if self.audio is not None:
                samples = np.frombuffer(b"".join(self.audio), dtype=np.int16)
                self.audio = None
                key = client_key(self.context, self.peer)
                text = await self.service.run(self.service.transcribe, key, samples) if len(samples) else ""
                await self.write_event(Transcript(text=text, language="en", context=self.context).event())
        elif Transcript.is_type(event.type):
            request = Transcript.from_event(event)
            key = client_key(request.context, self.peer)
            speech, understood = await self.service.run(self.service.answer, key, request.text)
            reply = Handled if understood else NotHandled
            await self.write_event(reply(text=speech, context=request.context).event())
        elif Synthesize.is_type(event.type):
            await self._synthesize(Synthesize.from_event(event))
        else:
            logger.debug("wyoming: ignoring %s", event.type)
        return True

    async def _synthesize(self, request: Synthesize) -> None:
        synthesizer = self.service.synthesizer
        if synthesizer is None:
            await self.write_event(Error(text="no text-to-speech here", code="no-tts").event())
            return
        voice = request.voice.name if request.voice and request.voice.name else None
        rate, pcm = await self.service.run(synthesizer.synthesize, request.text, voice)
        await self.write_event(AudioStart(rate=rate, width=2, channels=1).event())
        step = CHUNK_SAMPLES * 2
        for offset in range(0, len(pcm), step):
            await self.write_event(
                AudioChunk(rate=rate, width=2, channels=1, audio=pcm[offset : offset + step]).event()
            )
        await self.write_event(AudioStop().event())


async def serve(uri: str, service: Service, ready: asyncio.Event | None = None) -> None:
    """Listen on `uri` until cancelled."""
    server = AsyncServer.from_uri(check_uri(uri))
    logger.info("wyoming: serving asr, handle%s on %s", ", tts" if service.synthesizer else "", uri)
    await server.start(partial(Connection, service))
    if ready is not None:
        ready.set()
    try:
        await asyncio.Event().wait()
    finally:
        await server.stop()
