"""The append-only audit log: who, through which channel, did what to which clip.

Each household's entries form a hash chain: entry n stores the HMAC (with the audit key, which the database
does not hold: audit_key.py) of entry n-1's hash and its own content, and `audit_heads` holds the newest
sequence number and hash, which the server also notes outside the database once the entry is committed.
Editing, deleting (even the newest entry) or recomputing a row breaks the chain, which `verify` (and
`python -m clipstore audit verify`) reports.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from .audit_key import Anchors
from .clock import Clock, system_clock
from .db import Database
from .errors import Invalid
from .models import AuditEvent

logger = logging.getLogger(__name__)

CHANNELS = ("alexa", "voice", "wyoming", "web", "api", "share", "system")
"""Where a request came from (docs/interface.md §3). Entries from before members also say `share-link`."""
GENESIS = "0" * 64


def entry_hash(
    prev: str,
    household_id: int,
    seq: int,
    at: float,
    channel: str,
    actor: str,
    action: str,
    clip_id: str | None,
    camera: str | None,
    detail: str,
    key: bytes | None = None,
) -> str:
    """The chain hash of one entry over the previous hash and the entry's fields: HMAC-SHA256 with the audit
    key; without a key, the plain SHA-256 of chains before the key (migrations only: anyone can compute it)."""
    fields = [household_id, seq, float(at), channel, actor, action, clip_id, camera, detail]
    payload = f"{prev}\n{json.dumps(fields, separators=(',', ':'), ensure_ascii=False)}".encode()
    if key is None:
        return hashlib.sha256(payload).hexdigest()
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def row_hash(prev: str, row, key: bytes | None = None) -> str:
    """`entry_hash` of a stored audit row."""
    return entry_hash(
        prev,
        row["household_id"],
        row["seq"],
        row["at"],
        row["channel"],
        row["actor"],
        row["action"],
        row["clip_id"],
        row["camera"],
        row["detail"],
        key,
    )


@dataclass(frozen=True)
class ChainHead:
    """The newest entry of a household's chain: how many entries, and its hash."""

    entries: int
    hash: str


class AuditLog:
    """Record and read audit events; there is no update or delete."""

    def __init__(self, db: Database, key: bytes, anchors: Anchors | None = None, clock: Clock = system_clock) -> None:
        self.db = db
        self.key = key
        self.anchors = anchors
        self.clock = clock

    def record(
        self,
        household_id: int,
        *,
        channel: str,
        actor: str,
        action: str,
        clip_id: str | None = None,
        camera: str | None = None,
        detail: dict | None = None,
        coalesce_s: float | None = None,
    ) -> None:
        """Append one event to the household's chain.

        `coalesce_s`: skip it if the same actor did the same to the same clip through the same channel, with
        the same detail (e.g. the same client address), in the last `coalesce_s` seconds: the many range
        requests of one player are one viewing, but a second viewer gets an entry of its own.
        """
        if channel not in CHANNELS:
            raise Invalid(f"unknown channel {channel!r}")
        now = self.clock()
        text = json.dumps(detail or {})
        with self.db.transaction() as conn:
            if (
                coalesce_s
                and conn.execute(
                    "SELECT 1 FROM audit WHERE household_id = ? AND at >= ? AND clip_id = ? AND action = ?"
                    " AND actor = ? AND channel = ? AND detail = ? LIMIT 1",
                    (household_id, now - coalesce_s, clip_id, action, actor, channel, text),
                ).fetchone()
            ):
                return
            # Taking the head row (an UPDATE locks it on every backend) orders concurrent writers.
            head = conn.execute(
                "UPDATE audit_heads SET seq = seq + 1 WHERE household_id = ? RETURNING seq, hash", (household_id,)
            ).fetchone()
            if head is None:
                raise Invalid("no such household")
            seq, prev = int(head[0]), head[1]
            digest = entry_hash(prev, household_id, seq, now, channel, actor, action, clip_id, camera, text, self.key)
            conn.execute(
                "INSERT INTO audit (household_id, at, channel, actor, action, clip_id, camera, detail, seq,"
                " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (household_id, now, channel, actor, action, clip_id, camera, text, seq, prev, digest),
            )
            conn.execute("UPDATE audit_heads SET hash = ? WHERE household_id = ?", (digest, household_id))
        anchors = self.anchors
        if anchors is not None:
            self.db.after_commit(lambda: self._anchor(anchors, household_id, seq, digest))

    @staticmethod
    def _anchor(anchors: Anchors, household_id: int, seq: int, digest: str) -> None:
        try:
            anchors.note(household_id, seq, digest)
        except OSError as exc:  # the entry is in the log; only its outside anchor is behind
            logger.error("could not note the audit head outside the database (%s): %s", anchors.folder, exc)

    def head(self, household_id: int) -> ChainHead:
        """The household's chain head (entries 0 and the genesis hash before the first event)."""
        rows = self.db.query("SELECT seq, hash FROM audit_heads WHERE household_id = ?", (household_id,))
        return ChainHead(int(rows[0]["seq"]), rows[0]["hash"]) if rows else ChainHead(0, GENESIS)

    def events(
        self,
        household_id: int,
        *,
        clip_id: str | None = None,
        camera: str | None = None,
        action: str | None = None,
        after: datetime | None = None,
        before: datetime | None = None,
        limit: int = 100,
    ) -> list[AuditEvent]:
        """Newest first, filtered."""
        where: list[str] = ["household_id = ?"]
        params: list[object] = [household_id]
        for column, value in (("clip_id", clip_id), ("camera", camera), ("action", action)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if after is not None:
            where.append("at >= ?")
            params.append(after.timestamp())
        if before is not None:
            where.append("at < ?")
            params.append(before.timestamp())
        rows = self.db.query(
            f"SELECT * FROM audit WHERE {' AND '.join(where)} ORDER BY at DESC, id DESC LIMIT ?", [*params, limit]
        )
        return [
            AuditEvent(
                r["id"],
                datetime.fromtimestamp(r["at"], tz=UTC),
                r["channel"],
                r["actor"],
                r["action"],
                r["clip_id"],
                r["camera"],
                json.loads(r["detail"]),
            )
            for r in rows
        ]
