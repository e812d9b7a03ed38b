"""The audit chains get keyed: every entry's hash becomes an HMAC with the audit key, which the database does
not hold (audit_key.py), and the database keeps the key's fingerprint.

Before, anyone who could write the database could recompute the plain SHA-256 chain. The old chains are
checked first: if one was already broken, that is logged and kept in `settings` (`audit verify` reports it),
and the chain is keyed as found, so that what follows can be trusted.
"""

from __future__ import annotations

import logging

from clipstore.migrations.frozen import AUDIT_KEY, GENESIS, chain_hash, key_fingerprint

SQL = ""

logger = logging.getLogger(__name__)


def after(conn) -> None:
    """Re-hash every household's chain with the key the opening store gives (`frozen.AUDIT_KEY`)."""
    key = AUDIT_KEY.get()
    if key is None:
        raise RuntimeError("the audit key is needed to bring this database up to date: open it with ClipStore")
    broken = []
    for (household_id,) in conn.execute("SELECT id FROM households ORDER BY id").fetchall():
        old_prev = new_prev = GENESIS
        first_break = None
        rows = conn.execute(
            "SELECT * FROM audit WHERE household_id = ? AND seq IS NOT NULL ORDER BY seq", (household_id,)
        ).fetchall()
        for row in rows:
            if first_break is None and (row["prev_hash"] != old_prev or chain_hash(old_prev, row) != row["hash"]):
                first_break = row["seq"]
            old_prev = row["hash"]
            digest = chain_hash(new_prev, row, key)
            conn.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?", (new_prev, digest, row["id"]))
            new_prev = digest
        conn.execute("UPDATE audit_heads SET hash = ? WHERE household_id = ?", (new_prev, household_id))
        if first_break is not None:
            broken.append(f"household {household_id} at entry {first_break}")
    if broken:
        note = "before the audit key was introduced the chain was already broken: " + ", ".join(broken)
        logger.error("audit log: %s (keyed as found)", note)
        conn.execute("INSERT INTO settings (key, value) VALUES ('audit_unkeyed_break', ?)", (note,))
    conn.execute("INSERT INTO settings (key, value) VALUES ('audit_key_fingerprint', ?)", (key_fingerprint(key),))
