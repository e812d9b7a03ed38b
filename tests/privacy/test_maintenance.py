"""The server's janitor: start-up reconciliation and purge, then purging in the background."""

from __future__ import annotations

from backends import media_keys, put_media
from pinned import RunningClock

from clipstore import ClipQuery, ClipStore
from clipstore.maintenance import Janitor
from testkit.wait import wait_for


def in_trash(store: ClipStore) -> int:
    return store.db.query("SELECT COUNT(*) FROM clips WHERE deleted_at IS NOT NULL")[0][0]


def test_start_reconciles_and_purges_then_keeps_purging(homes, tmp_path):
    hid = homes.a.id
    orphan = f"{hid}/0123456789abcdef.mp4"
    put_media(homes.store, orphan, b"left by a crash", tmp_path)
    clock = RunningClock()
    store = ClipStore(homes.data_dir, trash_grace_s=0.2, clock=clock)
    store.delete(hid, ClipQuery(camera="garage"))
    clock.advance(0.3)  # past the trash grace: start-up purges these
    janitor = Janitor(store, interval_s=0.1, orphan_grace_s=-60)
    janitor.start()
    try:
        assert janitor.leading and orphan not in media_keys(store)
        assert in_trash(store) == 0  # purged at start-up
        assert store.delete(hid, ClipQuery(camera="driveway")) > 0
        wait_for(lambda: in_trash(store) == 0, timeout=10, what="the background thread to purge the trash")
    finally:
        janitor.stop()
        store.close()
