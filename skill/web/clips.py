"""The clip pages: the list (filters, days, cameras, pages) and the player; media for the page's own tags."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from flask import Response, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue

from clipstore import LABELS, Camera, Clip, ClipQuery, encode_cursor
from intents.clock import hhmm, parse_hhmm, time_span
from skill.api.sending import send_media

from .actions import clip_words, share_choices, share_consent
from .common import bad_request, bp, group_clips, home, now, today, zone

logger = logging.getLogger(__name__)

DEFAULT_PAGE_SIZE = 30
_CURSOR_RE = re.compile(r"^[A-Za-z0-9_-]{1,120}$")


@dataclass(frozen=True)
class Filters:
    """The list's filters as the page shows them: camera id, label, day (household zone), the times of day from and
    to (`HH:MM`, on that day, or today without one: the voice's `from_time` / `to_time`), page cursor."""

    camera: str | None = None
    label: str | None = None
    day: date | None = None
    cursor: str | None = None
    start: str | None = None
    end: str | None = None

    def query(self) -> ClipQuery:
        """The store query for these filters; a day runs from local midnight to the next, times narrow it."""
        after = before = None
        if self.start or self.end:
            day = self.day or today()
            after, before = time_span(
                {"date": day.isoformat(), "from_time": self.start, "to_time": self.end}, str(zone()), today(), now()
            ) or (None, None)
        elif self.day is not None:
            after = datetime.combine(self.day, time(), zone())
            before = datetime.combine(self.day + timedelta(days=1), time(), zone())
        return ClipQuery(camera=self.camera, label=self.label, after=after, before=before)

    def args(self, **changes: str | None) -> dict[str, str]:
        """Query-string arguments for a link to these filters (with `changes`), without empty ones."""
        values = {
            "camera": self.camera,
            "label": self.label,
            "day": self.day.isoformat() if self.day else None,
            "from": self.start,
            "to": self.end,
            "cursor": self.cursor,
        }
        values.update(changes)
        return {key: value for key, value in values.items() if value}

    def url(self, endpoint: str = "web.clip_list", **changes: str | None) -> str:
        """A link to `endpoint` carrying these filters."""
        values: dict[str, Any] = self.args(**changes)  # not url_for's own _external and the like
        return url_for(endpoint, **values)

    @property
    def active(self) -> bool:
        """True when any filter narrows the list."""
        return bool(self.camera or self.label or self.day or self.start or self.end)


def _one(name: str) -> str | None:
    value = (request.args.get(name) or "").strip()
    return value or None


def parse_filters(cameras: list[Camera]) -> Filters:
    """The filters in the query string, strictly checked: a bad value is a 400 page, never a guess."""
    camera, label, day, cursor = _one("camera"), _one("label"), _one("day"), _one("cursor")
    if camera is not None and camera not in {cam.id for cam in cameras}:
        raise bad_request(
            f"There is no camera called \u201c{camera[:40]}\u201d in your home. Pick one from the list.",
            "Unknown camera",
        )
    if label is not None and label not in LABELS:
        raise bad_request(
            f"\u201c{label[:40]}\u201d is not something the cameras detect. Choose one of: {', '.join(LABELS)}.",
            "Unknown label",
        )
    parsed_day = None
    if day is not None:
        try:
            parsed_day = date.fromisoformat(day) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", day) else None
        except ValueError:
            parsed_day = None
        if parsed_day is None or not 1970 <= parsed_day.year < 9000:
            raise bad_request("The day must be a date such as 2026-11-24.", "Unknown day")
    if cursor is not None and not _CURSOR_RE.match(cursor):
        raise bad_request(
            "That page link is not one this site made. Start again from the newest clips.", "Unknown page"
        )
    times = {}
    for name in ("from", "to"):
        value = _one(name)
        minutes = parse_hhmm(value) if value is not None else None
        if value is not None and minutes is None:
            raise bad_request("A time of day must look like 14:30 (24-hour).", "Unknown time")
        times[name] = hhmm(minutes) if minutes is not None else None
    return Filters(camera, label, parsed_day, cursor, times["from"], times["to"])


def page_size() -> int:
    """Clips per page (`WEB_PAGE_SIZE`, default 30)."""
    size = current_app.config.get("WEB_PAGE_SIZE", DEFAULT_PAGE_SIZE)
    return size if isinstance(size, int) and 1 <= size <= 200 else DEFAULT_PAGE_SIZE


@bp.get("/")
def clip_list() -> ResponseReturnValue:
    """Clips newest first, grouped by day and camera, with filters and cursor pages."""
    cameras = home().cameras.all()
    filters = parse_filters(cameras)
    query = filters.query()
    clips, next_cursor = home().clips.page(query, page_size(), filters.cursor)  # audited as a listing
    total = home().clips.count(query)
    return render_template(
        "clips.html",
        filters=filters,
        cameras=cameras,
        labels=LABELS,
        days=group_clips(clips, cameras),
        total=total,
        older_url=filters.url(cursor=next_cursor) if next_cursor else None,
        newest_url=filters.url(cursor=None) if filters.cursor else None,
        paused=[cam for cam in cameras if not cam.recording],
    )


def _neighbours(clip: Clip, query: ClipQuery) -> tuple[Clip | None, Clip | None]:
    """The next newer and next older clip under the same filter."""
    key = int(clip.started_at.timestamp())
    older, _ = home().clips.page(query, 1, encode_cursor(key, clip.id), audit=False)  # links, not shown
    after = clip.started_at if query.after is None else max(query.after, clip.started_at)
    candidates, _ = home().clips.page(
        ClipQuery(camera=query.camera, label=query.label, after=after, before=query.before),
        10,
        oldest_first=True,
        audit=False,
    )
    newer = next((c for c in candidates if (int(c.started_at.timestamp()), c.id) > (key, clip.id)), None)
    return newer, older[0] if older else None


@bp.get("/clips/<clip_id>")
def clip_page(clip_id: str) -> ResponseReturnValue:
    """One clip: the video (Range, so seeking works), time, camera, labels, actions, and who has seen it."""
    clip = home().clips.view(clip_id)
    cameras = home().cameras.all()
    filters = parse_filters(cameras)
    newer, older = _neighbours(clip, filters.query())
    history = [event for event in home().log.events(clip_id=clip.id, limit=60) if event.action != "thumbnail"][:12]
    recording = bool(home().log.events(clip_id=clip.id, action="import_recording", limit=1))
    back = filters.url(cursor=None)
    context = urlencode(filters.args(cursor=None))
    camera = next((c for c in cameras if c.id == clip.camera), None)
    return render_template(
        "clip.html",
        clip=clip,
        camera_name=camera.name if camera else clip.camera,
        what=clip_words(clip),
        consent=share_consent(clip),
        choices=share_choices(),
        newer=newer,
        older=older,
        history=history,
        back_url=back,
        context=f"?{context}" if context else "",
        from_recording=recording,
    )


def _send(clip_id: str, kind: str) -> Response:
    """A clip's video or thumbnail for the page's own tags, audited on the web channel as the signed-in member."""
    return send_media(home(), home().clips.find(clip_id), kind, thumbnail_max_age=3600)


@bp.get("/clips/<clip_id>/video.mp4")
def clip_video(clip_id: str) -> ResponseReturnValue:
    """The clip's video for `<video>` (session cookie; audited as play on the web channel)."""
    return _send(clip_id, "video")


@bp.get("/clips/<clip_id>/thumbnail.jpg")
def clip_thumbnail(clip_id: str) -> ResponseReturnValue:
    """The clip's thumbnail for the list (cached by the browser for an hour, so it is fetched and audited once)."""
    return _send(clip_id, "thumbnail")
