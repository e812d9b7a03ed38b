"""Answers read as a person would say them (issue 23's list): no stray comma, no label said twice, no missing
article. Run against both clip-service implementations."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from talk import TZ, Conversation, day_query

from clipstore import ClipQuery


def test_deleting_one_cameras_clips_asks_without_a_stray_comma(service, store, household):
    count = store.clips.count(household.id, ClipQuery(camera="driveway"))
    question = Conversation(service).say("delete the driveway clips")
    assert question.speech == f"Delete {count} clips from the driveway?"
    today = store.clips.count(household.id, day_query(0, "driveway"))
    dated = Conversation(service).say("delete today's driveway clips")
    assert dated.speech == f"Delete {today} clip{'s' if today != 1 else ''} from today, from the driveway?"


def test_a_list_by_label_does_not_repeat_the_label(service, store, household):
    query = day_query(0)
    packages = store.clips.page(
        household.id, ClipQuery(label="package", after=query.after, before=query.before), limit=50
    )[0]
    assert packages
    reply = Conversation(service).say("list today's clips with a package")
    head, _, items = reply.speech.partition(": ")
    assert head == f"{len(packages)} clip{'s' if len(packages) != 1 else ''} today with a package"
    assert "package" not in items, reply.speech  # "the living room at 7:48 am", not "... with a package" again
    first = packages[0].started_at.astimezone(ZoneInfo(TZ))
    assert f"at {first.hour % 12 or 12}:{first.minute:02d} {'am' if first.hour < 12 else 'pm'}" in items


def test_the_access_log_names_the_last_clip_with_its_article(service, store, household):
    front = store.clips.page(household.id, ClipQuery(camera="front_door"), limit=1)[0][0]
    garage = store.clips.page(household.id, ClipQuery(camera="garage"), limit=1)[0][0]
    service.get_clip(garage.id)
    service.get_clip(front.id)  # opened last
    reply = Conversation(service).say("who watched my clips")
    assert " in all: " in reply.speech
    assert ". Most recently, you watched the front door clip from " in reply.speech, reply.speech
