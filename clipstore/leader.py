"""Which server does the background work: a lock that exactly one process holds at a time.

SQLite: an exclusive `flock` on a file in the data directory (the processes share the machine). PostgreSQL:
a session advisory lock on a connection of its own (the servers share the database). Either is released by
the system when its holder dies, so another process takes over at its next attempt.
"""

from __future__ import annotations

import fcntl
import logging
import os
import socket
from abc import ABC, abstractmethod
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import psycopg

logger = logging.getLogger(__name__)

JANITOR_LOCK = 0x6A616E69  # "jani"


def holder_name() -> str:
    """How the lock's holder shows in `pg_stat_activity.application_name`: host and process id."""
    return f"home-clips janitor {socket.gethostname()}:{os.getpid()}"[:63]


class LeaderLock(ABC):
    """A lock tried without waiting; held until `release` or the holder's death."""

    @abstractmethod
    def try_acquire(self) -> bool:
        """Take the lock if nobody holds it; True if this process holds it now."""

    @abstractmethod
    def release(self) -> None:
        """Give the lock up (if held)."""


class FileLock(LeaderLock):
    """`flock` on one file: processes on one machine."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.fd: int | None = None

    def try_acquire(self) -> bool:
        if self.fd is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self.fd = fd
        return True

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing drops the lock
            self.fd = None


class PostgresLock(LeaderLock):
    """A session advisory lock on a dedicated connection: servers that share one database."""

    def __init__(self, url: str, key: int = JANITOR_LOCK) -> None:
        self.url, self.key = url, key
        self.conn: psycopg.Connection | None = None

    def try_acquire(self) -> bool:
        import psycopg

        try:
            conn = self.conn
            if conn is None or conn.closed:
                conn = psycopg.connect(self.url, autocommit=True, connect_timeout=10, application_name=holder_name())
                self.conn = conn
                row = conn.execute("SELECT pg_try_advisory_lock(%s)", (self.key,)).fetchone()
                if row is None or not row[0]:
                    conn.close()
                    self.conn = None
                    return False
            conn.execute("SELECT 1")  # still connected, so still holding it
            return True
        except psycopg.Error as exc:
            logger.warning("lost the database connection that held the janitor lock: %s", exc)
            self.release()
            return False

    def release(self) -> None:
        if self.conn is not None:
            try:
                self.conn.close()
            finally:
                self.conn = None
