"""Which clip of the list just read a reference means (docs/interface.md §1's reference rule).

After a list has been read out, "the first / second / last one" count in the order read, "the latest / earliest
one" are the newest / oldest of the list, "the one at 4:19" and "the one with the car" are the clip of the list at
that time or with that label, and "that one" is the clip in focus (or the list's only clip). Without a list, or
with a camera or a day said, the words are a new query as before ("the last garage clip" is the newest one).
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from clipstore import LABELS, Clip, NotFound

from ..clock import parse_hhmm, spoken_clock
from ..references import Reference
from ..speech import LABEL_WORDS
from .common import Reply, Turn, ask

NEW_QUERY = ("camera", "date", "period", "from_time", "to_time")
"""Slots that make the words a new query rather than a reference to the list."""
NEAR_MINUTES = 5
ASK_WHICH = "Which one? Say the first one, the second one or the last one."
NO_LIST = "There's no list to pick from yet. Ask what happened first, for example: what happened today?"


def _local_minutes(entry: list, tz: str) -> int:
    moment = datetime.fromtimestamp(entry[1] * 60, UTC).astimezone(ZoneInfo(tz))
    return moment.hour * 60 + moment.minute


def _at_time(entries: list[list], minutes: int, tz: str) -> list[list]:
    """Entries at that clock time (either half of the day: the words may have had no am/pm), else within a few
    minutes of it, nearest first."""

    def gap(entry: list) -> int:
        diff = abs(_local_minutes(entry, tz) - minutes) % (12 * 60)
        return min(diff, 12 * 60 - diff)

    exact = [e for e in entries if gap(e) == 0]
    if exact:
        exact.sort(key=lambda e: _local_minutes(e, tz) != minutes)  # the very reading said first
        return exact
    return sorted((e for e in entries if gap(e) <= NEAR_MINUTES), key=gap)


def _pick(entries: list[list], ref: Reference | None, which: str | None) -> list | None:
    if not entries:
        return None
    if ref is not None and ref.position is not None:
        index = ref.position - 1 if ref.position > 0 else len(entries) + ref.position
        return entries[index] if 0 <= index < len(entries) else None
    newest = (
        ref.newest if ref is not None and ref.newest is not None else {"latest": True, "first": False}.get(which or "")
    )
    if newest is not None:
        return (max if newest else min)(entries, key=lambda e: e[1])
    return entries[0]


def referred(turn: Turn, slots: dict, ref: Reference | None) -> Clip | Reply | None:
    """The clip of the list just read that the words mean; a Reply when they mean the list but no clip of it
    fits (or it is unclear which); None when they are not a reference to it (then they are a new query)."""
    state = turn.state
    which = slots.get("which")
    position = ref.position if ref is not None else None
    one = bool(ref and ref.one)
    if not state.listed:
        if position is not None and position not in (1, -1):
            return ask(NO_LIST, NO_LIST)
        return None
    if any(slots.get(k) for k in NEW_QUERY) or which in ("next", "previous"):
        return None
    time_said, label = parse_hhmm(slots.get("time")), slots.get("label")
    entries = list(state.listed)
    if position is not None and position > len(entries) and time_said is None and label is None:
        if position <= len(state.results):  # said beyond the clips read out, still in the list's order
            return _clip(turn, state.results[position - 1])
        return Reply(
            f"There {'was' if len(state.results) == 1 else 'were'} only "
            f"{len(state.results)} {'clip' if len(state.results) == 1 else 'clips'} in that list."
        )
    if which == "this" and position is None and time_said is None and label is None:
        if state.focus:
            return _clip(turn, state.focus)
        return _clip(turn, entries[0][0]) if len(entries) == 1 else ask(ASK_WHICH, ASK_WHICH)
    if time_said is None and label is None and position is None and which not in ("latest", "first"):
        return ask(ASK_WHICH, ASK_WHICH) if one else None
    if label in LABELS:
        entries = [e for e in entries if e[2] & (1 << LABELS.index(label))]
    if time_said is not None:
        entries = _at_time(entries, time_said, turn.tz)
    chosen = _pick(entries, ref, which)
    if chosen is not None:
        return _clip(turn, chosen[0])
    if not one and position is None:
        return None  # "show me the clip with a car" when none of the list had one: a new query
    if position is not None and time_said is None and label is None:
        return Reply(f"There were only {len(state.listed)} clips in that list.")
    at = f"at {spoken_clock(time_said)}" if time_said is not None else ""
    if label:
        return Reply(
            " ".join(p for p in ("None of the clips I read out had", LABEL_WORDS.get(label, label), at) if p) + "."
        )
    return Reply(f"None of the clips I read out was {at}.")


def _clip(turn: Turn, clip_id: str) -> Clip | Reply:
    """The clip, now in focus, and "next" goes on from it; a Reply if it is gone."""
    try:
        clip = turn.service.get_clip(clip_id)
    except NotFound:
        return Reply("That clip is no longer there.")
    turn.state.focus = clip.id
    if clip.id in turn.state.results:
        turn.state.index = turn.state.results.index(clip.id)
    return clip
