"""Issue 17 in conversation, against both clip services and both backends: references to the list just read,
clock times named in answers, camera state, and refusals that change nothing."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from talk import NOW, TZ, Conversation, day_query

from clipstore import ClipQuery
from intents.handlers import handle


def _front_door_today(store, household):
    clips, _ = store.clips.page(household.id, day_query(0, "front_door"))
    assert len(clips) == 3  # the demo household: read out one by one
    return clips


def _hhmm(clip) -> str:
    local = clip.started_at.astimezone(ZoneInfo(TZ))
    return f"{local.hour % 12 or 12}:{local.minute:02d}"


def test_references_mean_clips_of_the_list_in_the_order_read(service, store, household):
    clips = _front_door_today(store, household)  # newest first, as read
    talk = Conversation(service)
    listed = talk.say("what happened at the front door today")
    assert [listed.speech.index(_hhmm(c)) for c in clips] == sorted(listed.speech.index(_hhmm(c)) for c in clips)
    said = {
        "show me the first one": clips[0],
        "show me the second one": clips[1],
        "the third one": clips[2],
        "show me the last one": clips[2],
        "the latest one": clips[0],
        "the earliest one": clips[2],
        f"the one at {_hhmm(clips[1])}": clips[1],
        "play the one with the car": None,
    }
    for text, clip in said.items():
        if clip is None:
            continue
        assert talk.say(text).display["clip_id"] == clip.id, text
    with_label = next(c for c in clips if c.labels)
    word = {"vehicle": "car", "person": "person", "animal": "dog", "package": "package"}[with_label.labels[0]]
    assert talk.say(f"play the one with the {word}").display["clip_id"] == with_label.id


def test_delete_the_second_one_asks_naming_that_clip_and_that_means_it(service, store, household):
    clips = _front_door_today(store, household)
    talk = Conversation(service)
    talk.say("what happened at the front door today")
    question = talk.say("delete the second one")
    assert question.speech.startswith("Delete the front door clip from today at ")
    assert _hhmm(clips[1]) in question.speech
    assert talk.say("no").speech == "Okay, I won't delete anything."
    assert _hhmm(clips[1]) in talk.say("delete that").speech  # "that" is the clip just talked about
    assert talk.say("yes").speech.startswith("Done. I deleted 1 clip.")
    assert store.clips.count(household.id, ClipQuery(ids=(clips[1].id,))) == 0
    assert store.clips.count(household.id, day_query(0, "front_door")) == 2


def test_without_a_list_the_last_clip_is_the_newest(service, store, household):
    newest = store.clips.page(household.id, ClipQuery(camera="garage"), limit=1)[0][0]
    assert Conversation(service).say("show me the last garage clip").display["clip_id"] == newest.id
    talk = Conversation(service)
    assert talk.say("show me the second one").speech.startswith("There's no list to pick from yet.")


def test_a_reference_no_clip_of_the_list_fits_is_said_so(service, store, household):
    talk = Conversation(service)
    talk.say("what happened at the front door today")
    assert talk.say("show me the ninth one").speech == "There were only 3 clips in that list."
    assert talk.say("the one at 4:19").speech.startswith("None of the clips I read out was at 4:19")
    assert talk.say("delete that one").speech.startswith("Which one?")  # a list of three, nothing shown yet


def test_clock_times_filter_and_are_named(service, store, household):
    yesterday = NOW.astimezone(ZoneInfo(TZ)).date() - timedelta(days=1)
    from datetime import datetime, time

    start = datetime.combine(yesterday, time(14), ZoneInfo(TZ))
    expected = store.clips.count(household.id, ClipQuery(after=start, before=start + timedelta(hours=6)))
    reply = Conversation(service).say("how many clips between 2 and 8 pm yesterday")
    words = "There are no clips" if expected == 0 else f"You have {expected} clip"
    assert reply.speech.startswith(words) and reply.speech.endswith("yesterday between 2 pm and 8 pm.")
    clips, _ = store.clips.page(
        household.id,
        ClipQuery(camera="garage", after=start - timedelta(hours=14), before=start + timedelta(hours=10)),
        limit=50,
    )
    target = clips[len(clips) // 2].started_at.astimezone(ZoneInfo(TZ))
    shown = Conversation(service).say(
        f"show me the garage at {target.hour % 12 or 12}:{target.minute:02d} "
        f"{'am' if target.hour < 12 else 'pm'} yesterday"
    )
    assert shown.display["clip_id"] == clips[len(clips) // 2].id
    assert "one day at a time" in Conversation(service).say("how many clips last week after 9 pm").speech


def test_camera_status_names_each_state(service, store, household):
    talk = Conversation(service)
    assert talk.say("is the garage camera recording").speech == "Recording is on for the garage."
    assert talk.say("which cameras are off").speech == "All 5 cameras are recording."
    talk.say("stop recording the garage")
    assert talk.say("is the garage camera on").speech.startswith("Recording is off for the garage")
    assert talk.say("which cameras are turned off").speech.startswith("The garage is off; the front door")
    assert "I don't have a camera called attic" in talk.say("is the attic camera on").speech


def test_camera_status_says_a_streams_connection(service, store, household):
    store.cameras.set_source(household.id, "driveway", "rtsp://user:secret@192.0.2.7/stream")
    talk = Conversation(service)
    reply = talk.say("is the driveway camera on")
    assert reply.speech.startswith("Recording is on for the driveway. But the driveway's stream is not connected")
    assert "secret" not in reply.speech
    store.save_recorder_state(household.id, "driveway", {"connected": True})
    assert talk.say("is the driveway camera on").speech == (
        "Recording is on for the driveway. The driveway's stream is connected."
    )


def test_refusals_never_change_anything(service, store, household):
    total = store.clips.count(household.id, ClipQuery())
    talk = Conversation(service)
    talk.say("delete all clips from yesterday")
    talk.say("yes")
    after_first = store.clips.count(household.id, ClipQuery())
    assert after_first < total
    for refusal in ("undo that", "wait undo", "no don't", "not now", "cancel", "never mind", "stop"):
        question = talk.say("delete today's recordings")
        assert question.expect_reply
        talk.say(refusal)
        assert talk.say("yes").speech == "There's nothing waiting for a yes right now.", refusal
        assert store.clips.count(household.id, ClipQuery()) == after_first, refusal  # nothing deleted or restored
    assert talk.say("undo").speech.startswith("Done. I brought back")  # undo itself still works


def test_structured_which_after_a_list_is_newest_or_oldest(service, store, household):
    clips = _front_door_today(store, household)
    talk = Conversation(service)
    talk.say("what happened at the front door today")
    reply, talk.state = handle(service, "ShowClip", {"which": "first"}, talk.state, now=NOW)
    assert reply.display["clip_id"] == clips[-1].id
