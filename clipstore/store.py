"""The clip store facade: the only way into the database and the media files."""
from __future__ import annotations

import logging
import os
import secrets
import shutil
import time
from datetime import datetime, timezone
from pathlib import Path

from .audit import AuditLog
from .cameras import Cameras
from .clips import ClipFiles, Clips
from .db import Database
from .errors import Conflict, Invalid
from .households import Households
from .media import MediaError, probe_video, sha256_file, write_thumbnail
from .models import Clip, ClipQuery, labels_to_mask

logger = logging.getLogger(__name__)

MAX_CLIP_BYTES = 200 * 1024 * 1024


def default_data_dir() -> Path:
    """`$CLIPSTORE_DATA`, else the per-user data directory (XDG)."""
    env = os.environ.get("CLIPSTORE_DATA")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "home-clips"


class ClipStore:
    """Households, cameras, clips, media files and the audit log under one data directory."""

    def __init__(self, data_dir: Path | str) -> None:
        self.data_dir = Path(data_dir)
        self.media_dir = self.data_dir / "media"
        self.media_dir.mkdir(parents=True, exist_ok=True)
        self.db = Database(self.data_dir / "clips.sqlite3")
        self.households = Households(self.db)
        self.cameras = Cameras(self.db)
        self.clips = Clips(self.db)
        self.audit = AuditLog(self.db)

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
        cam = self.cameras.get(household_id, camera)
        if not cam.recording:
            raise Conflict(f"camera {camera!r} is in privacy mode (recording is off); turn recording on first")
        labels = tuple(dict.fromkeys(labels))
        try:
            labels_to_mask(list(labels))
        except ValueError as exc:
            raise Invalid(str(exc)) from None
        started = started_at or datetime.now(timezone.utc)
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
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            (shutil.move if move else shutil.copyfile)(video, target)
            write_thumbnail(target, self.media_path(files.thumbnail))
            clip = Clip(clip_id, camera, started.astimezone(timezone.utc).replace(microsecond=0),
                        round(info.duration_s, 2), labels, target.stat().st_size, sha256_file(target))
            self.clips.insert(household_id, self.cameras.row_id(household_id, camera), clip, files,
                              int(time.time()))
        except BaseException:
            self._remove_files([files])
            raise
        logger.debug("ingested clip %s for camera %s", clip_id, camera)
        return clip

    def delete(self, household_id: int, query: ClipQuery) -> int:
        """Delete matching clips: rows first (one transaction), then their files."""
        removed = self.clips.delete(household_id, query)
        self._remove_files([files for _, files in removed])
        return len(removed)

    def _remove_files(self, files: list[ClipFiles]) -> None:
        for item in files:
            for rel in (item.video, item.thumbnail):
                try:
                    self.media_path(rel).unlink()
                except FileNotFoundError:
                    pass

    def reconcile(self) -> int:
        """Remove media files no clip refers to (after a crash between commit and unlink)."""
        known = self.clips.all_files()
        removed = 0
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



