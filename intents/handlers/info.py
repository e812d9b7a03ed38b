"""Handlers that explain: AccessLog, Help, and the no-match answer."""
from __future__ import annotations

from collections import Counter

from ..speech import camera_name, clock, day_words, join_words, times_word
from .common import Reply, Turn

VIEW_ACTIONS = ("view", "play", "thumbnail", "share_open")
CHANNEL_WORDS = {
    "web": "on the web page", "api": "through the API", "alexa": "through Alexa", "voice": "by voice",
    "share-link": "through a support share link", "system": "by the system",
}


def access_log(turn: Turn, slots: dict) -> Reply:
    """'Your clips were opened 3 times today: twice on the web page, once through Alexa. The last ...'."""
    query = turn.query({k: slots[k] for k in ("camera", "date") if slots.get(k)})
    events = [e for e in turn.service.access_log(camera=query.camera, after=query.after, before=query.before)
              if e.action in VIEW_ACTIONS]
    scope = f"{camera_name(turn.cameras, query.camera)} clips" if query.camera else "clips"
    if not events:
        return Reply(f"Nobody has opened your {scope} in that time.")
    by_channel = Counter(e.channel for e in events)
    parts = [f"{times_word(n)} {CHANNEL_WORDS.get(ch, ch)}" for ch, n in by_channel.most_common()]
    last = events[0]
    when = f"{day_words(last.at, turn.tz, turn.today)} at {clock(last.at, turn.tz)}"
    return Reply(f"Your {scope} were opened {times_word(len(events))}: {join_words(parts)}. "
                 f"The last was {when}, {CHANNEL_WORDS.get(last.channel, last.channel)}.")


def help_(turn: Turn, slots: dict) -> Reply:
    """What people can say."""
    return Reply("You can ask: what happened at the front door today, how many clips from the garage yesterday, "
                 "show the latest clip, or delete today's recordings. What would you like?", expect_reply=True)


def fallback(turn: Turn, slots: dict) -> Reply:
    """Nothing matched: say so politely, and what does work."""
    return Reply("Sorry, I can't help with that. I can find, show and delete your camera clips, "
                 "for example: what happened today?")
