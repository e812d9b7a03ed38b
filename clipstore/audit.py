"""The append-only audit log: who, through which channel, did what to which clip."""
from __future__ import annotations

import json
from datetime import datetime, timezone

from .clock import Clock, system_clock
from .db import Database
from .errors import Invalid
from .models import AuditEvent

CHANNELS = ("alexa", "voice", "web", "api", "share-link", "system")


class AuditLog:
    """Record and read audit events; there is no update or delete."""

    def __init__(self, db: Database, clock: Clock = system_clock) -> None:
        self.db = db
        self.clock = clock

    def record(self, household_id: int, *, channel: str, actor: str, action: str,
               clip_id: str | None = None, camera: str | None = None, detail: dict | None = None) -> None:
        """Append one event."""
        if channel not in CHANNELS:
            raise Invalid(f"unknown channel {channel!r}")
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO audit (household_id, at, channel, actor, action, clip_id, camera, detail)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (household_id, self.clock(), channel, actor, action, clip_id, camera, json.dumps(detail or {})),
            )

    def list(self, household_id: int, *, clip_id: str | None = None, camera: str | None = None,
             action: str | None = None, after: datetime | None = None, before: datetime | None = None,
             limit: int = 100) -> list[AuditEvent]:
        """Newest first, filtered."""
        where, params = ["household_id = ?"], [household_id]
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
            f"SELECT * FROM audit WHERE {' AND '.join(where)} ORDER BY at DESC, id DESC LIMIT ?", params + [limit]
        )
        return [
            AuditEvent(r["id"], datetime.fromtimestamp(r["at"], tz=timezone.utc), r["channel"], r["actor"],
                       r["action"], r["clip_id"], r["camera"], json.loads(r["detail"]))
            for r in rows
        ]
