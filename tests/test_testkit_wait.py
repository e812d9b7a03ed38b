"""testkit.wait: what the condition found is returned once it holds; one that never holds fails, naming it."""

from __future__ import annotations

import pytest

from testkit.wait import wait_for


def test_returns_what_the_condition_found_once_it_holds() -> None:
    calls: list[int] = []

    def third_time() -> str | None:
        calls.append(1)
        return "ready" if len(calls) >= 3 else None

    assert wait_for(third_time, timeout=10, interval=0.001, what="the third call") == "ready"
    assert len(calls) == 3  # asked again only while it did not hold


def test_a_condition_that_never_holds_fails_naming_what_was_awaited() -> None:
    with pytest.raises(AssertionError, match=r"gave up after 0\.05 s waiting for the moon"):
        wait_for(lambda: False, timeout=0.05, interval=0.01, what="the moon")
