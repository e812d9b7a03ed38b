"""Alexa account links: authorization codes, access and refresh tokens, each link revocable on its own.

A link is the credential Alexa holds for one household after the OAuth 2.0 authorization-code grant. It is
not the household's API token: it authenticates only at the Alexa endpoint. Codes and tokens are random and
long, so a plain SHA-256 digest (hex) is stored, never the value.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from .clock import Clock, system_clock
from .db import Database
from .errors import Invalid, NotFound

CODE_TTL_S = 300
"""An authorization code is good for 5 minutes, once (RFC 6749 §4.1.2 recommends at most 10)."""
ACCESS_TTL_S = 3600
"""An access token is good for an hour; Alexa then refreshes it."""
LAST_USED_STEP_S = 600
"""`last_used_at` is written at most this often per link (not on every request)."""
MAX_SECRET_LEN = 200


def digest(secret: str) -> str:
    """The stored form of a code or token."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _at(value: int) -> datetime:
    return datetime.fromtimestamp(value, UTC)


def _ts(value: int | None) -> datetime | None:
    return _at(value) if value is not None else None


@dataclass(frozen=True)
class AlexaLink:
    """One link between Alexa and a household."""

    id: str
    household_id: int
    client_id: str
    actor: str
    scope: str
    created_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None

    @property
    def audit_actor(self) -> str:
        """How the link appears as actor in the audit log."""
        return f"alexa-link:{self.id}"

    def to_dict(self) -> dict:
        """The public JSON shape (`GET /api/alexa/links`)."""

        def iso(value: datetime | None) -> str | None:
            return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else None

        return {
            "id": self.id,
            "created_at": iso(self.created_at),
            "last_used_at": iso(self.last_used_at),
            "revoked_at": iso(self.revoked_at),
            "approved_by": self.actor,
            "scope": self.scope,
        }


@dataclass(frozen=True)
class LinkCode:
    """An authorization code waiting to be exchanged."""

    digest: str
    household_id: int
    client_id: str
    redirect_uri: str
    scope: str
    actor: str
    expires_at: int


class AlexaLinks:
    """Codes, tokens and links; every time comes from the store's clock."""

    def __init__(self, db: Database, clock: Clock = system_clock) -> None:
        self.db = db
        self.clock = clock

    @staticmethod
    def _link(row) -> AlexaLink:
        return AlexaLink(
            row["id"],
            row["household_id"],
            row["client_id"],
            row["actor"],
            row["scope"],
            _at(row["created_at"]),
            _ts(row["last_used_at"]),
            _ts(row["revoked_at"]),
        )

    # -- authorization codes ------------------------------------------------------
    def save_code(
        self,
        code: str,
        *,
        household_id: int,
        actor: str,
        client_id: str,
        redirect_uri: str,
        scope: str,
        ttl_s: int = CODE_TTL_S,
    ) -> None:
        """Remember a freshly issued code (expired ones of any household are dropped on the way)."""
        now = int(self.clock())
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM alexa_link_codes WHERE expires_at <= ?", (now,))
            conn.execute(
                "INSERT INTO alexa_link_codes (digest, household_id, client_id, redirect_uri, scope, actor,"
                " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (digest(code), household_id, client_id, redirect_uri, scope, actor, now + ttl_s),
            )

    def redeem_code(self, code: str, client_id: str) -> LinkCode | None:
        """Take the unexpired code issued to this client, once: it is deleted in the same statement that reads
        it, so of parallel exchanges of one code exactly one gets it (None for the others, and for a bad code)."""
        if not code or len(code) > MAX_SECRET_LEN:
            return None
        with self.db.transaction() as conn:
            r = conn.execute(
                "DELETE FROM alexa_link_codes WHERE digest = ? AND client_id = ? AND expires_at > ? RETURNING *",
                (digest(code), client_id, int(self.clock())),
            ).fetchone()
        if r is None:
            return None
        return LinkCode(
            r["digest"], r["household_id"], r["client_id"], r["redirect_uri"], r["scope"], r["actor"], r["expires_at"]
        )

    # -- links and tokens ---------------------------------------------------------
    def create(
        self,
        household_id: int,
        *,
        client_id: str,
        actor: str,
        scope: str,
        access_token: str,
        refresh_token: str | None,
        expires_in: int = ACCESS_TTL_S,
    ) -> AlexaLink:
        """A new link with its first access (and refresh) token."""
        now = int(self.clock())
        link_id = secrets.token_hex(8)
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO alexa_links (id, household_id, client_id, actor, scope, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (link_id, household_id, client_id, actor, scope, now),
            )
            self._add_tokens(conn, link_id, access_token, refresh_token, expires_in, now)
        return self.get(household_id, link_id)

    def add_tokens(
        self, link: AlexaLink, access_token: str, refresh_token: str | None, expires_in: int = ACCESS_TTL_S
    ) -> None:
        """Tokens from a refresh: a new access token (and refresh token, if one was issued)."""
        with self.db.transaction() as conn:
            self._add_tokens(conn, link.id, access_token, refresh_token, expires_in, int(self.clock()))

    @staticmethod
    def _add_tokens(conn, link_id: str, access: str, refresh: str | None, expires_in: int, now: int) -> None:
        conn.execute(
            "DELETE FROM alexa_link_tokens WHERE link_id = ? AND kind = 'access' AND expires_at <= ?", (link_id, now)
        )
        conn.execute(
            "INSERT INTO alexa_link_tokens (digest, link_id, kind, created_at, expires_at)"
            " VALUES (?, ?, 'access', ?, ?)",
            (digest(access), link_id, now, now + int(expires_in)),
        )
        if refresh:
            conn.execute(
                "INSERT INTO alexa_link_tokens (digest, link_id, kind, created_at, expires_at)"
                " VALUES (?, ?, 'refresh', ?, NULL)",
                (digest(refresh), link_id, now),
            )

    def _by_token(self, token: str, kind: str) -> AlexaLink | None:
        if not token or len(token) > MAX_SECRET_LEN:
            return None
        rows = self.db.query(
            "SELECT l.* FROM alexa_link_tokens t JOIN alexa_links l ON l.id = t.link_id"
            " WHERE t.digest = ? AND t.kind = ? AND l.revoked_at IS NULL"
            " AND (t.expires_at IS NULL OR t.expires_at > ?)",
            (digest(token), kind, int(self.clock())),
        )
        return self._link(rows[0]) if rows else None

    def by_refresh_token(self, token: str) -> AlexaLink | None:
        """The live link a refresh token belongs to, or None."""
        return self._by_token(token, "refresh")

    def authenticate(self, access_token: str) -> AlexaLink | None:
        """The live link of an unexpired access token, or None; notes when the link was last used."""
        link = self._by_token(access_token, "access")
        if link is None:
            return None
        now = int(self.clock())
        last = int(link.last_used_at.timestamp()) if link.last_used_at else None
        if last is None or now - last >= LAST_USED_STEP_S:
            with self.db.transaction() as conn:
                conn.execute("UPDATE alexa_links SET last_used_at = ? WHERE id = ?", (now, link.id))
        return link

    def get(self, household_id: int, link_id: str) -> AlexaLink:
        """One link of this household (NotFound for another household's)."""
        if not isinstance(link_id, str) or not 0 < len(link_id) <= 64:
            raise Invalid("a link id is a short text")
        rows = self.db.query("SELECT * FROM alexa_links WHERE id = ? AND household_id = ?", (link_id, household_id))
        if not rows:
            raise NotFound("no such Alexa link")
        return self._link(rows[0])

    def all(self, household_id: int, *, include_revoked: bool = False) -> list[AlexaLink]:
        """The household's links, newest first."""
        where = "" if include_revoked else " AND revoked_at IS NULL"
        rows = self.db.query(
            f"SELECT * FROM alexa_links WHERE household_id = ?{where} ORDER BY created_at DESC, id", (household_id,)
        )
        return [self._link(r) for r in rows]

    def revoke(self, household_id: int, link_id: str) -> AlexaLink:
        """End a link now: its tokens are erased, the link stays listed as revoked. Revoking twice is harmless."""
        link = self.get(household_id, link_id)
        now = int(self.clock())
        with self.db.transaction() as conn:
            conn.execute("UPDATE alexa_links SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", (now, link.id))
            conn.execute("DELETE FROM alexa_link_tokens WHERE link_id = ?", (link.id,))
        return self.get(household_id, link_id)


def same_secret(given: str | None, expected: str | None) -> bool:
    """Constant-time comparison of two secrets (False when either is missing)."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode(), expected.encode())
