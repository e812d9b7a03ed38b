"""What the command-line modules share: the usage error, --data, picking a household, times."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ..models import Household
from ..store import ClipStore

FUTURE_SLACK = timedelta(minutes=5)
DATA_HELP = "the data directory (default: $CLIPSTORE_DATA or the per-user data directory)"


class UsageError(Exception):
    """A mistake on the command line: reported as one line, exit status 2."""


def add_data(parser: argparse.ArgumentParser, household: bool = False) -> None:
    """Add `--data DIR` (and `--household N`) to a subcommand."""
    if household:
        parser.add_argument("--household", metavar="N", help="household id or name (default: the first one)")
    parser.add_argument("--data", type=Path, metavar="DIR", help=DATA_HELP)


def parse_at(value: str) -> datetime:
    """An ISO-8601 time with a zone (`Z` or an offset), not in the future."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"--at must be an ISO-8601 time such as 2026-11-24T19:15:02Z, not {value!r}") from None
    if moment.tzinfo is None:
        raise UsageError("--at must carry a time zone or Z, e.g. 2026-11-24T19:15:02Z")
    if moment > datetime.now(UTC) + FUTURE_SLACK:
        raise UsageError("--at is in the future")
    return moment


def pick_household(store: ClipStore, wanted: str | None) -> Household:
    """The household named by `--household` (id or name), else the only/first one."""
    households = store.all_households()
    if not households:
        raise UsageError("there is no household yet; create one with: python -m clipstore household add NAME --tz IANA")
    if wanted is None:
        if len(households) > 1:
            print(
                f"note: using household {households[0].id} ({households[0].name}); pick another with --household",
                file=sys.stderr,
            )
        return households[0]
    for household in households:
        if wanted == str(household.id) or wanted == household.name:
            return household
    raise UsageError(f"no household {wanted!r}; see: python -m clipstore household list")


def confirm_on_terminal(question: str) -> bool:
    """Ask `question` on a terminal and take only an explicit yes; never a yes without a terminal."""
    if not sys.stdin.isatty():
        print(f"{question} (not asked: no terminal; add --yes to go ahead)", file=sys.stderr)
        return False
    answer = input(f"{question} Type yes to go ahead: ")
    return answer.strip().lower() == "yes"
