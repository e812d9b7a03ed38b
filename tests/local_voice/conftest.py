"""Shared fixtures for the voice front end: a demo store (seeded once) and real synthesised speech."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from voice_helpers import NOW_DT, SENTENCES


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """A clip store with the demo household, seeded once per session."""
    from clipstore import ClipStore
    from clipstore.demo import seed_demo

    path = tmp_path_factory.mktemp("demo-template") / "data"
    store = ClipStore(path)
    seed_demo(store, now=NOW_DT)
    store.close()
    return path


@pytest.fixture
def store_dir(demo_template, tmp_path) -> Path:
    """A private copy of the demo store for one test."""
    target = tmp_path / "data"
    shutil.copytree(demo_template, target)
    return target


@pytest.fixture(scope="session")
def speech(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """{(voice, key): WAV} for SENTENCES, spoken by hibari-tts (natural) and espeak-ng (robotic), once."""
    from hibari import Hibari

    folder = tmp_path_factory.mktemp("speech")
    tts = Hibari(voice="heart")
    out: dict[tuple[str, str], Path] = {}
    for key, text in SENTENCES.items():
        natural = folder / f"natural-{key}.wav"
        tts.save(text, str(natural), speed=1.0, seed=7)
        robotic = folder / f"espeak-{key}.wav"
        subprocess.run(["espeak-ng", "-v", "en-us", "-w", str(robotic), text], check=True)  # 175 wpm
        out[("natural", key)] = natural
        out[("espeak", key)] = robotic
    return out
