"""The household's spoken voice code: 4 digits asked after the yes to sensitive voice actions.

Only a salted scrypt digest is stored. Three wrong codes in a row lock the sensitive voice actions for
15 minutes; every wrong code and the lock are written to the audit log (never the digits). A 4-digit code
keeps out a visitor within earshot of a speaker; it is no secret against someone who holds the database
(who holds the clips too).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from .audit import AuditLog
from .clock import Clock, system_clock
from .db import Database
from .errors import Invalid

MAX_FAILURES = 3
LOCK_S = 15 * 60
_CODE = re.compile(r"^[0-9]{4}$")


def check_code(code: object) -> str:
    """`code` if it is exactly four digits, else Invalid."""
    if not isinstance(code, str) or not _CODE.match(code):
        raise Invalid("the voice code must be exactly 4 digits")
    return code


def _digest(salt_hex: str, code: str) -> str:
    return hashlib.scrypt(code.encode(), salt=bytes.fromhex(salt_hex), n=2**14, r=8, p=1, dklen=32).hex()


@dataclass(frozen=True)
class VoiceCodeStatus:
    """Whether a code is set, whether the offline loop asks for it, and any lock."""

    set: bool
    offline: bool = False
    locked_until: datetime | None = None

    def to_dict(self) -> dict:
        """The public JSON shape (never the code)."""
        until = self.locked_until.strftime("%Y-%m-%dT%H:%M:%SZ") if self.locked_until else None
        return {"set": self.set, "offline": self.offline, "locked_until": until}


@dataclass(frozen=True)
class CodeCheck:
    """The outcome of one spoken code: right, or wrong (with the tries left), or locked until when."""

    ok: bool
    attempts_left: int = MAX_FAILURES
    locked_until: datetime | None = None

    def to_dict(self) -> dict:
        """The public JSON shape."""
        until = self.locked_until.strftime("%Y-%m-%dT%H:%M:%SZ") if self.locked_until else None
        return {"ok": self.ok, "attempts_left": self.attempts_left, "locked_until": until}


class VoiceCodes:
    """Set, clear and check households' voice codes (store clock for the lock)."""

    def __init__(self, db: Database, audit: AuditLog, clock: Clock = system_clock) -> None:
        self.db = db
        self.audit = audit
        self.clock = clock

    def _row(self, household_id: int):
        rows = self.db.query("SELECT * FROM voice_codes WHERE household_id = ?", (household_id,))
        return rows[0] if rows else None

    def status(self, household_id: int) -> VoiceCodeStatus:
        """The code's state for this household."""
        row = self._row(household_id)
        if row is None:
            return VoiceCodeStatus(False)
        return VoiceCodeStatus(True, bool(row["offline"]), self._lock(row))

    def _lock(self, row) -> datetime | None:
        until = row["locked_until"]
        if until is None or until <= self.clock():
            return None
        return datetime.fromtimestamp(until, UTC)

    def set(self, household_id: int, code: str, *, offline: bool = False) -> VoiceCodeStatus:
        """Set (or replace) the code; the count of wrong tries and any lock start afresh."""
        check_code(code)
        if not isinstance(offline, bool):
            raise Invalid("offline must be true or false")
        salt = secrets.token_hex(16)
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO voice_codes (household_id, salt, digest, offline, failures, locked_until, updated_at)"
                " VALUES (?, ?, ?, ?, 0, NULL, ?) ON CONFLICT (household_id) DO UPDATE SET salt = excluded.salt,"
                " digest = excluded.digest, offline = excluded.offline, failures = 0, locked_until = NULL,"
                " updated_at = excluded.updated_at",
                (household_id, salt, _digest(salt, code), int(offline), int(self.clock())),
            )
        return self.status(household_id)

    def set_offline(self, household_id: int, offline: bool) -> VoiceCodeStatus:
        """Whether the offline voice loop asks for the code too (needs a code)."""
        if not isinstance(offline, bool):
            raise Invalid("offline must be true or false")
        with self.db.transaction() as conn:
            changed = conn.execute(
                "UPDATE voice_codes SET offline = ? WHERE household_id = ?", (int(offline), household_id)
            ).rowcount
        if not changed:
            raise Invalid("set a voice code first")
        return self.status(household_id)

    def clear(self, household_id: int) -> bool:
        """Remove the code; True if there was one. A lock in force stays until it ends."""
        row = self._row(household_id)
        if row is None:
            return False
        if self._lock(row) is not None:
            raise Invalid("sensitive voice actions are locked after wrong codes; try again when the lock ends")
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM voice_codes WHERE household_id = ?", (household_id,))
        return True

    def check(self, household_id: int, spoken: str, *, channel: str, actor: str) -> CodeCheck:
        """Compare a spoken code; a wrong one is audited, and the third wrong one in a row locks (audited too)."""
        now = self.clock()
        with self.db.transaction() as conn:
            # An UPDATE (not a SELECT) takes the row's lock on PostgreSQL too, so concurrent wrong codes count
            # one after the other instead of each from the same old count.
            row = conn.execute(
                "UPDATE voice_codes SET failures = failures WHERE household_id = ? RETURNING *", (household_id,)
            ).fetchone()
            if row is None:
                return CodeCheck(True)
            locked = self._lock(row)
            if locked is not None:
                self.audit.record(
                    household_id,
                    channel=channel,
                    actor=actor,
                    action="voice_code_refused",
                    detail={"locked_until": locked.strftime("%Y-%m-%dT%H:%M:%SZ")},
                )
                return CodeCheck(False, 0, locked)
            given = spoken if isinstance(spoken, str) and _CODE.match(spoken) else "----"
            if given != "----" and hmac.compare_digest(_digest(row["salt"], given), row["digest"]):
                conn.execute("UPDATE voice_codes SET failures = 0 WHERE household_id = ?", (household_id,))
                return CodeCheck(True)
            failures = row["failures"] + 1
            self.audit.record(
                household_id, channel=channel, actor=actor, action="voice_code_wrong", detail={"attempt": failures}
            )
            if failures < MAX_FAILURES:
                conn.execute("UPDATE voice_codes SET failures = ? WHERE household_id = ?", (failures, household_id))
                return CodeCheck(False, MAX_FAILURES - failures)
            until = int(now) + LOCK_S
            conn.execute(
                "UPDATE voice_codes SET failures = 0, locked_until = ? WHERE household_id = ?", (until, household_id)
            )
            locked = datetime.fromtimestamp(until, UTC)
            self.audit.record(
                household_id,
                channel=channel,
                actor=actor,
                action="voice_code_lock",
                detail={"locked_until": locked.strftime("%Y-%m-%dT%H:%M:%SZ"), "minutes": LOCK_S // 60},
            )
            return CodeCheck(False, 0, locked)
