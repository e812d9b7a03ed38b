"""Retention: when clips are past it, and changing it (shortening asks first, and can be undone)."""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import UTC, datetime

from .errors import NeedsConfirmation
from .households import check_retention, check_timezone
from .models import ClipQuery, Household, RetentionChange
from .parts import Parts


def retention_cutoff(household: Household, now: float) -> float:
    """Clips that started before this moment are past retention: `retention_days` whole days (of 24 hours) ago.

    A rolling window, not calendar days in the household's zone: changing the time zone (or a DST change)
    never moves the cutoff, so it can never erase clips that nobody was asked about.
    """
    return now - household.retention_days * 86400


def preview(parts: Parts, household_id: int, days: int, now: float) -> ClipQuery:
    """The clips that keeping clips `days` days would remove now or within the undo window.

    Those within the window count too: a clip seconds younger than the new limit would otherwise be erased by
    the janitor moments after a change that asked nothing, past any undo. Confirmed, they go to the trash with
    the rest, restorable for the whole window.
    """
    household = parts.households.get(household_id)
    check_retention(days)
    cutoff = retention_cutoff(replace(household, retention_days=days), now) + parts.trash_grace_s
    return ClipQuery(before=datetime.fromtimestamp(cutoff, UTC))


def set_retention(parts: Parts, household_id: int, days: int, confirm: bool, now: float) -> RetentionChange:
    """See `ClipStore.set_retention`."""
    household = parts.households.get(household_id)
    query = preview(parts, household_id, days, now)
    with parts.db.transaction():
        count = parts.clips.count(household_id, query) if days < household.retention_days else 0
        if count and not confirm:
            raise NeedsConfirmation(
                f"That deletes {count} clip{'s' if count != 1 else ''} older than {days}"
                f' day{"s" if days != 1 else ""}, from all cameras; send "confirm": true to go ahead',
                count,
                retention_days=days,
            )
        trashed = (
            parts.clips.trash(
                household_id, query, secrets.token_hex(8), now, previous_retention=household.retention_days
            )
            if count
            else 0
        )
        updated = parts.households.update(household_id, retention_days=days)
    return RetentionChange(updated, trashed)


def update_household(
    parts: Parts, household_id: int, timezone_name: str | None, retention_days: int | None, confirm: bool, now: float
) -> RetentionChange:
    """See `ClipStore.update_household`."""
    if timezone_name is not None:
        check_timezone(timezone_name)
    with parts.db.transaction():
        change = RetentionChange(parts.households.get(household_id))
        if retention_days is not None:
            change = set_retention(parts, household_id, retention_days, confirm, now)
        if timezone_name is not None:
            change = RetentionChange(parts.households.update(household_id, timezone=timezone_name), change.trashed)
    return change
