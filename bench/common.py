"""Shared benchmark helpers: timing, percentiles, tables, and a description of the machine."""

from __future__ import annotations

import math
import os
import platform
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUSY_PATTERN = "score_voice|local_voice|pytest"


def percentile(values: Sequence[float], pct: float) -> float:
    """The `pct` percentile (0-100) with linear interpolation, as numpy's default."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100.0
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary_ms(samples_s: Sequence[float]) -> dict[str, float]:
    """p50, p99 and max of durations in seconds, in milliseconds."""
    ms = [s * 1000.0 for s in samples_s]
    return {"n": len(ms), "p50": percentile(ms, 50), "p99": percentile(ms, 99), "max": max(ms) if ms else 0.0}


def time_calls(fn: Callable[[], object], runs: int, warmup: int = 3) -> list[float]:
    """Call `fn` `warmup` times untimed, then `runs` times; the duration of each timed call in seconds."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def fmt(value: float, digits: int = 2) -> str:
    """A number for a table cell."""
    if math.isnan(value):
        return "-"
    return f"{value:,.{digits}f}" if abs(value) < 1e6 else f"{value:,.0f}"


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table (pastes into the README as is)."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"

    return "\n".join(
        [line(cells[0]), "|" + "|".join("-" * (w + 2) for w in widths) + "|"] + [line(r) for r in cells[1:]]
    )


def kernel_load() -> str:
    """The 1, 5 and 15 minute load averages as the kernel writes them, or "?" where there is no /proc/loadavg."""
    loadavg = Path("/proc/loadavg")
    return " ".join(loadavg.read_text().split()[:3]) if loadavg.exists() else "?"


def load_average() -> str:
    """The 1, 5 and 15 minute load averages."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def busy_processes() -> list[str]:
    """Other benchmark or test processes that would distort figures (see bench/README.md)."""
    found = subprocess.run(
        ["pgrep", "-af", BUSY_PATTERN],
        capture_output=True,
        check=False,  # 1: none found
        text=True,
    ).stdout.splitlines()
    return [line for line in found if str(os.getpid()) != line.split()[0] and "pgrep" not in line]


def wait_until_quiet(max_wait_s: float, max_load: float = 0.6, poll_s: float = 20.0) -> None:
    """Sleep until no busy process runs and the 1-minute load is below `max_load` (at most `max_wait_s`)."""
    deadline = time.monotonic() + max_wait_s
    while (busy := busy_processes()) or os.getloadavg()[0] > max_load:
        if time.monotonic() > deadline:
            print("WARNING: the machine is still busy; figures may be distorted", flush=True)
            return
        print(f"waiting: load {load_average()}, {len(busy)} busy process(es) {busy[:1]}", flush=True)
        time.sleep(poll_s)


def machine() -> str:
    """One line naming the CPU, cores, memory, OS, Python and SQLite versions."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{mem_kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        mem = "? RAM"
    return (
        f"{cpu}, {os.cpu_count()} cores, {mem}, {platform.system()} {platform.release()}, "
        f"Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}"
    )


def header(title: str) -> None:
    """Print what runs where, and the load at the start."""
    print(f"# {title}\nmachine: {machine()}\nload average (1/5/15 min) at start: {load_average()}\n", flush=True)
