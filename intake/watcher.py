"""A folder that cameras upload to (FTP, SMB): each complete video becomes a clip, then leaves the folder."""
from __future__ import annotations

import logging
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from clipstore.errors import Conflict, StoreError
from clipstore.media import MediaError
from clipstore.store import ClipStore
from clipstore.wakeup import StopSignal

from .convert import to_browser_mp4
from .filetimes import clip_start
from .recorder import Labeler

logger = logging.getLogger(__name__)

REJECTED = ".rejected"


@dataclass
class _Seen:
    size: int
    mtime_ns: int
    stable_since: float


class FolderWatcher:
    """Polls `folder`; a file whose size and modification time stayed put for `settle_s` is complete."""

    def __init__(self, store: ClipStore, household_id: int, camera: str, folder: Path, *,
                 settle_s: float = 5.0, poll_s: float = 1.0, labeler: Labeler | None = None) -> None:
        self.store, self.household_id, self.camera = store, household_id, camera
        self.folder = Path(folder)
        self.settle_s, self.poll_s = settle_s, poll_s
        self.labeler = labeler
        self._seen: dict[Path, _Seen] = {}
        self.ingested = self.rejected = 0

    def _candidates(self) -> list[Path]:
        return sorted(p for p in self.folder.iterdir() if p.is_file() and not p.name.startswith("."))

    def poll(self) -> list[Path]:
        """Look once; returns the files that are complete now (oldest name first)."""
        now = time.monotonic()  # file times come from the kernel: settle on what this process observed
        ready = []
        current = self._candidates()
        for path in current:
            try:
                info = path.stat()
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
        target = self.store.scratch_file(".mp4")
        try:
            converted = to_browser_mp4(path, target)
            household = self.store.households.get(self.household_id)
            started, origin = clip_start(path, converted.created_at, household.timezone)
            labelling = self.labeler(target) if self.labeler else None
            clip = self.store.ingest(self.household_id, self.camera, target, started_at=started,
                                     labelling=labelling, move=True)
        except MediaError as exc:
            self._reject(path, str(exc))
            return False
        except Conflict as exc:  # privacy mode: the camera records nothing, so its upload is not kept either
            logger.info("%s: not kept, %s", path.name, exc)
            path.unlink(missing_ok=True)
            return False
        except StoreError as exc:
            self._reject(path, str(exc))
            return False
        finally:
            target.unlink(missing_ok=True)
        path.unlink(missing_ok=True)
        self.ingested += 1
        logger.info("%s → clip %s of %s, started %s (from its %s)%s", path.name, clip.id, self.camera,
                    clip.started_at.isoformat(), origin, f", {', '.join(clip.labels)}" if clip.labels else "")
        return True

    def _reject(self, path: Path, why: str) -> None:
        folder = self.folder / REJECTED
        folder.mkdir(exist_ok=True)
        destination = folder / path.name
        if destination.exists():
            destination = folder / f"{path.stem}-{time.monotonic_ns()}{path.suffix}"
        shutil.move(str(path), destination)
        self.rejected += 1
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
            waiting = {p for p in waiting if p.exists()}
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
