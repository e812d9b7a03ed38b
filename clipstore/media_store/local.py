"""Media as files under the data directory's `media/` folder (the default)."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..private import private_dir, private_file
from . import MediaMissing, MediaObject, MediaStore


class LocalMedia(MediaStore):
    """One file per key, 0600 in 0700 folders."""

    kind = "local"

    def __init__(self, root: Path) -> None:
        self.root = private_dir(Path(root))

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:
            raise ValueError(f"media key {key!r} leaves the media folder")
        return path

    def put(self, key: str, source: Path, *, move: bool = False) -> None:
        target = self._path(key)
        private_dir(target.parent)
        (shutil.move if move else shutil.copyfile)(source, target)
        private_file(target)

    def open(self, key: str) -> MediaObject:
        path = self._path(key)
        try:
            info = path.stat()
        except FileNotFoundError:
            raise MediaMissing(key) from None
        return MediaObject(info.st_size, f"{info.st_mtime_ns:x}-{info.st_size:x}", info.st_mtime, path=path)

    def delete(self, keys: Iterable[str]) -> None:
        for key in keys:
            with contextlib.suppress(FileNotFoundError):
                self._path(key).unlink()

    def keys(self, older_than: float) -> Iterator[str]:
        for path in self.root.rglob("*"):
            if path.is_file() and path.stat().st_mtime < older_than:
                yield path.relative_to(self.root).as_posix()

    def now(self) -> float:
        return filesystem_now(self.root)

    def local_path(self, key: str) -> Path | None:
        return self._path(key)

    def describe(self) -> str:
        return f"files in {self.root}"


def filesystem_now(folder: Path) -> float:
    """The current time as the file system stamps new files in `folder`. Ages of files are measured on this
    clock, which may differ from the process's: a network file system's server, or a process under libfaketime
    (which fakes `time()` but not the stamps), where an upload still being written looked hours old."""
    with tempfile.TemporaryFile(dir=folder) as probe:
        return os.fstat(probe.fileno()).st_mtime


def remove_stale(folder: Path, min_age_s: float) -> int:
    """Delete what interrupted uploads left in `folder` at least `min_age_s` ago; returns how many files."""
    removed = 0
    if folder.is_dir():
        older_than = filesystem_now(folder) - min_age_s
        for path in folder.rglob("*"):
            if path.is_file() and path.stat().st_mtime < older_than:
                os.unlink(path)
                removed += 1
    return removed
