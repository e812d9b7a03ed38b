"""Erasing for good: the trash once its undo window is over, clips past retention, removed cameras, and media
objects that no clip refers to any more (a crash between commit and erasure)."""

from __future__ import annotations

import logging

from .clips import ClipFiles
from .media_store.local import remove_stale
from .parts import Parts
from .retention import retention_cutoff

logger = logging.getLogger(__name__)

ORPHAN_GRACE_S = 600.0
"""Media objects without a row are erased only once this old: younger ones may belong to an ingest in flight."""


def purge(parts: Parts, now: float) -> int:
    """Erase the trash older than the grace period, live clips past their household's retention, and cameras
    removed longer ago than the grace period.

    Rows go first (one transaction each), then the engine drops their bytes (SQLite: `secure_delete` and a
    truncated WAL; PostgreSQL: VACUUM), then the media objects. Shares of erased clips go with them.
    """
    removed = parts.clips.remove_trashed(now - parts.trash_grace_s)
    for household in parts.households.all():
        # Live clips through the time index; trashed ones wait for the end of their undo window, even past
        # retention (see retention.set_retention).
        removed += parts.clips.remove_past_retention(household.id, retention_cutoff(household, now))
    cameras = parts.cameras.erase_removed(now - parts.trash_grace_s)
    parts.sessions.prune()
    if removed or cameras:
        parts.db.erase_freed_space()
    if removed:
        _remove_media(parts, [files for _, _, files in removed])
        logger.info("purged %d clips", len(removed))
    return len(removed)


def _remove_media(parts: Parts, files: list[ClipFiles]) -> None:
    parts.media.delete([key for item in files for key in (item.video, item.thumbnail)])


def reconcile(parts: Parts, min_age_s: float = ORPHAN_GRACE_S) -> int:
    """Erase media objects no clip refers to once they are `min_age_s` old (ages on the clock that stamps the
    objects, not the process's), and uploads an interrupted ingest left in the scratch folder."""
    removed = remove_stale(parts.data_dir / "incoming", min_age_s)
    known = parts.clips.all_files()
    orphans = [key for key in parts.media.keys(older_than=parts.media.now() - min_age_s) if key not in known]
    parts.media.delete(orphans)
    removed += len(orphans)
    if removed:
        logger.warning("removed %d orphan media objects or stale uploads", removed)
    return removed
