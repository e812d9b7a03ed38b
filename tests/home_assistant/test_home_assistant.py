"""The Home Assistant integration's own tests (tests_ha/), run in Home Assistant's harness against real servers.

They need Home Assistant's environment, .venv-ha (Python 3.13), which `scripts/setup.sh --test` makes and caches;
this test runs them there and fails, with their output, if they fail.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HA_PYTHON = ROOT / ".venv-ha" / "bin" / "python"
EXPECTED_AT_LEAST = 31


def test_the_integration_passes_home_assistant_s_harness():
    assert HA_PYTHON.exists(), (
        f"{HA_PYTHON} is missing: run ./scripts/setup.sh --test (it needs Python 3.13: pyenv's, python3.13 on PATH,"
        " or HA_PYTHON=/path/to/python3.13)"
    )
    env = {**os.environ, "HOME_CLIPS_PYTHON": sys.executable}  # the servers run in this project's environment
    done = subprocess.run(
        [
            str(HA_PYTHON),
            "-m",
            "pytest",
            "-c",
            "tests_ha/pytest.ini",
            "tests_ha",
            "-q",
            "-p",
            "no:logging",
            "-W",
            "ignore::DeprecationWarning",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    output = f"{done.stdout}\n{done.stderr}"
    assert done.returncode == 0, f"the Home Assistant tests failed:\n{output[-20000:]}"
    passed = re.search(r"(\d+) passed", done.stdout)
    assert passed and int(passed[1]) >= EXPECTED_AT_LEAST, output[-5000:]
