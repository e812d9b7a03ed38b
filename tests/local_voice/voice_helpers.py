"""Constants and helpers shared by the voice tests (a plain module: conftest.py is for fixtures)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[2]
NOW = "2026-11-24T15:00:00"
TZ = "America/New_York"
NOW_DT = datetime.fromisoformat(NOW).replace(tzinfo=ZoneInfo(TZ))

SENTENCES = {
    "delete": "delete today's recordings",
    "yes": "yes",
    "ood": "what's the weather like",
    "count": "how many clips today",
}


def run_cli(*args: str, timeout: float = 120, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`python -m local_voice ARGS` from the repository root, as a user would run it."""
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "local_voice", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=env,
    )
