"""Clip rows: filtered, paginated queries over one household's clips (newest first)."""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .db import Database
from .errors import Invalid, NotFound
from .models import LABELS, Clip, ClipQuery, labels_to_mask, mask_to_labels

MAX_LIMIT = 500
CLIP_ID_RE = re.compile(r"^[0-9a-f]{16}$")

_SELECT = (
    "SELECT c.id, cam.slug AS camera, c.started_at, c.duration_s, c.label_mask, c.size_bytes, c.sha256,"
    " c.video_path, c.thumb_path FROM clips c JOIN cameras cam ON cam.id = c.camera_id"
)


@dataclass(frozen=True)
class ClipFiles:
    """Where a clip's media lives, relative to the data directory."""

    video: str
    thumbnail: str


def encode_cursor(started_at: int, clip_id: str) -> str:
    """An opaque cursor pointing just after this clip."""
    return base64.urlsafe_b64encode(f"{started_at}:{clip_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[int, str]:
    """Reverse `encode_cursor`; Invalid on anything else."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        ts, clip_id = raw.split(":", 1)
        if not CLIP_ID_RE.match(clip_id) or not re.fullmatch(r"-?[0-9]{1,12}", ts):
            raise ValueError(clip_id)
        return int(ts), clip_id
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise Invalid("cursor is not one this API returned") from None


def _epoch(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise Invalid("times must carry a time zone or Z")
    return int(moment.timestamp())


def _row_to_clip(row: Any) -> Clip:
    return Clip(
        id=row["id"],
        camera=row["camera"],
        started_at=datetime.fromtimestamp(row["started_at"], tz=UTC),
        duration_s=row["duration_s"],
        labels=mask_to_labels(row["label_mask"]),
        size_bytes=row["size_bytes"],
        sha256=row["sha256"],
    )


class Clips:
    """Insert, find, count and remove clip rows. Files are handled by the store facade."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def _where(self, household_id: int, query: ClipQuery) -> tuple[str, list]:
        where = ["c.household_id = ?", "c.deleted_at IS NULL"]
        params: list = [household_id]
        if query.camera is not None:
            rows = self.db.query(
                "SELECT id FROM cameras WHERE household_id = ? AND slug = ? AND removed_at IS NULL",
                (household_id, query.camera),
            )
            if not rows:
                raise NotFound(f"no camera with id {query.camera!r}")
            where.append("c.camera_id = ?")
            params.append(rows[0]["id"])
        if query.within is not None:
            slugs = list(query.within)
            rows = (
                self.db.query(
                    f"SELECT id FROM cameras WHERE household_id = ? AND slug IN"
                    f" ({','.join('?' * len(slugs)) or 'NULL'})",
                    (household_id, *slugs),
                )
                if slugs
                else []
            )
            ids = [int(r["id"]) for r in rows]
            where.append(f"c.camera_id IN ({','.join('?' * len(ids))})" if ids else "1 = 0")
            params.extend(ids)
        if query.label is not None:
            if query.label not in LABELS:
                raise Invalid(f"unknown label {query.label!r}; known labels: {', '.join(LABELS)}")
            where.append("(c.label_mask & ?) != 0")
            params.append(labels_to_mask([query.label]))
        if query.after is not None:
            where.append("c.started_at >= ?")
            params.append(_epoch(query.after))
        if query.before is not None:
            where.append("c.started_at < ?")
            params.append(_epoch(query.before))
        if query.ids is not None:
            clip_ids = [i for i in query.ids if CLIP_ID_RE.match(i)]
            where.append(f"c.id IN ({','.join('?' * len(clip_ids))})" if clip_ids else "1 = 0")
            params.extend(clip_ids)
        return " AND ".join(where), params

    def insert(self, household_id: int, camera_row_id: int, clip: Clip, files: ClipFiles, created_at: int) -> None:
        """Add one clip row."""
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO clips (id, household_id, camera_id, started_at, duration_s, label_mask, video_path,"
                " thumb_path, size_bytes, sha256, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    clip.id,
                    household_id,
                    camera_row_id,
                    _epoch(clip.started_at),
                    clip.duration_s,
                    labels_to_mask(list(clip.labels)),
                    files.video,
                    files.thumbnail,
                    clip.size_bytes,
                    clip.sha256,
                    created_at,
                ),
            )

    def list_sql(
        self, household_id: int, query: ClipQuery, limit: int = 50, cursor: str | None = None
    ) -> tuple[str, list]:
        """The statement `page` runs (one row more than `limit`), for EXPLAIN QUERY PLAN in tests and benchmarks."""
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
            raise Invalid(f"limit must be a whole number from 1 to {MAX_LIMIT}")
        where, params = self._where(household_id, query)
        if cursor:
            ts, clip_id = decode_cursor(cursor)
            where += " AND (c.started_at < ? OR (c.started_at = ? AND c.id < ?))"
            params += [ts, ts, clip_id]
        return f"{_SELECT} WHERE {where} ORDER BY c.started_at DESC, c.id DESC LIMIT ?", [*params, limit + 1]

    def page(
        self, household_id: int, query: ClipQuery, limit: int = 50, cursor: str | None = None
    ) -> tuple[list[Clip], str | None]:
        """Newest first; returns the page and the cursor of the next page (or None)."""
        rows = self.db.query(*self.list_sql(household_id, query, limit, cursor))
        clips = [_row_to_clip(r) for r in rows[:limit]]
        nxt = encode_cursor(rows[limit - 1]["started_at"], rows[limit - 1]["id"]) if len(rows) > limit else None
        return clips, nxt

    def count_sql(self, household_id: int, query: ClipQuery) -> tuple[str, list]:
        """The statement `count` runs."""
        where, params = self._where(household_id, query)
        return f"SELECT COUNT(*) FROM clips c WHERE {where}", params

    def count(self, household_id: int, query: ClipQuery) -> int:
        """How many clips match."""
        return int(self.db.query(*self.count_sql(household_id, query))[0][0])

    def get(self, household_id: int, clip_id: str) -> Clip:
        """One clip; NotFound for unknown ids and other households' clips alike."""
        if not isinstance(clip_id, str) or not CLIP_ID_RE.match(clip_id):
            raise NotFound("no such clip")
        rows = self.db.query(
            f"{_SELECT} WHERE c.id = ? AND c.household_id = ? AND c.deleted_at IS NULL", (clip_id, household_id)
        )
        if not rows:
            raise NotFound("no such clip")
        return _row_to_clip(rows[0])

    def owner(self, clip_id: str) -> int:
        """The household id a clip belongs to (for signed media links); NotFound if there is no such clip."""
        if not isinstance(clip_id, str) or not CLIP_ID_RE.match(clip_id):
            raise NotFound("no such clip")
        rows = self.db.query("SELECT household_id FROM clips WHERE id = ? AND deleted_at IS NULL", (clip_id,))
        if not rows:
            raise NotFound("no such clip")
        return int(rows[0]["household_id"])

    def files(self, household_id: int, clip_id: str) -> ClipFiles:
        """The media paths of one clip."""
        self.get(household_id, clip_id)
        row = self.db.query("SELECT video_path, thumb_path FROM clips WHERE id = ?", (clip_id,))[0]
        return ClipFiles(row["video_path"], row["thumb_path"])

    def trash(
        self,
        household_id: int,
        query: ClipQuery,
        deletion_id: str,
        at: float,
        previous_retention: int | None = None,
        *,
        actor: str | None = None,
        always: bool = False,
    ) -> int:
        """Move matching live clips to the trash under one deletion id (one transaction).

        `previous_retention`: the deletion comes from shortening retention; undoing it restores this setting.
        `actor`: the member who deleted. `always`: record the deletion even with no clips (removing a camera).
        """
        where, params = self._where(household_id, query)
        with self.db.transaction() as conn:
            ids = [r[0] for r in conn.execute(f"SELECT c.id FROM clips c WHERE {where}", params)]
            if ids or always:
                conn.execute(
                    "INSERT INTO deletions (id, household_id, at, count, previous_retention, actor)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (deletion_id, household_id, at, len(ids), previous_retention, actor),
                )
            moved = 0
            for start in range(0, len(ids), 500):  # "still live": a concurrent deletion may have taken some
                chunk = ids[start : start + 500]
                moved += conn.execute(
                    f"UPDATE clips SET deleted_at = ?, deletion_id = ? WHERE deleted_at IS NULL"
                    f" AND id IN ({','.join('?' * len(chunk))})",
                    [at, deletion_id, *chunk],
                ).rowcount
            if ids and moved == 0 and not always:  # a concurrent deletion took them all: nothing to undo here
                conn.execute("DELETE FROM deletions WHERE id = ?", (deletion_id,))
            elif ids and moved != len(ids):
                conn.execute("UPDATE deletions SET count = ? WHERE id = ?", (moved, deletion_id))
        return moved if ids else 0

    def restore(self, household_id: int, deletion_id: str, at: float) -> int:
        """Bring back the clips of one deletion that are still in the trash."""
        with self.db.transaction() as conn:
            cur = conn.execute(
                "UPDATE clips SET deleted_at = NULL, deletion_id = NULL"
                " WHERE household_id = ? AND deletion_id = ? AND deleted_at IS NOT NULL",
                (household_id, deletion_id),
            )
            conn.execute("UPDATE deletions SET restored_at = ? WHERE id = ?", (at, deletion_id))
        return cur.rowcount

    def last_deletion(self, household_id: int, actor: str | None = None) -> Any | None:
        """The newest deletion of a household (by `actor`, when given) that has not been restored."""
        by = " AND actor = ?" if actor is not None else ""
        rows = self.db.query(
            f"SELECT * FROM deletions WHERE household_id = ? AND restored_at IS NULL{by} ORDER BY at DESC LIMIT 1",
            (household_id, *([actor] if actor is not None else [])),
        )
        return rows[0] if rows else None

    def remove_trashed(self, before: float) -> list[tuple[str, int, ClipFiles]]:
        """Erase the rows of clips in the trash since before `before` (their undo window is over)."""
        return self._remove("c.deleted_at IS NOT NULL AND c.deleted_at <= ?", [before])

    def remove_past_retention(self, household_id: int, cutoff: float) -> list[tuple[str, int, ClipFiles]]:
        """Erase the rows of live clips that started before `cutoff` (through the time index; trashed clips wait
        for the end of their undo window, even past retention)."""
        return self._remove(
            "c.household_id = ? AND c.deleted_at IS NULL AND c.started_at < ?", [household_id, int(cutoff)]
        )

    def _remove(self, where: str, params: list) -> list[tuple[str, int, ClipFiles]]:
        """Delete clip rows for good (one transaction); returns (id, household, files) for file clean-up."""
        with self.db.transaction() as conn:
            rows = conn.execute(
                f"SELECT c.id, c.household_id, c.video_path, c.thumb_path FROM clips c WHERE {where}", params
            ).fetchall()
            ids = [r["id"] for r in rows]
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                conn.execute(f"DELETE FROM clips WHERE id IN ({','.join('?' * len(chunk))})", chunk)
        return [(r["id"], r["household_id"], ClipFiles(r["video_path"], r["thumb_path"])) for r in rows]

    def all_files(self) -> set[str]:
        """Every media path the database refers to (for reconciliation)."""
        rows = self.db.query("SELECT video_path, thumb_path FROM clips")
        return {p for r in rows for p in (r["video_path"], r["thumb_path"])}

    def list_oldest(self, household_id: int, query: ClipQuery, limit: int = 50) -> list[Clip]:
        """Oldest first (for "the first clip from today")."""
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
            raise Invalid(f"limit must be a whole number from 1 to {MAX_LIMIT}")
        where, params = self._where(household_id, query)
        rows = self.db.query(f"{_SELECT} WHERE {where} ORDER BY c.started_at ASC, c.id ASC LIMIT ?", [*params, limit])
        return [_row_to_clip(r) for r in rows]
