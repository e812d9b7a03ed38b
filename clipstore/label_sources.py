"""Who set each label of a clip: a detector (by name), an importer, or a person who corrected it."""
from __future__ import annotations

from .db import Database
from .errors import Invalid
from .models import LABELS, labels_to_mask

PERSON = "person"
"""The source name of labels a person set or confirmed on the web page."""


class LabelSources:
    """Read and write the `clip_label_sources` rows (the label mask on `clips` stays what queries use)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def record(self, clip_id: str, labels: tuple[str, ...] | list[str], source: str, at: int) -> None:
        """Say that `source` set these labels of a clip."""
        with self.db.transaction() as conn:
            for label in labels:
                conn.execute("INSERT INTO clip_label_sources (clip_id, label, source, set_at) VALUES (?, ?, ?, ?)"
                             " ON CONFLICT (clip_id, label) DO UPDATE SET source = excluded.source,"
                             " set_at = excluded.set_at", (clip_id, label, source, at))

    def of(self, clip_id: str) -> dict[str, str]:
        """label → who set it, for one clip."""
        rows = self.db.query("SELECT label, source FROM clip_label_sources WHERE clip_id = ?", (clip_id,))
        return {r["label"]: r["source"] for r in rows}

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
            cur = conn.execute("UPDATE clips SET label_mask = ? WHERE id = ? AND household_id = ?"
                               " AND deleted_at IS NULL", (mask, clip_id, household_id))
            if cur.rowcount != 1:
                from .errors import NotFound
                raise NotFound("no such clip")
            known = {r["label"] for r in conn.execute("SELECT label FROM clip_label_sources WHERE clip_id = ?",
                                                      (clip_id,))}
            for label in known - set(wanted):
                conn.execute("DELETE FROM clip_label_sources WHERE clip_id = ? AND label = ?", (clip_id, label))
            for label in wanted:
                if label not in known:
                    conn.execute("INSERT INTO clip_label_sources (clip_id, label, source, set_at)"
                                 " VALUES (?, ?, ?, ?)", (clip_id, label, PERSON, at))
        return wanted
