"""Stream secrets in forms older versions did not recognise (a password in the path, `passphrase=`, a bare key
as user info) may sit in a recorder's last error: scrub them there. (The audit log's old entries stay as
they were written: it is append-only.)"""
from __future__ import annotations

import json

SQL = ""


def after(conn) -> None:
    """Re-scrub every stored recorder state with the camera's own source."""
    from clipstore.intake.urls import redact, scrub

    rows = conn.execute("SELECT id, source, recorder_state FROM cameras WHERE recorder_state IS NOT NULL").fetchall()
    for row in rows:
        state = json.loads(row["recorder_state"])
        if row["source"]:
            for key in ("last_error", "source"):
                if isinstance(state.get(key), str):
                    state[key] = scrub(state[key], row["source"])
            if "source" in state:
                state["source"] = redact(row["source"])
        conn.execute("UPDATE cameras SET recorder_state = ? WHERE id = ?", (json.dumps(state), row["id"]))
