"""The audit log becomes a hash chain per household (older entries are chained in id order); web sessions
are kept on the server, so signing out (or out everywhere) ends them."""

from __future__ import annotations

from clipstore.migrations.frozen import GENESIS, chain_hash

SQL = """
ALTER TABLE audit ADD COLUMN seq BIGINT;
ALTER TABLE audit ADD COLUMN prev_hash TEXT;
ALTER TABLE audit ADD COLUMN hash TEXT;
CREATE UNIQUE INDEX audit_chain ON audit (household_id, seq);
CREATE TABLE audit_heads (
    household_id BIGINT PRIMARY KEY REFERENCES households(id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TABLE web_sessions (
    id TEXT PRIMARY KEY,
    household_id BIGINT NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    actor TEXT NOT NULL,
    created_at DOUBLE PRECISION NOT NULL,
    expires_at DOUBLE PRECISION NOT NULL,
    revoked_at DOUBLE PRECISION
);
CREATE INDEX web_sessions_household ON web_sessions (household_id);
"""


def after(conn) -> None:
    """Chain the entries written before the chain existed, and give every household its head."""
    for (household_id,) in conn.execute("SELECT id FROM households ORDER BY id").fetchall():
        prev, seq = GENESIS, 0
        for row in conn.execute("SELECT * FROM audit WHERE household_id = ? ORDER BY id", (household_id,)).fetchall():
            seq += 1
            digest = chain_hash(prev, {**dict(row), "seq": seq})
            conn.execute(
                "UPDATE audit SET seq = ?, prev_hash = ?, hash = ? WHERE id = ?", (seq, prev, digest, row["id"])
            )
            prev = digest
        conn.execute("INSERT INTO audit_heads (household_id, seq, hash) VALUES (?, ?, ?)", (household_id, seq, prev))
