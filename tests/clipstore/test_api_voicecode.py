"""The voice code through the API: set, never returned, stored hashed, checked with the lock; bad input 400."""

from __future__ import annotations

import hashlib


def auth(demo) -> dict:
    return {"Authorization": f"Bearer {demo.token}"}


def test_voice_code_is_set_checked_and_never_returned(client, demo, clock):
    headers = auth(demo)
    assert client.get("/api/household/voice-code", headers=headers).json == {
        "set": False,
        "offline": False,
        "locked_until": None,
    }
    for body in (
        {"code": "12345"},
        {"code": "12a4"},
        {"code": 1234},
        {"offline": "yes"},
        {"other": 1},
        {},
        {"offline": True},
    ):  # offline alone needs a code first
        bad = client.put("/api/household/voice-code", json=body, headers=headers)
        assert bad.status_code == 400 and "error" in bad.json, body
    ok = client.put("/api/household/voice-code", json={"code": "0451", "offline": True}, headers=headers)
    assert ok.status_code == 200 and ok.json == {"set": True, "offline": True, "locked_until": None}
    [row] = demo.store.db.query("SELECT * FROM voice_codes")
    assert "0451" not in (row["salt"] + row["digest"]) and len(row["digest"]) == 64 and len(row["salt"]) == 32
    assert (
        hashlib.scrypt(b"0451", salt=bytes.fromhex(row["salt"]), n=2**14, r=8, p=1, dklen=32).hex() == row["digest"]
    )  # only the salted scrypt digest is stored
    check = client.post("/api/household/voice-code/check", json={"code": "0451", "channel": "voice"}, headers=headers)
    assert check.json == {"ok": True, "attempts_left": 3, "locked_until": None}
    for attempt, left in ((1, 2), (2, 1)):
        wrong = client.post("/api/household/voice-code/check", json={"code": "9999"}, headers=headers).json
        assert wrong == {"ok": False, "attempts_left": left, "locked_until": None}, attempt
    locked = client.post("/api/household/voice-code/check", json={"code": "9999"}, headers=headers).json
    assert locked["ok"] is False and locked["locked_until"] == "2026-11-24T20:15:00Z"
    assert client.delete("/api/household/voice-code", headers=headers).status_code == 400  # not while locked
    assert client.post("/api/household/voice-code/check", json={"code": "0451"}, headers=headers).json["ok"] is False
    actions = [e.action for e in demo.store.audit.events(demo.household.id, limit=10)]
    assert actions[:5] == [
        "voice_code_refused",
        "voice_code_lock",
        "voice_code_wrong",
        "voice_code_wrong",
        "voice_code_wrong",
    ]
    clock.advance(15 * 60)
    assert client.delete("/api/household/voice-code", headers=headers).json["set"] is False
    assert client.post("/api/household/voice-code/check", json={"code": "x" * 17}, headers=headers).status_code == 400
    assert client.get("/api/household/voice-code").status_code == 401
