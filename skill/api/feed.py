"""Routes for clients that follow the household (Home Assistant): new clips by long poll, and today's counts."""

from __future__ import annotations

import logging
import re
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import Blueprint, request
from flask.typing import ResponseReturnValue

from clipstore import ClipQuery, FeedPosition, Invalid

from .auth import current_store, home, require_token
from .params import single_arg
from .signing import clip_json, link_signer

logger = logging.getLogger(__name__)

bp = Blueprint("feed", __name__)

MAX_WAIT_S = 55
"""The longest a feed request waits for a clip (below the usual 60 s proxy read timeout)."""
POLL_S = 0.5
"""How often a waiting request looks for new clips (they may come from another process: a recorder, a worker)."""
MAX_FEED_LIMIT = 100


def _bounded_int(name: str, default: int, low: int, high: int) -> int:
    value = single_arg(request.args, name)
    if value is None:
        return default
    if not re.fullmatch(r"[0-9]{1,6}", value) or not low <= int(value) <= high:
        raise Invalid(f"{name} must be a whole number from {low} to {high}")
    return int(value)


@bp.get("/api/clips/feed")
@require_token
def clip_feed() -> ResponseReturnValue:
    """Clips stored since a cursor, oldest stored first; waits up to `wait` seconds for one (long poll).
    Without a cursor it answers at once with no clips and the cursor of now: begin there, then pass each
    answer's `cursor` to the next request. Clips handed out are in the audit log as a listing.
    ---
    get:
      parameters:
        - {name: cursor, in: query, description: "The `cursor` of the previous answer; absent: start now.",
           schema: {type: string, maxLength: 4000}}
        - {name: wait, in: query, description: "Seconds to wait for a new clip when there is none yet.",
           schema: {type: integer, minimum: 0, maximum: 55, default: 0}}
        - {name: limit, in: query, description: "At most this many clips per answer.",
           schema: {type: integer, minimum: 1, maximum: 100, default: 100}}
      responses:
        200:
          description: New clips (possibly none, when the wait ran out) and the cursor to continue from
          content:
            application/json:
              schema:
                type: object
                required: [clips, cursor]
                properties:
                  clips: {type: array, items: {$ref: "#/components/schemas/Clip"}}
                  cursor: {type: string}
        400: BadRequest
        401: Unauthorized
    """
    place = home()
    wait = _bounded_int("wait", 0, 0, MAX_WAIT_S)
    limit = _bounded_int("limit", MAX_FEED_LIMIT, 1, MAX_FEED_LIMIT)
    cursor = single_arg(request.args, "cursor")
    if cursor is None:
        return {"clips": [], "cursor": place.clips.feed_start().encode()}
    position = FeedPosition.decode(cursor)
    deadline = time.monotonic() + wait
    while True:
        clips, after = place.clips.feed(position, limit)
        if clips or time.monotonic() >= deadline:
            break
        time.sleep(min(POLL_S, max(deadline - time.monotonic(), 0.0)))
    signer = link_signer()
    return {"clips": [clip_json(c, signer=signer) for c in clips], "cursor": after.encode()}


@bp.get("/api/clips/today")
@require_token
def clips_today() -> ResponseReturnValue:
    """How many clips each camera stored today, the household's calendar day by the server's clock.
    ---
    get:
      responses:
        200:
          description: Today's counts
          content:
            application/json:
              schema:
                type: object
                required: [date, timezone, count, cameras]
                properties:
                  date: {type: string, format: date}
                  timezone: {type: string}
                  count: {type: integer, minimum: 0}
                  cameras: {type: object, additionalProperties: {type: integer, minimum: 0},
                            description: "Count per camera id"}
        401: Unauthorized
    """
    place = home()
    household = place.settings.household()
    zone = ZoneInfo(household.timezone)
    day = current_store().now_utc().astimezone(zone).date()
    start = datetime.combine(day, datetime.min.time(), tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    cameras = {
        cam.id: place.clips.count(ClipQuery(camera=cam.id, after=start, before=end)) for cam in place.cameras.all()
    }
    return {"date": day.isoformat(), "timezone": household.timezone, "count": sum(cameras.values()), "cameras": cameras}
