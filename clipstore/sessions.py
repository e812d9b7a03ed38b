"""Web sessions kept on the server: a cookie carries only a random id, so signing out really ends a session.

Only a hash of the id is stored. A session ends when it expires, when its browser signs out, or when the
household signs out everywhere.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from .clock import Clock, system_clock
from .db import Database


def _key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class WebSession:
    """A live session: whose it is and which token signed it in."""

    household_id: int
    actor: str
    expires_at: float


class WebSessions:
    """Start, check and end web sessions."""

    def __init__(self, db: Database, clock: Clock = system_clock) -> None:
        self.db = db
        self.clock = clock

    def start(self, household_id: int, actor: str, max_age_s: float) -> str:
        """A new session id for the cookie (shown only to the browser)."""
        token = secrets.token_urlsafe(32)
        now = self.clock()
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO web_sessions (id, household_id, actor, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                (_key(token), household_id, actor, now, now + max_age_s),
            )
        return token

    def check(self, token: object) -> WebSession | None:
        """The live session for this id, or None (unknown, expired or ended)."""
        if not isinstance(token, str) or not 20 <= len(token) <= 100:
            return None
        rows = self.db.query(
            "SELECT household_id, actor, expires_at FROM web_sessions WHERE id = ?"
            " AND revoked_at IS NULL AND expires_at > ?",
            (_key(token), self.clock()),
        )
        return WebSession(int(rows[0]["household_id"]), rows[0]["actor"], rows[0]["expires_at"]) if rows else None

    def end(self, token: object) -> None:
        """End one session (signing out)."""
        if isinstance(token, str):
            with self.db.transaction() as conn:
                conn.execute(
                    "UPDATE web_sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                    (self.clock(), _key(token)),
                )

    def end_all(self, household_id: int, member: str | None = None) -> int:
        """End every live session of the household (of one member, when given); returns how many."""
        now = self.clock()
        by = " AND actor = ?" if member is not None else ""
        with self.db.transaction() as conn:
            cur = conn.execute(
                f"UPDATE web_sessions SET revoked_at = ? WHERE household_id = ? AND revoked_at IS NULL"
                f" AND expires_at > ?{by}",
                (now, household_id, now, *([member] if member else [])),
            )
        return cur.rowcount

    def prune(self, older_than_s: float = 86400.0) -> int:
        """Forget sessions that ended more than `older_than_s` ago."""
        cutoff = self.clock() - older_than_s
        with self.db.transaction() as conn:
            cur = conn.execute("DELETE FROM web_sessions WHERE expires_at < ? OR revoked_at < ?", (cutoff, cutoff))
        return cur.rowcount
