"""Versioned schema migrations: `NNNN_name.sql` files applied in order, each once, each in one transaction.

A file named `NNNN_name.sql` holds SQL that every backend accepts; `NNNN_name.sqlite.sql` and
`NNNN_name.postgres.sql` hold one backend's version of the same step. A step that needs Python (to fill a new
column from old rows, say) is a module `NNNN_name.py` with `SQL` and `after(connection)`, which runs in the same
transaction. `schema_migrations` records what ran.
"""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

logger = logging.getLogger(__name__)

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+?)(?:\.(sqlite|postgres))?\.(sql|py)$")


@dataclass(frozen=True)
class Migration:
    """One step of the schema."""

    version: int
    name: str
    sql: str
    after: Callable[[Any], None] | None = None


def migrations(dialect: str) -> list[Migration]:
    """Every step for `dialect` ("sqlite" or "postgres"), oldest first."""
    found: dict[int, Migration] = {}
    for entry in resources.files(__name__).iterdir():
        match = _NAME.match(entry.name)
        if not match or match[3] not in (None, dialect):
            continue
        version = int(match[1])
        if version in found and match[3] is None:
            continue  # a backend's own version wins over the shared one
        if match[4] == "py":
            module = importlib.import_module(f"{__name__}.{entry.name[:-3]}")
            found[version] = Migration(version, match[2], module.SQL, getattr(module, "after", None))
        else:
            found[version] = Migration(version, match[2], entry.read_text(encoding="utf-8"))
    return [found[v] for v in sorted(found)]


def latest_version(dialect: str) -> int:
    """The schema version the code expects."""
    steps = migrations(dialect)
    return steps[-1].version if steps else 0
