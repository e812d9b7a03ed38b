"""Issue 17, by voice: answers to a pending question, heard within the answers only, and refusals that change
nothing; references after a list and clock times, said by synthesised voices (hibari, espeak-ng)."""

from __future__ import annotations

import subprocess

import pytest
from voice_helpers import NOW_DT, TZ

from clipstore import ClipQuery, ClipStore
from intents.confirm import AGAIN
from intents.store_service import StoreClipService
from local_voice.assistant import Assistant
from local_voice.audio import read_wav
from local_voice.domain import REPLIES
from local_voice.engines.pocketsphinx_engine import PocketSphinxRecognizer
from local_voice.engines.second_opinion import SecondOpinion
from local_voice.engines.whisper_engine import WhisperRecognizer
from local_voice.tts import Silent


@pytest.fixture(scope="module")
def recognizer():
    both = SecondOpinion(PocketSphinxRecognizer(), WhisperRecognizer())
    yield both
    both.close()


@pytest.fixture(scope="module")
def voices(tmp_path_factory):
    """{(voice, text): samples}: hibari (natural) and espeak-ng (robotic)."""
    from hibari import Hibari

    tts = Hibari(voice="heart")
    folder = tmp_path_factory.mktemp("replies")
    out = {}
    texts = [
        "undo that",
        "yes",
        "no",
        "what happened at the front door today",
        "show me the second one",
        "how many clips after eight am today",
    ]
    for i, text in enumerate(texts):
        tts.save(text, str(folder / f"h{i}.wav"), seed=3)
        out[("hibari", text)] = read_wav(folder / f"h{i}.wav")
        subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(folder / f"e{i}.wav"), text], check=True)
        out[("espeak", text)] = read_wav(folder / f"e{i}.wav")
    return out


@pytest.fixture
def assistant(store_dir, recognizer):
    store = ClipStore(store_dir)
    household = store.households.all()[0]
    service = StoreClipService.open(store, household.id, channel="voice")
    helper = Assistant(service, lambda: store.cameras.all(household.id), Silent(), TZ, lambda: NOW_DT, recognizer)
    yield helper, store, household
    store.close()


@pytest.mark.parametrize("voice", ["hibari", "espeak"])
def test_spoken_undo_refuses_and_changes_nothing(assistant, voices, voice):
    helper, store, household = assistant
    total = store.clips.count(household.id, ClipQuery())
    assert helper.read("text", "delete today's recordings").speech.startswith("Delete ")
    heard = helper.hear("undo.wav", voices[(voice, "undo that")])
    if heard.intent is None:  # heard as "do that", or the recognisers disagree: asked again, still pending
        assert heard.speech.startswith(AGAIN) and helper.state.pending is not None
        heard = helper.hear("no.wav", voices[(voice, "no")])
    assert heard.intent in ("No", "RestoreClips") and heard.speech == "Okay, I won't delete anything."
    assert store.clips.count(household.id, ClipQuery()) == total and helper.state.pending is None


def test_while_a_question_is_pending_the_recogniser_hears_only_answers(assistant, voices, recognizer):
    helper, _store, _household = assistant
    helper.read("text", "delete today's recordings")
    helper.recognize(voices[("hibari", "no")], helper.state)
    assert recognizer.domain.mode == REPLIES
    assert helper.hear("no.wav", voices[("espeak", "no")]).intent == "No"
    helper.recognize(voices[("hibari", "no")], helper.state)
    assert recognizer.domain.mode != REPLIES  # nothing pending any more: the whole catalogue again


def test_a_yes_that_may_be_a_refusal_is_asked_again(assistant, voices):
    helper, store, household = assistant
    total = store.clips.count(household.id, ClipQuery())
    question = helper.read("text", "delete today's recordings").speech
    again, helper.state = helper.read_in(helper.state, "wyoming", "do that", heard=True)  # no audio to check
    assert again.speech == f"{AGAIN} {question}" and again.intent is None
    assert store.clips.count(household.id, ClipQuery()) == total and helper.state.pending is not None
    done = helper.hear("yes.wav", voices[("hibari", "yes")])
    assert done.intent == "Yes" and done.speech.startswith("Done. I deleted")
    assert store.clips.count(household.id, ClipQuery()) < total
    typed, _ = helper.read_in(helper.state, "text", "do that")  # typed, and nothing pending: no question
    assert typed.speech == "There's nothing waiting for a yes right now."


@pytest.mark.parametrize("voice", ["hibari", "espeak"])
def test_spoken_reference_after_a_spoken_list(assistant, voices, voice):
    helper, _store, _household = assistant
    listed = helper.hear("list.wav", voices[(voice, "what happened at the front door today")])
    assert listed.intent == "ListClips"
    shown = helper.hear("second.wav", voices[(voice, "show me the second one")])
    assert shown.display["clip_id"] == helper.state.results[1]


def test_spoken_clock_time(assistant, voices):
    helper, _, _ = assistant
    heard = helper.hear("time.wav", voices[("hibari", "how many clips after eight am today")])
    assert (heard.intent, heard.slots) == ("CountClips", {"from_time": "08:00", "date": "2026-11-24"})
    assert "after 8 am" in heard.speech
