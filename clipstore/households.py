"""Households and their API tokens (only salted hashes are stored)."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .audit import GENESIS
from .clock import Clock, system_clock
from .db import Database
from .errors import Invalid, NotFound
from .models import Household

MAX_RETENTION_DAYS = 3650
OWNER = "owner"
"""The member id of a household's first owner (the one `household add` makes)."""


def check_timezone(name: str) -> str:
    """Return `name` if it is a known IANA zone, else raise Invalid."""
    try:
        if (
            not isinstance(name, str)
            or not re.fullmatch(r"[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+){0,2}", name[:65])
            or len(name) > 64
        ):
            raise ZoneInfoNotFoundError(name)
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # "Antarctica" is a folder of zones, not a zone
        shown = name[:40] + ("..." if len(name) > 40 else "") if isinstance(name, str) else name
        raise Invalid(f"unknown time zone {shown!r}; use an IANA name such as America/New_York") from None
    return name


def check_retention(days: object) -> int:
    """Return `days` if it is a whole number of days in range, else raise Invalid."""
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_RETENTION_DAYS:
        raise Invalid(f"retention_days must be a whole number from 1 to {MAX_RETENTION_DAYS}")
    return days


def _digest(salt: bytes, secret: str) -> bytes:
    return hashlib.sha256(salt + secret.encode()).digest()


class Households:
    """Create households, issue tokens, and find the household a token belongs to."""

    def __init__(self, db: Database, clock: Clock = system_clock) -> None:
        self.db = db
        self.clock = clock

    def create(self, name: str, timezone: str, retention_days: int = 30) -> tuple[Household, str]:
        """Create a household with its owner (the member `owner`) and return it with the owner's API token
        (shown once)."""
        if not name or not name.strip():
            raise Invalid("a household needs a name")
        check_timezone(timezone)
        check_retention(retention_days)
        with self.db.transaction() as conn:
            household_id = int(
                conn.execute(
                    "INSERT INTO households (name, timezone, retention_days, created_at)"
                    " VALUES (?, ?, ?, ?) RETURNING id",
                    (name.strip(), timezone, retention_days, int(self.clock())),
                ).fetchone()[0]
            )
            conn.execute("INSERT INTO audit_heads (household_id, seq, hash) VALUES (?, 0, ?)", (household_id, GENESIS))
            conn.execute(
                "INSERT INTO members (household_id, slug, name, role, created_at) VALUES (?, ?, ?, ?, ?)",
                (household_id, OWNER, "Owner", "owner", int(self.clock())),
            )
            token = self.issue_token(household_id, OWNER)
        return self.get(household_id), token

    def issue_token(self, household_id: int, name: str) -> str:
        """Create a new token `<lookup>.<secret>` for a household; only a salted hash is kept."""
        lookup = secrets.token_hex(6)
        secret = secrets.token_urlsafe(24)
        salt = secrets.token_bytes(16)
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO tokens (household_id, name, lookup, salt, digest, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (household_id, name, lookup, salt, _digest(salt, secret), int(self.clock())),
            )
        return f"{lookup}.{secret}"

    def replace_tokens(self, household_id: int, name: str) -> str:
        """A new token for `name` (a member); every older one of theirs stops working in the same transaction."""
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM tokens WHERE household_id = ? AND name = ?", (household_id, name))
            return self.issue_token(household_id, name)

    def authenticate(self, token: str) -> tuple[Household, str] | None:
        """The household and token name for `token`, or None; compares in constant time."""
        lookup, _, secret = (token or "").partition(".")
        if not lookup or not secret or len(token) > 200:
            return None
        rows = self.db.query("SELECT household_id, name, salt, digest FROM tokens WHERE lookup = ?", (lookup,))
        if not rows:
            _digest(b"0" * 16, secret)  # same work whether or not the lookup exists
            return None
        row = rows[0]
        if not hmac.compare_digest(_digest(row["salt"], secret), row["digest"]):
            return None
        return self.get(row["household_id"]), row["name"]

    def get(self, household_id: int) -> Household:
        """The household with this id."""
        rows = self.db.query("SELECT * FROM households WHERE id = ?", (household_id,))
        if not rows:
            raise NotFound("no such household")
        row = rows[0]
        return Household(row["id"], row["name"], row["timezone"], row["retention_days"])

    def all(self) -> list[Household]:
        """Every household, oldest first."""
        return [self.get(r["id"]) for r in self.db.query("SELECT id FROM households ORDER BY id")]

    def update(
        self,
        household_id: int,
        *,
        timezone: str | None = None,
        retention_days: int | None = None,
        name: str | None = None,
    ) -> Household:
        """Change a household's settings; unspecified fields stay as they are."""
        current = self.get(household_id)
        tz = check_timezone(timezone) if timezone is not None else current.timezone
        days = check_retention(retention_days) if retention_days is not None else current.retention_days
        if name is not None and not name.strip():
            raise Invalid("a household needs a name")
        new_name = name.strip() if name is not None else current.name
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE households SET timezone = ?, retention_days = ?, name = ? WHERE id = ?",
                (tz, days, new_name, household_id),
            )
        return self.get(household_id)
