"""The people of a household: each with a role, the cameras they may see, their own tokens and a password.

A member's id is a slug of their name (`Sam` → `sam`); it is what the audit log, sessions, tokens and Alexa
links record as the actor. Passwords are kept as argon2id hashes (argon2-cffi); the one-time link that lets a
new member choose theirs is kept as a SHA-256 digest of its random secret.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from functools import cache

from .clock import Clock, system_clock
from .db import Database
from .errors import Conflict, Invalid, NotFound
from .models import Member

ROLES = ("owner", "adult", "child", "guest")
SLUG_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
SETUP_LINK_TTL_S = 7 * 86400
"""A set-password link works once, for a week."""
RESERVED = frozenset({"guest", "support"})
"""Ids that name a share's other audiences ("share it with support"), never a member."""
MIN_PASSWORD = 10
MAX_PASSWORD = 200


def member_slug(name: str) -> str:
    """`Sam Lee` → `sam_lee`."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def check_name(name: object) -> str:
    """A member's display name: letters, digits, spaces, hyphens and apostrophes; 1 to 40 characters."""
    if not isinstance(name, str) or not name.strip() or len(name) > 40 or not re.fullmatch(r"[\w' -]+", name.strip()):
        raise Invalid("a member's name is 1 to 40 letters, digits, spaces, hyphens or apostrophes")
    return " ".join(name.split())


def check_role(role: object) -> str:
    """One of ROLES."""
    if role not in ROLES:
        raise Invalid(f"role must be one of {', '.join(ROLES)}")
    return str(role)


def _hasher():  # argon2 only when a password is set or checked
    from argon2 import PasswordHasher

    return PasswordHasher()


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class Members:
    """Add, find, change and remove a household's members (the repository; the door checks who may)."""

    def __init__(self, db: Database, clock: Clock = system_clock) -> None:
        self.db = db
        self.clock = clock

    @staticmethod
    def _row(row) -> Member:
        cameras = json.loads(row["cameras"]) if row["cameras"] is not None else None
        return Member(
            row["slug"],
            row["name"],
            row["role"],
            tuple(cameras) if cameras is not None else None,
            row["expires_at"],
            row["password_hash"] is not None,
        )

    def add(
        self,
        household_id: int,
        name: str,
        role: str = "adult",
        cameras: tuple[str, ...] | None = None,
        expires_at: float | None = None,
    ) -> Member:
        """Add a member; Conflict if the household has one of that id already."""
        name, role = check_name(name), check_role(role)
        slug = member_slug(name)
        if not SLUG_RE.match(slug):
            raise Invalid(f"a member's name must start with a letter (made id {slug!r})")
        if slug in RESERVED:
            raise Invalid(f"{name!r} names whom a clip is shared with (a guest link, support); choose another name")
        if role == "guest" and expires_at is None:
            raise Invalid("a guest needs an expiry date")
        with self.db.transaction() as conn:
            if conn.execute(
                "SELECT 1 FROM members WHERE household_id = ? AND slug = ?", (household_id, slug)
            ).fetchone():
                raise Conflict(f"there is already a member called {name!r}")
            conn.execute(
                "INSERT INTO members (household_id, slug, name, role, cameras, expires_at, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    household_id,
                    slug,
                    name,
                    role,
                    None if cameras is None else json.dumps(list(cameras)),
                    None if expires_at is None else int(expires_at),
                    int(self.clock()),
                ),
            )
        return self.get(household_id, slug)

    def get(self, household_id: int, slug: str) -> Member:
        """One member; NotFound for unknown ids."""
        rows = self.db.query("SELECT * FROM members WHERE household_id = ? AND slug = ?", (household_id, slug))
        if not rows:
            raise NotFound(f"no member {slug!r}")
        return self._row(rows[0])

    def exists(self, household_id: int, slug: str) -> bool:
        """True if the household has a member with this id."""
        return bool(self.db.query("SELECT 1 FROM members WHERE household_id = ? AND slug = ?", (household_id, slug)))

    def all(self, household_id: int) -> list[Member]:
        """Every member, owners first, then by name."""
        rows = self.db.query(
            "SELECT * FROM members WHERE household_id = ? ORDER BY role != 'owner', name", (household_id,)
        )
        return [self._row(r) for r in rows]

    def update(
        self,
        household_id: int,
        slug: str,
        *,
        role: str | None = None,
        cameras: tuple[str, ...] | str | None = "keep",
        expires_at: float | str | None = "keep",
    ) -> Member:
        """Change a member's role, cameras (None: all) or expiry; what is "keep" stays."""
        current = self.get(household_id, slug)
        new_role = check_role(role) if role is not None else current.role
        new_cameras = current.cameras if cameras == "keep" else cameras
        new_expiry = current.expires_at if expires_at == "keep" else expires_at
        if new_role == "guest" and new_expiry is None:
            raise Invalid("a guest needs an expiry date")
        with self.db.transaction() as conn:
            if current.role == "owner" and new_role != "owner":
                self._keep_an_owner(conn, household_id)
            conn.execute(
                "UPDATE members SET role = ?, cameras = ?, expires_at = ? WHERE household_id = ? AND slug = ?",
                (
                    new_role,
                    None if new_cameras is None else json.dumps(list(new_cameras)),
                    None if new_expiry is None else int(new_expiry),
                    household_id,
                    slug,
                ),
            )
        return self.get(household_id, slug)

    @staticmethod
    def _keep_an_owner(conn, household_id: int) -> None:
        owners = conn.execute(
            "SELECT COUNT(*) FROM members WHERE household_id = ? AND role = 'owner'", (household_id,)
        ).fetchone()[0]
        if owners <= 1:
            raise Conflict("a household keeps at least one owner")

    def remove(self, household_id: int, slug: str) -> Member:
        """Remove a member with their tokens, web sessions and Alexa links (one transaction)."""
        member = self.get(household_id, slug)
        now = int(self.clock())
        with self.db.transaction() as conn:
            if member.role == "owner":
                self._keep_an_owner(conn, household_id)
            conn.execute("DELETE FROM tokens WHERE household_id = ? AND name = ?", (household_id, slug))
            conn.execute(
                "UPDATE web_sessions SET revoked_at = ? WHERE household_id = ? AND actor = ? AND revoked_at IS NULL",
                (now, household_id, slug),
            )
            conn.execute(
                "UPDATE alexa_links SET revoked_at = ? WHERE household_id = ? AND actor = ? AND revoked_at IS NULL",
                (now, household_id, slug),
            )
            conn.execute("DELETE FROM alexa_persons WHERE household_id = ? AND member = ?", (household_id, slug))
            conn.execute("DELETE FROM members WHERE household_id = ? AND slug = ?", (household_id, slug))
        return member

    # -- passwords ------------------------------------------------------------
    def setup_link(self, household_id: int, slug: str) -> str:
        """A new one-time secret for the set-password page (any earlier one stops working)."""
        self.get(household_id, slug)
        secret = secrets.token_urlsafe(24)
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE members SET setup_digest = ?, setup_expires_at = ? WHERE household_id = ? AND slug = ?",
                (_digest(secret), int(self.clock() + SETUP_LINK_TTL_S), household_id, slug),
            )
        return secret

    def by_setup_link(self, secret: object) -> tuple[int, Member] | None:
        """(household id, member) whose unused, unexpired link this is; None otherwise."""
        if not isinstance(secret, str) or not 20 <= len(secret) <= 64:
            return None
        rows = self.db.query(
            "SELECT * FROM members WHERE setup_digest = ? AND setup_expires_at > ?", (_digest(secret), self.clock())
        )
        return (int(rows[0]["household_id"]), self._row(rows[0])) if rows else None

    def set_password(self, secret: str, password: str) -> tuple[int, Member]:
        """Set the password of the member whose one-time link `secret` is, and use the link up."""
        if not isinstance(password, str) or not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
            raise Invalid(f"a password is {MIN_PASSWORD} to {MAX_PASSWORD} characters")
        found = self.by_setup_link(secret)
        if found is None:
            raise NotFound("this link has been used or has expired; ask for a new one")
        household_id, member = found
        hashed = _hasher().hash(password)
        with self.db.transaction() as conn:
            used = conn.execute(
                "UPDATE members SET password_hash = ?, setup_digest = NULL, setup_expires_at = NULL"
                " WHERE household_id = ? AND slug = ? AND setup_digest = ?",
                (hashed, household_id, member.id, _digest(secret)),
            ).rowcount
        if not used:
            raise NotFound("this link has been used or has expired; ask for a new one")
        return household_id, self.get(household_id, member.id)

    def check_password(self, household_id: int, slug: str, password: str) -> Member | None:
        """The member if `password` is theirs; None otherwise (the same work either way)."""
        from argon2.exceptions import InvalidHashError, VerificationError

        rows = self.db.query("SELECT * FROM members WHERE household_id = ? AND slug = ?", (household_id, slug))
        stored = rows[0]["password_hash"] if rows else None
        hasher = _hasher()
        try:
            hasher.verify(stored or _dummy_hash(), password if isinstance(password, str) else "")
        except (VerificationError, InvalidHashError):
            return None
        return self._row(rows[0]) if stored else None

    # -- Alexa voices ---------------------------------------------------------
    def member_for_person(self, household_id: int, person_id: str) -> str | None:
        """The member who enrolled this Alexa-recognised voice (`context.System.person.personId`), if any."""
        rows = self.db.query(
            "SELECT member FROM alexa_persons WHERE household_id = ? AND person_id = ?", (household_id, person_id)
        )
        return rows[0]["member"] if rows else None

    def enroll_person(self, household_id: int, person_id: str, slug: str) -> None:
        """Remember that this recognised voice is the member's."""
        self.get(household_id, slug)
        with self.db.transaction() as conn:
            conn.execute(
                "DELETE FROM alexa_persons WHERE household_id = ? AND person_id = ?", (household_id, person_id)
            )
            conn.execute(
                "INSERT INTO alexa_persons (household_id, person_id, member, created_at) VALUES (?, ?, ?, ?)",
                (household_id, person_id, slug, int(self.clock())),
            )


@cache
def _dummy_hash() -> str:
    """Checked against when a member has no password, so that an unknown name costs the same as a wrong one."""
    return _hasher().hash(secrets.token_urlsafe(16))
