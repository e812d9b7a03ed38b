"""Seed a synthetic clip store fast (bench only): one household, the five demo cameras, N clip rows.

Rows go in with `executemany` in one transaction through a plain sqlite3 connection, with the clip
indexes dropped first and rebuilt afterwards from their own definitions (read back from the database
the store created, so the result is exactly what the app would have built). Every row points at one of a few real media
files (real H.264 clips and JPEG thumbnails rendered once), so listing, playing and deleting work.

Clips are spread evenly over `days` days ending now, on random cameras with random labels: one day
holds 1 % of the store with the default 100 days. The household keeps clips 3650 days, so no purge
removes them by retention.

    .venv/bin/python -m bench.seed --clips 1000000 --data /tmp/home-clips-bench/1m
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from clipstore import ClipStore
from clipstore.demo import add_demo_cameras
from clipstore.media import render_demo_clip, sha256_file, write_thumbnail

TZ = "America/New_York"
REAL_FILES = 4


@dataclass(frozen=True)
class Seeded:
    """What a seeded store holds and how long seeding took."""

    data: Path
    household_id: int
    token: str
    clips: int
    days: int
    first: int  # epoch seconds of the oldest clip
    last: int  # epoch seconds of the newest clip
    tz: str
    seconds: float
    database_url: str | None = None

    def day_bounds(self, days_back: int) -> tuple[datetime, datetime]:
        """Local midnight to midnight of the day `days_back` days before today (household zone)."""
        zone = ZoneInfo(self.tz)
        today = datetime.fromtimestamp(self.last, zone).date()
        day = today - timedelta(days=days_back)
        start = datetime(day.year, day.month, day.day, tzinfo=zone)
        return start, datetime.combine(day + timedelta(days=1), datetime.min.time(), zone)


def _real_files(store: ClipStore) -> list[tuple[str, str, int, str]]:
    """Render a few real clips with thumbnails into the store's media; (video key, thumb key, size, sha256)."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(REAL_FILES):
            video, thumb = Path(tmp) / f"real-{k}.mp4", Path(tmp) / f"real-{k}.jpg"
            render_demo_clip(video, caption=f"bench clip {k}", seed=k)
            write_thumbnail(video, thumb)
            out.append((f"bench/real-{k}.mp4", f"bench/real-{k}.jpg", video.stat().st_size, sha256_file(video)))
            store.media.put(out[-1][0], video)
            store.media.put(out[-1][1], thumb)
    return out


COLUMNS = (
    "id, household_id, camera_id, started_at, duration_s, label_mask, video_path, thumb_path, size_bytes,"
    " sha256, created_at"
)


def _copy_into_postgres(url: str, rows) -> None:
    """COPY the rows in, with the clip indexes dropped first and rebuilt from their own definitions."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        indexes = conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'clips' AND indexname <> 'clips_pkey'"
        ).fetchall()
        for name, _ in indexes:
            conn.execute(f"DROP INDEX {name}")
        with conn.cursor() as cur, cur.copy(f"COPY clips ({COLUMNS}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        for _, definition in indexes:
            conn.execute(definition)
        conn.execute("VACUUM ANALYZE clips")


def _rows(
    household_id: int,
    cameras: list[int],
    files: list[tuple[str, str, int, str]],
    *,
    clips: int,
    first: int,
    span: int,
    seed: int,
):
    """Yield clip rows in time order, evenly spaced over `span` seconds."""
    rng = random.Random(seed)
    step = span / clips
    for i in range(clips):
        started = first + int(i * step)
        video, thumb, size, digest = files[i % len(files)]
        yield (
            f"{rng.getrandbits(64):016x}",
            household_id,
            rng.choice(cameras),
            started,
            4.0,
            rng.getrandbits(4),
            video,
            thumb,
            size,
            digest,
            started,
        )


def seed(
    data: Path, clips: int, *, days: int = 100, seed_value: int = 1, tz: str = TZ, database_url: str | None = None
) -> Seeded:
    """Create a fresh store in `data` (anything there is removed) holding `clips` synthetic clips; with
    `database_url`, its tables in that (empty) PostgreSQL database instead of SQLite."""
    began = time.perf_counter()
    data = Path(data)
    if data.exists():
        shutil.rmtree(data)
    store = ClipStore(data, database_url=database_url)
    household, token = store.households.create("Bench home", tz, retention_days=3650)
    add_demo_cameras(store, household)
    store.secret_key()
    cameras = [
        r["id"] for r in store.db.query("SELECT id FROM cameras WHERE household_id = ? ORDER BY id", (household.id,))
    ]
    files = _real_files(store)
    store.close()

    last = int(time.time()) - 60
    span = days * 86400
    first = last - span + 1
    rows = _rows(household.id, cameras, files, clips=clips, first=first, span=span, seed=seed_value)
    if database_url:
        _copy_into_postgres(database_url, rows)
        return Seeded(
            data, household.id, token, clips, days, first, last, tz, time.perf_counter() - began, database_url
        )
    conn = sqlite3.connect(data / "clips.sqlite3", isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA cache_size=-262144")
        indexes = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'clips' AND sql IS NOT NULL"
        ).fetchall()
        for name, _ in indexes:
            conn.execute(f"DROP INDEX {name}")
        conn.execute("BEGIN")
        conn.executemany(f"INSERT INTO clips ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        conn.execute("COMMIT")
        for _, sql in indexes:  # rebuilt exactly as the store defined them
            conn.execute(sql)
        conn.execute("PRAGMA journal_mode=WAL")
    finally:
        conn.close()
    return Seeded(data, household.id, token, clips, days, first, last, tz, time.perf_counter() - began)


def main() -> None:
    """Command line: seed one store and say how long it took."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clips", type=int, default=10_000)
    ap.add_argument("--days", type=int, default=100)
    ap.add_argument("--data", type=Path, default=Path("/tmp/home-clips-bench/seed"))
    ap.add_argument("--database-url", help="an empty PostgreSQL database to seed instead of SQLite")
    args = ap.parse_args()
    done = seed(args.data, args.clips, days=args.days, database_url=args.database_url)
    where = args.database_url.rsplit("@", 1)[-1] if args.database_url else done.data
    print(
        f"seeded {done.clips:,} clips over {done.days} days into {where} in {done.seconds:.1f} s; token: {done.token}"
    )


if __name__ == "__main__":
    main()
