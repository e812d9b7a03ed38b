"""The database behind the store: one interface, a backend per engine (SQLite here, PostgreSQL in `pg.py`).

Repositories write SQL that both engines accept, with `?` placeholders; a backend adapts what it must.
Schema changes are versioned migrations (`clipstore/migrations`), applied when a database is opened.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from .migrations import Migration, latest_version, migrations

logger = logging.getLogger(__name__)


def statements(script: str) -> Iterator[str]:
    """The complete SQL statements of a script, one by one (so a step runs inside one transaction)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer.strip()
            buffer = ""
    if buffer.strip() and not all(part.strip().startswith("--") or not part.strip() for part in buffer.splitlines()):
        raise ValueError(f"incomplete SQL statement at the end of a migration: {buffer.strip()[:60]!r}")


class Database(ABC):
    """What the repositories need from a database: transactions, queries, and upkeep after erasing rows."""

    dialect: str = ""
    applied_on_open: list[Migration]

    @abstractmethod
    def transaction(self) -> AbstractContextManager[Any]:
        """A block run in one transaction (all or nothing) that takes the write lock it needs; yields a
        connection whose `execute(sql, params)` returns a cursor. Nested blocks join the outer one."""

    @abstractmethod
    def after_commit(self, callback: Callable[[], None]) -> None:
        """Run `callback` once the current transaction has committed (at once outside one; never if it rolls
        back): for what must only follow committed rows, such as the audit head noted outside the database."""

    @abstractmethod
    def query(self, sql: str, params: tuple | list = ()) -> list[Any]:
        """Run a read-only statement; rows allow `row["name"]` and `row[0]`."""

    @abstractmethod
    def erase_freed_space(self) -> None:
        """After rows were deleted for good: make the engine drop their bytes where it can."""

    @abstractmethod
    def close(self) -> None:
        """Close every connection this object opened."""

    def _lock_schema(self, tx: Any) -> None:  # noqa: B027 - a hook: engines whose write lock does not suffice override it
        """Serialise migrations between processes (inside `tx`); the engine's write lock may already do."""

    def migrate(self) -> list[Migration]:
        """Apply every missing schema step in one transaction; returns those applied."""
        applied: list[Migration] = []
        with self.transaction() as tx:
            self._lock_schema(tx)
            tx.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
                " name TEXT NOT NULL, applied_at DOUBLE PRECISION NOT NULL)"
            )
            done = {int(row[0]) for row in tx.execute("SELECT version FROM schema_migrations").fetchall()}
            newest = max(done, default=0)
            if newest > latest_version(self.dialect):
                raise RuntimeError(
                    f"the database has schema version {newest}, newer than this program knows"
                    f" ({latest_version(self.dialect)}); upgrade the program"
                )
            for step in migrations(self.dialect):  # every missing step, even one older than the newest applied
                if step.version in done:
                    continue
                for statement in statements(step.sql):
                    tx.execute(statement)
                if step.after is not None:
                    step.after(tx)
                tx.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    (step.version, step.name, time.time()),
                )
                applied.append(step)
        for step in applied:
            logger.info("applied migration %04d_%s (%s)", step.version, step.name, self.dialect)
        return applied

    def schema_version(self) -> int:
        """The newest migration applied to this database (0 for none)."""
        return int(self.query("SELECT MAX(version) FROM schema_migrations")[0][0] or 0)


class SqliteDatabase(Database):
    """One SQLite file; one connection per thread, WAL mode, foreign keys and secure_delete on."""

    dialect = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        self.applied_on_open = self.migrate()

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
        """Run a block in one IMMEDIATE transaction (the file's write lock): all or nothing."""
        conn = self.connection()
        if conn.in_transaction:  # nested: join the outer transaction
            yield conn
            return
        conn.execute("BEGIN IMMEDIATE")
        self._local.after = []
        try:
            yield conn
        except BaseException:
            self._local.after = None
            conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        finally:
            callbacks, self._local.after = self._local.after, None
        for callback in callbacks:
            callback()

    def after_commit(self, callback: Callable[[], None]) -> None:
        """See `Database.after_commit`."""
        pending = getattr(self._local, "after", None)
        if pending is None:
            callback()
        else:
            pending.append(callback)

    def query(self, sql: str, params: tuple | list = ()) -> list[sqlite3.Row]:
        """Run a read-only statement and return every row."""
        return self.connection().execute(sql, params).fetchall()

    def erase_freed_space(self) -> None:
        """Fold the write-ahead log into the database and truncate it, so no old page survives there
        (`secure_delete` has already zeroed the freed space in the file itself)."""
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
