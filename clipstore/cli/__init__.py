"""Command line: `python -m clipstore COMMAND ...` (docs/interface.md §2); one module per group of commands."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

from ..errors import StoreError
from ..store import ClipStore, default_data_dir
from . import admin, homes, people
from .common import UsageError

logger = logging.getLogger(__name__)

COMMAND_MODULES = (homes, people, admin)
"""Each has `register(subparsers)`, which gives its subcommands a `handler(store, args)` default.

The packages above the store add their own commands to `python -m clipstore` (see `clipstore/__main__.py`):
camera intake's `ingest`, `record`, `watch` and `frigate` (intake/cli.py)."""

__all__ = ["UsageError", "build_parser", "main"]


Register = Callable[[argparse._SubParsersAction], None]


def build_parser(extra: Sequence[Register] = ()) -> argparse.ArgumentParser:
    """The argument parser with the store's subcommands and those that `extra` registers."""
    parser = argparse.ArgumentParser(prog="python -m clipstore", description="Manage the home clip store.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for register in (*(module.register for module in COMMAND_MODULES), *extra):
        register(commands)
    return parser


def main(argv: Sequence[str] | None = None, extra: Sequence[Register] = ()) -> int:
    """Run one command; returns the exit status (2 for user errors, or what the command returns)."""
    parser = build_parser(extra)
    args = parser.parse_args(argv)
    data_dir = args.data or default_data_dir()
    try:
        if data_dir.exists() and not data_dir.is_dir():
            raise UsageError(f"--data {data_dir} is not a directory")
        store = ClipStore(data_dir)
    except (UsageError, OSError, RuntimeError) as exc:
        print(f"{parser.prog}: error: {exc}", file=sys.stderr)
        return 2
    try:
        status = args.handler(store, args)
    except (UsageError, StoreError, OSError) as exc:
        print(f"{parser.prog}: error: {exc}", file=sys.stderr)
        return 2
    finally:
        store.close()
    return int(status or 0)
