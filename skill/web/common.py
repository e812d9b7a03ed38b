"""What every page shares: the blueprint, the signed-in household, friendly errors, audit, time formatting."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, g

from clipstore import Camera, Clip, ClipStore, Home, Household, utc_iso

logger = logging.getLogger(__name__)

bp = Blueprint("web", __name__, template_folder="templates", static_folder="static", static_url_path="/assets")

LABEL_NAMES = {"person": "Person", "animal": "Animal", "vehicle": "Vehicle", "package": "Package"}
CHANNEL_NAMES = {
    "web": "Web page",
    "api": "Clip API",
    "alexa": "Alexa",
    "voice": "Voice",
    "wyoming": "Voice satellite",
    "share": "Share link",
    "share-link": "Share link",
    "system": "System",
}
ACTION_NAMES = {
    "view": "Opened the clip",
    "play": "Played the video",
    "thumbnail": "Loaded the thumbnail",
    "delete": "Deleted",
    "restore": "Restored (undo)",
    "share": "Shared",
    "share_open": "Watched through a share link",
    "revoke": "Stopped sharing",
    "list": "Listed clips",
    "signin": "Signed in",
    "settings": "Changed settings",
    "camera_update": "Changed a camera",
    "camera_add": "Added a camera",
    "ingest": "Recorded",
    "purge": "Erased for good",
    "import_recording": "Imported from Frigate's recordings",
    "signout": "Signed out",
    "signout_everywhere": "Signed out everywhere",
    "alexa_link": "Linked Alexa",
    "alexa_refresh": "Alexa renewed its key",
    "alexa_unlink": "Unlinked Alexa",
    "voice_code_set": "Set the voice code",
    "voice_code_removed": "Removed the voice code",
    "voice_code_wrong": "Wrong voice code",
    "voice_code_lock": "Locked after wrong voice codes",
    "voice_code_refused": "Refused: locked after wrong voice codes",
    "voice_enrolled": "Said whose an Alexa voice is",
}


class PageError(Exception):
    """A request the page refuses: shown as a friendly error page with `status`; nothing was changed."""

    def __init__(self, status: int, title: str, message: str) -> None:
        super().__init__(message)
        self.status, self.title, self.message = status, title, message


def bad_request(message: str, title: str = "That didn't work") -> PageError:
    """A 400 page error with a message that says what to do."""
    return PageError(400, title, message)


def sentence(message: str) -> str:
    """A store message as a sentence: capital first letter, full stop."""
    message = message.strip()
    return (message[:1].upper() + message[1:]).rstrip(".") + "." if message else ""


def store() -> ClipStore:
    """The app's clip store."""
    return current_app.extensions["clipstore"]


def household() -> Household:
    """The signed-in household (set by the sign-in check before every page)."""
    return g.household


def home() -> Home:
    """The signed-in member's household, as they may see it, through the page (the store's door)."""
    return g.home


def actor() -> str:
    """The signed-in member's id (the audit log's actor)."""
    return g.home.caller.member


def audit(action: str, clip: Clip | None = None, *, camera: str | None = None, detail: dict | None = None) -> None:
    """Record one event of the signed-in member on the web channel (a clip's start time goes in the detail)."""
    if clip is not None:
        home().clips.record_read(
            clip, action, detail if detail is not None else {"started_at": utc_iso(clip.started_at)}
        )
    else:
        home().log.record(action, camera=camera, detail=detail)


def safe_next(target: str | None, default: str = "/") -> str:
    """`target` if it is a path on this site (no scheme, host or protocol-relative trick), else `default`."""
    if not target or len(target) > 2000 or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return default
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else default


# -- time in the household's zone ------------------------------------------------
def zone() -> ZoneInfo:
    """The household's time zone."""
    return ZoneInfo(household().timezone)


def now() -> datetime:
    """The current time (the store's clock)."""
    return store().now_utc()


def today() -> date:
    """Today in the household's zone."""
    return now().astimezone(zone()).date()


def local(moment: datetime) -> datetime:
    """`moment` in the household's zone."""
    return moment.astimezone(zone())


def clock(moment: datetime) -> str:
    """'2:15 pm', as the voice answers say it."""
    loc = local(moment)
    return f"{loc.hour % 12 or 12}:{loc.minute:02d} {'am' if loc.hour < 12 else 'pm'}"


def day_name(day: date, ref: date | None = None) -> str:
    """'Today', 'Yesterday', 'Saturday' (this week), 'Tuesday, November 3' (older; year if not this one)."""
    ref = ref or today()
    delta = (ref - day).days
    if delta == 0:
        return "Today"
    if delta == 1:
        return "Yesterday"
    if 1 < delta < 7:
        return f"{day:%A}"
    return f"{day:%A}, {day:%B} {day.day}" + (f", {day.year}" if day.year != ref.year else "")


def long_date(day: date) -> str:
    """'Tuesday, November 24'."""
    return f"{day:%A}, {day:%B} {day.day}"


def when(moment: datetime) -> str:
    """'Today, 2:15 pm' / 'Saturday, 9:03 am'."""
    return f"{day_name(local(moment).date())}, {clock(moment)}"


def when_lower(moment: datetime) -> str:
    """`when` inside a sentence: 'today, 2:15 pm' but 'Saturday, 9:03 am' (names keep their capital)."""
    text = when(moment)
    return text[0].lower() + text[1:] if text.startswith(("Today", "Yesterday")) else text


def duration(seconds: float) -> str:
    """'2 s', '1 min 05 s'."""
    whole = round(seconds)
    return f"{whole} s" if whole < 60 else f"{whole // 60} min {whole % 60:02d} s"


# -- grouping for the clip list ----------------------------------------------------
@dataclass
class CameraGroup:
    """The clips of one camera on one day."""

    camera: str
    name: str
    clips: list[Clip] = field(default_factory=list)


@dataclass
class DayGroup:
    """The clips of one day in the household's zone, by camera (cameras in order of their newest clip)."""

    day: date
    title: str
    subtitle: str
    cameras: list[CameraGroup] = field(default_factory=list)

    @property
    def count(self) -> int:
        """How many clips this day holds on this page."""
        return sum(len(group.clips) for group in self.cameras)


def _subtitle(day: date, ref: date) -> str:
    """What a day's heading adds to its name: the weekday and date for today and yesterday, the date this week."""
    delta = (ref - day).days
    if delta <= 1:
        return long_date(day)
    return f"{day:%B} {day.day}" if delta < 7 else ""


def group_clips(clips: list[Clip], cameras: list[Camera]) -> list[DayGroup]:
    """Newest-first clips → days → cameras, keeping newest-first order inside each group."""
    names = {cam.id: cam.name for cam in cameras}
    ref = today()
    days: list[DayGroup] = []
    for clip in clips:
        day = local(clip.started_at).date()
        if not days or days[-1].day != day:
            title = day_name(day, ref)
            days.append(DayGroup(day, title, _subtitle(day, ref)))
        group = next((cg for cg in days[-1].cameras if cg.camera == clip.camera), None)
        if group is None:
            group = CameraGroup(clip.camera, names.get(clip.camera, clip.camera))
            days[-1].cameras.append(group)
        group.clips.append(clip)
    return days


def from_iso(value: object) -> datetime | None:
    """An ISO-8601 time from an audit detail, or None."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def template_helpers() -> dict[str, Any]:
    """Functions the templates use."""
    return {
        "clock": clock,
        "when": when,
        "when_lower": when_lower,
        "day_name": day_name,
        "long_date": long_date,
        "duration": duration,
        "local": local,
        "from_iso": from_iso,
        "LABEL_NAMES": LABEL_NAMES,
        "CHANNEL_NAMES": CHANNEL_NAMES,
        "ACTION_NAMES": ACTION_NAMES,
    }
