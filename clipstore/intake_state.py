"""Camera intake's own state, kept in its own tables: what each recorder last reported, and which outside
events (Frigate's) were imported as what clip. The intake package reaches them through the store's door
(`ClipStore.recorder_states`, `ClipStore.import_ledger`)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from .db import Database


class RecorderStates:
    """The `recorder_states` rows: one per camera that has a recorder."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def save(self, household_id: int, camera: str, state: dict | None, at: float) -> None:
        """Keep what the camera's recorder is doing where every server can show it (None: not recording)."""
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT id FROM cameras WHERE household_id = ? AND slug = ?", (household_id, camera)
            ).fetchone()
            if row is None:
                return
            conn.execute("DELETE FROM recorder_states WHERE camera_id = ?", (row[0],))
            if state is not None:
                conn.execute(
                    "INSERT INTO recorder_states (camera_id, state, seen_at) VALUES (?, ?, ?)",
                    (row[0], json.dumps(state), at),
                )

    def get(self, household_id: int, camera: str, now: float, stale_after_s: float) -> dict | None:
        """The last state the recorder wrote; `connected` false when it has not written for `stale_after_s`."""
        rows = self.db.query(
            "SELECT r.state, r.seen_at FROM recorder_states r JOIN cameras c ON c.id = r.camera_id"
            " WHERE c.household_id = ? AND c.slug = ?",
            (household_id, camera),
        )
        if not rows:
            return None
        state = json.loads(rows[0]["state"])
        if now - float(rows[0]["seen_at"] or 0) > stale_after_s:
            state["connected"] = False
            state["last_error"] = state.get("last_error") or "the recorder has not reported for a while"
        return state


@dataclass(frozen=True)
class Imported:
    """One outside event as the store remembers it."""

    event_id: str
    household_id: int
    clip_id: str | None
    started_at: float


class ImportLedger:
    """The `imported_events` rows of one origin (e.g. 'frigate:http://nvr:5000')."""

    def __init__(self, db: Database, origin: str) -> None:
        self.db, self.origin = db, origin

    def known(self, event_ids: list[str]) -> set[str]:
        """Those of `event_ids` seen before (imported or given up on)."""
        found: set[str] = set()
        for start in range(0, len(event_ids), 500):
            chunk = event_ids[start : start + 500]
            rows = self.db.query(
                f"SELECT event_id FROM imported_events WHERE origin = ? AND event_id IN ({','.join('?' * len(chunk))})",
                [self.origin, *chunk],
            )
            found |= {r["event_id"] for r in rows}
        return found

    def remember(
        self,
        event_id: str,
        household_id: int,
        clip_id: str | None,
        started_at: float,
        at: int,
        note: str | None = None,
        *,
        replace: bool = False,
    ) -> None:
        """Record an event as handled: never imported again (`replace`: it was, once more, as `clip_id`)."""
        on_conflict = (
            (
                "DO UPDATE SET clip_id = excluded.clip_id, imported_at = excluded.imported_at,"
                " note = excluded.note, origin_deleted_at = NULL"
            )
            if replace
            else "DO NOTHING"
        )
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO imported_events (origin, event_id, household_id, clip_id, started_at,"
                " imported_at, note) VALUES (?, ?, ?, ?, ?, ?, ?)"
                f" ON CONFLICT (origin, event_id) {on_conflict}",
                (self.origin, event_id, household_id, clip_id, started_at, at, note),
            )

    def clip_of(self, event_id: str) -> str | None:
        """The clip made from this event (None: none, or not seen)."""
        rows = self.db.query(
            "SELECT clip_id FROM imported_events WHERE origin = ? AND event_id = ?", (self.origin, event_id)
        )
        return rows[0]["clip_id"] if rows else None

    def resume_after(self) -> float | None:
        """The newest start time handled so far (None: nothing yet)."""
        row = self.db.query("SELECT MAX(started_at) AS last FROM imported_events WHERE origin = ?", (self.origin,))[0]
        return None if row["last"] is None else float(row["last"])

    def deleted_here(self) -> list[Imported]:
        """Imported events whose clip is gone from the store for good (purged after a deletion)."""
        rows = self.db.query(
            "SELECT e.event_id, e.household_id, e.clip_id, e.started_at FROM imported_events e"
            " LEFT JOIN clips c ON c.id = e.clip_id WHERE e.origin = ? AND e.clip_id IS NOT NULL"
            " AND e.origin_deleted_at IS NULL AND c.id IS NULL",
            (self.origin,),
        )
        return [Imported(r["event_id"], int(r["household_id"]), r["clip_id"], float(r["started_at"])) for r in rows]

    def deleted_at_origin(self, event_id: str, at: int) -> None:
        """The event was deleted at its origin too."""
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE imported_events SET origin_deleted_at = ? WHERE origin = ? AND event_id = ?",
                (at, self.origin, event_id),
            )
