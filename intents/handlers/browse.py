"""Handlers that read: ListClips, CountClips, ShowClip."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from clipstore import Clip, ClipQuery

from ..clock import parse_hhmm
from ..speech import cameras_phrase, clip_item, day_words, describe_clip, filter_words, list_items, plural
from .common import FILTER_SLOTS, Reply, Turn, ask
from .refer import referred
from .tell import also_blind, nothing_found, sentence

LIST_LIMIT = 50
SPOKEN_ITEMS = 3


def _display(clip: Clip) -> dict:
    return {"clip_id": clip.id, "video_url": clip.video_url, "thumbnail_url": clip.thumbnail_url}


def list_clips(turn: Turn, slots: dict) -> Reply:
    """'3 clips from the front door today: a person at 4:19 pm, a vehicle at 3:51 pm, and an animal at 9:49 am.'

    A label the question named is not said again for each clip; a long list says how many and the latest few.
    Where a camera asked about cannot tell the label, the answer says so (see `tell`).
    """
    query = turn.query(slots)
    words = filter_words(slots, turn.cameras, turn.today)
    total = turn.service.count_clips(query)
    if total == 0:
        return Reply(nothing_found(turn, query, words.when, f"I found no clips{words.sentence_tail()}."))
    clips = turn.service.list_clips(query, limit=LIST_LIMIT)
    turn.state.read_out(clips, SPOKEN_ITEMS)
    items = _items(turn, slots, query, clips[:SPOKEN_ITEMS])
    head = f"{plural(total, 'clip')}{words.sentence_tail()}"
    if total <= SPOKEN_ITEMS:
        note = also_blind(turn, query, words.when)
        return Reply(f"{head}: {items}." + (f" {sentence(note)}" if note else ""))
    note = also_blind(turn, query, words.when, short=True)
    return ask(
        f"{head}{f'; {note}' if note else ''}. The latest: {items}. Say show the next one to go through them.",
        "Say show the next one to go through them, or ask for something else.",
    )


def _items(turn: Turn, slots: dict, query: ClipQuery, clips: list[Clip]) -> str:
    """The clips read out, described: what was seen, where (unless one camera was asked about), and which day
    unless the question named that one day (or named none and they are today's); a day is said again only when
    it changes ('a person today at 2:06 pm, a vehicle at 7:48 am, and an animal yesterday at 9:10 pm')."""
    zone = ZoneInfo(turn.tz)
    days = [clip.started_at.astimezone(zone).date() for clip in clips]
    date = slots.get("date") or ""
    plain = {turn.today} if not date else ({days[0]} if len(date) == 10 else set())  # days needing no word
    say_day = set(days) != plain if plain else True
    items = []
    for n, clip in enumerate(clips):
        day = day_words(clip.started_at, turn.tz, turn.today) if say_day and (n == 0 or days[n] != days[n - 1]) else ""
        items.append(
            clip_item(
                clip,
                turn.tz,
                named_label=query.label,
                day=day,
                on_camera="" if query.camera else cameras_phrase(turn.cameras, [clip.camera]),
            )
        )
    return list_items(items)


def count_clips(turn: Turn, slots: dict) -> Reply:
    """'You have 7 clips from the garage yesterday.' ('The garage camera can't tell packages; it has 3 clips
    today.' when it cannot tell the label asked about.)"""
    query = turn.query(slots)
    words = filter_words(slots, turn.cameras, turn.today)
    total = turn.service.count_clips(query)
    if total == 0:
        return Reply(nothing_found(turn, query, words.when, f"There are no clips{words.sentence_tail()}."))
    note = also_blind(turn, query, words.when)
    return Reply(f"You have {plural(total, 'clip')}{words.sentence_tail()}." + (f" {sentence(note)}" if note else ""))


def _step(turn: Turn, which: str) -> Clip | Reply:
    results = turn.state.results
    if not results:
        return ask(
            "There's no list to go through yet. Which clips would you like? For example: what happened today?",
            "Which clips would you like? For example: what happened today?",
        )
    index = turn.state.index + (1 if which == "next" else -1)
    if index >= len(results):
        return Reply("That was the last clip in the list.")
    if index < 0:
        return Reply("That was the first clip in the list.")
    turn.state.index = index
    turn.state.focus = results[index]
    return turn.service.get_clip(results[index])


def _distance(clip: Clip, minutes: int, tz: str) -> int:
    local = clip.started_at.astimezone(ZoneInfo(tz))
    gap = abs(local.hour * 60 + local.minute - minutes)
    return min(gap, 24 * 60 - gap)


def _from_recordings(turn: Turn, slots: dict, query: ClipQuery) -> Clip | None:
    """'The driveway at 3 pm' with no clip near: the continuous recording then, where the server has one."""
    if not (slots.get("camera") and slots.get("time")) or slots.get("label") or slots.get("which"):
        return None
    if query.camera is None or query.after is None or query.before is None:
        return None
    return turn.service.recording_near(query.camera, query.after + (query.before - query.after) / 2)


def show_clip(turn: Turn, slots: dict) -> Reply:
    """Show one clip: the latest/first matching, the next/previous of the last list, or the one in focus."""
    which = slots.get("which")
    found = referred(turn, slots, turn.ref)
    if isinstance(found, Reply):
        return found
    if found is not None:
        clip = found
    elif which in ("next", "previous"):
        found = _step(turn, which)
        if isinstance(found, Reply):
            return found
        clip = found
    elif which == "this" and not any(slots.get(k) for k in FILTER_SLOTS):
        focused = turn.focus_clip()
        if focused is None:
            return ask(
                "No clip is open right now. Which one would you like? For example: show the latest clip.",
                "Which clip would you like? For example: show the latest clip.",
            )
        clip = focused
    else:
        query = turn.query(slots)
        clips = turn.service.list_clips(query, limit=LIST_LIMIT, oldest_first=(which == "first"))
        if not clips:
            recorded = _from_recordings(turn, slots, query)
            if recorded is not None:
                turn.state.focus = recorded.id
                what = describe_clip(recorded, turn.cameras, turn.tz, turn.today)
                return Reply(
                    f"Nothing was detected then. Here's {what}, from the continuous recording.",
                    display=_display(recorded),
                )
            words = filter_words(slots, turn.cameras, turn.today)
            return Reply(nothing_found(turn, query, words.when, f"I found no clips{words.sentence_tail()}."))
        moment = parse_hhmm(slots.get("time"))
        if moment is not None and which is None:  # "the front door at 3 pm": the clip nearest that time
            clips.sort(key=lambda c: _distance(c, moment, turn.tz))
        turn.state.remember([c.id for c in clips], 0)
        clip = turn.service.get_clip(clips[0].id)
    turn.state.focus = clip.id
    return Reply(f"Here's {describe_clip(clip, turn.cameras, turn.tz, turn.today)}.", display=_display(clip))
