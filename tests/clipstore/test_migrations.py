"""Versioned migrations: `python -m clipstore migrate`, and an older database brought up to date."""
from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from clipstore import ClipStore
from clipstore.audit_chain import verify
from clipstore.migrations import latest_version


def migrate(data_dir):
    return subprocess.run([sys.executable, "-m", "clipstore", "migrate", "--data", str(data_dir)],
                          capture_output=True, text=True, timeout=60)


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
        DELETE FROM schema_migrations WHERE version = 3;
    """)
    conn.close()
    result = migrate(tmp_path / "data")
    assert result.returncode == 0 and "applied 0003_audit_chain_and_sessions" in result.stderr
    store = ClipStore(tmp_path / "data", clock=clock)
    assert verify(store.db) == (3, None)
    assert store.audit.head(household.id).entries == 3
    store.audit.record(household.id, channel="api", actor="owner", action="delete")
    assert verify(store.db) == (4, None)
    store.close()


def test_stream_secrets_in_recorder_states_are_scrubbed_on_migration(tmp_path, clock, backend, store_urls):
    """A recorder state written by an older version quoted the URL with its path-embedded password."""
    import json

    url = "rtsp://192.168.1.30/user=admin&password=XmPw0rd9&channel=1&stream=0.sdp"
    store = ClipStore(tmp_path / "data", clock=clock)
    household, _ = store.households.create("Home", "UTC")
    store.cameras.add(household.id, "Gate")
    store.cameras.set_source(household.id, "gate", url)
    store.cameras.save_recorder_state(household.id, "gate", {"connected": False, "last_error": f"{url}: 401"}, 0)
    with store.db.transaction() as conn:
        conn.execute("DELETE FROM schema_migrations WHERE version = 8")
    store.close()
    result = migrate(tmp_path / "data")
    assert result.returncode == 0 and "applied 0008_scrub_stream_secrets" in result.stderr
    store = ClipStore(tmp_path / "data", clock=clock)
    state = store.cameras.recorder_state(household.id, "gate", 0, 60)
    assert "XmPw0rd9" not in json.dumps(state) and "192.168.1.30" in state["last_error"]
    assert store.cameras.source(household.id, "gate") == url  # the recorder keeps its URL
    store.close()
