"""`migrate`: bring the database to the current schema."""
from __future__ import annotations

import argparse
import sys

from ..store import ClipStore
from .common import add_data


def register(commands: argparse._SubParsersAction) -> None:
    """Add the migrate subcommand."""
    migrate = commands.add_parser("migrate", help="bring the database (SQLite or $DATABASE_URL) to the current schema")
    add_data(migrate)
    migrate.set_defaults(handler=run_migrate)


def run_migrate(store: ClipStore, args: argparse.Namespace) -> None:
    # Opening the store applies what is missing (and logs it); this says what happened.
    applied = store.opened_with_migrations
    for step in applied:
        print(f"applied {step.version:04d}_{step.name}", file=sys.stderr)
    print(f"schema version {store.db.schema_version()}" + ("" if applied else " (already current)"))
