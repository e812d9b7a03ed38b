"""PostgreSQL behind the store (`DATABASE_URL=postgresql://...`): psycopg 3 with a connection pool.

The repositories' SQL is shared with SQLite: `?` placeholders become `%s` here. Transactions take row locks
(`UPDATE ... RETURNING`), advisory locks serialise migrations, and the janitor's VACUUM drops erased rows.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool

from .db import Database
from .errors import Invalid

logger = logging.getLogger(__name__)

SCHEMA_LOCK = 0x636C6970  # "clip": the advisory lock that serialises migrations between servers
VACUUMED = ("clips", "deletions", "shares", "web_sessions")


@functools.lru_cache(maxsize=2048)
def translate(sql: str) -> str:
    """`?` placeholders to psycopg's `%s` (and a literal `%` to `%%`), outside quoted text."""
    out, quote = [], None
    for ch in sql:
        if quote:
            out.append(ch)
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
            out.append(ch)
        else:
            out.append("%s" if ch == "?" else "%%" if ch == "%" else ch)
    return "".join(out)


@functools.lru_cache(maxsize=512)
def _row_class(names: tuple[str, ...]) -> type:
    index = {name: i for i, name in enumerate(names)}

    class Row(tuple):
        """A result row: `row["name"]` and `row[0]`, like sqlite3.Row."""

        __slots__ = ()

        def __getitem__(self, key: Any) -> Any:
            return tuple.__getitem__(self, index[key] if isinstance(key, str) else key)

        def keys(self) -> list[str]:
            return list(names)

    return Row


def row_factory(cursor: psycopg.Cursor) -> Any:
    """psycopg row factory building rows that allow both name and position access."""
    if cursor.description is None:
        return tuple
    return _row_class(tuple(column.name for column in cursor.description))


class Connection:
    """A pooled connection that speaks the repositories' `?` SQL."""

    def __init__(self, conn: psycopg.Connection) -> None:
        self.raw = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> psycopg.Cursor:
        """Run one statement; returns the cursor (fetchone, fetchall, rowcount, iteration).

        Input PostgreSQL cannot hold (a NUL byte in text, a number out of range) is the caller's mistake:
        Invalid, as SQLite would answer it with "not found" rather than a server error.
        """
        try:
            if params:
                return self.raw.execute(translate(sql), tuple(params))
            return self.raw.execute(sql)
        except psycopg.DataError as exc:
            raise Invalid(
                f"the request holds a value that cannot be stored or searched for ({type(exc).__name__})"
            ) from None


class PostgresDatabase(Database):
    """The store's tables in one PostgreSQL database, shared by every server that points at it."""

    dialect = "postgres"

    def __init__(self, url: str, *, max_connections: int = 16) -> None:
        self.url = url
        self._local = threading.local()
        self.pool = ConnectionPool(
            url,
            min_size=1,
            max_size=max_connections,
            open=True,
            name="clipstore",
            kwargs={"autocommit": True, "row_factory": row_factory},
            check=ConnectionPool.check_connection,
        )  # after a database restart, too
        self.pool.wait(timeout=30)
        self.applied_on_open = self.migrate()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """Run a block in one transaction on one pooled connection; nested blocks join it."""
        current = getattr(self._local, "conn", None)
        if current is not None:
            yield current
            return
        callbacks: list[Callable[[], None]] = []
        with self.pool.connection() as raw, raw.transaction():
            self._local.conn, self._local.after = Connection(raw), callbacks
            try:
                yield self._local.conn
            finally:
                self._local.conn, self._local.after = None, None
        for callback in callbacks:  # committed: the `with` above left without an exception
            callback()

    def after_commit(self, callback: Callable[[], None]) -> None:
        """See `Database.after_commit`."""
        pending = getattr(self._local, "after", None)
        if pending is None:
            callback()
        else:
            pending.append(callback)

    def query(self, sql: str, params: tuple | list = ()) -> list[Any]:
        """Run a read-only statement (in the current transaction, if any)."""
        current = getattr(self._local, "conn", None)
        if current is not None:
            return current.execute(sql, params).fetchall()
        with self.pool.connection() as raw:
            return Connection(raw).execute(sql, params).fetchall()

    def _lock_schema(self, tx: Connection) -> None:
        tx.execute("SELECT pg_advisory_xact_lock(?)", (SCHEMA_LOCK,))

    def erase_freed_space(self) -> None:
        """VACUUM the tables rows are erased from, so PostgreSQL drops the dead rows from its pages."""
        with self.pool.connection() as raw:
            raw.execute(f"VACUUM {', '.join(VACUUMED)}")

    def close(self) -> None:
        """Close the pool."""
        self.pool.close()
