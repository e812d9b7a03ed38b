"""Answers that describe: what each clip shows and when, without repeating the label the question named; short
for long lists. Run against both clip-service implementations and both storage backends."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from talk import TZ, Conversation, day_query

from clipstore import ClipQuery

WORDS = {"person": "a person", "animal": "an animal", "vehicle": "a vehicle", "package": "a package"}


def at(clip) -> str:
    local = clip.started_at.astimezone(ZoneInfo(TZ))
    return f"at {local.hour % 12 or 12}:{local.minute:02d} {'am' if local.hour < 12 else 'pm'}"


def seen(clip) -> str:
    return " and ".join(WORDS[label] for label in clip.labels) or "motion"


def joined(items: list[str]) -> str:
    return " and ".join(items) if len(items) <= 2 else ", ".join(items[:-1]) + ", and " + items[-1]


def test_one_camera_today_each_clip_described(service, store, household):
    clips = store.clips.page(household.id, day_query(0, "front_door"))[0]
    assert 1 < len(clips) <= 3
    reply = Conversation(service).say("what happened at the front door today")
    assert reply.speech == (
        f"{len(clips)} clips from the front door today: {joined([f'{seen(c)} {at(c)}' for c in clips])}."
    )


def test_a_named_label_is_not_repeated_for_each_clip(service, store, household):
    query = day_query(0)
    package = ClipQuery(label="package", after=query.after, before=query.before)
    first = store.clips.page(household.id, package)[0][0]
    store.label_sources.correct(household.id, first.id, ["package", "person"], int(store.now()))  # and a person
    clips = store.clips.page(household.id, package)[0]
    assert 1 < len(clips) <= 3 and clips[0].labels == ("person", "package")
    reply = Conversation(service).say("were there any deliveries today")
    assert reply.speech.startswith(f"{len(clips)} clips today with a package: ")
    assert reply.speech.count("package") == 1
    for clip in clips:
        others = [WORDS[x] for x in clip.labels if x != "package"]
        item = f"{at(clip)} on the {clip.camera.replace('_', ' ')} camera" + (
            f" with {' and '.join(others)} too" if others else ""
        )
        assert item in reply.speech


def test_a_long_list_says_how_many_and_describes_the_latest_few(service, store, household):
    clips = store.clips.page(household.id, day_query(0))[0]
    assert len(clips) > 3
    reply = Conversation(service).say("what happened today")
    items = [f"{seen(c)} on the {c.camera.replace('_', ' ')} camera {at(c)}" for c in clips[:3]]
    assert reply.speech == (
        f"{len(clips)} clips today. The latest: {joined(items)}. Say show the next one to go through them."
    )
    assert reply.expect_reply


def test_a_clip_without_labels_is_motion(service, store, household):
    clips = store.clips.page(household.id, day_query(0, "front_door"))[0]
    store.label_sources.correct(household.id, clips[0].id, [], int(store.now()))
    reply = Conversation(service).say("what happened at the front door today")
    assert f": motion {at(clips[0])}, " in reply.speech


def test_clips_from_several_days_say_the_day_when_it_changes(service, store, household):
    clips = store.clips.page(household.id, ClipQuery(camera="garage", label="person"))[0][:3]
    reply = Conversation(service).say("any people at the garage")
    spoken = re.search(r"The latest: (.*)\. Say", reply.speech).group(1)
    days = [c.started_at.astimezone(ZoneInfo(TZ)).date() for c in clips]
    assert len(set(days)) > 1
    said = re.findall(r"(today|yesterday|on \w+day|on \w+ \d+)? ?at \d+:\d\d [ap]m", spoken)
    assert len(said) == 3
    for n in range(3):
        assert bool(said[n]) == (n == 0 or days[n] != days[n - 1]), spoken
    assert said[0] in ("today", "yesterday") or said[0].startswith("on ")
