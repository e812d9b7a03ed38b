"""`migrate` (bring the database to the current schema) and `audit verify` (check the audit chains)."""

from __future__ import annotations

import argparse
import sys

from ..store import ClipStore
from .common import add_data


def register(commands: argparse._SubParsersAction) -> None:
    """Add the migrate and audit subcommands."""
    migrate = commands.add_parser("migrate", help="bring the database (SQLite or $DATABASE_URL) to the current schema")
    add_data(migrate)
    migrate.set_defaults(handler=run_migrate)
    audit = commands.add_parser("audit", help="check the audit log")
    actions = audit.add_subparsers(dest="action", required=True, metavar="ACTION")
    check = actions.add_parser("verify", help="check every household's hash chain; exit 1 naming the first break")
    add_data(check)
    check.set_defaults(handler=run_verify)


def run_migrate(store: ClipStore, args: argparse.Namespace) -> None:
    # Opening the store applies what is missing (and logs it); this says what happened.
    applied = store.opened_with_migrations
    for step in applied:
        print(f"applied {step.version:04d}_{step.name}", file=sys.stderr)
    print(f"schema version {store.schema_version()}" + ("" if applied else " (already current)"))


def run_verify(store: ClipStore, args: argparse.Namespace) -> int:
    checked, problem = store.verify_audit()
    entries = f"{checked} entr{'y' if checked == 1 else 'ies'}"
    if problem is not None:
        print(f"audit log BROKEN at {problem} ({entries} checked before it)")
        return 1
    homes = len(store.all_households())
    print(
        f"audit log intact: {entries} in the chain{'' if homes == 1 else 's'} of {homes} "
        f"household{'' if homes == 1 else 's'}"
    )
    return 0
