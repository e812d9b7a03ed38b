#!/usr/bin/env bash
# Write constraints.txt: every package installed in .venv (runtime, test and benchmark extras), pinned.
#   scripts/setup.sh --test && .venv/bin/pip install -r requirements-bench.txt && scripts/lock.sh
# After changing a requirements file: install it into .venv first (pip install -r ...), then run this.
set -euo pipefail
cd "$(dirname "$0")/.."
{
  echo "# Every package installed into .venv, pinned: scripts/setup.sh installs with -c constraints.txt."
  echo "# Made by scripts/lock.sh from a working .venv; tests/test_house_rules.py checks that it covers .venv."
  .venv/bin/python -m pip freeze --all --exclude-editable --disable-pip-version-check | grep -v '^home-clips==' | LC_ALL=C sort -f
} > constraints.txt
echo "lock: $(grep -c '==' constraints.txt) packages pinned in constraints.txt"
