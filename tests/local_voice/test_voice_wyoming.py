"""`python -m local_voice --wyoming tcp://127.0.0.1:PORT`: the real server, spoken to with the `wyoming` client."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import time
import wave
from pathlib import Path

import pytest
from test_voice_loop import counts
from voice_helpers import NOW, ROOT, TZ
from wyoming.asr import Transcribe, Transcript
from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.client import AsyncTcpClient
from wyoming.handle import Handled, NotHandled
from wyoming.info import Describe, Info
from wyoming.tts import Synthesize


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(demo_template, tmp_path_factory):
    """One server over a private copy of the demo store: (port, data dir)."""
    import shutil

    data = tmp_path_factory.mktemp("wyoming") / "data"
    shutil.copytree(demo_template, data)
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "local_voice",
            "--wyoming",
            f"tcp://127.0.0.1:{port}",
            "--data",
            str(data),
            "--now",
            NOW,
            "--tz",
            TZ,
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"server exited {proc.returncode}: {proc.stderr.read()[-2000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("the Wyoming server did not start listening")
    yield port, data
    proc.terminate()
    proc.wait(timeout=10)


def talk(port: int, *events, until) -> list:
    """Send events on one connection; read until an event of a type in `until` (a tuple of classes)."""

    async def go():
        async with AsyncTcpClient("127.0.0.1", port) as client:
            for event in events:
                await client.write_event(event)
            got = []
            while True:
                event = await asyncio.wait_for(client.read_event(), timeout=30)
                assert event is not None, "connection closed"
                got.append(event)
                if any(kind.is_type(event.type) for kind in until):
                    return got

    return asyncio.run(go())


def wav_events(path: Path, context: dict | None = None) -> list:
    """A WAV file as transcribe + audio-start/chunk/stop, at the file's own rate (the server converts)."""
    with wave.open(str(path)) as wav:
        rate, width, channels = wav.getframerate(), wav.getsampwidth(), wav.getnchannels()
        pcm = wav.readframes(wav.getnframes())
    step = 2048
    chunks = [
        AudioChunk(rate=rate, width=width, channels=channels, audio=pcm[i : i + step]).event()
        for i in range(0, len(pcm), step)
    ]
    return [
        Transcribe(language="en", context=context).event(),
        AudioStart(rate=rate, width=width, channels=channels).event(),
        *chunks,
        AudioStop().event(),
    ]


def transcribe(port: int, path: Path) -> str:
    events = talk(port, *wav_events(path), until=(Transcript,))
    return Transcript.from_event(events[-1]).text


def say(port: int, text: str, context: dict) -> tuple[bool, str]:
    """A `transcript` to the handle service: (handled?, the answer)."""
    event = talk(port, Transcript(text=text, context=context).event(), until=(Handled, NotHandled))[-1]
    reply = (Handled if Handled.is_type(event.type) else NotHandled).from_event(event)
    return Handled.is_type(event.type), reply.text or ""


def test_describe_announces_asr_handle_and_tts(server):
    port, _ = server
    info = Info.from_event(talk(port, Describe().event(), until=(Info,))[-1])
    assert info.asr and info.asr[0].installed and "en" in info.asr[0].models[0].languages
    assert info.handle and info.handle[0].installed and "en" in info.handle[0].models[0].languages
    assert info.tts and {v.name for v in info.tts[0].voices} >= {"espeak"}


def test_a_wav_in_gives_the_transcript(server, speech):
    port, _ = server
    text = transcribe(port, speech[("natural", "count")])  # 24 kHz hibari speech, converted by the server
    assert text.split() == ["how", "many", "clips", "today"], text


def test_spoken_delete_then_yes_deletes_todays_clips_and_only_for_that_client(server, speech):
    port, data = server
    today, total = counts(data)
    assert today > 0
    alice, bob = {"satellite_id": "kitchen"}, {"satellite_id": "hall"}
    heard = transcribe(port, speech[("natural", "delete")])
    handled, answer = say(port, heard, alice)
    assert handled and f"Delete {today} clips" in answer, (heard, answer)
    assert say(port, "yes", bob)[1].startswith("There's nothing waiting")  # another satellite cannot confirm it
    assert counts(data) == (today, total)
    handled, answer = say(port, transcribe(port, speech[("natural", "yes")]), alice)  # a new connection
    assert handled and "deleted" in answer.lower(), answer
    assert counts(data) == (0, total - today)


def test_speech_not_for_us_is_not_handled(server, speech):
    port, data = server
    before = counts(data)
    handled, answer = say(port, transcribe(port, speech[("natural", "ood")]), {"conversation_id": "x1"})
    assert not handled and answer
    assert counts(data) == before


def test_tts_speaks_the_answer(server):
    port, _ = server
    events = talk(port, Synthesize(text="You have three clips today.").event(), until=(AudioStop,))
    start = AudioStart.from_event(next(e for e in events if AudioStart.is_type(e.type)))
    audio = b"".join(AudioChunk.from_event(e).audio for e in events if AudioChunk.is_type(e.type))
    assert start.width == 2 and start.channels == 1
    assert 0.8 < len(audio) / 2 / start.rate < 5  # about a second and a half of speech
