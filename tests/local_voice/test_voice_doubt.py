"""When the recogniser is unsure, a command that changes something is asked about ("Did you mean ...?"), never done."""
from __future__ import annotations

from voice_helpers import NOW_DT, TZ

from clipstore import ClipStore
from intents.store_service import StoreClipService
from local_voice.assistant import Assistant
from local_voice.tts import Silent


def assistant_over(data) -> tuple[Assistant, ClipStore]:
    store = ClipStore(data)
    household = store.households.all()[0].id
    service = StoreClipService(store, household, channel="voice", actor="test")
    return Assistant(service, service.cameras, Silent(), TZ, lambda: NOW_DT), store


def garage_recording(store: ClipStore) -> bool:
    household = store.households.all()[0].id
    return next(c for c in store.cameras.list(household) if c.id == "garage").recording


def test_an_unsure_change_is_asked_about_and_done_only_after_yes(store_dir):
    assistant, store = assistant_over(store_dir)
    state = assistant.state
    asked, state = assistant.read_in(state, "mic", "stop recording the garage", speak=False, sure=False)
    assert asked.intent is None and asked.speech == "Did you mean: stop recording the garage?"
    assert garage_recording(store)
    done, state = assistant.read_in(state, "mic", "yes", speak=False)
    assert done.intent == "SetRecording" and "off" in done.speech
    assert not garage_recording(store)
    store.close()


def test_no_or_anything_else_drops_the_suggestion(store_dir):
    assistant, store = assistant_over(store_dir)
    state = assistant.state
    _, state = assistant.read_in(state, "mic", "stop recording the garage", speak=False, sure=False)
    answer, state = assistant.read_in(state, "mic", "no", speak=False)
    assert answer.speech == "Okay." and state.pending is None
    _, state = assistant.read_in(state, "mic", "stop recording the garage", speak=False, sure=False)
    _, state = assistant.read_in(state, "mic", "how many clips today", speak=False)
    late, state = assistant.read_in(state, "mic", "yes", speak=False)
    assert late.speech.startswith("There's nothing waiting")
    assert garage_recording(store)
    store.close()


def test_an_unsure_question_is_simply_answered(store_dir):
    assistant, store = assistant_over(store_dir)
    answer, _ = assistant.read_in(assistant.state, "mic", "how many clips today", speak=False, sure=False)
    assert answer.intent == "CountClips" and "clips today" in answer.speech
    store.close()
