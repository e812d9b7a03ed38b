"""Handlers that change things (always said back), and the confirmation turns."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from clipstore import ClipQuery, NeedsConfirmation, retention_cutoff

from ..dialog import Pending, query_from_dict, query_to_dict
from ..speech import camera_name, describe_clip, filter_words, plural
from . import code, share
from .common import FILTER_SLOTS, Reply, Turn, ask
from .refer import referred
from .tell import nothing_found

MAX_IDS_IN_SESSION = 100


def _ask(turn: Turn, action: str, query: ClipQuery, count: int, question: str) -> Reply:
    turn.state.pending = Pending(action, query_to_dict(query), count, question)
    return Reply(question, expect_reply=True)


def delete_clips(turn: Turn, slots: dict) -> Reply:
    """Ask before deleting, naming what will go: 'Delete 7 clips from today, from all cameras?'."""
    which = slots.get("which")
    filters = {k: slots[k] for k in FILTER_SLOTS if slots.get(k)}
    found = referred(turn, slots, turn.ref)
    if isinstance(found, Reply):
        return found
    if found is not None:  # "delete the second one": ask, naming that clip
        desc = describe_clip(found, turn.cameras, turn.tz, turn.today)
        return _ask(turn, "delete", ClipQuery(ids=(found.id,)), 1, f"Delete {desc}?")
    if (which == "this" and not filters) or (which in ("next", "previous") and not filters):
        clip = turn.focus_clip()
        if clip is None:
            return ask(
                "Which clip? Open one first, for example: show the latest clip, then say delete this clip.",
                "Which clip should I delete? For example: delete the latest clip.",
            )
        desc = describe_clip(clip, turn.cameras, turn.tz, turn.today)
        return _ask(turn, "delete", ClipQuery(ids=(clip.id,)), 1, f"Delete {desc}?")
    query = turn.query(filters)
    if which in ("latest", "first"):
        clips = turn.service.list_clips(query, limit=1, oldest_first=(which == "first"))
        if not clips:
            words = filter_words(filters, turn.cameras, turn.today)
            return Reply(
                nothing_found(turn, query, words.when, f"There are no clips{words.sentence_tail()} to delete.")
            )
        desc = describe_clip(clips[0], turn.cameras, turn.tz, turn.today)
        return _ask(turn, "delete", ClipQuery(ids=(clips[0].id,)), 1, f"Delete {desc}?")
    count = turn.service.count_clips(query)
    words = filter_words(filters, turn.cameras, turn.today)
    if count == 0:
        return Reply(nothing_found(turn, query, words.when, f"There are no clips{words.sentence_tail()} to delete."))
    if count <= MAX_IDS_IN_SESSION:  # name exactly these clips, so one arriving meanwhile is not taken too
        ids = [c.id for c in turn.service.list_clips(query, limit=MAX_IDS_IN_SESSION)]
        query = ClipQuery(ids=tuple(ids))
        count = len(ids)
    when = f" from {words.when.removeprefix('on ')}" if words.when else ""
    where = f"from {words.camera}" if words.camera else "from all cameras"
    label = f" with {words.label}" if words.label else ""
    between = ", " if when or label else " "  # "Delete 9 clips from the driveway?"
    return _ask(turn, "delete", query, count, f"Delete {plural(count, 'clip')}{when}{label}{between}{where}?")


def yes(turn: Turn, slots: dict) -> Reply:
    """Carry out what is pending, exactly as it was described; with a voice code set, ask for it first."""
    pending = turn.state.pending
    turn.state.pending = None
    if pending is None:
        return Reply("There's nothing waiting for a yes right now.")
    if pending.awaiting_code or code.needs_code(turn, pending):
        return code.ask_for_code(turn, pending)
    return carry_out(turn, pending)


def voice_code(turn: Turn, slots: dict) -> Reply:
    """The code after the yes: right, the action happens; wrong, ask again; the third wrong one locks."""
    pending = turn.state.pending
    turn.state.pending = None
    if pending is None or not pending.awaiting_code:
        return Reply("There's nothing waiting for a voice code right now.")
    result = turn.service.check_voice_code(str(slots.get("code") or ""))
    if result.ok:
        return carry_out(turn, pending)
    if result.locked_until is not None:
        return code.locked(turn, result.locked_until)
    turn.state.pending = pending
    tries = "one more try" if result.attempts_left == 1 else f"{result.attempts_left} more tries"
    return ask(f"That code isn't right. You have {tries}. {code.ASK_CODE}", code.ASK_AGAIN)


def carry_out(turn: Turn, pending: Pending) -> Reply:
    """Do what was asked and confirmed, exactly as it was described."""
    if pending.action == "recording":
        return _recording_done(
            turn, turn.service.set_recording(pending.query["camera"], bool(pending.query["recording"]))
        )
    if pending.action == "delete":
        deleted = turn.service.delete_clips(query_from_dict(pending.query))
        turn.state.forget(set(pending.query.get("ids") or ()))
        if deleted == 0:
            return Reply("Those clips were already gone; nothing was deleted.")
        return Reply(
            f"Done. I deleted {plural(deleted, 'clip')}. If that was a mistake, say undo in the next few minutes."
        )
    if pending.action == "retention":
        change = turn.service.set_retention(int(pending.query["days"]), confirm=True)
        days = plural(change.household.retention_days, "day")
        if not change.trashed:
            return Reply(f"Okay. I'll keep clips for {days}, then delete them automatically.")
        return Reply(
            f"Done. I'll keep clips for {days}. I deleted {plural(change.trashed, 'older clip')};"
            " if that was a mistake, say undo in the next few minutes to bring them back"
            " with the old setting."
        )
    if pending.action == "share":
        return share.share_now(turn, pending)
    return Reply("Okay.")


def no(turn: Turn, slots: dict) -> Reply:
    """Drop what is pending; nothing changes."""
    had = turn.state.pending
    turn.state.pending = None
    if had is not None and had.action == "delete":
        return Reply("Okay, I won't delete anything.")
    if had is not None and had.action == "retention":
        return Reply(
            f"Okay. I'll keep clips for {plural(turn.household.retention_days, 'day')}, as before. Nothing was deleted."
        )
    if had is not None and had.action == "share":
        return Reply("Okay, I won't share it. Nothing was sent anywhere.")
    if had is not None and had.action == "recording":
        return Reply("Okay, recording stays as it was.")
    return Reply("Okay.")


def cancel(turn: Turn, slots: dict) -> Reply:
    """Drop what is pending and end the conversation."""
    had = turn.state.pending
    turn.state.pending = None
    return Reply("Okay, cancelled. Nothing was changed." if had else "Okay.", end_session=True)


def stop(turn: Turn, slots: dict) -> Reply:
    """End the conversation."""
    turn.state.pending = None
    return Reply("Goodbye.", end_session=True)


def set_recording(turn: Turn, slots: dict) -> Reply:
    """Privacy mode on or off for one camera, said back."""
    camera = turn.check_camera(slots.get("camera"))
    state = slots.get("state")
    if camera is None:
        return ask(
            "Which camera? For example: stop recording the garage.",
            "Which camera should I turn recording on or off for?",
        )
    if state not in ("on", "off"):
        return ask(f"Should I turn recording on or off for {camera_name(turn.cameras, camera)}?")
    if code.required(turn):  # with a voice code, turning recording on or off asks, then wants the code
        name = camera_name(turn.cameras, camera)
        question = f"{'Turn recording back on' if state == 'on' else 'Stop recording'} for {name}?"
        turn.state.pending = Pending("recording", {"camera": camera, "recording": state == "on"}, 1, question)
        return ask(question)
    return _recording_done(turn, turn.service.set_recording(camera, state == "on"))


def _recording_done(turn: Turn, cam) -> Reply:
    name = camera_name(turn.cameras, cam.id)
    if cam.recording:
        return Reply(f"Recording is on again for {name}.")
    return Reply(f"Recording is off for {name}. Nothing from it will be stored until you turn it back on.")


def set_retention(turn: Turn, slots: dict) -> Reply:
    """Keep clips N days; if that would remove clips now, ask first, naming how many."""
    days = slots.get("days")
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 3650:
        return ask(
            "How many days should I keep clips? Say a number from 1 to 3650, for example: keep clips for 30 days.",
            "How many days should I keep clips? For example: keep clips for 30 days.",
        )
    if code.required(turn) and days < turn.household.retention_days:  # shortening asks, then wants the code
        cutoff = retention_cutoff(replace(turn.household, retention_days=days), turn.now.timestamp())
        count = turn.service.count_clips(ClipQuery(before=datetime.fromtimestamp(cutoff, UTC)))
        going = (
            f"That deletes {plural(count, 'clip')} older than {plural(days, 'day')}, from all cameras. "
            if count
            else ""
        )
        question = f"{going}Keep clips for {plural(days, 'day')} instead of {turn.household.retention_days}?"
        turn.state.pending = Pending("retention", {"days": days}, count, question)
        return ask(question)
    try:
        change = turn.service.set_retention(days)
    except NeedsConfirmation as need:
        question = (
            f"That deletes {plural(need.count, 'clip')} older than {plural(days, 'day')}, from all cameras."
            f" Keep clips for {plural(days, 'day')}?"
        )
        turn.state.pending = Pending("retention", {"days": days}, need.count, question)
        return Reply(question, expect_reply=True)
    return Reply(
        f"Okay. I'll keep clips for {plural(change.household.retention_days, 'day')}, then delete them automatically."
    )


def retention_info(turn: Turn, slots: dict) -> Reply:
    """Say the retention setting."""
    return Reply(f"I keep clips for {plural(turn.household.retention_days, 'day')}, then delete them automatically.")


def restore_clips(turn: Turn, slots: dict) -> Reply:
    """Undo the last deletion while its clips are still in the trash."""
    restored = turn.service.restore_last()
    if restored.clips == 0:
        return Reply("There's nothing to bring back. Deleted clips can be restored only for a few minutes.")
    setting = (
        f", and I'll keep clips for {plural(restored.retention_days, 'day')} again"
        if restored.retention_days is not None
        else ""
    )
    return Reply(f"Done. I brought back {plural(restored.clips, 'clip')}{setting}.")
