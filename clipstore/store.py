"""The clip store facade: the only way into the database and the media files."""
from __future__ import annotations

import logging
import os
import secrets
import shutil
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from datetime import time as dtime
from pathlib import Path
from zoneinfo import ZoneInfo

from .audit import AuditLog
from .cameras import Cameras
from .clips import ClipFiles, Clips
from .clock import Clock, as_datetime, system_clock
from .db import Database
from .errors import Conflict, Invalid, NeedsConfirmation
from .households import Households, check_retention, check_timezone
from .links import AlexaLinks
from .models import (
    Clip,
    ClipQuery,
    Deletion,
    Household,
    Restored,
    RetentionChange,
    labels_to_mask,
)
from .private import create_private_file, private_dir, private_file, secure_tree
from .shares import Shares
from .voicecode import VoiceCodes

logger = logging.getLogger(__name__)

MAX_CLIP_BYTES = 200 * 1024 * 1024
DEFAULT_TRASH_GRACE_S = 600.0


def default_data_dir() -> Path:
    """`$CLIPSTORE_DATA`, else the per-user data directory (XDG)."""
    env = os.environ.get("CLIPSTORE_DATA")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "home-clips"


def retention_cutoff(household: Household, now: float) -> float:
    """Clips that started before this moment are past retention: local midnight, `retention_days` days ago."""
    zone = ZoneInfo(household.timezone)
    today = datetime.fromtimestamp(now, zone).date()
    return datetime.combine(today - timedelta(days=household.retention_days), dtime(), zone).timestamp()


class ClipStore:
    """Households, cameras, clips, media files and the audit log under one data directory."""

    def __init__(self, data_dir: Path | str, *, trash_grace_s: float = DEFAULT_TRASH_GRACE_S,
                 clock: Clock = system_clock) -> None:
        self.data_dir = Path(data_dir)
        self.trash_grace_s = trash_grace_s
        self.clock = clock
        self.media_dir = self.data_dir / "media"
        existed = self.data_dir.exists()
        private_dir(self.data_dir)
        if existed:
            secure_tree(self.data_dir)
        private_dir(self.media_dir)
        create_private_file(self.data_dir / "clips.sqlite3")  # SQLite gives its WAL and shm files the same mode
        self.db = Database(self.data_dir / "clips.sqlite3")
        self.opened_with_migrations = self.db.applied_on_open
        self.households = Households(self.db, clock)
        self.cameras = Cameras(self.db)
        self.clips = Clips(self.db)
        self.audit = AuditLog(self.db, clock)
        self.shares = Shares(self.db, clock)
        self.alexa_links = AlexaLinks(self.db, clock)
        self.voice_codes = VoiceCodes(self.db, self.audit, clock)

    def now(self) -> float:
        """The store's clock (seconds since the epoch)."""
        return self.clock()

    def now_utc(self) -> datetime:
        """The store's clock as an aware UTC datetime."""
        return as_datetime(self.clock)

    # -- secrets -----------------------------------------------------------
    def secret_key(self) -> bytes:
        """The server's signing key (URLs, sessions), created once and kept in the database."""
        rows = self.db.query("SELECT value FROM settings WHERE key = 'secret_key'")
        if rows:
            return bytes.fromhex(rows[0]["value"])
        key = secrets.token_bytes(32)
        with self.db.transaction() as conn:
            conn.execute("INSERT OR IGNORE INTO settings (key, value) VALUES ('secret_key', ?)", (key.hex(),))
        return bytes.fromhex(self.db.query("SELECT value FROM settings WHERE key = 'secret_key'")[0]["value"])

    # -- clips with files --------------------------------------------------
    def media_path(self, relative: str) -> Path:
        """Absolute path of a media file named by the database."""
        return self.media_dir / relative

    def ingest(self, household_id: int, camera: str, video: Path, *, started_at: datetime | None = None,
               labels: tuple[str, ...] | list[str] = (), move: bool = False) -> Clip:
        """Add a clip from an MP4 file: checked, copied into the store, thumbnailed, hashed."""
        from .media import (  # PyAV: only when ingesting
            MediaError,
            probe_video,
            sha256_file,
            write_thumbnail,
        )

        cam = self.cameras.get(household_id, camera)
        if not cam.recording:
            raise Conflict(f"camera {camera!r} is in privacy mode (recording is off); turn recording on first")
        labels = tuple(dict.fromkeys(labels))
        try:
            labels_to_mask(list(labels))
        except ValueError as exc:
            raise Invalid(str(exc)) from None
        started = started_at or self.now_utc()
        if started.tzinfo is None:
            raise Invalid("the start time must carry a time zone or Z")
        video = Path(video)
        if video.stat().st_size > MAX_CLIP_BYTES:
            raise Invalid(f"clip is larger than {MAX_CLIP_BYTES // (1024 * 1024)} MiB")
        try:
            info = probe_video(video)
        except MediaError as exc:
            raise Invalid(f"not a playable video: {exc}") from None
        clip_id = secrets.token_hex(8)
        files = ClipFiles(f"{household_id}/{clip_id}.mp4", f"{household_id}/{clip_id}.jpg")
        target = self.media_path(files.video)
        private_dir(target.parent)
        try:
            (shutil.move if move else shutil.copyfile)(video, target)
            private_file(target)
            write_thumbnail(target, self.media_path(files.thumbnail))
            private_file(self.media_path(files.thumbnail))
            clip = Clip(clip_id, camera, started.astimezone(timezone.utc).replace(microsecond=0),
                        round(info.duration_s, 2), labels, target.stat().st_size, sha256_file(target))
            self.clips.insert(household_id, self.cameras.row_id(household_id, camera), clip, files,
                              int(self.now()))
        except BaseException:
            self._remove_files([files])
            raise
        logger.debug("ingested clip %s for camera %s", clip_id, camera)
        return clip

    def delete(self, household_id: int, query: ClipQuery, *, now: float | None = None) -> int:
        """Move matching clips to the trash: gone from every list at once, restorable for the grace period.

        `purge` erases them (rows, then files) once the grace period is over.
        """
        return self.clips.trash(household_id, query, secrets.token_hex(8), self.now() if now is None else now)

    def last_deletion(self, household_id: int, *, now: float | None = None) -> Deletion | None:
        """The newest deletion that can still be undone, if any."""
        row = self.clips.last_deletion(household_id)
        now = self.now() if now is None else now
        if row is None or row["at"] + self.trash_grace_s <= now:
            return None
        return Deletion(row["id"], row["count"], datetime.fromtimestamp(row["at"], timezone.utc),
                        datetime.fromtimestamp(row["at"] + self.trash_grace_s, timezone.utc),
                        row["previous_retention"])

    def restore_last(self, household_id: int, *, now: float | None = None) -> Restored:
        """Undo the newest deletion while it is restorable: its clips, and the retention setting it replaced."""
        now = self.now() if now is None else now
        deletion = self.last_deletion(household_id, now=now)
        if deletion is None:
            return Restored(0)
        with self.db.transaction():
            count = self.clips.restore(household_id, deletion.id, now)
            if deletion.previous_retention is not None:
                self.households.update(household_id, retention_days=deletion.previous_retention)
        return Restored(count, deletion.previous_retention)

    def retention_preview(self, household_id: int, days: int, *, now: float | None = None) -> ClipQuery:
        """The clips that keeping clips `days` days would remove now (those that started before the cutoff)."""
        household = self.households.get(household_id)
        check_retention(days)
        cutoff = retention_cutoff(replace(household, retention_days=days), self.now() if now is None else now)
        return ClipQuery(before=datetime.fromtimestamp(cutoff, timezone.utc))

    def set_retention(self, household_id: int, days: int, *, confirm: bool = False,
                      now: float | None = None) -> RetentionChange:
        """Keep clips `days` days. Shortening it so that clips would go needs `confirm`, else NeedsConfirmation.

        Confirmed, the clips past the new cutoff go to the trash under one deletion that remembers the old
        setting, so "undo" within the grace period brings back both.
        """
        now = self.now() if now is None else now
        household = self.households.get(household_id)
        query = self.retention_preview(household_id, days, now=now)
        with self.db.transaction():
            count = self.clips.count(household_id, query) if days < household.retention_days else 0
            if count and not confirm:
                raise NeedsConfirmation(
                    f"That deletes {count} clip{'s' if count != 1 else ''} older than {days}"
                    f" day{'s' if days != 1 else ''}, from all cameras; send \"confirm\": true to go ahead",
                    count, retention_days=days)
            trashed = self.clips.trash(household_id, query, secrets.token_hex(8), now,
                                       previous_retention=household.retention_days) if count else 0
            updated = self.households.update(household_id, retention_days=days)
        return RetentionChange(updated, trashed)

    def update_household(self, household_id: int, *, timezone: str | None = None, retention_days: int | None = None,
                         confirm: bool = False) -> RetentionChange:
        """Change the time zone and/or retention in one transaction (retention as `set_retention`)."""
        if timezone is not None:
            check_timezone(timezone)
        with self.db.transaction():
            change = RetentionChange(self.households.get(household_id))
            if retention_days is not None:
                change = self.set_retention(household_id, retention_days, confirm=confirm)
            if timezone is not None:
                change = RetentionChange(self.households.update(household_id, timezone=timezone), change.trashed)
        return change

    def purge(self, *, now: float | None = None) -> int:
        """Erase for good: trash older than the grace period, and live clips past their household's retention.

        Rows go first (one transaction, `secure_delete` on), then the files; `reconcile` removes files a crash
        left behind. Shares of erased clips go with them (foreign key cascade).
        """
        now = self.now() if now is None else now
        removed = self.clips.remove("c.deleted_at IS NOT NULL AND c.deleted_at <= ?", [now - self.trash_grace_s])
        for household in self.households.all():
            cutoff = retention_cutoff(household, now)
            # Live clips through the time index, trashed ones through the trash: neither reads every clip.
            removed += self.clips.remove("c.household_id = ? AND c.deleted_at IS NULL AND c.started_at < ?",
                                         [household.id, int(cutoff)])
            # Trashed clips wait for the end of their undo window, even past retention (see set_retention).
        if removed:
            self.db.checkpoint()
        self._remove_files([files for _, _, files in removed])
        if removed:
            logger.info("purged %d clips", len(removed))
        return len(removed)

    def _remove_files(self, files: list[ClipFiles]) -> None:
        for item in files:
            for rel in (item.video, item.thumbnail):
                try:
                    self.media_path(rel).unlink()
                except FileNotFoundError:
                    pass

    def reconcile(self) -> int:
        """Remove media files no clip refers to (after a crash between commit and unlink), and stale uploads."""
        known = self.clips.all_files()
        removed = 0
        incoming = self.data_dir / "incoming"
        if incoming.is_dir():
            for path in incoming.iterdir():
                if path.is_file():
                    path.unlink()
                    removed += 1
        for path in self.media_dir.rglob("*"):
            if path.is_file() and path.relative_to(self.media_dir).as_posix() not in known:
                path.unlink()
                removed += 1
        if removed:
            logger.warning("removed %d orphan media files", removed)
        return removed

    def close(self) -> None:
        """Close database connections."""
        self.db.close()



