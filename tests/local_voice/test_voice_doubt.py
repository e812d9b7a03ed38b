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
    service = StoreClipService.open(store, household, channel="voice")
    return Assistant(service, service.cameras, Silent(), TZ, lambda: NOW_DT), store


def garage_recording(store: ClipStore) -> bool:
    household = store.households.all()[0].id
    return next(c for c in store.cameras.all(household) if c.id == "garage").recording


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


def test_a_heard_camera_the_household_lacks_is_a_mishearing():
    from local_voice.build import demo_cameras
    from local_voice.domain import domain_for
    from local_voice.understand import understand

    domain = domain_for(tuple(demo_cameras()))
    typed = understand(domain, "what happened at work today", now=NOW_DT, tz=TZ)
    assert typed.result.intent == "ListClips" and typed.result.slots["camera"] == "work"  # typed: a helpful answer
    heard = understand(domain, "what happened at work today", now=NOW_DT, tz=TZ, heard=True)
    assert heard.result.intent is None
    known = understand(domain, "what happened in the garage today", now=NOW_DT, tz=TZ, heard=True)
    assert known.result.slots["camera"] == "garage"


def test_heard_digits_nobody_asked_for_are_no_command(store_dir, tmp_path):
    from hibari import Hibari

    from local_voice.audio import read_wav
    from local_voice.engines import make_engine

    Hibari(voice="heart").save("one two three four", str(tmp_path / "code.wav"), seed=2)
    assistant, store = assistant_over(store_dir)
    assistant.recognizer = make_engine("pocketsphinx", second_opinion="off")
    heard, _ = assistant.hear_in(assistant.state, "mic", read_wav(tmp_path / "code.wav"), speak=False)
    assert heard.transcript == "one two three four"  # a voice code's words, but no code was asked for
    assert heard.intent is None
    typed, _ = assistant.read_in(assistant.state, "mic", "one two three four", speak=False)
    assert typed.intent == "VoiceCode"  # typed (or via Home Assistant's own recogniser): the handler answers
    store.close()
