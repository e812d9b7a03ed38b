"""The honest answers by voice: questions spoken by hibari-tts and espeak-ng go through the real recogniser and
loop (and the Wyoming server); a camera that cannot tell packages says so instead of "no", the answers describe
what the cameras saw, and each answer is spoken back (--tts-out)."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
import wave
from datetime import datetime, timedelta
from datetime import time as dtime
from pathlib import Path

import pytest
from test_voice_wyoming import free_port, say, transcribe
from voice_helpers import NOW, NOW_DT, ROOT, TZ, run_cli

from clipstore import ClipQuery, ClipStore

QUESTIONS = {"packages": "any packages at the garage today", "front": "what happened at the front door today"}
LABELS = "a person|an animal|a vehicle|a package"
ITEM = rf"({LABELS}|motion)( and ({LABELS}))* at \d+:\d\d [ap]m"


@pytest.fixture(scope="module")
def questions(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """{(voice, key): WAV} for QUESTIONS, by hibari-tts (natural) and espeak-ng (robotic, 160 wpm)."""
    from hibari import Hibari

    folder = tmp_path_factory.mktemp("honest-speech")
    tts = Hibari(voice="heart")
    out = {}
    for key, text in QUESTIONS.items():
        out[("natural", key)] = folder / f"natural-{key}.wav"
        tts.save(text, str(out[("natural", key)]), speed=1.0, seed=7)
        out[("espeak", key)] = folder / f"espeak-{key}.wav"
        subprocess.run(["espeak-ng", "-v", "en-us", "-s", "160", "-w", str(out[("espeak", key)]), text], check=True)
    return out


def blind_garage(data: Path) -> tuple[int, int]:
    """The garage's clips are labelled by the detector (no packages); (its clips today, the front door's)."""
    store = ClipStore(data)
    household = store.households.all()[0].id
    for clip in store.clips.page(household, ClipQuery(camera="garage", label="package"), 500)[0]:
        store.label_sources.correct(household, clip.id, [x for x in clip.labels if x != "package"], 0)
    store.label_sources.note_can_tell(
        store.cameras.row_id(household, "garage"), "nanodet-g/human-models-3.0.4", ("person", "animal", "vehicle"), 0
    )
    start = datetime.combine(NOW_DT.date(), dtime(0), NOW_DT.tzinfo)
    day = {"after": start, "before": start + timedelta(days=1)}
    counts = (
        store.clips.count(household, ClipQuery(camera="garage", **day)),
        store.clips.count(household, ClipQuery(camera="front_door", **day)),
    )
    store.close()
    return counts


@pytest.mark.parametrize("voice", ["natural", "espeak"])
def test_spoken_questions_get_honest_describing_answers_spoken_back(store_dir, questions, voice, tmp_path):
    garage, front = blind_garage(store_dir)
    assert garage > 1 and 1 < front <= 3
    out = tmp_path / "answers"
    proc = run_cli(
        "--wav",
        str(questions[(voice, "packages")]),
        str(questions[(voice, "front")]),
        "--data",
        str(store_dir),
        "--now",
        NOW,
        "--tz",
        TZ,
        "--json",
        "--tts-out",
        str(out),
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    blind, listed = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    assert (blind["intent"], blind["slots"]) == (
        "ListClips",
        {"camera": "garage", "label": "package", "date": "2026-11-24"},
    ), blind
    assert blind["speech"] == f"The garage camera can't tell packages; it has {garage} clips today."
    assert (listed["intent"], listed["slots"]) == ("ListClips", {"camera": "front_door", "date": "2026-11-24"})
    items = ", ".join([ITEM] * (front - 1)) + (", and " if front > 2 else " and ") + ITEM
    assert re.fullmatch(rf"{front} clips from the front door today: {items}\.", listed["speech"]), listed["speech"]
    spoken = sorted(out.glob("*.wav"))
    assert len(spoken) == 2
    for path in spoken:
        with wave.open(str(path)) as wav:
            assert wav.getnframes() / wav.getframerate() > 2.5  # a whole sentence said, not a word


@pytest.fixture
def wyoming_port(store_dir):
    """`python -m local_voice --wyoming` over the store with the garage's detector: (port, garage clips today)."""
    counts = blind_garage(store_dir)
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "local_voice",
            "--wyoming",
            f"tcp://127.0.0.1:{port}",
            "--data",
            str(store_dir),
            "--now",
            NOW,
            "--tz",
            TZ,
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    if proc.poll() is not None or time.monotonic() >= deadline:
        proc.kill()
        pytest.fail(f"the Wyoming server did not start: {proc.stderr.read()[-2000:]}")
    yield port, counts[0]
    proc.terminate()
    proc.wait(timeout=10)


def test_the_same_honest_answer_over_wyoming(wyoming_port, questions):
    port, garage = wyoming_port
    heard = transcribe(port, questions[("natural", "packages")])
    handled, answer = say(port, heard, {"satellite_id": "hall"})
    assert handled and answer == f"The garage camera can't tell packages; it has {garage} clips today.", heard
