"""Waiting in a test for something to happen, instead of sleeping a fixed time and hoping it did."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_for(
    predicate: Callable[[], T], timeout: float = 15.0, interval: float = 0.05, what: str = "the condition"
) -> T:
    """Call `predicate` every `interval` seconds until it returns something truthy, and return that.

    Raises AssertionError naming `what` when `timeout` seconds pass first (an exception from `predicate`,
    such as a failed assertion that a process still runs, ends the wait at once).
    """
    deadline = time.monotonic() + timeout
    while True:
        found = predicate()
        if found:
            return found
        if time.monotonic() >= deadline:
            raise AssertionError(f"gave up after {timeout:g} s waiting for {what}")
        time.sleep(interval)
