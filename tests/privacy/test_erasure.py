"""Deletion that deletes: after the purge no object of a clip remains, and (SQLite) its bytes are in no file
of the data directory, or (PostgreSQL) its rows are vacuumed away."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import UTC
from pathlib import Path

import pytest
from backends import media_bytes, media_keys

from clipstore import ClipQuery, ClipStore


def all_bytes(data_dir: Path) -> list[tuple[Path, bytes]]:
    return [(p, p.read_bytes()) for p in data_dir.rglob("*") if p.is_file()]


def fingerprints(store: ClipStore, household_id: int, clip_id: str) -> list[bytes]:
    """Distinctive pieces of a clip: slices of its video and thumbnail, and its row's sha256 text."""
    files = store.clips.files(household_id, clip_id)
    video, thumb = media_bytes(store, files.video), media_bytes(store, files.thumbnail)
    clip = store.clips.get(household_id, clip_id)
    return [
        video[len(video) // 2 : len(video) // 2 + 64],
        video[-64:],
        thumb[len(thumb) // 2 : len(thumb) // 2 + 64],
        clip.sha256.encode(),
    ]


def _vacuums(store) -> int:
    return int(store.db.query("SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'clips'")[0][0])


def test_purge_leaves_no_file_and_no_bytes(homes, backend):
    store, hid = homes.store, homes.a.id
    clip = store.clips.page(hid, ClipQuery(camera="garage"), limit=1)[0][0]
    pieces = fingerprints(store, hid, clip.id)
    files = store.clips.files(hid, clip.id)
    store.shares.create(hid, clip.id, channel="api", actor="owner")
    assert store.delete(hid, ClipQuery(ids=(clip.id,))) == 1
    assert {files.video, files.thumbnail} <= media_keys(store)  # restorable during the grace period
    vacuums = _vacuums(store) if backend.remote else 0
    assert store.purge(now=store.now() + store.trash_grace_s + 1) == 1
    assert not {files.video, files.thumbnail} & media_keys(store)
    assert store.shares.active(hid) == []
    assert store.db.query("SELECT COUNT(*) FROM clips WHERE id = ?", (clip.id,))[0][0] == 0
    if backend.remote:  # PostgreSQL: the rows are deleted, then the janitor's VACUUM drops them from the pages
        assert _vacuums(store) > vacuums
        return
    for path, content in all_bytes(homes.data_dir):
        for piece in pieces:
            assert piece not in content, f"bytes of the purged clip are still in {path}"


def test_retention_purges_only_older_clips(homes):
    store, hid = homes.store, homes.a.id
    store.households.update(hid, retention_days=1)
    from clipstore.retention import retention_cutoff

    cutoff = retention_cutoff(store.households.get(hid), store.now())
    older = store.clips.count(hid, ClipQuery(before=_utc(cutoff)))
    newer = store.clips.count(hid, ClipQuery(after=_utc(cutoff)))
    assert older > 0 and newer > 0
    assert store.purge() == older
    assert store.clips.count(hid, ClipQuery()) == newer
    assert store.clips.count(homes.b.id, ClipQuery()) == store.clips.count(homes.b.id, ClipQuery())


def _utc(timestamp: float):
    from datetime import datetime

    return datetime.fromtimestamp(timestamp, UTC)


CRASH = textwrap.dedent("""
    import os, sys, time
    from clipstore import ClipQuery, ClipStore
    store = ClipStore(sys.argv[1], clock=lambda: float(sys.argv[2]))  # the tests' pinned clock
    hid = store.households.all()[0].id
    store.delete(hid, ClipQuery(camera="driveway"))
    store.parts.media.delete = lambda keys: os._exit(9)  # killed after the commit, before any object is erased
    store.purge(now=store.now() + store.trash_grace_s + 1)
""")


def test_a_purge_killed_half_way_leaves_no_listed_clip_without_video(homes):
    store, hid = homes.store, homes.a.id
    driveway = store.clips.count(hid, ClipQuery(camera="driveway"))
    store.close()
    result = subprocess.run(
        [sys.executable, "-c", CRASH, str(homes.data_dir), str(store.now())],
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 9, result.stderr
    after = ClipStore(homes.data_dir)
    stored = media_keys(after)
    for household in after.households.all():
        for clip in after.clips.page(household.id, ClipQuery(), limit=500)[0]:
            assert after.clips.files(household.id, clip.id).video in stored
    assert after.clips.count(hid, ClipQuery(camera="driveway")) == 0
    orphans = stored - after.clips.all_files()
    assert len(orphans) == 2 * driveway  # what the crash left behind ...
    assert after.reconcile(min_age_s=-60) == len(orphans)  # ... is removed by the next reconciliation
    assert media_keys(after) == after.clips.all_files()
    after.close()


@pytest.mark.one_backend  # reads the SQLite file itself
def test_tokens_are_stored_only_as_salted_hashes(homes):
    secret = homes.a_token.split(".", 1)[1].encode()
    databases = [(p, c) for p, c in all_bytes(homes.data_dir) if p.name.startswith("clips.sqlite3")]
    assert databases
    for path, content in databases:  # (the fixture's own `tokens` file is not the store's)
        assert secret not in content, f"the token is readable in {path}"
