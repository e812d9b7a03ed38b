"""Owner-only files: the data directory is 0700 and every file in it 0600, whatever the umask.

Clips are video of people's homes and the database holds the server's signing key, so no other local user
may read either. An existing directory that is open to others is closed (with a loud warning) at start-up.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
from pathlib import Path

logger = logging.getLogger(__name__)

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path) -> Path:
    """Create `path` (and missing parents inside it) owner-only; returns it."""
    path = Path(path)
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    if stat.S_IMODE(path.stat().st_mode) != DIR_MODE:
        os.chmod(path, DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Make an existing file owner-only; returns it."""
    os.chmod(path, FILE_MODE)
    return Path(path)


def create_private_file(path: Path) -> None:
    """Create `path` empty and owner-only if it does not exist yet (so SQLite's own files inherit 0600)."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))


def secure_tree(root: Path) -> int:
    """Close a data directory to other users: 0700 directories, 0600 files. Returns how many entries it fixed.

    Logs a warning naming the directory when anything was open, since clips may have been readable by others.
    """
    root = Path(root)
    fixed = 0
    for current, _dirs, files in os.walk(root):
        for name, mode in [(current, DIR_MODE)] + [(os.path.join(current, f), FILE_MODE) for f in files]:
            try:
                info = os.lstat(name)
            except FileNotFoundError:
                continue
            if stat.S_ISLNK(info.st_mode):
                continue
            if stat.S_IMODE(info.st_mode) & 0o077:
                os.chmod(name, mode)
                fixed += 1
    if fixed:
        logger.warning(
            "SECURITY: %d files or directories in %s were readable by other users of this machine; "
            "they are now owner-only (0700/0600). Anyone with access may have copied clips or the "
            "signing key: sign out everywhere and rotate tokens if that matters here.",
            fixed,
            root,
        )
    return fixed
