"""What anchors the audit log outside the database: a key, and the newest head this server wrote.

Staff who can write the database could otherwise delete the entries of their own viewing and recompute every
hash of the chain (the Ring case). So:

- Each entry's hash is an HMAC with a key the database does not hold: `$CLIPSTORE_AUDIT_KEY`, else the file
  `audit.key` in the data directory (0600, made on first use). Without it no entry can be rewritten, inserted
  or recomputed unnoticed. Servers sharing a database must share the key (docs/deploy.md); the database keeps
  only a fingerprint of it, so a server with another key refuses to start instead of writing a broken chain.
- After each entry commits, the server notes the household's head (entries, hash) in `audit-anchors/` in its
  data directory. Cutting entries off the end of a chain, or emptying it, and putting back an older head
  row, leaves the chain shorter than its anchor: `verify` reports it.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import logging
import os
import secrets
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from .private import FILE_MODE, private_dir

if TYPE_CHECKING:
    from .db import Database

logger = logging.getLogger(__name__)

ENV = "CLIPSTORE_AUDIT_KEY"
KEY_FILE = "audit.key"
ANCHORS_DIR = "audit-anchors"
MIN_KEY_CHARS = 32


class AuditKeyError(RuntimeError):
    """The audit key is missing, malformed, or not the one the database's log was written with."""


def load_key(data_dir: Path, given: str | None = None) -> bytes:
    """The audit key: `given` (`$CLIPSTORE_AUDIT_KEY`, at least 32 characters), else `DATA/audit.key`, made once."""
    if given:
        if len(given) < MIN_KEY_CHARS:
            raise AuditKeyError(
                f"{ENV} must be at least {MIN_KEY_CHARS} characters, e.g. the output of: "
                "python -c 'import secrets; print(secrets.token_hex(32))'"
            )
        return hashlib.sha256(b"home-clips audit key\n" + given.encode()).digest()
    path = Path(data_dir) / KEY_FILE
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    temporary = path.with_name(f".{KEY_FILE}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32) + "\n")
    try:
        os.link(temporary, path)  # never replaces a key another process made meanwhile
        logger.info("made the audit log's key %s (keep it with the data: without it the log can't be verified)", path)
    except FileExistsError:
        pass
    finally:
        temporary.unlink()
    return _read_key(path)


def check_key(db: Database, key: bytes, where: object) -> None:
    """The database's log must have been written with this key, kept at `where` (AuditKeyError, saying what to
    do, if not)."""
    wanted = fingerprint(key)
    with db.transaction() as conn:
        conn.execute(
            "INSERT INTO settings (key, value) VALUES ('audit_key_fingerprint', ?) ON CONFLICT DO NOTHING", (wanted,)
        )
    found = db.query("SELECT value FROM settings WHERE key = 'audit_key_fingerprint'")[0]["value"]
    if found != wanted:
        raise AuditKeyError(
            f"this server's audit key ({where}) is not the one the database's audit log was written with: every"
            f" server sharing a database needs the same {ENV} (docs/deploy.md); restore the key rather than making"
            " a new one"
        )


def _read_key(path: Path) -> bytes:
    text = path.read_text().strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) < 16:
        raise AuditKeyError(f"{path} does not hold an audit key (hex); restore it from a backup")
    return key


def fingerprint(key: bytes) -> str:
    """What the database keeps of the key: enough to tell keys apart, nothing to make hashes with."""
    return hmac.new(key, b"home-clips audit key fingerprint", hashlib.sha256).hexdigest()[:32]


class Anchors:
    """The newest head of each household's chain that this server wrote: `audit-anchors/ID` holds one
    fixed-width line "entries hash", overwritten in place under a lock (cheap enough for every entry)."""

    def __init__(self, data_dir: Path) -> None:
        self.folder = Path(data_dir) / ANCHORS_DIR
        self._files: dict[int, int] = {}
        self._lock = threading.Lock()  # the threads of this process; flock orders the processes

    def note(self, household_id: int, entries: int, digest: str) -> None:
        """Remember a head, unless one further along is already noted (by any process)."""
        line = _LINE.format(entries, digest).encode()
        with self._lock:
            fd = self._files.get(household_id)
            if fd is None:
                private_dir(self.folder)
                fd = os.open(self.folder / str(household_id), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, FILE_MODE)
                self._files[household_id] = fd
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                current = _parse(os.pread(fd, 256, 0))
                if current is None or current[0] < entries:
                    os.pwrite(fd, line, 0)
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)

    def all(self) -> dict[int, tuple[int, str]]:
        """household id → (entries, hash) of every noted head."""
        if not self.folder.is_dir():
            return {}
        found = {}
        for path in self.folder.iterdir():
            if path.name.isdigit() and (head := _parse(path.read_bytes())) is not None:
                found[int(path.name)] = head
        return found

    def close(self) -> None:
        """Close the files kept open."""
        with self._lock:
            for fd in self._files.values():
                os.close(fd)
            self._files.clear()


_LINE = "{:020d} {}\n"


def _parse(data: bytes) -> tuple[int, str] | None:
    try:
        entries, digest = data.decode().split()
        return int(entries), digest
    except ValueError:  # empty, or torn by a crash: no anchor rather than a false alarm
        return None
