"""SQLite connection handling and schema for the clip store."""
from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

logger = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS households (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    timezone TEXT NOT NULL,
    retention_days INTEGER NOT NULL DEFAULT 30,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
    id INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    lookup TEXT NOT NULL UNIQUE,
    salt BLOB NOT NULL,
    digest BLOB NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS cameras (
    id INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    synonyms TEXT NOT NULL DEFAULT '[]',
    recording INTEGER NOT NULL DEFAULT 1,
    UNIQUE (household_id, slug)
);
CREATE TABLE IF NOT EXISTS clips (
    id TEXT PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    camera_id INTEGER NOT NULL REFERENCES cameras(id) ON DELETE CASCADE,
    started_at INTEGER NOT NULL,
    duration_s REAL NOT NULL,
    label_mask INTEGER NOT NULL DEFAULT 0,
    video_path TEXT NOT NULL,
    thumb_path TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    deleted_at REAL,                               -- in the trash since (NULL: live)
    deletion_id TEXT REFERENCES deletions(id)      -- the deletion that can restore it
);
-- "Newest N of a camera in a time window" and counts over live clips (label_mask makes counts covering).
CREATE INDEX IF NOT EXISTS clips_camera_time
    ON clips (household_id, deleted_at, camera_id, started_at, id, label_mask);
CREATE INDEX IF NOT EXISTS clips_household_time ON clips (household_id, deleted_at, started_at, id, label_mask);
CREATE INDEX IF NOT EXISTS clips_trash ON clips (deleted_at) WHERE deleted_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS deletions (
    id TEXT PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    at REAL NOT NULL,
    count INTEGER NOT NULL,
    restored_at REAL
);
CREATE TABLE IF NOT EXISTS shares (
    id TEXT PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    clip_id TEXT NOT NULL REFERENCES clips(id) ON DELETE CASCADE,
    created_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    revoked_at REAL,
    channel TEXT NOT NULL,
    actor TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS shares_household ON shares (household_id, expires_at);
CREATE INDEX IF NOT EXISTS shares_clip ON shares (clip_id);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    channel TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    clip_id TEXT,
    camera TEXT,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS audit_household_time ON audit (household_id, at DESC);
CREATE TABLE IF NOT EXISTS settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


class Database:
    """One SQLite file; one connection per thread, WAL mode, foreign keys and secure_delete on."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        self.connection().executescript(SCHEMA)

    def connection(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA secure_delete=ON")
            conn.execute("PRAGMA synchronous=NORMAL")
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run a block in one IMMEDIATE transaction: all or nothing."""
        conn = self.connection()
        if conn.in_transaction:  # nested: join the outer transaction
            yield conn
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def query(self, sql: str, params: tuple | list = ()) -> list[sqlite3.Row]:
        """Run a read-only statement and return every row."""
        return self.connection().execute(sql, params).fetchall()

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the database and truncate it, so no old page survives there."""
        busy = self.connection().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        if busy:
            logger.warning("WAL checkpoint was blocked by a reader; it will be truncated on a later purge")

    def close(self) -> None:
        """Close every connection this object opened."""
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()
