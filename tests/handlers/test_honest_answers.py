"""Honest answers: a camera that cannot tell a label says so instead of "no" (one camera, and all cameras, some
of which can tell and some not). Run against both clip-service implementations and both storage backends."""

from __future__ import annotations

import pytest
from talk import NOW, Conversation, day_query

from clipstore import ClipQuery
from intents.handlers import handle

DETECTOR = ("person", "animal", "vehicle")  # what the clip labeller can give: never packages
EVERYTHING = ("person", "animal", "vehicle", "package")


def can_tell(store, household, camera: str, source: str, labels: tuple[str, ...]) -> None:
    """Say that `source` labels this camera's clips and can give `labels` (as ingest and the Frigate importer do)."""
    store.label_sources.note_can_tell(store.cameras.row_id(household.id, camera), source, labels, int(store.now()))


def never_seen(store, household, label: str, camera: str | None = None) -> None:
    """Take `label` off every clip of a camera (or all cameras), as a person would on the clip page."""
    for clip in store.clips.page(household.id, ClipQuery(camera=camera, label=label), limit=500)[0]:
        store.label_sources.correct(household.id, clip.id, [x for x in clip.labels if x != label], int(store.now()))


def today(store, household, *cameras: str) -> int:
    return sum(store.clips.count(household.id, day_query(0, camera)) for camera in cameras)


def test_a_camera_that_cannot_tell_says_so_instead_of_no(service, store, household):
    never_seen(store, household, "package", "garage")
    talk = Conversation(service)
    assert (
        talk.say("any packages at the garage today").speech == "I found no clips from the garage today with a package."
    )  # nothing known about its source: as before
    can_tell(store, household, "garage", "nanodet", DETECTOR)
    clips = today(store, household, "garage")
    assert clips > 1
    expected = f"The garage camera can't tell packages; it has {clips} clips today."
    assert talk.say("any packages at the garage today").speech == expected
    assert talk.say("how many clips with a package from the garage today").speech == expected
    every = store.clips.count(household.id, ClipQuery(camera="garage"))
    assert (
        talk.say("show me the garage clip with a package").speech
        == f"The garage camera can't tell packages; it has {every} clips."
    )
    assert talk.say("show me the garage clip with a package").display is None


def test_a_camera_that_can_tell_still_says_no(service, store, household):
    never_seen(store, household, "vehicle", "garage")
    can_tell(store, household, "garage", "nanodet", DETECTOR)
    assert (
        Conversation(service).say("did a car come to the garage today").speech
        == "I found no clips from the garage today with a vehicle."
    )


def test_frigate_that_detects_packages_answers_plainly(service, store, household):
    never_seen(store, household, "package", "front_door")
    can_tell(store, household, "front_door", "nanodet", DETECTOR)
    can_tell(store, household, "front_door", "frigate", EVERYTHING)  # any of its sources that can tell will do
    assert (
        Conversation(service).say("any packages at the front door today").speech
        == "I found no clips from the front door today with a package."
    )


def test_all_cameras_where_some_cannot_tell(service, store, household):
    never_seen(store, household, "package")
    can_tell(store, household, "front_door", "frigate", EVERYTHING)
    can_tell(store, household, "garage", "nanodet", DETECTOR)
    can_tell(store, household, "driveway", "hog", ("person",))
    # the backyard and the living room: no known source, taken at their clips' word
    blind = today(store, household, "garage", "driveway")
    talk = Conversation(service)
    assert talk.say("any deliveries today").speech == (
        f"I found no clips today with a package, but the garage and driveway cameras can't tell packages;"
        f" they have {blind} clips today."
    )
    assert talk.say("how many deliveries today").speech == (
        f"There are no clips today with a package, but the garage and driveway cameras can't tell packages;"
        f" they have {blind} clips today."
    )
    vehicles = store.clips.count(
        household.id, ClipQuery(label="vehicle", after=day_query(0).after, before=day_query(0).before)
    )
    driveway = today(store, household, "driveway")
    assert vehicles > 0 and driveway > 0
    assert talk.say("how many clips with a vehicle today").speech == (
        f"You have {vehicles} clip{'s' if vehicles != 1 else ''} today with a vehicle. "
        f"The driveway camera can't tell vehicles; it has {driveway} clip{'s' if driveway != 1 else ''} today."
    )


def test_no_camera_can_tell(service, store, household):
    never_seen(store, household, "package")
    for camera in ("front_door", "backyard", "garage", "living_room", "driveway"):
        can_tell(store, household, camera, "nanodet", DETECTOR)
    clips = store.clips.count(household.id, day_query(0))
    assert (
        Conversation(service).say("were there any deliveries today").speech
        == f"None of your cameras can tell packages; they have {clips} clips today."
    )


def test_a_camera_without_clips_in_the_span_says_that_too(service, store, household):
    can_tell(store, household, "garage", "nanodet", DETECTOR)
    reply, _ = handle(service, "CountClips", {"camera": "garage", "label": "package", "date": "2026-11-03"}, now=NOW)
    assert reply.speech == "The garage camera can't tell packages, and it has no clips on November 3."


def test_nothing_is_deleted_for_a_label_the_camera_cannot_tell(service, store, household):
    never_seen(store, household, "package", "garage")
    can_tell(store, household, "garage", "nanodet", DETECTOR)
    total = store.clips.count(household.id, ClipQuery())
    talk = Conversation(service)
    reply = talk.say("delete the garage clips with a package from today")
    clips = today(store, household, "garage")
    assert reply.speech == f"The garage camera can't tell packages; it has {clips} clips today."
    assert not reply.expect_reply and talk.state.pending is None
    assert talk.say("yes").speech == "There's nothing waiting for a yes right now."
    assert store.clips.count(household.id, ClipQuery()) == total


@pytest.mark.parametrize("text", ["what happened at the garage today", "how many clips from the garage today"])
def test_questions_without_a_label_are_unchanged(service, store, household, text):
    can_tell(store, household, "garage", "nanodet", DETECTOR)
    assert "can't tell" not in Conversation(service).say(text).speech
