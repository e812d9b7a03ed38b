"""The server's janitor: start-up reconciliation and purge, then purging in the background."""
from __future__ import annotations

import time

from backends import media_keys, put_media
from pinned import RunningClock

from clipstore import ClipQuery, ClipStore
from clipstore.maintenance import Janitor


def in_trash(store: ClipStore) -> int:
    return store.db.query("SELECT COUNT(*) FROM clips WHERE deleted_at IS NOT NULL")[0][0]


def test_start_reconciles_and_purges_then_keeps_purging(homes, tmp_path):
    hid = homes.a.id
    orphan = f"{hid}/0123456789abcdef.mp4"
    put_media(homes.store, orphan, b"left by a crash", tmp_path)
    store = ClipStore(homes.data_dir, trash_grace_s=0.2, clock=RunningClock())
    store.delete(hid, ClipQuery(camera="garage"))
    time.sleep(0.3)
    janitor = Janitor(store, interval_s=0.1, orphan_grace_s=-60)
    janitor.start()
    try:
        assert janitor.leading and orphan not in media_keys(store)
        assert in_trash(store) == 0  # purged at start-up
        assert store.delete(hid, ClipQuery(camera="driveway")) > 0
        deadline = time.time() + 10
        while in_trash(store) and time.time() < deadline:
            time.sleep(0.05)
        assert in_trash(store) == 0  # and again by the background thread
    finally:
        janitor.stop()
        store.close()
