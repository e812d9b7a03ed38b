"""Vosk: finding a model (never downloading one), the message when there is none, the phrase list."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from voice_helpers import ROOT, run_cli

from clipstore.demo import DEMO_CAMERAS
from clipstore.models import Camera
from local_voice.domain import domain_for
from local_voice.engines import EngineUnavailable, make_engine
from local_voice.engines.pocketsphinx_engine import PocketSphinxRecognizer
from local_voice.engines.vosk_engine import VoskRecognizer, find_model, is_model

DEMO = tuple(Camera(slug, name, syns) for slug, name, syns in DEMO_CAMERAS)


@pytest.fixture
def no_models(monkeypatch, tmp_path):
    """No VOSK_MODEL_PATH, an empty home: vosk's own cache folders are empty."""
    monkeypatch.delenv("VOSK_MODEL_PATH", raising=False)
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path / "home"))
    monkeypatch.setattr("local_voice.engines.vosk_engine._cache_dirs", lambda: [tmp_path / "home" / ".cache/vosk"])
    return tmp_path


def fake_model(path: Path) -> Path:
    (path / "am").mkdir(parents=True)
    (path / "conf").mkdir()
    return path


def test_no_model_is_one_clear_line(no_models):
    with pytest.raises(EngineUnavailable) as info:
        find_model(None)
    message = str(info.value)
    assert "\n" not in message
    assert "vosk-model-small-en-us-0.15" in message and "VOSK_MODEL_PATH" in message and "--model" in message
    with pytest.raises(EngineUnavailable, match="no Vosk model in"):
        find_model(no_models / "missing")


def test_models_are_found_where_vosk_keeps_them(no_models, monkeypatch):
    model = fake_model(no_models / "models" / "vosk-model-small-en-us-0.15")
    assert is_model(model)
    monkeypatch.setenv("VOSK_MODEL_PATH", str(model))  # a model itself
    assert find_model(None) == model
    monkeypatch.setenv("VOSK_MODEL_PATH", str(model.parent))  # a folder of models
    assert find_model(None) == model
    assert find_model(model) == model


def test_pocketsphinx_is_the_default_without_a_vosk_model(no_models):
    assert isinstance(make_engine(None, second_opinion="off"), PocketSphinxRecognizer)
    assert isinstance(make_engine(None).primary, PocketSphinxRecognizer)  # with Whisper as its second opinion
    with pytest.raises(EngineUnavailable):
        make_engine("vosk")


def test_cli_says_where_to_put_a_model(tmp_path, speech):
    env = {k: v for k, v in os.environ.items() if k != "VOSK_MODEL_PATH"}
    env["HOME"] = str(tmp_path)
    import subprocess
    import sys

    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "local_voice",
            "--engine",
            "vosk",
            "--parse-only",
            "--json",
            "--wav",
            str(speech[("natural", "yes")]),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert "VOSK_MODEL_PATH" in proc.stderr


class FakeModel:
    """Knows every word but 'lounge'."""

    def find_word(self, word: str) -> int:
        return -1 if word == "lounge" else 1


def test_phrase_list_has_sentences_words_and_unk():
    recognizer = VoskRecognizer.__new__(VoskRecognizer)
    recognizer.model = FakeModel()
    domain = domain_for(DEMO)
    phrases = recognizer.phrases(domain)
    assert phrases[-1] == "[unk]"
    assert "garage" in phrases and "doorbell" in phrases  # every single word, cameras included
    assert "lounge" not in phrases and not any("lounge" in p.split() for p in phrases)
    sentences = [p for p in phrases if " " in p]
    assert len(sentences) > 500
    assert all(domain.accepts(s) for s in sentences[:200])  # sampled from the catalogue: they parse
    nursery = recognizer.phrases(domain_for((*DEMO, Camera("nursery", "Nursery"))))
    assert "nursery" in nursery


@pytest.mark.skipif(
    not (os.environ.get("VOSK_MODEL_PATH") and is_model(Path(os.environ["VOSK_MODEL_PATH"]))),
    reason="set VOSK_MODEL_PATH to a Vosk model directory to run the real Vosk test",
)
def test_real_vosk_model(speech):
    proc = run_cli(
        "--engine",
        "vosk",
        "--parse-only",
        "--json",
        "--now",
        "2026-11-24T15:00:00",
        "--tz",
        "America/New_York",
        "--wav",
        str(speech[("natural", "delete")]),
        str(speech[("natural", "ood")]),
    )
    assert proc.returncode == 0, proc.stderr
    import json

    delete, ood = [json.loads(line) for line in proc.stdout.splitlines()]
    assert delete["intent"] == "DeleteClips" and delete["slots"] == {"date": "2026-11-24"}
    assert ood["intent"] is None
