"""The store's clock: the one place that says what time it is (tests pin it, nothing else reads the wall clock)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], float]
"""Seconds since the epoch, like `time.time`."""

system_clock: Clock = time.time


def as_datetime(clock: Clock) -> datetime:
    """The clock's current time as an aware UTC datetime."""
    return datetime.fromtimestamp(clock(), UTC)
