"""Handlers that read: ListClips, CountClips, ShowClip."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from clipstore.models import Clip

from ..clock import parse_hhmm
from ..speech import (
    LABEL_WORDS,
    camera_name,
    clock,
    describe_clip,
    filter_words,
    join_words,
    plural,
)
from .common import FILTER_SLOTS, Reply, Turn, ask
from .refer import referred

LIST_LIMIT = 50
SPOKEN_ITEMS = 3


def _display(clip: Clip) -> dict:
    return {"clip_id": clip.id, "video_url": clip.video_url, "thumbnail_url": clip.thumbnail_url}


def list_clips(turn: Turn, slots: dict) -> Reply:
    """'3 clips from the front door today: at 2:15 pm with a person, ...'."""
    query = turn.query(slots)
    words = filter_words(slots, turn.cameras, turn.today)
    total = turn.service.count_clips(query)
    if total == 0:
        return Reply(f"I found no clips{words.sentence_tail()}.")
    clips = turn.service.list_clips(query, limit=LIST_LIMIT)
    turn.state.read_out(clips, SPOKEN_ITEMS)
    items = []
    for clip in clips[:SPOKEN_ITEMS]:
        where = "" if slots.get("camera") else f"{camera_name(turn.cameras, clip.camera)} "
        others = [label for label in clip.labels if label != slots.get("label")]  # the head names the asked one
        labels = f" with {join_words([LABEL_WORDS[label] for label in others])}" if others else ""
        items.append(f"{where}at {clock(clip.started_at, turn.tz)}{labels}".strip())
    head = f"{plural(total, 'clip')}{words.sentence_tail()}"
    if total <= SPOKEN_ITEMS:
        return Reply(f"{head}: {'; '.join(items)}.")
    return ask(f"{head}. The latest: {'; '.join(items)}. Say show the next one to go through them.",
               "Say show the next one to go through them, or ask for something else.")


def count_clips(turn: Turn, slots: dict) -> Reply:
    """'You have 7 clips from the garage yesterday.'"""
    query = turn.query(slots)
    words = filter_words(slots, turn.cameras, turn.today)
    total = turn.service.count_clips(query)
    if total == 0:
        return Reply(f"There are no clips{words.sentence_tail()}.")
    return Reply(f"You have {plural(total, 'clip')}{words.sentence_tail()}.")


def _step(turn: Turn, which: str) -> Clip | Reply:
    results = turn.state.results
    if not results:
        return ask("There's no list to go through yet. Which clips would you like? For example: what happened today?",
                   "Which clips would you like? For example: what happened today?")
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
        clip = turn.focus_clip()
        if clip is None:
            return ask("No clip is open right now. Which one would you like? For example: show the latest clip.",
                       "Which clip would you like? For example: show the latest clip.")
    else:
        query = turn.query(slots)
        clips = turn.service.list_clips(query, limit=LIST_LIMIT, oldest_first=(which == "first"))
        if not clips:
            return Reply(f"I found no clips{filter_words(slots, turn.cameras, turn.today).sentence_tail()}.")
        moment = parse_hhmm(slots.get("time"))
        if moment is not None and which is None:  # "the front door at 3 pm": the clip nearest that time
            clips.sort(key=lambda c: _distance(c, moment, turn.tz))
        turn.state.remember([c.id for c in clips], 0)
        clip = turn.service.get_clip(clips[0].id)
    turn.state.focus = clip.id
    return Reply(f"Here's {describe_clip(clip, turn.cameras, turn.tz, turn.today)}.", display=_display(clip))
