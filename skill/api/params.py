"""Query-string parameters of the clip API: strict parsing with clear errors."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from werkzeug.datastructures import MultiDict

from clipstore import CLIP_ID_RE, LABELS, ClipQuery, Invalid

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
FUTURE_SLACK = timedelta(minutes=5)
# A '+' in an unencoded query string arrives as a space: "...T10:00:00 01:00".
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_LOST_PLUS = re.compile(r"(\d{4}-?\d{2}-?\d{2}T[\d:.,]+) (\d{2}(?::?\d{2})?)")


def parse_instant(value: str, name: str) -> datetime:
    """An ISO-8601 time that carries a zone (`Z` or an offset); Invalid otherwise."""
    text = value.strip()
    lost_plus = _LOST_PLUS.fullmatch(text)
    if lost_plus:
        text = f"{lost_plus[1]}+{lost_plus[2]}"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise Invalid(f"{name} must be an ISO-8601 time such as 2026-11-24T19:15:02Z, not {value[:40]!r}") from None
    if moment.tzinfo is None:
        raise Invalid(f"{name} must carry a time zone or Z, e.g. 2026-11-24T19:15:02Z")
    try:
        moment.astimezone(UTC).timestamp()
    except (OverflowError, ValueError):
        raise Invalid(f"{name} is out of range") from None
    return moment


def check_not_future(moment: datetime, now: datetime, name: str = "started_at") -> datetime:
    """Clips are recordings: refuse start times more than a few minutes ahead of the clock (`now`)."""
    if moment > now + FUTURE_SLACK:
        raise Invalid(f"{name} is in the future")
    return moment


def single_arg(args: MultiDict, name: str) -> str | None:
    """A query parameter given at most once; empty counts as absent."""
    values = args.getlist(name)
    if len(values) > 1:
        raise Invalid(f"give {name} at most once")
    value = values[0].strip() if values else ""
    if _CONTROL.search(value):
        raise Invalid(f"{name} holds a control character")
    return value or None


def parse_ids(value: str) -> tuple[str, ...]:
    """A comma-separated list of clip ids (at most 500)."""
    ids = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    if not ids or len(ids) > 500 or not all(CLIP_ID_RE.match(i) for i in ids):
        raise Invalid("ids must be 1 to 500 comma-separated clip ids")
    return ids


def query_from_args(args: MultiDict, *, allow_ids: bool = False) -> ClipQuery:
    """The clip filter in a query string (camera, label, after, before; `ids` where allowed), strictly checked."""
    label = single_arg(args, "label")
    if label is not None and label not in LABELS:
        raise Invalid(f"unknown label {label!r}; known labels: {', '.join(LABELS)}")
    after, before = single_arg(args, "after"), single_arg(args, "before")
    query = ClipQuery(
        camera=single_arg(args, "camera"),
        label=label,
        after=parse_instant(after, "after") if after else None,
        before=parse_instant(before, "before") if before else None,
        ids=parse_ids(ids) if allow_ids and (ids := single_arg(args, "ids")) else None,
    )
    if query.after and query.before and query.after >= query.before:
        raise Invalid("after must be earlier than before")
    return query


def parse_limit(value: str | None, maximum: int = MAX_LIMIT, default: int = DEFAULT_LIMIT) -> int:
    """A page size: a whole number from 1 to `maximum` (500), `default` (50) when absent."""
    if value is None:
        return default
    if not re.fullmatch(r"[0-9]{1,6}", value) or not 1 <= int(value) <= maximum:
        raise Invalid(f"limit must be a whole number from 1 to {maximum}")
    return int(value)


def parse_flag(value: str | None, name: str) -> bool:
    if value is None or value.lower() in ("false", "0", "no"):
        return False
    if value.lower() in ("true", "1", "yes"):
        return True
    raise Invalid(f"{name} must be true or false")
