"""The one place that chooses the store's backends: the database and where media lives.

Unset, both stay in the data directory (SQLite and files). `DATABASE_URL=postgresql://...` puts the tables
in PostgreSQL; `MEDIA_URL=s3://BUCKET/PREFIX` puts videos and thumbnails in S3-compatible storage. Either
works without the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .db import Database, SqliteDatabase
from .leader import FileLock, LeaderLock, PostgresLock
from .media_store import MediaStore
from .private import create_private_file
from .settings import Settings


@dataclass(frozen=True)
class Backends:
    """Which database and media store to use (None: the data directory's own)."""

    database_url: str | None = None
    media_url: str | None = None
    aws_region: str = "us-east-1"

    @classmethod
    def from_env(cls, database_url: str | None = None, media_url: str | None = None) -> Backends:
        """The given URLs, else `$DATABASE_URL` and `$MEDIA_URL` (see `Settings`)."""
        settings = Settings.from_env()
        return cls(database_url or settings.database_url, media_url or settings.media_url, settings.aws_region)

    def describe(self) -> str:
        """Which backends, without credentials."""
        db = "PostgreSQL" if self.database_url else "SQLite"
        media = "S3" if self.media_url else "local files"
        return f"{db} and {media}"


def store_exists(data_dir: Path) -> bool:
    """True if a store is there to open (a PostgreSQL database is configured, or the SQLite file exists), so
    that read-only commands don't create one by looking."""
    return Backends.from_env().database_url is not None or (Path(data_dir) / "clips.sqlite3").exists()


def open_database(data_dir: Path, url: str | None) -> Database:
    """SQLite in the data directory, or PostgreSQL for a postgresql:// URL."""
    if url is None:
        path = Path(data_dir) / "clips.sqlite3"
        create_private_file(path)  # SQLite gives its WAL and shm files the same mode
        return SqliteDatabase(path)
    if not url.startswith(("postgresql://", "postgres://")):
        raise ValueError("DATABASE_URL must be a postgresql:// URL (unset: SQLite in the data directory)")
    from .pg import PostgresDatabase  # psycopg only when PostgreSQL is configured

    return PostgresDatabase(url)


def leader_lock(data_dir: Path, url: str | None) -> LeaderLock:
    """A file lock in the data directory, or an advisory lock in PostgreSQL."""
    if url is None:
        return FileLock(Path(data_dir) / "janitor.lock")
    return PostgresLock(url)


def open_media(data_dir: Path, url: str | None, aws_region: str = "us-east-1") -> MediaStore:
    """Files under the data directory's media/ folder, or S3 for an s3:// URL."""
    if url is None:
        from .media_store.local import LocalMedia

        return LocalMedia(Path(data_dir) / "media")
    from .media_store.s3 import S3Media  # boto3 only when S3 is configured

    return S3Media(url, region=aws_region)
