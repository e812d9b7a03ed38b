"""Background upkeep of the server: erase expired trash and clips past retention, tidy orphan files."""
from __future__ import annotations

import logging
import threading

from .store import ClipStore
from .wakeup import StopSignal

logger = logging.getLogger(__name__)


class Janitor:
    """Runs `reconcile` and `purge` once at start-up, then `purge` every `interval_s` seconds in a thread."""

    def __init__(self, store: ClipStore, interval_s: float = 60.0) -> None:
        self.store = store
        self.interval_s = interval_s
        self._stop = StopSignal()
        self._thread: threading.Thread | None = None

    def run_once(self) -> int:
        """One round of purging; errors are logged, never raised (the server keeps serving)."""
        try:
            return self.store.purge()
        except Exception:  # noqa: BLE001 - a failed round must not stop the next one
            logger.exception("purge failed; will try again in %.0f s", self.interval_s)
            return 0

    def start(self) -> None:
        """Tidy up after any crash, purge what is due, then keep purging in the background."""
        orphans = self.store.reconcile()
        purged = self.run_once()
        logger.info("start-up upkeep: %d orphan files removed, %d clips purged", orphans, purged)
        self._thread = threading.Thread(target=self._loop, name="clipstore-janitor", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.wait(self.interval_s):
            self.run_once()

    def stop(self) -> None:
        """Stop the background thread."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
