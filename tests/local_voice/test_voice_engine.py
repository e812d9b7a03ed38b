"""The PocketSphinx engine in process: real speech, rebuilt grammars for new cameras, the wake phrase."""

from __future__ import annotations

import numpy as np
import pytest

from clipstore.demo import DEMO_CAMERAS
from clipstore.models import Camera
from local_voice.audio import fill_gaps, read_wav
from local_voice.domain import domain_for
from local_voice.engines.pocketsphinx_engine import PocketSphinxRecognizer
from local_voice.frontend import prepare

DEMO = tuple(Camera(slug, name, syns) for slug, name, syns in DEMO_CAMERAS)
NURSERY = (*DEMO, Camera("nursery", "Nursery"))


@pytest.fixture(scope="module")
def engine():
    recognizer = PocketSphinxRecognizer()
    recognizer.set_domain(domain_for(DEMO))
    return recognizer


@pytest.fixture(scope="module")
def said(tmp_path_factory):
    from hibari import Hibari

    tts = Hibari(voice="heart")
    folder = tmp_path_factory.mktemp("said")
    out = {}
    for key, text in {
        "nursery": "show the nursery clip",
        "wake": "hey camera",
        "other": "what's the weather like",
        "garage": "how many clips from the garage",
    }.items():
        tts.save(text, str(folder / f"{key}.wav"), seed=3)
        out[key] = read_wav(folder / f"{key}.wav")
    return out


def test_natural_speech_is_understood(engine, said):
    text = engine.transcribe(prepare(said["garage"])).text
    assert domain_for(DEMO).parser.parse(text).slots == {"camera": "garage"}, text


def test_a_new_camera_is_recognised_after_the_cameras_change(engine, said):
    before = engine.transcribe(prepare(said["nursery"])).text
    assert "nursery" not in before.split()
    engine.set_domain(domain_for(NURSERY))
    try:
        after = engine.transcribe(prepare(said["nursery"])).text
        assert domain_for(NURSERY).parser.parse(after).slots == {"camera": "nursery"}, after
    finally:
        engine.set_domain(domain_for(DEMO))
    assert engine.key == domain_for(DEMO).key


def test_out_of_domain_speech_is_not_made_a_command(engine, said):
    text = engine.transcribe(prepare(said["other"])).text
    assert domain_for(DEMO).parser.parse(text).intent is None, text


def hears_wake(engine, samples: np.ndarray) -> bool:
    engine.wake_start()
    for offset in range(0, len(samples), 480):  # 30 ms, as the microphone delivers them
        if engine.wake_feed(samples[offset : offset + 480]):
            return True
    engine.wake_stop()
    return False


def test_wake_phrase_spotting(engine, said):
    engine.set_wake("hey camera")
    assert hears_wake(engine, said["wake"])
    assert not hears_wake(engine, said["other"])
    assert not hears_wake(engine, said["garage"])
    assert engine.transcribe(prepare(said["garage"])).text  # the command search still works afterwards


def test_digital_silence_inside_speech_is_filled_outside_left_alone():
    samples = np.array([0] * 400 + [500, -500] * 100 + [0] * 400 + [500, -500] * 100 + [0] * 400, dtype=np.int16)
    filled = fill_gaps(samples, start=400, end=len(samples) - 400)
    assert (filled[:400] == 0).all() and (filled[-400:] == 0).all()
    assert (filled[600:1000] != 0).any() and np.abs(filled[600:1000]).max() <= 5
