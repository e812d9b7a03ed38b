"""Who set each label of a clip: a detector (by name), an importer, or a person who corrected it.

A detector's labels also carry how sure it was and the moment of the clip where it was surest; and each camera
remembers which labels every source that labelled its clips can give at all (`can_tell`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .db import Database
from .errors import Invalid
from .models import LABELS, labels_to_mask

PERSON = "person"
"""The source name of labels a person set or confirmed on the web page."""


@dataclass(frozen=True)
class Seen:
    """One label a detector kept: its confidence (0..1) and when in the clip it was surest (seconds)."""

    label: str
    confidence: float
    at_s: float


@dataclass(frozen=True)
class Labelling:
    """What a source made of a clip: the labels it kept, and every label it could have given (`can_tell`)."""

    source: str
    can_tell: tuple[str, ...]
    seen: tuple[Seen, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        """The kept labels, in the store's order."""
        kept = {s.label for s in self.seen}
        return tuple(label for label in LABELS if label in kept)

    @property
    def thumbnail_s(self) -> float | None:
        """The moment to show: where the surest of its labels was seen (None: nothing was)."""
        return max(self.seen, key=lambda s: s.confidence).at_s if self.seen else None


@dataclass(frozen=True)
class LabelInfo:
    """Who set a clip's label, and, for a detector's, how sure it was and when (seconds into the clip)."""

    source: str
    confidence: float | None = None
    frame_s: float | None = None


class LabelSources:
    """Read and write the `clip_label_sources` rows (the label mask on `clips` stays what queries use)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def record(
        self, clip_id: str, labels: tuple[str, ...] | list[str], source: str, at: int, seen: tuple[Seen, ...] = ()
    ) -> None:
        """Say that `source` set these labels of a clip (with a detector's confidence and moment, if `seen`)."""
        detail = {s.label: s for s in seen}
        with self.db.transaction() as conn:
            for label in labels:
                info = detail.get(label)
                conn.execute(
                    "INSERT INTO clip_label_sources (clip_id, label, source, set_at, confidence, frame_s)"
                    " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (clip_id, label) DO UPDATE SET"
                    " source = excluded.source, set_at = excluded.set_at,"
                    " confidence = excluded.confidence, frame_s = excluded.frame_s",
                    (
                        clip_id,
                        label,
                        source,
                        at,
                        None if info is None else round(info.confidence, 3),
                        None if info is None else round(info.at_s, 3),
                    ),
                )

    def of(self, clip_id: str) -> dict[str, str]:
        """label → who set it, for one clip."""
        rows = self.db.query("SELECT label, source FROM clip_label_sources WHERE clip_id = ?", (clip_id,))
        return {r["label"]: r["source"] for r in rows}

    def details(self, clip_id: str) -> dict[str, LabelInfo]:
        """label → who set it, how sure a detector was and when in the clip, for one clip."""
        rows = self.db.query(
            "SELECT label, source, confidence, frame_s FROM clip_label_sources WHERE clip_id = ?", (clip_id,)
        )
        return {r["label"]: LabelInfo(r["source"], r["confidence"], r["frame_s"]) for r in rows}

    def note_can_tell(self, camera_row_id: int, source: str, can_tell: tuple[str, ...], at: int) -> None:
        """Remember that `source` labels this camera's clips and can give these labels."""
        labels = ",".join(label for label in LABELS if label in set(can_tell))
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO camera_label_sources (camera_id, source, labels, seen_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (camera_id, source) DO UPDATE SET labels = excluded.labels,"
                " seen_at = excluded.seen_at",
                (camera_row_id, source, labels, at),
            )

    def can_tell(self, household_id: int, camera: str) -> dict[str, tuple[str, ...]]:
        """source → the labels it can give, for every source that labelled this camera's clips (newest first).

        A camera with no such source (clips that came without labels, or from before labelling) gives {}.
        """
        rows = self.db.query(
            "SELECT s.source, s.labels FROM camera_label_sources s JOIN cameras c"
            " ON c.id = s.camera_id WHERE c.household_id = ? AND c.slug = ?"
            " ORDER BY s.seen_at DESC, s.source",
            (household_id, camera),
        )
        return {r["source"]: tuple(x for x in r["labels"].split(",") if x) for r in rows}

    def coverage(self, household_id: int) -> dict[str, dict[str, tuple[str, ...]]]:
        """camera id → {source → the labels it can give}, for the household's cameras that have any such source
        (`can_tell` for every camera at once; a camera without one is absent)."""
        rows = self.db.query(
            "SELECT c.slug, s.source, s.labels FROM camera_label_sources s JOIN cameras c"
            " ON c.id = s.camera_id WHERE c.household_id = ? ORDER BY c.slug, s.seen_at DESC,"
            " s.source",
            (household_id,),
        )
        found: dict[str, dict[str, tuple[str, ...]]] = {}
        for r in rows:
            found.setdefault(r["slug"], {})[r["source"]] = tuple(x for x in r["labels"].split(",") if x)
        return found

    def correct(self, household_id: int, clip_id: str, labels: list[str], at: int) -> tuple[str, ...]:
        """A person sets a clip's labels: kept ones keep their source, new ones are the person's."""
        if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
            raise Invalid("labels must be a list of names")
        wanted = tuple(label for label in LABELS if label in set(labels))
        try:
            mask = labels_to_mask(list(labels))
        except ValueError as exc:
            raise Invalid(str(exc)) from None
        with self.db.transaction() as conn:
            cur = conn.execute(
                "UPDATE clips SET label_mask = ? WHERE id = ? AND household_id = ? AND deleted_at IS NULL",
                (mask, clip_id, household_id),
            )
            if cur.rowcount != 1:
                from .errors import NotFound

                raise NotFound("no such clip")
            known = {
                r["label"] for r in conn.execute("SELECT label FROM clip_label_sources WHERE clip_id = ?", (clip_id,))
            }
            for label in known - set(wanted):
                conn.execute("DELETE FROM clip_label_sources WHERE clip_id = ? AND label = ?", (clip_id, label))
            for label in wanted:
                if label not in known:
                    conn.execute(
                        "INSERT INTO clip_label_sources (clip_id, label, source, set_at) VALUES (?, ?, ?, ?)",
                        (clip_id, label, PERSON, at),
                    )
        return wanted
