"""Where clip videos and thumbnails live: files in the data directory, or S3-compatible object storage.

The store names each object by a key (`<household>/<clip>.mp4`); a backend keeps the bytes. Views never
know which one runs: they ask for a `MediaObject` and send it.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO


class MediaMissing(Exception):
    """No object under that key."""


@dataclass(frozen=True)
class MediaObject:
    """One stored object as a response needs it: a local path, or a seekable reader with its metadata."""

    size: int
    etag: str
    last_modified: float
    path: Path | None = None
    reader: IO[bytes] | None = None


class MediaStore(ABC):
    """Put, send and erase media objects by key."""

    kind: str = ""

    @abstractmethod
    def put(self, key: str, source: Path, *, move: bool = False) -> None:
        """Store the file `source` under `key` (readable by the owner only)."""

    @abstractmethod
    def open(self, key: str) -> MediaObject:
        """The object under `key`, ready to send; MediaMissing if there is none."""

    @abstractmethod
    def delete(self, keys: Iterable[str]) -> None:
        """Erase these objects for good (every version); missing ones are fine."""

    @abstractmethod
    def keys(self, older_than: float) -> Iterator[str]:
        """Every key stored before the moment `older_than` (seconds since the epoch, on `now`'s clock)."""

    def now(self) -> float:
        """The current time on the clock that stamps this store's objects, which `keys` compares against."""
        return time.time()

    def local_path(self, key: str) -> Path | None:
        """The object's file, where it is a local file; else None."""
        return None

    def check(self) -> None:  # noqa: B027 - optional: a backend without start-up checks keeps this no-op
        """Start-up checks (e.g. that deletion really deletes); raise RuntimeError if it cannot."""

    def describe(self) -> str:
        """Where the media lives, for logs and errors (no secrets)."""
        return self.kind
