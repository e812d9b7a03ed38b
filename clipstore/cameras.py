"""Cameras of a household: slug ids, display names, spoken synonyms, recording on/off."""

from __future__ import annotations

import json
import re

from .db import Database
from .errors import Invalid, NotFound
from .models import Camera
from .sources import check_source, redact

SLUG_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_SYNONYMS = 20


def slugify(name: str) -> str:
    """`Front Door` → `front_door`."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def _check_name(name: object, what: str = "name") -> str:
    if not isinstance(name, str) or not name.strip() or len(name) > 60:
        raise Invalid(f"camera {what} must be a non-empty text of at most 60 characters")
    if not re.fullmatch(r"[\w' -]+", name.strip()):
        raise Invalid(f"camera {what} {name!r} may only hold letters, digits, spaces, hyphens and apostrophes")
    return " ".join(name.split())


def _check_synonyms(synonyms: object) -> tuple[str, ...]:
    if not isinstance(synonyms, (list, tuple)) or len(synonyms) > MAX_SYNONYMS:
        raise Invalid(f"synonyms must be a list of at most {MAX_SYNONYMS} names")
    return tuple(dict.fromkeys(_check_name(s, "synonym").lower() for s in synonyms))


class Cameras:
    """Add, list and edit one household's cameras."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @staticmethod
    def _row(row) -> Camera:
        return Camera(row["slug"], row["name"], tuple(json.loads(row["synonyms"])), bool(row["recording"]))

    def add(
        self,
        household_id: int,
        name: str,
        *,
        slug: str | None = None,
        synonyms: list[str] | tuple[str, ...] = (),
        recording: bool = True,
    ) -> Camera:
        """Add a camera; its id is `slug` or derived from the name."""
        name = _check_name(name)
        slug = slug or slugify(name)
        if not SLUG_RE.match(slug):
            raise Invalid(f"camera id {slug!r} must be lower-case letters, digits and underscores")
        syns = _check_synonyms(synonyms)
        with self.db.transaction() as conn:
            if conn.execute(
                "SELECT 1 FROM cameras WHERE household_id = ? AND slug = ?", (household_id, slug)
            ).fetchone():
                raise Invalid(f"there is already a camera with id {slug!r}")
            conn.execute(
                "INSERT INTO cameras (household_id, slug, name, synonyms, recording) VALUES (?, ?, ?, ?, ?)",
                (household_id, slug, name, json.dumps(list(syns)), int(bool(recording))),
            )
        return self.get(household_id, slug)

    def all(self, household_id: int) -> list[Camera]:
        """Every camera of the household, in the order they were added (not those being removed)."""
        rows = self.db.query(
            "SELECT * FROM cameras WHERE household_id = ? AND removed_at IS NULL ORDER BY id", (household_id,)
        )
        return [self._row(r) for r in rows]

    def get(self, household_id: int, slug: str) -> Camera:
        """One camera by id; NotFound if the household has none by that id."""
        rows = self.db.query(
            "SELECT * FROM cameras WHERE household_id = ? AND slug = ? AND removed_at IS NULL", (household_id, slug)
        )
        if not rows:
            raise NotFound(f"no camera with id {slug!r}")
        return self._row(rows[0])

    def row_id(self, household_id: int, slug: str) -> int:
        """The internal row id of a camera (for the clip table)."""
        rows = self.db.query(
            "SELECT id FROM cameras WHERE household_id = ? AND slug = ? AND removed_at IS NULL", (household_id, slug)
        )
        if not rows:
            raise NotFound(f"no camera with id {slug!r}")
        return int(rows[0]["id"])

    def update(
        self,
        household_id: int,
        slug: str,
        *,
        name: str | None = None,
        synonyms: list[str] | None = None,
        recording: bool | None = None,
    ) -> Camera:
        """Edit a camera; fields left as None stay as they are."""
        current = self.get(household_id, slug)
        new_name = _check_name(name) if name is not None else current.name
        new_syns = _check_synonyms(synonyms) if synonyms is not None else current.synonyms
        if recording is not None and not isinstance(recording, bool):
            raise Invalid("recording must be true or false")
        new_rec = current.recording if recording is None else recording
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE cameras SET name = ?, synonyms = ?, recording = ? WHERE household_id = ? AND slug = ?",
                (new_name, json.dumps(list(new_syns)), int(new_rec), household_id, slug),
            )
        return self.get(household_id, slug)

    # -- stream sources (issue 13) -------------------------------------------
    def source(self, household_id: int, slug: str) -> str | None:
        """The camera's stream URL with its credentials, for recording only (never shown: see `shown_sources`)."""
        rows = self.db.query("SELECT source FROM cameras WHERE household_id = ? AND slug = ?", (household_id, slug))
        if not rows:
            raise NotFound(f"no camera with id {slug!r}")
        return rows[0]["source"]

    def set_source(self, household_id: int, slug: str, source: str | None) -> None:
        """Keep a stream URL with the camera (None removes it)."""
        value = None if source is None else check_source(source)
        self.get(household_id, slug)
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE cameras SET source = ? WHERE household_id = ? AND slug = ?", (value, household_id, slug)
            )

    def with_sources(self) -> list[tuple[int, Camera, str]]:
        """Every camera of every household that has a source: (household id, camera, source URL)."""
        rows = self.db.query(
            "SELECT * FROM cameras WHERE source IS NOT NULL AND removed_at IS NULL ORDER BY household_id, id"
        )
        return [(int(r["household_id"]), self._row(r), r["source"]) for r in rows]

    def shown_sources(self, household_id: int) -> dict[str, str]:
        """camera id → the stream as it may be shown (scheme, host, port, path; no secret in any form), for the
        household's cameras that have one. The URL itself never leaves the store except to the recorder."""
        rows = self.db.query(
            "SELECT slug, source FROM cameras WHERE household_id = ? AND source IS NOT NULL AND removed_at IS NULL",
            (household_id,),
        )
        return {r["slug"]: redact(r["source"]) for r in rows}

    # -- removal (its clips go to the trash; undo brings the camera back) ------------
    def mark_removed(self, household_id: int, slug: str, deletion_id: str, at: float) -> bool:
        """Hide a camera from every list under `deletion_id`; False if it is not there (any more)."""
        with self.db.transaction() as conn:
            return (
                conn.execute(
                    "UPDATE cameras SET removed_at = ?, removal_id = ? WHERE household_id = ? AND slug = ?"
                    " AND removed_at IS NULL",
                    (at, deletion_id, household_id, slug),
                ).rowcount
                == 1
            )

    def restore_removed(self, household_id: int, deletion_id: str) -> int:
        """Bring back the camera that deletion `deletion_id` removed (if any)."""
        with self.db.transaction() as conn:
            return conn.execute(
                "UPDATE cameras SET removed_at = NULL, removal_id = NULL WHERE household_id = ? AND removal_id = ?",
                (household_id, deletion_id),
            ).rowcount

    def erase_removed(self, before: float) -> int:
        """Erase for good the cameras removed before `before` (their clips went with the trash)."""
        with self.db.transaction() as conn:
            return conn.execute(
                "DELETE FROM cameras WHERE removed_at IS NOT NULL AND removed_at <= ?"
                " AND NOT EXISTS (SELECT 1 FROM clips c WHERE c.camera_id = cameras.id)",
                (before,),
            ).rowcount
