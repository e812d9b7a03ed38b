"""The pinned clock of the test suite: nothing in a test depends on the hour, the date or the machine's zone."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime

NOW = datetime(2026, 11, 24, 20, 0, tzinfo=UTC)
"""Tuesday 24 November 2026, 3 pm in New York: the demo data is seeded relative to this moment."""
TZ = "America/New_York"


@dataclass
class FrozenClock:
    """A clock that stands still until a test moves it (`advance`); pass it as a store's or app's clock."""

    at: float = NOW.timestamp()

    def __call__(self) -> float:
        return self.at

    def advance(self, seconds: float) -> None:
        """Move the clock forward."""
        self.at += seconds

    def now(self) -> datetime:
        """The clock's time as an aware UTC datetime."""
        return datetime.fromtimestamp(self.at, UTC)


class RunningClock:
    """A clock that starts at NOW and runs at the real rate (for tests of background threads)."""

    def __init__(self, start: datetime = NOW) -> None:
        self._offset = start.timestamp() - time.monotonic()

    def __call__(self) -> float:
        return time.monotonic() + self._offset

    def advance(self, seconds: float) -> None:
        """Jump forward at once, instead of sleeping until that much time has passed; it runs on from there."""
        self._offset += seconds
