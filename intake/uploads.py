"""Taking a file out of an upload folder safely: regular files only, never through a link.

Whoever uploads to the folder (an FTP account, a camera) can also make symbolic links there, to another
household's media or to `/etc/shadow`. So an upload is opened with `O_NOFOLLOW` and checked with `fstat` on
that very descriptor (no race with a rename): only a regular file with one name is read, and it is read from
that descriptor into a private copy, which is what gets converted.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import stat
from datetime import datetime
from pathlib import Path

import av

from clipstore import Clip, Home

from .detect import shared_labeler
from .detector import Detector

logger = logging.getLogger(__name__)

_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


class NotAnUpload(ValueError):
    """The entry is not a regular file of its own (a link, a pipe, a device...): it is not read."""


def copy_regular(path: Path, target: Path) -> os.stat_result:
    """Copy the regular file at `path` into `target` (which exists, owner-only); returns its `fstat`.

    NotAnUpload for a symbolic link (not followed), anything but a regular file, or a file with other hard links.
    """
    try:
        fd = os.open(path, _FLAGS)
    except OSError as exc:
        if os.path.islink(path):
            raise NotAnUpload("not a regular file (a symbolic link; links are not followed)") from None
        raise NotAnUpload(f"cannot be opened ({exc.strerror})") from None
    with os.fdopen(fd, "rb") as source:
        info = os.fstat(source.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise NotAnUpload("not a regular file (a pipe, socket or device)")
        if info.st_nlink != 1:
            raise NotAnUpload("not a regular file of its own (it has other hard links)")
        os.set_blocking(source.fileno(), True)
        with open(target, "wb") as copy:
            shutil.copyfileobj(source, copy, 1 << 20)
    return info


def rejected_folder(folder: Path, name: str) -> int | None:
    """A descriptor of `folder/name`, a plain folder made if missing; None if something else is there (a link
    planted to send rejected files elsewhere)."""
    with contextlib.suppress(FileExistsError):
        os.mkdir(folder / name, 0o700)
    try:
        return os.open(folder / name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return None


def add_upload(
    home: Home,
    camera: str,
    video: Path,
    *,
    started_at: datetime | None = None,
    labels: list[str] | tuple[str, ...] = (),
    labeler: Detector | str | None = "shared",
) -> Clip:
    """Add an uploaded clip for the caller: the labels given, or else the detector's (with its confidence and
    surest moment). A file the detector can't read gets the store's own verdict; one it could read but not
    label is stored without labels (logged)."""
    detector = shared_labeler() if labeler == "shared" else labeler
    labelling = None
    if not labels and isinstance(detector, Detector):
        try:
            labelling = detector.look(video)
        except (av.FFmpegError, OSError, ValueError, RuntimeError) as exc:
            logger.warning("%s could not label %s (%s): stored without labels", detector.name, video.name, exc)
    return home.clips.add(camera, video, started_at=started_at, labels=labels, labelling=labelling)
