"""Background upkeep of the server: erase expired trash and clips past retention, tidy orphan media.

Exactly one process does it at a time (see `leader.py`): every server runs a janitor, and the one holding
the lock works while the others try again each interval, so one takes over within an interval of its death.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from .leader import LeaderLock
from .store import ORPHAN_GRACE_S, ClipStore
from .wakeup import StopSignal

logger = logging.getLogger(__name__)

RECONCILE_EVERY = 60
"""Look for orphan media every this many rounds (and when becoming the leader)."""


class Janitor:
    """Reconcile and purge when it becomes the leader, then purge every `interval_s` seconds while it is."""

    def __init__(
        self,
        store: ClipStore,
        interval_s: float = 60.0,
        *,
        lock: LeaderLock | None = None,
        orphan_grace_s: float = ORPHAN_GRACE_S,
        on_leadership: Callable[[bool], None] | None = None,
    ) -> None:
        self.store = store
        self.interval_s = interval_s
        self.lock = lock if lock is not None else store.leader_lock()
        self.orphan_grace_s = orphan_grace_s
        self.on_leadership = on_leadership
        self.leading = False
        self.rounds = 0
        self._stop = StopSignal()
        self._thread: threading.Thread | None = None

    def run_once(self) -> int:
        """One round of purging; errors are logged, never raised (the server keeps serving)."""
        try:
            if self.rounds % RECONCILE_EVERY == 0:
                orphans = self.store.reconcile(min_age_s=self.orphan_grace_s)
                if orphans:
                    logger.info("removed %d orphan media objects", orphans)
            self.rounds += 1
            return self.store.purge()
        except Exception:
            logger.exception("upkeep failed; will try again in %.0f s", self.interval_s)
            return 0

    def tick(self) -> int:
        """Try to lead (or check that it still does), and work if it does; returns clips purged.

        `on_leadership(leading)` is called every round, so the leader's other work (recording) that failed
        to start is tried again; nothing raised here stops the rounds.
        """
        try:
            leading = self.lock.try_acquire()
        except Exception:
            logger.exception("could not check the janitor lock; trying again in %.0f s", self.interval_s)
            leading = False
        if leading != self.leading:
            self.leading = leading
            self.rounds = 0
            logger.info("this process %s the janitor", "is now" if leading else "is no longer")
        if self.on_leadership is not None:
            try:
                self.on_leadership(leading)
            except Exception:
                logger.exception(
                    "the leader's other work failed to %s; trying again in %.0f s",
                    "start" if leading else "stop",
                    self.interval_s,
                )
        return self.run_once() if leading else 0

    def start(self, *, wait: bool = True) -> None:
        """Do the first round (tidying up after any crash), then keep going in the background.

        `wait=False` does the first round in the background too (a server worker starts answering at once).
        """
        if wait:
            purged = self.tick()
            if self.leading:
                logger.info("start-up upkeep: %d clips purged", purged)
        self._thread = threading.Thread(target=self._loop, args=(not wait,), name="clipstore-janitor", daemon=True)
        self._thread.start()

    def _loop(self, first_now: bool) -> None:
        if first_now:
            self.tick()
        while not self._stop.wait(self.interval_s):
            self.tick()

    def stop(self) -> None:
        """Stop the background thread and give up the lead."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self.leading and self.on_leadership is not None:
            self.on_leadership(False)
        self.lock.release()
        self.leading = False
