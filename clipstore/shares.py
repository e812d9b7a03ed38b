"""Shares: one clip, with a member of the household or as a guest link the sharer hands on (or with the operator's
support, where the operator names one); expiring, revocable; created only after consent."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from .clock import Clock, system_clock
from .db import Database
from .errors import Invalid, NotFound
from .models import utc_iso

SHARE_DAYS = 7
MAX_SHARE_DAYS = 30


def consent_text(what: str = "this clip", days: int = SHARE_DAYS, who: str = "guest") -> str:
    """What a person hears or reads before a share is made (the same words on every channel).

    `who`: a member's name, "guest" (anyone the sharer gives the link to) or "support"."""
    span = f"for {days} day{'s' if days != 1 else ''}"
    if who == "guest":
        whom = "Anyone you give the link to will be able to watch"
    elif who == "support":
        whom = "The support team will be able to watch"
    else:
        whom = f"{who} will be able to watch"
    return f"{whom} {what} {span}. You can stop sharing at any time. Share it?"


@dataclass(frozen=True)
class Share:
    """One clip shared with support."""

    id: str
    clip_id: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    channel: str
    actor: str
    to: str = "guest"
    """A member's id, "guest" (a link the sharer hands on) or "support"."""

    def active(self, now: float | None = None) -> bool:
        """Not revoked and not expired."""
        now = time.time() if now is None else now
        return self.revoked_at is None and self.expires_at.timestamp() > now

    def to_dict(self, now: float | None = None) -> dict:
        """The public JSON shape (the API adds the link); `active` as of `now`."""
        return {
            "id": self.id,
            "clip_id": self.clip_id,
            "created_at": utc_iso(self.created_at),
            "expires_at": utc_iso(self.expires_at),
            "revoked_at": utc_iso(self.revoked_at) if self.revoked_at else None,
            "active": self.active(now),
            "channel": self.channel,
            "actor": self.actor,
            "with": self.to,
        }


def _at(value: float) -> datetime:
    return datetime.fromtimestamp(value, UTC)


def _ts(value: float | None) -> datetime | None:
    return _at(value) if value is not None else None


class Shares:
    """Create, find and revoke shares; a share is removed with its clip (foreign key cascade)."""

    def __init__(self, db: Database, clock: Clock = system_clock) -> None:
        self.db = db
        self.clock = clock

    @staticmethod
    def _row(row) -> Share:
        return Share(
            row["id"],
            row["clip_id"],
            _at(row["created_at"]),
            _at(row["expires_at"]),
            _ts(row["revoked_at"]),
            row["channel"],
            row["actor"],
            row["to_member"] or "guest",
        )

    def create(
        self,
        household_id: int,
        clip_id: str,
        *,
        channel: str,
        actor: str,
        days: int = SHARE_DAYS,
        now: float | None = None,
        to: str = "guest",
    ) -> Share:
        """Share one live clip of this household for `days` days."""
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_SHARE_DAYS:
            raise Invalid(f"days must be a whole number from 1 to {MAX_SHARE_DAYS}")
        now = self.clock() if now is None else now
        share_id = secrets.token_urlsafe(12)
        with self.db.transaction() as conn:
            live = conn.execute(
                "SELECT 1 FROM clips WHERE id = ? AND household_id = ? AND deleted_at IS NULL", (clip_id, household_id)
            ).fetchone()
            if not live:
                raise NotFound("no such clip")
            conn.execute(
                "INSERT INTO shares (id, household_id, clip_id, created_at, expires_at, channel, actor,"
                " to_member) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (share_id, household_id, clip_id, now, now + days * 86400, channel, actor, to),
            )
        return self.get(household_id, share_id)

    def get(self, household_id: int, share_id: str) -> Share:
        """One share of this household."""
        rows = self.db.query("SELECT * FROM shares WHERE id = ? AND household_id = ?", (share_id, household_id))
        if not rows:
            raise NotFound("no such share")
        return self._row(rows[0])

    def open(self, share_id: str, now: float | None = None) -> tuple[int, Share]:
        """(household id, share) for a link being opened; NotFound unless active and its clip is live."""
        now = self.clock() if now is None else now
        rows = self.db.query(
            "SELECT s.*, s.household_id AS hid FROM shares s JOIN clips c ON c.id = s.clip_id"
            " WHERE s.id = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND c.deleted_at IS NULL",
            (share_id, now),
        )
        if not rows:
            raise NotFound("this share link has expired or was withdrawn")
        return int(rows[0]["hid"]), self._row(rows[0])

    def active(self, household_id: int, now: float | None = None) -> list[Share]:
        """Shares that still work, newest first."""
        now = self.clock() if now is None else now
        rows = self.db.query(
            "SELECT s.* FROM shares s JOIN clips c ON c.id = s.clip_id WHERE s.household_id = ?"
            " AND s.revoked_at IS NULL AND s.expires_at > ? AND c.deleted_at IS NULL ORDER BY s.created_at DESC",
            (household_id, now),
        )
        return [self._row(r) for r in rows]

    def shared_with(self, household_id: int, clip_id: str, member: str, now: float | None = None) -> bool:
        """True while an active share gives this member the clip."""
        now = self.clock() if now is None else now
        return bool(
            self.db.query(
                "SELECT 1 FROM shares WHERE household_id = ? AND clip_id = ? AND to_member = ?"
                " AND revoked_at IS NULL AND expires_at > ?",
                (household_id, clip_id, member, now),
            )
        )

    def revoke(self, household_id: int, share_id: str, now: float | None = None) -> Share:
        """End one share now."""
        self.get(household_id, share_id)
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE shares SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                (self.clock() if now is None else now, share_id),
            )
        return self.get(household_id, share_id)

    def revoke_all(self, household_id: int, now: float | None = None) -> int:
        """End every active share of the household at once; returns how many."""
        now = self.clock() if now is None else now
        with self.db.transaction() as conn:
            cur = conn.execute(
                "UPDATE shares SET revoked_at = ? WHERE household_id = ? AND revoked_at IS NULL AND expires_at > ?",
                (now, household_id, now),
            )
        return cur.rowcount
