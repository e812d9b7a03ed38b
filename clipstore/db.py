"""SQLite connection handling and schema for the clip store."""
from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .migrations import Migration, latest_version, migrations

logger = logging.getLogger(__name__)

def _statements(script: str) -> Iterator[str]:
    """The complete SQL statements of a script, one by one (so a step runs inside one transaction)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer.strip()
            buffer = ""
    if buffer.strip() and not all(part.strip().startswith("--") or not part.strip()
                                  for part in buffer.splitlines()):
        raise ValueError(f"incomplete SQL statement at the end of a migration: {buffer.strip()[:60]!r}")


class Database:
    """One SQLite file; one connection per thread, WAL mode, foreign keys and secure_delete on."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        self.applied_on_open = self.migrate()

    dialect = "sqlite"

    def migrate(self) -> list[Migration]:
        """Apply the schema steps this database lacks, each in one transaction; returns those applied."""
        conn = self.connection()
        conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
                     " name TEXT NOT NULL, applied_at REAL NOT NULL)")
        current = self.schema_version()
        if current > latest_version(self.dialect):
            raise RuntimeError(f"{self.path} has schema version {current}, newer than this program knows"
                               f" ({latest_version(self.dialect)}); upgrade the program")
        done = {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}
        applied = []
        for step in migrations(self.dialect):  # every missing step, even one older than the newest applied
            if step.version in done:
                continue
            with self.transaction() as tx:
                if tx.execute("SELECT 1 FROM schema_migrations WHERE version = ?", (step.version,)).fetchone():
                    continue  # another process applied it meanwhile
                for statement in _statements(step.sql):
                    tx.execute(statement)
                if step.after is not None:
                    step.after(tx)
                tx.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, julianday('now'))",
                           (step.version, step.name))
            logger.info("applied migration %04d_%s to %s", step.version, step.name, self.path)
            applied.append(step)
        return applied

    def schema_version(self) -> int:
        """The newest migration applied to this database (0 for none)."""
        row = self.connection().execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

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
