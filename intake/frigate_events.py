"""Frigate's events as the importer takes them: every field checked, anything else skipped (never a crash)."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from urllib.parse import quote

EVENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
"""Frigate's ids look like `1700000001.123456-abc123`: nothing that could reach another path or a query."""
EARLIEST = 946684800.0  # 2000-01-01: older is a camera that never set its clock, or nonsense
FUTURE_SLACK_S = 86400.0
MAX_MESSAGE_BYTES = 1024 * 1024
"""An MQTT event message is a few kB (older Frigates add a thumbnail): anything larger is not one."""
MESSAGE_TYPES = ("new", "update", "end")


@dataclass(frozen=True)
class Event:
    """A finished or running Frigate event, checked."""

    id: str
    camera: str
    label: str
    start: float
    end: float | None
    has_clip: bool

    @property
    def clip_path(self) -> str:
        """The path of its clip (the id is checked, and quoted all the same)."""
        return f"/api/events/{quote(self.id, safe='')}/clip.mp4"


def _time(value: object, now: float) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    value = float(value)
    return value if math.isfinite(value) and EARLIEST <= value <= now + FUTURE_SLACK_S else None


def _text(value: object, limit: int = 100) -> str | None:
    return value if isinstance(value, str) and 0 < len(value) <= limit and value.isprintable() else None


def parse_event(raw: object, now: float) -> Event | str:
    """The event, or why it is skipped (a short text naming the field, never the server's value)."""
    if not isinstance(raw, dict):
        return "not an object"
    event_id = raw.get("id")
    if not isinstance(event_id, str) or not EVENT_ID.fullmatch(event_id):
        return "its id is not a Frigate event id"
    camera = _text(raw.get("camera"))
    if camera is None:
        return "its camera is not a name"
    label = raw.get("label")
    if label is not None and _text(label) is None:
        return "its label is not a name"
    start = _time(raw.get("start_time"), now)
    if start is None:
        return "its start_time is not a plausible time"
    end = raw.get("end_time")
    end_time = None if end is None else _time(end, now)
    if end is not None and (end_time is None or end_time < start):
        return "its end_time is not a plausible time"
    has_clip = raw.get("has_clip", True)
    if not isinstance(has_clip, bool):
        return "its has_clip is not true or false"
    return Event(event_id, camera, label or "", start, end_time, has_clip)


def parse_message(payload: bytes, now: float) -> Event | str | None:
    """A `frigate/events` message: the finished event of an `end` message, None for `new` and `update` (nothing
    to import yet), or why it is skipped (never quoting the message)."""
    if len(payload) > MAX_MESSAGE_BYTES:
        return f"it is larger than {MAX_MESSAGE_BYTES // 1024} kB"
    try:
        message = json.loads(payload.decode("utf-8"), parse_constant=lambda _: None)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return "it is not JSON"
    if not isinstance(message, dict):
        return "it is not an object"
    kind = message.get("type")
    if kind not in MESSAGE_TYPES:
        return "its type is not new, update or end"
    if kind != "end":
        return None
    event = parse_event(message.get("after"), now)
    if isinstance(event, str):
        return f"its event: {event}"
    if event.end is None:
        return "its event: an end without an end_time"
    return event
