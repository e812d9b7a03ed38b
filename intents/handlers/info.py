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
    "web": "on the web page", "api": "through the API", "alexa": "through Alexa", "voice": "by voice",
    "share-link": "through a support share link", "system": "by the system",
}


def access_log(turn: Turn, slots: dict) -> Reply:
    """'Your front door clip from 2:15 pm was opened twice today: once on the web page, once through a support
    share link.' Reads the audit log; listing the log is not itself a view of any clip."""
    query = turn.query({k: slots[k] for k in ("camera", "date") if slots.get(k)})
    events = [e for e in turn.service.access_log(camera=query.camera, after=query.after, before=query.before)
              if e.action in VIEW_ACTIONS]
    when = f" {describe_date(slots['date'], None, turn.today)}" if slots.get("date") else ""
    scope = f"{camera_name(turn.cameras, query.camera)} clips" if query.camera else "clips"
    if not events:
        return Reply(f"Nobody has opened your {scope}{when}.")
    by_channel = Counter(e.channel for e in events)
    how = join_words([f"{times_word(n)} {CHANNEL_WORDS.get(ch, ch)}" for ch, n in by_channel.most_common()])
    clips = {e.clip_id for e in events}
    if len(clips) == 1:
        return Reply(f"Your {_clip_words(turn, events[0])} was opened {times_word(len(events))}{when}: {how}.")
    last = events[0]
    return Reply(f"Your {scope} were opened {times_word(len(events))}{when}, {plural(len(clips), 'clip')} in all: "
                 f"{how}. The last was the {_clip_words(turn, last)}, {CHANNEL_WORDS.get(last.channel, last.channel)}.")


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
    """" The garage's stream is connected." / " But the garage's stream is not connected (why) ..." ('' without one)."""
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
        head = (f"{join_words(off).capitalize()} {'is' if len(off) == 1 else 'are'} off; "
                f"{join_words(on)} {'is' if len(on) == 1 else 'are'} recording.")
    streams = "".join(_stream_words(s, camera_name(turn.cameras, s.camera.id)) for s in states)
    return Reply(head + streams)


def help_(turn: Turn, slots: dict) -> Reply:
    """What people can say."""
    return ask("You can ask: what happened at the front door today, how many clips from the garage yesterday, "
               "show the latest clip, or delete today's recordings. What would you like?",
               "What would you like? For example: what happened today?")


def fallback(turn: Turn, slots: dict) -> Reply:
    """Nothing matched: say so politely, and what does work."""
    return ask("Sorry, I can't help with that. I can find, show and delete your camera clips. "
               "What would you like to know? For example: what happened today?",
               "What would you like to know about your clips? For example: what happened today?")
