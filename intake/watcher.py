"""A folder that cameras upload to (FTP, SMB): each complete video becomes a clip, then leaves the folder."""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

from clipstore import ClipStore, Conflict, MediaError, StopSignal, StoreError

from .convert import to_browser_mp4
from .filetimes import clip_start
from .recorder import Labeler
from .uploads import NotAnUpload, copy_regular, rejected_folder

logger = logging.getLogger(__name__)

REJECTED = ".rejected"


@dataclass
class _Seen:
    size: int
    mtime_ns: int
    stable_since: float


class FolderWatcher:
    """Polls `folder`; a file whose size and modification time stayed put for `settle_s` is complete."""

    def __init__(
        self,
        store: ClipStore,
        household_id: int,
        camera: str,
        folder: Path,
        *,
        settle_s: float = 5.0,
        poll_s: float = 1.0,
        labeler: Labeler | None = None,
    ) -> None:
        self.store, self.household_id, self.camera = store, household_id, camera
        self.folder = Path(folder)
        self.settle_s, self.poll_s = settle_s, poll_s
        self.labeler = labeler
        self._seen: dict[Path, _Seen] = {}
        self._stuck: set[Path] = set()  # rejected but could not be moved away: not looked at again
        self.ingested = self.rejected = 0

    def _candidates(self) -> list[Path]:
        """Every entry but folders and hidden ones; links, pipes and such too, so that they are rejected."""
        with os.scandir(self.folder) as entries:
            return sorted(
                Path(e.path)
                for e in entries
                if not e.name.startswith(".")
                and not e.is_dir(follow_symlinks=False)
                and Path(e.path) not in self._stuck
            )

    def poll(self) -> list[Path]:
        """Look once; returns the files that are complete now (oldest name first)."""
        now = time.monotonic()  # file times come from the kernel: settle on what this process observed
        ready = []
        current = self._candidates()
        for path in current:
            try:
                info = os.lstat(path)  # the entry itself: a link is not followed
            except FileNotFoundError:
                continue
            seen = self._seen.get(path)
            if seen is None or (seen.size, seen.mtime_ns) != (info.st_size, info.st_mtime_ns):
                self._seen[path] = _Seen(info.st_size, info.st_mtime_ns, now)
            elif now - seen.stable_since >= self.settle_s:
                ready.append(path)
        for gone in set(self._seen) - set(current):
            del self._seen[gone]
        return ready

    def process(self, path: Path) -> bool:
        """Ingest one complete file and remove it; a file that is no video, or broken, goes to .rejected/."""
        self._seen.pop(path, None)
        upload, target = self.store.scratch_file(path.suffix[:16], "upload-"), self.store.scratch_file(".mp4")
        try:
            info = copy_regular(path, upload)  # O_NOFOLLOW + fstat: a regular file, read from its descriptor
            converted = to_browser_mp4(upload, target)
            household = self.store.system(self.household_id, "watcher").settings.household()
            started, origin = clip_start(path, converted.created_at, household.timezone, mtime=info.st_mtime)
            labelling = self.labeler(target) if self.labeler else None
            clip = self.store.ingest(
                self.household_id, self.camera, target, started_at=started, labelling=labelling, move=True
            )
        except (MediaError, NotAnUpload) as exc:
            self._reject(path, str(exc).replace(upload.name, path.name))
            return False
        except Conflict as exc:  # privacy mode: the camera records nothing, so its upload is not kept either
            logger.info("%s: not kept, %s", path.name, exc)
            path.unlink(missing_ok=True)
            return False
        except StoreError as exc:
            self._reject(path, str(exc))
            return False
        finally:
            upload.unlink(missing_ok=True)
            target.unlink(missing_ok=True)
        path.unlink(missing_ok=True)
        self.ingested += 1
        logger.info(
            "%s → clip %s of %s, started %s (from its %s)%s",
            path.name,
            clip.id,
            self.camera,
            clip.started_at.isoformat(),
            origin,
            f", {', '.join(clip.labels)}" if clip.labels else "",
        )
        return True

    def _reject(self, path: Path, why: str) -> None:
        """Move the entry itself (a link stays a link) into `.rejected/`, a plain folder, never through a link."""
        self.rejected += 1
        folder = rejected_folder(self.folder, REJECTED)
        if folder is None:
            self._stuck.add(path)
            logger.error(
                "%s: %s; left in place: %s/%s is not a plain folder (a link?)", path.name, why, self.folder, REJECTED
            )
            return
        try:
            name = path.name
            try:
                os.stat(name, dir_fd=folder, follow_symlinks=False)
                name = f"{path.stem}-{time.monotonic_ns()}{path.suffix}"
            except FileNotFoundError:
                pass
            os.rename(path, name, dst_dir_fd=folder)
        finally:
            os.close(folder)
        logger.warning("%s moved to %s/: %s", path.name, REJECTED, why)

    def run_once(self, stop: StopSignal | None = None, max_wait_s: float | None = None) -> None:
        """Process what is in the folder now, waiting for files still being written (at most `max_wait_s`)."""
        stop = stop or StopSignal()
        waiting = set(self._candidates())
        deadline = time.monotonic() + (max_wait_s if max_wait_s is not None else 20 * self.settle_s + 60)
        while waiting and not stop.is_set() and time.monotonic() < deadline:
            for path in self.poll():
                if path in waiting:
                    self.process(path)
            waiting = {p for p in waiting if os.path.lexists(p) and p not in self._stuck}
            if waiting:
                stop.wait(min(self.poll_s, self.settle_s / 2))
        for path in sorted(waiting):
            logger.warning("%s is still being written; left for the next run", path.name)

    def run(self, stop: StopSignal) -> None:
        """Keep watching until `stop` is set."""
        logger.info("watching %s for clips of camera %s", self.folder, self.camera)
        while not stop.is_set():
            try:
                for path in self.poll():
                    self.process(path)
            except OSError as exc:
                logger.warning("cannot read %s: %s", self.folder, exc)
            stop.wait(self.poll_s)
