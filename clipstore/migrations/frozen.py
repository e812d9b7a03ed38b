"""What the Python migration steps compute, frozen as it was when they were written.

A migration must do the same thing whenever it runs, however the live code has changed since, so the steps
never import the store's modules: they use these copies. `tests/clipstore/test_migrations.py` checks that the
live audit log still verifies what these produce.
"""

from __future__ import annotations

import contextvars
import hashlib
import hmac
import json
from typing import Any

GENESIS = "0" * 64

AUDIT_KEY: contextvars.ContextVar[bytes | None] = contextvars.ContextVar("migration_audit_key", default=None)
"""The audit key of the store that is opening the database (set by ClipStore), for the step that keys chains."""


def chain_hash(prev: str, row: Any, key: bytes | None = None) -> str:
    """An audit row's chain hash: SHA-256 (chains before the key, step 3) or HMAC-SHA256 with `key` (step 11)."""
    fields = [
        row["household_id"],
        row["seq"],
        float(row["at"]),
        row["channel"],
        row["actor"],
        row["action"],
        row["clip_id"],
        row["camera"],
        row["detail"],
    ]
    payload = f"{prev}\n{json.dumps(fields, separators=(',', ':'), ensure_ascii=False)}".encode()
    if key is None:
        return hashlib.sha256(payload).hexdigest()
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def key_fingerprint(key: bytes) -> str:
    """What the database keeps of the audit key (step 11)."""
    return hmac.new(key, b"home-clips audit key fingerprint", hashlib.sha256).hexdigest()[:32]
