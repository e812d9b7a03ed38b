"""Checking the audit log's hash chains (`python -m clipstore audit verify`): every entry's HMAC with the audit
key, the links, the heads, and the heads this server noted outside the database (audit_key.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .audit import GENESIS, row_hash
from .audit_key import Anchors
from .db import Database

_BATCH = 5000


@dataclass(frozen=True)
class Break:
    """The first place a household's chain does not hold."""

    household_id: int
    seq: int
    audit_id: int | None
    reason: str

    def __str__(self) -> str:
        if not self.household_id:
            return self.reason
        where = f"entry {self.seq}" + (f" (audit row id {self.audit_id})" if self.audit_id is not None else "")
        return f"household {self.household_id}: {where}: {self.reason}"


def _rows(db: Database, household_id: int, upto: int) -> Iterator:
    last = 0
    while True:
        rows = db.query(
            "SELECT * FROM audit WHERE household_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?",
            (household_id, last, upto, _BATCH),
        )
        yield from rows
        if len(rows) < _BATCH:
            return
        last = rows[-1]["seq"]


def verify_household(
    db: Database, household_id: int, key: bytes, anchor: tuple[int, str] | None = None
) -> tuple[int, Break | None]:
    """Walk one household's chain up to the head read first: (entries checked, the first break or None).

    Entries written while it walks lie beyond that head and are left for the next check, so a live server's
    log verifies too. `anchor` (entries, hash) is the head this server noted: the chain must still reach it.
    """
    heads = db.query("SELECT seq, hash FROM audit_heads WHERE household_id = ?", (household_id,))
    if not heads:
        return 0, Break(household_id, 0, None, "the chain head is missing")
    prev, expected, checked = GENESIS, 1, 0
    unchained = db.query(
        "SELECT id FROM audit WHERE household_id = ? AND seq IS NULL ORDER BY id LIMIT 1", (household_id,)
    )
    if unchained:
        return 0, Break(household_id, 0, unchained[0]["id"], "an entry outside the chain was inserted")
    head_seq, head_hash = int(heads[0]["seq"]), heads[0]["hash"]
    if anchor is not None and anchor[0] > head_seq:
        return 0, Break(
            household_id,
            head_seq + 1,
            None,
            f"the chain has {head_seq} entries but this server wrote "
            f"{anchor[0]} (noted outside the database): entries were removed",
        )
    for row in _rows(db, household_id, head_seq):
        if row["seq"] != expected:
            return checked, Break(
                household_id, expected, None, f"entries {expected} to {row['seq'] - 1} are missing (deleted)"
            )
        if row["prev_hash"] != prev:
            return checked, Break(household_id, row["seq"], row["id"], "it does not link to the entry before it")
        if row_hash(prev, row, key) != row["hash"]:
            return checked, Break(
                household_id, row["seq"], row["id"], "its content was changed, or its hash made without the audit key"
            )
        if anchor is not None and row["seq"] == anchor[0] and row["hash"] != anchor[1]:
            return checked, Break(
                household_id,
                row["seq"],
                row["id"],
                "it is not the entry this server wrote there (noted outside the database)",
            )
        prev, expected, checked = row["hash"], expected + 1, checked + 1
    if head_seq != checked:
        return checked, Break(
            household_id,
            checked + 1,
            None,
            f"the head says {head_seq} entries but {checked} are there (the newest were deleted)",
        )
    if head_hash != prev:
        return checked, Break(household_id, checked, None, "the head's hash does not match the newest entry")
    return checked, None


def _missing_table(db: Database) -> str | None:
    for table in ("audit", "audit_heads", "households"):
        try:
            db.query(f"SELECT 1 FROM {table} LIMIT 1")
        except Exception:
            return table
    return None


def verify(db: Database, key: bytes, anchors: Anchors | None = None) -> tuple[int, Break | None]:
    """Check every household's chain: (entries checked, the first break found or None)."""
    missing = _missing_table(db)
    if missing is not None:
        return 0, Break(0, 0, None, f"the {missing} table is missing (dropped?): the log can't be checked")
    noted = anchors.all() if anchors is not None else {}
    total = 0
    households = [int(row["id"]) for row in db.query("SELECT id FROM households ORDER BY id")]
    for household_id in households:
        checked, problem = verify_household(db, household_id, key, noted.get(household_id))
        total += checked
        if problem is not None:
            return total, problem
    for household_id in sorted(set(noted) - set(households)):
        return total, Break(
            household_id,
            0,
            None,
            "the household is gone from the database, but this server "
            f"wrote {noted[household_id][0]} entries of its log",
        )
    return total, None
