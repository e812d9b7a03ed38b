"""Versioned migrations: `python -m clipstore migrate`, and an older database brought up to date."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from clipstore import ClipStore
from clipstore.migrations import latest_version


def migrate(data_dir):
    return subprocess.run(
        [sys.executable, "-m", "clipstore", "migrate", "--data", str(data_dir)],
        capture_output=True,
        check=False,
        text=True,
        timeout=60,
    )


def test_migrate_creates_then_reports_current(tmp_path, backend, store_urls):
    first = migrate(tmp_path / "data")  # on PostgreSQL too: the command reads DATABASE_URL
    assert first.returncode == 0 and "applied 0001_initial" in first.stderr
    assert first.stdout.strip() == f"schema version {latest_version(backend.dialect)}"
    again = migrate(tmp_path / "data")
    assert again.stdout.strip() == f"schema version {latest_version(backend.dialect)} (already current)"


@pytest.mark.one_backend  # edits the SQLite file itself
def test_a_database_from_before_the_audit_chain_is_chained_on_migration(tmp_path, clock):
    store = ClipStore(tmp_path / "data", clock=clock)
    household, _ = store.households.create("Home", "UTC")
    for action in ("list", "view", "play"):
        store.audit.record(household.id, channel="api", actor="owner", action=action)
    store.close()
    conn = sqlite3.connect(tmp_path / "data" / "clips.sqlite3")  # take the file back to schema version 2
    conn.executescript("""
        DROP INDEX audit_chain; DROP TABLE audit_heads; DROP TABLE web_sessions;
        ALTER TABLE audit DROP COLUMN seq; ALTER TABLE audit DROP COLUMN prev_hash; ALTER TABLE audit DROP COLUMN hash;
        DELETE FROM schema_migrations WHERE version IN (3, 11); DELETE FROM settings WHERE key LIKE 'audit_%';
    """)
    conn.close()
    result = migrate(tmp_path / "data")
    assert result.returncode == 0 and "applied 0003_audit_chain_and_sessions" in result.stderr
    store = ClipStore(tmp_path / "data", clock=clock)
    assert store.verify_audit() == (3, None)
    assert store.audit.head(household.id).entries == 3
    store.audit.record(household.id, channel="api", actor="owner", action="delete")
    assert store.verify_audit() == (4, None)
    store.close()


def test_stream_secrets_in_recorder_states_are_dropped_on_migration(tmp_path, clock, backend, store_urls):
    """A recorder state written by an older version (in the cameras table, before the recorders had a table of
    their own) quoted the URL with its path-embedded password: migrating drops such states, and the recorder
    keeps its URL."""
    url = "rtsp://192.168.1.30/user=admin&password=XmPw0rd9&channel=1&stream=0.sdp"
    store = ClipStore(tmp_path / "data", clock=clock)
    household, _ = store.households.create("Home", "UTC")
    store.cameras.add(household.id, "Gate")
    store.cameras.set_source(household.id, "gate", url)
    with store.db.transaction() as conn:  # back to before steps 10 and 16, with a state as old versions wrote it
        conn.execute("DROP TABLE recorder_states")
        conn.execute("ALTER TABLE cameras ADD COLUMN recorder_state TEXT")
        conn.execute("ALTER TABLE cameras ADD COLUMN recorder_seen_at DOUBLE PRECISION")
        conn.execute(
            "UPDATE cameras SET recorder_state = ?, recorder_seen_at = 0 WHERE slug = 'gate'",
            (f'{{"connected": false, "last_error": "{url}: 401"}}',),
        )
        conn.execute("DELETE FROM schema_migrations WHERE version IN (10, 16)")
    store.close()
    result = migrate(tmp_path / "data")
    assert result.returncode == 0 and "applied 0010_scrub_stream_secrets" in result.stderr
    store = ClipStore(tmp_path / "data", clock=clock)
    assert store.recorder_states.get(household.id, "gate", 0, 60) is None
    assert store.cameras.source(household.id, "gate") == url  # the recorder keeps its URL
    store.close()


def test_the_migrations_frozen_chain_hash_is_what_the_live_log_verifies() -> None:
    """The steps that (re)chain the audit log use their own frozen copy of the hash; it must stay what the live
    log computes, or a migrated database would not verify."""
    from clipstore.audit import entry_hash
    from clipstore.audit_key import fingerprint
    from clipstore.migrations.frozen import chain_hash, key_fingerprint

    row = {
        "household_id": 3,
        "seq": 7,
        "at": 1764000000.5,
        "channel": "web",
        "actor": "Sam",
        "action": "play",
        "clip_id": "0123456789abcdef",
        "camera": "garage",
        "detail": '{"client": "10.0.0.2"}',
    }
    key = b"k" * 32
    for given in (None, key):
        assert chain_hash("ab" * 32, row, given) == entry_hash("ab" * 32, *row.values(), key=given)
    assert key_fingerprint(key) == fingerprint(key)


def unkey(store) -> None:
    """Take a store's audit chains back to before the audit key (plain SHA-256, no fingerprint, before version 11)."""
    from clipstore.audit import GENESIS, row_hash

    with store.db.transaction() as conn:
        for (household_id,) in conn.execute("SELECT id FROM households").fetchall():
            prev = GENESIS
            rows = conn.execute("SELECT * FROM audit WHERE household_id = ? ORDER BY seq", (household_id,)).fetchall()
            for row in rows:
                digest = row_hash(prev, row)
                conn.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?", (prev, digest, row["id"]))
                prev = digest
            conn.execute("UPDATE audit_heads SET hash = ? WHERE household_id = ?", (prev, household_id))
        conn.execute("DELETE FROM schema_migrations WHERE version = 11")
        conn.execute("DELETE FROM settings WHERE key LIKE 'audit_%'")


@pytest.mark.parametrize("broken_before", [False, True])
def test_chains_from_before_the_audit_key_are_keyed_on_migration(tmp_path, clock, backend, store_urls, broken_before):
    store = ClipStore(tmp_path / "data", clock=clock)
    household, _ = store.households.create("Home", "UTC")
    for action in ("list", "view", "play"):
        store.audit.record(household.id, channel="api", actor="owner", action=action)
    unkey(store)
    if broken_before:
        with store.db.transaction() as conn:
            conn.execute("UPDATE audit SET actor = 'nobody' WHERE seq = 2")
    store.close()
    result = migrate(tmp_path / "data")
    assert result.returncode == 0 and "applied 0011_audit_key" in result.stderr, result.stderr
    store = ClipStore(tmp_path / "data", clock=clock)
    store.audit.record(household.id, channel="api", actor="owner", action="delete")
    checked, problem = store.verify_audit()
    if broken_before:  # keyed as found, and still reported
        assert problem is not None and "already broken: household 1 at entry 2" in str(problem)
    else:
        assert (checked, problem) == (4, None)
    store.close()


def test_a_server_with_another_audit_key_refuses_to_open(tmp_path, clock, backend, store_urls, monkeypatch):
    """Servers sharing a database must share the key: another one would write a chain nobody can verify."""
    from clipstore.audit_key import AuditKeyError

    monkeypatch.setenv("CLIPSTORE_AUDIT_KEY", "a" * 64)
    ClipStore(tmp_path / "one", clock=clock).close()
    ClipStore(tmp_path / "two", clock=clock).close()  # the same key in a second data directory: fine
    monkeypatch.setenv("CLIPSTORE_AUDIT_KEY", "b" * 64)
    with pytest.raises(AuditKeyError, match="CLIPSTORE_AUDIT_KEY"):
        ClipStore(tmp_path / "one", clock=clock)
    monkeypatch.setenv("CLIPSTORE_AUDIT_KEY", "short")
    with pytest.raises(AuditKeyError, match="at least 32 characters"):
        ClipStore(tmp_path / "one", clock=clock)
