"""Short, natural answers: counts, times in the household's zone, camera names, filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from clipstore import Camera, Clip

from .clock import time_words
from .dates import describe_date

LABEL_WORDS = {"person": "a person", "animal": "an animal", "vehicle": "a vehicle", "package": "a package"}
LABEL_PLURALS = {"person": "people", "animal": "animals", "vehicle": "vehicles", "package": "packages"}
NOTHING_LABELLED = "motion"
"""What a clip without labels is said to show ('motion at 9:49 am')."""
NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def plural(n: int, word: str, words: str | None = None) -> str:
    """'1 clip', '7 clips'."""
    return f"{n} {word if n == 1 else (words or word + 's')}"


def times_word(n: int) -> str:
    """'once', 'twice', '3 times'."""
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def join_words(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def clock(moment: datetime, tz: str) -> str:
    """'2:15 pm' in the household's zone."""
    local = moment.astimezone(ZoneInfo(tz))
    return f"{local.hour % 12 or 12}:{local.minute:02d} {'am' if local.hour < 12 else 'pm'}"


def day_words(moment: datetime, tz: str, today: date) -> str:
    """'today', 'yesterday', 'on Saturday', 'on November 3'."""
    local = moment.astimezone(ZoneInfo(tz)).date()
    delta = (today - local).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "yesterday"
    if 1 < delta < 7:
        return f"on {local:%A}"
    return f"on {local:%B} {local.day}"


def camera_name(cameras: list[Camera], camera_id: str) -> str:
    """A camera's display name as said in a sentence ('the front door')."""
    for cam in cameras:
        if cam.id == camera_id:
            return f"the {cam.name.lower()}"
    return camera_id.replace("_", " ")


def cameras_phrase(cameras: list[Camera], camera_ids: list[str]) -> str:
    """'the garage camera', 'the garage and driveway cameras' (a name that already says camera is not doubled)."""
    names = []
    for camera_id in camera_ids:
        name = camera_name(cameras, camera_id).removeprefix("the ")
        for suffix in (" camera", " cam"):
            name = name.removesuffix(suffix)
        names.append(name)
    return f"the {join_words(names)} {'camera' if len(names) == 1 else 'cameras'}"


def list_items(items: list[str]) -> str:
    """'a', 'a and b', 'a, b, and c' (the last comma keeps 'a person and a vehicle at 4 pm' one item)."""
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]


def clip_item(clip: Clip, tz: str, *, named_label: str | None = None, on_camera: str = "", day: str = "") -> str:
    """One clip of a list as heard: 'a person at 4:19 pm', 'a person and a vehicle at 5:51 pm', 'motion at 9:49 am'.

    When the question named a label (`named_label`), it is not said again: 'at 4:19 pm', and other labels as
    'at 5:51 pm with a person too'. `on_camera` ('the garage camera') says where, for lists across cameras;
    `day` ('yesterday', 'on Saturday') which day, for lists across days.
    """
    where = f" on {on_camera}" if on_camera else ""
    when = f"{day} at {clock(clip.started_at, tz)}" if day else f"at {clock(clip.started_at, tz)}"
    if named_label is not None:
        others = [LABEL_WORDS.get(label, label) for label in clip.labels if label != named_label]
        return f"{when}{where}" + (f" with {join_words(others)} too" if others else "")
    seen = join_words([LABEL_WORDS.get(label, label) for label in clip.labels]) or NOTHING_LABELLED
    return f"{seen}{where} {when}"


def describe_clip(clip: Clip, cameras: list[Camera], tz: str, today: date) -> str:
    """'the front door clip from today at 2:15 pm, with a person'."""
    labels = join_words([LABEL_WORDS.get(label, label) for label in clip.labels])
    day = day_words(clip.started_at, tz, today).removeprefix("on ")
    text = f"{camera_name(cameras, clip.camera)} clip from {day} at {clock(clip.started_at, tz)}"
    return f"{text}, with {labels}" if labels else text


@dataclass(frozen=True)
class FilterWords:
    """The parts of a spoken description of a clip filter."""

    when: str
    camera: str
    label: str

    def sentence_tail(self) -> str:
        """' from the garage today with a person' (words for the filters that were given)."""
        parts = [
            p for p in (self.camera and f"from {self.camera}", self.when, self.label and f"with {self.label}") if p
        ]
        return (" " + " ".join(parts)) if parts else ""


def filter_words(slots: dict, cameras: list[Camera], today: date) -> FilterWords:
    """Words for the filters in `slots`."""
    when = (
        describe_date(slots.get("date"), slots.get("period"), today)
        if (slots.get("date") or slots.get("period"))
        else ""
    )
    when = " ".join(part for part in (when, time_words(slots)) if part)
    camera = camera_name(cameras, slots["camera"]) if slots.get("camera") else ""
    label = LABEL_WORDS.get(slots.get("label", ""), "")
    return FilterWords(when, camera, label)


_SAID_BACK = {
    "ListClips": "what happened",
    "CountClips": "how many clips",
    "ShowClip": "show the {which}clip",
    "DeleteClips": "delete the {which}clips",
    "ShareClip": "share the {which}clip with support",
    "RestoreClips": "undo the last deletion",
    "RevokeShares": "stop sharing my clips",
    "AccessLog": "who watched my clips",
    "RetentionInfo": "how long are clips kept",
    "Help": "help",
    "Yes": "yes",
    "No": "no",
    "Cancel": "cancel",
    "Stop": "stop",
}
_WHICH_WORDS = {"latest": "latest ", "first": "first ", "next": "next ", "previous": "previous ", "this": "this "}


def said_back(intent: str, slots: dict, cameras: list[Camera], today: date) -> str:
    """A plain sentence for an intent and its slots, for "Did you mean: ...?" ('delete the clips from the garage
    yesterday', 'stop recording the garage', 'keep clips for 7 days')."""
    camera = camera_name(cameras, slots["camera"]) if slots.get("camera") else ""
    if intent == "SetRecording":
        if slots.get("state") == "on":
            return f"turn {camera or 'the cameras'} back on"
        return f"stop recording {camera or 'the cameras'}"
    if intent == "SetRetention":
        return f"keep clips for {plural(int(slots.get('days') or 0), 'day')}"
    if intent == "CameraStatus":
        return f"is {camera} recording" if camera else "which cameras are recording"
    head = _SAID_BACK.get(intent, intent).format(which=_WHICH_WORDS.get(slots.get("which", ""), ""))
    if intent in ("ListClips", "CountClips", "ShowClip", "DeleteClips", "ShareClip"):
        return head + filter_words(slots, cameras, today).sentence_tail()
    return head
