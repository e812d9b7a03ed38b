"""A stop signal that background threads can wait on with a timeout.

`threading.Event.wait(timeout)` waits on an absolute deadline of the monotonic clock, so it never returns
under libfaketime, which the test suite runs under to prove it does not depend on the clock. A pipe and
`select` wait for a relative time instead, which works everywhere.
"""

from __future__ import annotations

import os
import select
import threading


class StopSignal:
    """`set()` once from any thread; `wait(timeout)` returns True as soon as it is set, else after `timeout`."""

    def __init__(self) -> None:
        self._read, self._write = os.pipe()
        self._set = threading.Event()

    def set(self) -> None:
        """Wake every waiter now and from then on."""
        if not self._set.is_set():
            self._set.set()
            if self._write >= 0:
                os.write(self._write, b"x")

    def is_set(self) -> bool:
        """True once `set` was called."""
        return self._set.is_set()

    def wait(self, timeout: float) -> bool:
        """Sleep up to `timeout` seconds; True if the signal is (or becomes) set."""
        if self._set.is_set() or self._read < 0:
            return True
        ready, _, _ = select.select([self._read], [], [], max(timeout, 0.0))
        return bool(ready) or self._set.is_set()

    def close(self) -> None:
        """Release the pipe (after every waiter has gone)."""
        fds, (self._read, self._write) = (self._read, self._write), (-1, -1)
        for fd in fds:
            if fd >= 0:
                os.close(fd)

    def __del__(self) -> None:
        self.close()
