"""The audit log is tamper-evident: editing, deleting or inserting a row in the database (the SQLite file, or
PostgreSQL) is detected."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest

from testkit.wait import wait_for


def verify_cli(data_dir):
    return subprocess.run(
        [sys.executable, "-m", "clipstore", "audit", "verify", "--data", str(data_dir)],
        capture_output=True,
        check=False,
        text=True,
        timeout=60,
    )


@pytest.fixture
def logged(homes):
    """Homes with a few more audit entries for household A; the store closed so the file can be edited."""
    for n in range(5):
        homes.store.audit.record(homes.a.id, channel="api", actor="owner", action="view", clip_id=f"{n:016x}")
    homes.store.audit.record(homes.b.id, channel="web", actor="owner", action="list")
    homes.store.close()
    return homes


def tamper(data_dir, sql):
    """Change the database behind the app's back: the SQLite file, or the PostgreSQL database."""
    if os.environ.get("DATABASE_URL"):
        import psycopg

        with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
            conn.execute(sql)
        return
    conn = sqlite3.connect(data_dir / "clips.sqlite3")
    with conn:
        conn.execute(sql)
    conn.close()


def test_an_untouched_log_verifies(logged):
    result = verify_cli(logged.data_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("audit log intact:")


@pytest.mark.parametrize(
    "sql, reason",
    [
        ("UPDATE audit SET actor = 'nobody' WHERE seq = 3 AND household_id = 1", "entry 3 (audit row id"),
        ("UPDATE audit SET detail = '{\"count\": 99}' WHERE seq = 2 AND household_id = 1", "entry 2 (audit row id"),
        ("DELETE FROM audit WHERE seq = 4 AND household_id = 1", "entries 4 to 4 are missing"),
        (
            "DELETE FROM audit WHERE seq = (SELECT MAX(seq) FROM audit WHERE household_id = 1) AND household_id = 1",
            "the newest were deleted",
        ),
        (
            "INSERT INTO audit (household_id, at, channel, actor, action) VALUES (1, 0, 'api', 'x', 'view')",
            "outside the chain",
        ),
        ("UPDATE audit_heads SET hash = 'ff' WHERE household_id = 2", "household 2"),
    ],
)
def test_edits_deletions_and_insertions_are_detected(logged, sql, reason):
    tamper(logged.data_dir, sql)
    result = verify_cli(logged.data_dir)
    assert result.returncode == 1
    assert result.stdout.startswith("audit log BROKEN at household") and reason in result.stdout


def test_a_rewritten_entry_with_a_recomputed_hash_is_caught(homes):
    """Without the audit key a recomputed hash is caught at the entry itself; even with the key (stolen from
    the server), the rewritten entry no longer links the next one."""
    store, hid = homes.store, homes.a.id
    for n in range(3):
        store.audit.record(hid, channel="api", actor="owner", action="play", clip_id=f"{n:016x}")
    row = store.db.query("SELECT * FROM audit WHERE household_id = ? ORDER BY seq DESC LIMIT 1 OFFSET 1", (hid,))[0]
    from clipstore.audit import row_hash

    forged = {**dict(row), "actor": "nobody"}
    with store.db.transaction() as conn:
        conn.execute(
            "UPDATE audit SET actor = 'nobody', hash = ? WHERE id = ?", (row_hash(row["prev_hash"], forged), row["id"])
        )
    _, problem = store.verify_audit()
    assert problem is not None and problem.seq == row["seq"] and "without the audit key" in problem.reason
    with store.db.transaction() as conn:
        conn.execute(
            "UPDATE audit SET hash = ? WHERE id = ?", (row_hash(row["prev_hash"], forged, store.audit_key), row["id"])
        )
    _, problem = store.verify_audit()
    assert problem is not None and problem.seq == row["seq"] + 1 and "does not link" in problem.reason


def test_a_log_being_written_verifies(homes):
    """Entries written while the check walks the chain are not a break (a live server always writes)."""
    import threading

    store, hid = homes.store, homes.a.id
    stop = threading.Event()

    def write() -> None:
        while not stop.is_set():
            store.audit.record(hid, channel="api", actor="owner", action="list")

    writer = threading.Thread(target=write)
    writer.start()
    try:
        wait_for(lambda: store.audit.head(hid).entries >= 50, interval=0.01, what="50 entries written")
        results = []
        while len(results) < 20 or (results[-1][0] <= results[0][0] and len(results) < 500):
            results.append(store.verify_audit())
    finally:
        stop.set()
        writer.join()
    assert all(problem is None for _, problem in results), results
    assert results[-1][0] > results[0][0]  # the chain grew while it was checked


def connect(data_dir):
    """A connection to the database behind the app's back, as staff with database access would have."""
    if os.environ.get("DATABASE_URL"):
        import psycopg
        from psycopg.rows import dict_row

        return psycopg.connect(os.environ["DATABASE_URL"], autocommit=True, row_factory=dict_row), "%s"
    conn = sqlite3.connect(data_dir / "clips.sqlite3", isolation_level=None)
    conn.row_factory = sqlite3.Row
    return conn, "?"


def rewrite_without(data_dir, household_id: int, action: str) -> int:
    """Issue 18's attack: delete every `action` row of a household, then recompute seq, prev_hash and hash with
    the project's own function (all the database gives), and update audit_heads. Returns rows deleted."""
    from clipstore.audit import GENESIS, row_hash

    conn, p = connect(data_dir)
    try:
        deleted = conn.execute(
            f"DELETE FROM audit WHERE household_id = {p} AND action = {p}", (household_id, action)
        ).rowcount
        rows = [
            dict(r)
            for r in conn.execute(
                f"SELECT * FROM audit WHERE household_id = {p} ORDER BY seq", (household_id,)
            ).fetchall()
        ]
        prev = GENESIS
        for seq, row in enumerate(rows, start=1):
            row.update(seq=seq, prev_hash=prev)
            row["hash"] = row_hash(prev, row)
            conn.execute(
                f"UPDATE audit SET seq = {p}, prev_hash = {p}, hash = {p} WHERE id = {p}",
                (seq, prev, row["hash"], row["id"]),
            )
            prev = row["hash"]
        conn.execute(
            f"UPDATE audit_heads SET seq = {p}, hash = {p} WHERE household_id = {p}", (len(rows), prev, household_id)
        )
    finally:
        conn.close()
    return deleted


@pytest.fixture
def watched(homes):
    """Household A's clips were played (by staff, say); the store closed so the database can be edited."""
    for n in range(3):
        homes.store.audit.record(homes.a.id, channel="api", actor="staff", action="play", clip_id=f"{n:016x}")
        homes.store.audit.record(homes.a.id, channel="api", actor="owner", action="view", clip_id=f"{n:016x}")
    homes.store.close()
    return homes


def test_deleting_the_plays_and_recomputing_the_chain_is_caught(watched):
    """Issue 18 (the Ring case): staff with database access remove their views and recompute every hash."""
    assert rewrite_without(watched.data_dir, watched.a.id, "play") == 3
    result = verify_cli(watched.data_dir)
    assert result.returncode == 1, result.stdout
    assert result.stdout.startswith("audit log BROKEN at household 1")


def test_emptying_the_log_is_caught(watched):
    tamper(watched.data_dir, "DELETE FROM audit")
    tamper(watched.data_dir, "UPDATE audit_heads SET seq = 0, hash = '" + "0" * 64 + "'")
    result = verify_cli(watched.data_dir)
    assert result.returncode == 1 and result.stdout.startswith("audit log BROKEN at household"), result.stdout


def test_a_missing_audit_heads_table_is_a_clear_message(watched):
    tamper(watched.data_dir, "DROP TABLE audit_heads")
    result = verify_cli(watched.data_dir)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "audit_heads" in result.stdout and "table is missing" in result.stdout
    assert "Traceback" not in result.stderr and "OperationalError" not in result.stderr + result.stdout
