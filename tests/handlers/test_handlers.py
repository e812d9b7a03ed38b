"""Handler behaviour, run against both clip-service implementations."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import requests
from backends import media_keys
from talk import NOW, TZ, Conversation, day_query

from clipstore import ClipQuery
from intents.handlers import handle


def test_count_today_matches_the_store(service, store, household):
    expected = store.clips.count(household.id, day_query(0))
    assert expected > 0
    reply = Conversation(service).say("how many clips do I have today")
    assert reply.speech == f"You have {expected} clips today."


def test_list_front_door_names_times_in_the_household_zone(service, store, household):
    clips, _ = store.clips.page(household.id, day_query(1, "front_door"))
    reply = Conversation(service).say("what happened at the front door yesterday")
    assert reply.speech.startswith(f"{len(clips)} clip")
    first = clips[0].started_at.astimezone(ZoneInfo(TZ))
    assert f"{first.hour % 12 or 12}:{first.minute:02d}" in reply.speech
    assert "Z" not in reply.speech and "T" not in reply.speech.split(":")[0][-3:]


def test_show_then_next_moves_through_the_list(service, store, household):
    talk = Conversation(service)
    listed = talk.say("list yesterday's recordings")
    assert "clips" in listed.speech
    ids = [c.id for c in store.clips.page(household.id, day_query(1), limit=50)[0]]
    first = talk.say("show the next one")
    second = talk.say("show the next one")
    back = talk.say("go back to the previous video")
    assert [first.display["clip_id"], second.display["clip_id"], back.display["clip_id"]] == ids[:2] + ids[:1]


def test_show_latest_gives_a_playable_signed_link_over_http(service, store, household):
    reply = Conversation(service).say("show me the latest clip from the garage")
    latest = store.clips.page(household.id, ClipQuery(camera="garage"), limit=1)[0][0]
    assert reply.display["clip_id"] == latest.id
    assert reply.speech.startswith("Here's the garage clip from")
    if reply.display["video_url"]:  # the HTTP service returns signed links; fetch one without a token
        video = requests.get(reply.display["video_url"], timeout=10)
        assert video.status_code == 200 and video.content[4:8] == b"ftyp"


def test_delete_today_needs_yes_and_takes_exactly_today(service, store, household, data_dir):
    today = store.clips.page(household.id, day_query(0), limit=500)[0]
    files = media_keys(store)
    total = store.clips.count(household.id, ClipQuery())
    talk = Conversation(service)
    question = talk.say("delete today's recordings")
    assert question.speech == f"Delete {len(today)} clips from today, from all cameras?"
    assert question.expect_reply
    assert store.clips.count(household.id, ClipQuery()) == total  # nothing before yes
    done = talk.say("yes")
    assert done.speech.startswith(f"Done. I deleted {len(today)} clips.")
    assert store.clips.count(household.id, day_query(0)) == 0
    assert store.clips.count(household.id, ClipQuery()) == total - len(today)
    assert store.clips.count(household.id, day_query(1)) > 0
    assert store.purge(now=store.now() + store.trash_grace_s + 1) == len(today)
    left = media_keys(store)
    assert len(left) == len(files) - 2 * len(today)
    assert not any(c.id in name for c in today for name in left)


def test_no_and_change_of_subject_leave_everything(service, store, household):
    total = store.clips.count(household.id, ClipQuery())
    talk = Conversation(service)
    talk.say("delete all clips from yesterday")
    assert talk.say("no").speech == "Okay, I won't delete anything."
    assert talk.say("yes").speech == "There's nothing waiting for a yes right now."
    talk.say("delete all clips from yesterday")
    talk.say("how many clips today")
    talk.say("yes")
    talk.say("delete the living room recordings")
    assert talk.say("cancel").end_session
    talk.say("yes")
    assert store.clips.count(household.id, ClipQuery()) == total


def test_delete_this_clip_after_showing_it(service, store, household):
    talk = Conversation(service)
    shown = talk.say("show the front door clip")
    question = talk.say("delete this clip")
    assert question.speech.startswith("Delete the front door clip from")
    talk.say("yes")
    assert store.clips.count(household.id, ClipQuery(ids=(shown.display["clip_id"],))) == 0


def test_unknown_camera_lists_the_real_ones(service):
    reply = Conversation(service).say("show the nursery clip")
    assert reply.speech == (
        "I don't have a camera called nursery. You have: Front Door, Backyard, Garage, Living Room and Driveway."
    )


def test_unknown_camera_slot_from_an_api_caller(service):
    reply, _ = handle(service, "CountClips", {"camera": "attic"}, now=NOW)
    assert reply.speech.startswith("I don't have a camera called attic.")


def test_nothing_found_is_said_plainly(service):
    reply = Conversation(service).say("were there any deliveries on november 3rd")
    assert reply.speech == "I found no clips on November 3 with a package."


def test_privacy_mode_and_retention_are_said_back_and_stored(service, store, household):
    talk = Conversation(service)
    assert talk.say("stop recording the living room").speech.startswith("Recording is off for the living room.")
    assert store.cameras.get(household.id, "living_room").recording is False
    assert talk.say("resume recording in the lounge").speech == "Recording is on again for the living room."
    assert talk.say("keep recordings for ninety days").speech.startswith("Okay. I'll keep clips for 90 days")
    assert store.households.get(household.id).retention_days == 90
    assert talk.say("how long do you keep my recordings").speech.startswith("I keep clips for 90 days")


def test_access_log_counts_views(service, store, household):
    talk = Conversation(service)
    assert talk.say("who watched my clips").speech == "Nobody has opened your clips."
    shown = talk.say("show the latest clip")
    clip = store.clips.get(household.id, shown.display["clip_id"])
    local = clip.started_at.astimezone(ZoneInfo(TZ))
    reply = talk.say("who watched my clips")
    channel = "by voice"  # in this process or through the API for the voice front end: spoken is voice
    name = clip.camera.replace("_", " ")
    assert reply.speech == (
        f"You watched the {name} clip from {local.hour % 12 or 12}:{local.minute:02d} "
        f"{'am' if local.hour < 12 else 'pm'}, {channel}."
    )


def test_out_of_domain_changes_nothing(service, store, household):
    total = store.clips.count(household.id, ClipQuery())
    reply = Conversation(service).say("order more paper towels")
    assert reply.speech.startswith("Sorry, I can't help with that.")
    assert store.clips.count(household.id, ClipQuery()) == total


def test_next_without_a_list_explains(service):
    assert Conversation(service).say("show the next clip").speech.startswith("There's no list to go through yet.")
