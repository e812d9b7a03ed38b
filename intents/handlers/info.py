"""Handlers that explain: AccessLog, Help, and the no-match answer."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from clipstore import AuditEvent

from ..dates import describe_date
from ..service import CameraState
from ..speech import camera_name, clock, day_words, join_words, plural, times_word
from .common import Reply, Turn, ask

VIEW_ACTIONS = ("view", "play", "share_open")  # a thumbnail in a list is not an opening
CHANNEL_WORDS = {
    "web": "on the web page",
    "api": "through the clip API",
    "alexa": "through Alexa",
    "voice": "by voice",
    "wyoming": "through a voice satellite",
    "share": "through a share link",
    "share-link": "through a support share link",
    "system": "by the system",
}
"""How each audit channel is said (`share-link` and `system`: older entries and the server's own)."""


def _who(event: AuditEvent, me: str | None) -> str:
    """'you', 'Sam', 'someone' (a share link's opener), or a former member's id as words."""
    if event.actor == me:
        return "you"
    if event.channel in ("share", "share-link") or event.actor.startswith("share:"):
        return "someone"
    return event.actor_name or event.actor.replace("_", " ").capitalize()


def _how(event: AuditEvent) -> str:
    return CHANNEL_WORDS.get(event.channel, f"through {event.channel}")


def access_log(turn: Turn, slots: dict) -> Reply:
    """'Sam watched the garage clip from 4:19 pm, through Alexa.' / 'Your clips were opened 3 times today, 2 clips
    in all: Sam twice through Alexa and you once by voice. Most recently, ...'. Reads the audit log (as the store's
    door shows it to the caller: a member limited to some cameras hears only theirs); listing the log is not itself
    a view of any clip."""
    query = turn.query({k: slots[k] for k in ("camera", "date") if slots.get(k)})
    events = [
        e
        for e in turn.service.access_log(camera=query.camera, after=query.after, before=query.before)
        if e.action in VIEW_ACTIONS
    ]
    when = f" {describe_date(slots['date'], None, turn.today)}" if slots.get("date") else ""
    scope = f"{camera_name(turn.cameras, query.camera)} clips" if query.camera else "clips"
    if not events:
        return Reply(f"Nobody has opened your {scope}{when}.")
    me = turn.service.me()
    last = events[0]
    said = f"{_who(last, me)} watched the {_clip_words(turn, last)}, {_how(last)}."
    if len(events) == 1:  # "Yesterday, Sam watched the garage clip from Sunday at 4:19 pm, through Alexa."
        said = f"{when.strip()}, {said}" if when else said
        return Reply(said[:1].upper() + said[1:])
    by_whom = Counter((_who(e, me), _how(e)) for e in events)
    how = join_words([f"{who} {times_word(n)} {channel}" for (who, channel), n in by_whom.most_common()])
    clips = {e.clip_id for e in events}
    if len(clips) == 1:
        return Reply(f"Your {_clip_words(turn, last)} was opened {times_word(len(events))}{when}: {how}.")
    return Reply(
        f"Your {scope} were opened {times_word(len(events))}{when}, {plural(len(clips), 'clip')} in all: "
        f"{how}. Most recently, {said}"
    )


def _clip_words(turn: Turn, event: AuditEvent) -> str:
    """'front door clip from 2:15 pm' from what the audit event recorded."""
    name = camera_name(turn.cameras, event.camera).removeprefix("the ") if event.camera else "camera"
    started = (event.detail or {}).get("started_at")
    if not started:
        return f"{name} clip"
    moment = datetime.fromisoformat(started.replace("Z", "+00:00"))
    day = day_words(moment, turn.tz, turn.today).removeprefix("on ")
    return f"{name} clip from {'' if day == 'today' else day + ' at '}{clock(moment, turn.tz)}"


def _stream_words(state: CameraState, name: str) -> str:
    """The sentence about a camera's stream, with a leading space: " The garage's stream is connected." or
    " But the garage's stream is not connected (why) ..."; '' without a stream."""
    if not state.stream or not state.camera.recording:
        return ""
    if state.connected:
        return f" {name[:1].upper()}{name[1:]}'s stream is connected."
    why = f" ({state.error.rstrip('.')[:80]})" if state.error else ""
    return f" But {name}'s stream is not connected{why}, so nothing new is being recorded."


def camera_status(turn: Turn, slots: dict) -> Reply:
    """'Recording is on for the garage, and its stream is connected.' / 'The garage is off; the other four are
    recording.' Each camera's recording state (privacy mode) and, for one that records a stream, its connection."""
    camera = turn.check_camera(slots.get("camera"))
    states = turn.service.camera_states()
    if camera is not None:
        state = next(s for s in states if s.camera.id == camera)
        name = camera_name(turn.cameras, camera)
        if not state.camera.recording:
            return Reply(f"Recording is off for {name}: privacy mode, nothing from it is stored.")
        return Reply(f"Recording is on for {name}.{_stream_words(state, name)}")
    if not states:
        return Reply("You have no cameras yet.")
    off = [camera_name(turn.cameras, s.camera.id) for s in states if not s.camera.recording]
    on = [camera_name(turn.cameras, s.camera.id) for s in states if s.camera.recording]
    if not off:
        head = "Your camera is recording." if len(on) == 1 else f"All {len(on)} cameras are recording."
    elif not on:
        head = "Your camera is off." if len(off) == 1 else f"All {len(off)} cameras are off, in privacy mode."
    else:
        head = (
            f"{join_words(off).capitalize()} {'is' if len(off) == 1 else 'are'} off; "
            f"{join_words(on)} {'is' if len(on) == 1 else 'are'} recording."
        )
    streams = "".join(_stream_words(s, camera_name(turn.cameras, s.camera.id)) for s in states)
    return Reply(head + streams)


def help_(turn: Turn, slots: dict) -> Reply:
    """What people can say."""
    return ask(
        "You can ask: what happened at the front door today, how many clips from the garage yesterday, "
        "show the latest clip, or delete today's recordings. What would you like?",
        "What would you like? For example: what happened today?",
    )


def fallback(turn: Turn, slots: dict) -> Reply:
    """Nothing matched: say so politely, and what does work."""
    return ask(
        "Sorry, I can't help with that. I can find, show and delete your camera clips. "
        "What would you like to know? For example: what happened today?",
        "What would you like to know about your clips? For example: what happened today?",
    )
