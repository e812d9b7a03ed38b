"""Clip store at scale: query, intent round-trip and deletion latency at 10k, 100k and 1M clips.

For each size a fresh synthetic store is seeded (`bench.seed`: 100 days, five cameras, so one day is
1 % of the store and one camera-day 0.2 %), then, in-process:

- newest 20 clips of one camera (`store.clips.list`, camera chosen at random per call);
- clips of one camera on one day (first page of 50; random camera and past day per call);
- count of today's clips (all cameras; `store.clips.count`);
- `POST /api/intent` "how many clips from the front door today" through the Flask test client
  (token check, parsing, handler, count, session encoding: everything but the socket);
- deleting one past day's clips, files included: `store.delete` (to the trash) then `store.purge`
  (rows, then files) past the grace period. Before each run every clip of that day gets its own copy
  of a real video and thumbnail, so the purge unlinks real files. A different day each run.

and the plan of the statements behind the queries (`EXPLAIN QUERY PLAN`, or PostgreSQL's `EXPLAIN`: no full
scan, no sort). Each size runs on SQLite and on PostgreSQL (a throw-away cluster this script starts; media in
local files on both), side by side.

    .venv/bin/python -m bench.store_bench            # 10k, 100k, 1M on both backends (a few minutes)
    .venv/bin/python -m bench.store_bench --quick    # 10k and 100k, fewer runs
    .venv/bin/python -m bench.store_bench --backends sqlite   # SQLite only
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from clipstore import ClipQuery, ClipStore
from skill.app import create_app
from testkit.pgcluster import PostgresCluster

from .common import fmt, header, load_average, summary_ms, table, time_calls, wait_until_quiet
from .seed import Seeded, seed

CAMERAS = ("front_door", "backyard", "garage", "living_room", "driveway")
INTENT_TEXT = "how many clips from the front door today"
TARGETS_MS = {"newest 20 of one camera": 10.0, "one camera, one day (page of 50)": 10.0, "intent round trip": 25.0}


def explain(store: ClipStore, sql: str, params: list) -> list[str]:
    """The plan of one statement: SQLite's EXPLAIN QUERY PLAN lines, or PostgreSQL's EXPLAIN lines."""
    if store.db.dialect == "sqlite":
        return [row[3] for row in store.db.query(f"EXPLAIN QUERY PLAN {sql}", params)]
    return [row[0].strip() for row in store.db.query(f"EXPLAIN {sql}", params)]


def query_plans(store: ClipStore, done: Seeded) -> list[tuple[str, list[str]]]:
    """Plans of the statements behind the measured queries, and of the purge's (as in `ClipStore.purge`)."""
    hid = done.household_id
    d0, d1 = done.day_bounds(3)
    today = done.day_bounds(0)[0]
    return [
        ("newest 20 of one camera", explain(store, *store.clips.list_sql(hid, ClipQuery(camera="garage"), 20))),
        (
            "one camera, one day",
            explain(store, *store.clips.list_sql(hid, ClipQuery(camera="garage", after=d0, before=d1), 50)),
        ),
        (
            "count of today",
            explain(store, *store.clips.count_sql(hid, ClipQuery(after=today, before=datetime.now(UTC)))),
        ),
        (
            "count front door today (intent)",
            explain(
                store,
                *store.clips.count_sql(hid, ClipQuery(camera="front_door", after=today, before=datetime.now(UTC))),
            ),
        ),
        (
            "purge: retention, live clips",
            explain(
                store,
                "SELECT c.id FROM clips c WHERE c.household_id = ? AND c.deleted_at IS NULL AND c.started_at < ?",
                [hid, 0],
            ),
        ),
        (
            "purge: retention, trashed clips",
            explain(
                store,
                "SELECT c.id FROM clips c WHERE c.deleted_at IS NOT NULL AND c.household_id = ? AND c.started_at < ?",
                [hid, 0],
            ),
        ),
        (
            "purge: trash",
            explain(store, "SELECT c.id FROM clips c WHERE c.deleted_at IS NOT NULL AND c.deleted_at <= ?", [0]),
        ),
    ]


def plan_verdict(lines: list[str]) -> str:
    """'ok' when a plan reads a narrow index range: no scan, no temporary sort, not every clip of the household."""
    if any(
        line.startswith("SCAN") or "TEMP B-TREE" in line or "Seq Scan" in line or line.lstrip("-> ").startswith("Sort")
        for line in lines
    ):
        return "SCANS OR SORTS"
    if any(line.endswith("(household_id=?)") for line in lines):
        return "READS EVERY CLIP OF THE HOUSEHOLD"
    return "ok"


def give_own_files(store: ClipStore, hid: int, ids: list[str]) -> None:
    """Give each clip its own copy of a real video and thumbnail (as ingest would have)."""
    rows = store.db.query("SELECT video_path, thumb_path FROM clips WHERE id = ?", (ids[0],))
    src_video, src_thumb = store.media.local_path(rows[0]["video_path"]), store.media.local_path(rows[0]["thumb_path"])
    updates = []
    for clip_id in ids:
        video, thumb = f"{hid}/{clip_id}.mp4", f"{hid}/{clip_id}.jpg"
        store.media.put(video, src_video)
        store.media.put(thumb, src_thumb)
        updates.append((video, thumb, clip_id))
    with store.db.transaction() as conn:
        for update in updates:
            conn.execute("UPDATE clips SET video_path = ?, thumb_path = ? WHERE id = ?", update)


def delete_day(store: ClipStore, done: Seeded, days_back: int) -> tuple[int, float, float]:
    """Delete one day's clips with their files; (clips, seconds to trash, seconds to purge)."""
    hid = done.household_id
    after, before = done.day_bounds(days_back)
    query = ClipQuery(after=after, before=before)
    ids = [r[0] for r in store.db.query(*_ids_sql(store, hid, query))]
    give_own_files(store, hid, ids)
    now = time.time()
    start = time.perf_counter()
    trashed = store.delete(hid, query, now=now)
    mid = time.perf_counter()
    purged = store.purge(now=now + store.trash_grace_s + 1)
    end = time.perf_counter()
    assert trashed == purged == len(ids), (trashed, purged, len(ids))
    assert not any(store.media.local_path(f"{hid}/{i}.mp4").exists() for i in ids), "files left behind"
    return len(ids), mid - start, end - mid


def _ids_sql(store: ClipStore, hid: int, query: ClipQuery) -> tuple[str, list]:
    where, params = store.clips._where(hid, query)
    return f"SELECT c.id FROM clips c WHERE {where}", params


def measure(done: Seeded, runs: int, delete_runs: int) -> tuple[dict[str, dict[str, float]], int, list]:
    """Every measurement for one seeded store: (summaries by name, clips per deleted day, query plans)."""
    if done.database_url:
        os.environ["DATABASE_URL"] = done.database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    app = create_app(done.data, config={"TESTING": True})
    store: ClipStore = app.extensions["clipstore"]
    hid, rng, zone = done.household_id, random.Random(5), ZoneInfo(done.tz)
    days = [done.day_bounds(back) for back in range(1, done.days - 1)]

    def newest() -> None:
        store.clips.page(hid, ClipQuery(camera=rng.choice(CAMERAS)), 20)

    def one_day() -> None:
        after, before = rng.choice(days)
        store.clips.page(hid, ClipQuery(camera=rng.choice(CAMERAS), after=after, before=before), 50)

    def count_today() -> None:
        now = datetime.now(zone)
        store.clips.count(hid, ClipQuery(after=now.replace(hour=0, minute=0, second=0, microsecond=0), before=now))

    client = app.test_client()
    auth = {"Authorization": f"Bearer {done.token}"}

    def intent() -> None:
        response = client.post("/api/intent", json={"text": INTENT_TEXT}, headers=auth)
        assert response.status_code == 200 and response.get_json()["intent"] == "CountClips", response.data

    results = {
        "newest 20 of one camera": summary_ms(time_calls(newest, runs)),
        "one camera, one day (page of 50)": summary_ms(time_calls(one_day, runs)),
        "count of today (all cameras)": summary_ms(time_calls(count_today, runs)),
        "intent round trip": summary_ms(time_calls(intent, max(runs // 3, 50), warmup=5)),
    }
    plans = query_plans(store, done)
    deletes = [delete_day(store, done, back) for back in range(2, 2 + delete_runs)]
    results["delete one day + files (trash + purge)"] = summary_ms([t + p for _, t, p in deletes])
    results["  of which trash"] = summary_ms([t for _, t, _ in deletes])
    results["  of which purge (rows, then files)"] = summary_ms([p for _, _, p in deletes])
    store.close()
    return results, deletes[0][0], plans


def main() -> None:
    """Seed each size in turn, measure, print tables and plans."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="10k and 100k clips, fewer runs (under a minute)")
    ap.add_argument("--sizes", type=int, nargs="*", help="store sizes (default 10000 100000 1000000)")
    ap.add_argument("--runs", type=int, help="timed calls per query (default 1000, quick 300)")
    ap.add_argument("--deletes", type=int, help="deletion runs per size, a different day each (default 7, quick 3)")
    ap.add_argument("--data", type=Path, default=Path("/tmp/home-clips-bench/store"))
    ap.add_argument("--backends", nargs="*", choices=("sqlite", "postgres"), help="default: both")
    ap.add_argument("--wait", type=float, default=0, help="wait up to this many seconds for a quiet machine")
    args = ap.parse_args()
    sizes = args.sizes or ([10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000])
    runs = args.runs or (300 if args.quick else 1000)
    deletes = args.deletes or (3 if args.quick else 7)
    if args.wait:
        wait_until_quiet(args.wait)
    header("Clip store at scale")
    backends = args.backends or ["sqlite", "postgres"]
    cluster = PostgresCluster("-c shared_buffers=512MB") if "postgres" in backends else None
    results, per_day, seeded, plans = {}, {}, {}, {}
    try:
        if cluster is not None:
            cluster.start()
        for size in sizes:
            for backend in backends:
                url = cluster.create_database(f"bench_{size}") if backend == "postgres" else None
                done = seed(args.data / f"{backend}-{size}", size, database_url=url)
                key = (size, backend)
                seeded[key] = done.seconds
                print(f"seeded {size:,} clips into {backend} in {done.seconds:.1f} s; measuring ...", flush=True)
                results[key], per_day[key], plans[backend] = measure(done, runs, deletes)
                os.environ.pop("DATABASE_URL", None)  # the next SQLite store must not open the last PostgreSQL one
                shutil.rmtree(done.data)
    finally:
        os.environ.pop("DATABASE_URL", None)
        if cluster is not None:
            cluster.stop()
    columns = [(size, backend) for size in sizes for backend in backends]
    names = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
    rows = []
    for name in results[columns[0]]:
        target = TARGETS_MS.get(name)
        verdicts = (
            [("met" if results[(sizes[-1], b)][name]["p99"] < target else "MISSED") for b in backends] if target else []
        )
        rows.append(
            [
                name,
                *[f"{fmt(results[c][name]['p50'])} / {fmt(results[c][name]['p99'])}" for c in columns],
                f"p99 < {target:g} ms: {', '.join(verdicts)}" if target else "",
            ]
        )
    rows.append(["clips in the deleted day", *[f"{per_day[c]:,}" for c in columns], ""])
    rows.append(["seeding the store (s)", *[f"{seeded[c]:.1f}" for c in columns], ""])
    print(table(["p50 / p99 ms", *[f"{s:,}, {names[b]}" for s, b in columns], "target (largest size)"], rows))
    print(
        f"\n(queries: {runs} calls each, intent: {max(runs // 3, 50)}, deletion: {deletes} runs, a different day each)"
    )
    for backend, found in plans.items():
        print(f"\nquery plans at {sizes[-1]:,} clips, {names[backend]}:")
        for name, lines in found:
            print(f"  {name}: {plan_verdict(lines)}: {' | '.join(lines)}")
    print(f"\nload average (1/5/15 min) at end: {load_average()}")


if __name__ == "__main__":
    main()
