"""Push to talk's server side: POST /api/intent/speech recognises a recording of real synthesised speech with
local_voice's recogniser and grammar, keeps the conversation, bounds the upload, and stores no audio anywhere."""

from __future__ import annotations

import io
import logging
import os
import tempfile
import wave
from pathlib import Path

import numpy as np

from clipstore import ClipQuery
from skill.api.speech import MAX_SPEECH_S


def talk(user, wav: bytes, session: str | None = None, *, kind: str = "audio/wav"):
    return user.client.post(
        "/api/intent/speech",
        data=wav,
        query_string={"session": session} if session else {},
        headers={"X-CSRF-Token": user.csrf, "Content-Type": kind},
    )


def pcm_wav(samples: np.ndarray, rate: int = 16000) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(samples.astype("<i2").tobytes())
    return out.getvalue()


def file_states(*roots: Path) -> dict[Path, tuple[int, int]]:
    """Every file under `roots`: (modification time, size)."""
    found = {}
    for root in roots:
        for folder, _, names in os.walk(root):  # other programs' files come and go meanwhile
            for name in names:
                path = Path(folder) / name
                try:
                    info = path.stat()
                except OSError:
                    continue
                found[path] = (info.st_mtime_ns, info.st_size)
    return found


def test_speech_is_recognised_answered_and_continues_the_conversation(user, web_demo, spoken):
    hid, store = web_demo.household.id, web_demo.store
    shown = talk(user, spoken("show me the latest garage clip").read_bytes())
    assert shown.status_code == 200, shown.json
    assert shown.json["transcript"] == "show me the latest garage clip"
    assert shown.json["intent"] == "ShowClip"
    assert shown.json["display"]["clip_id"] == web_demo.clip_ids(camera="garage")[0]
    question = talk(user, spoken("delete it").read_bytes(), shown.json["session"])
    assert question.json["intent"] == "DeleteClips" and question.headers["X-Awaits"] == "yes-no"
    assert question.json["speech"].startswith("Delete the garage clip")
    done = user.client.post(
        "/api/intent", json={"intent": "Yes", "session": question.json["session"]}, headers={"X-CSRF-Token": user.csrf}
    )  # the page's Yes button
    assert done.json["speech"].startswith("Done. I deleted 1 clip")
    assert store.clips.count(hid, ClipQuery(ids=(shown.json["display"]["clip_id"],))) == 0
    [event] = store.audit.events(hid, action="delete", limit=1)
    assert (event.channel, event.actor) == ("web", "owner")


def test_silence_keeps_the_question_waiting(user, web_demo):
    question = user.client.post(
        "/api/intent", json={"text": "delete today's clips"}, headers={"X-CSRF-Token": user.csrf}
    ).json
    quiet = talk(user, pcm_wav(np.zeros(16000 * 2, dtype=np.int16)), question["session"])
    assert quiet.status_code == 200 and quiet.json["transcript"] == ""
    assert quiet.json["speech"].startswith("I didn't hear anything") and quiet.headers["X-Awaits"] == "yes-no"
    yes = user.client.post(
        "/api/intent", json={"intent": "Yes", "session": quiet.json["session"]}, headers={"X-CSRF-Token": user.csrf}
    ).json
    assert yes["speech"].startswith("Done. I deleted")


def test_bad_recordings_get_a_clear_error_and_change_nothing(user, web_demo):
    assert talk(user, b"RIFF....WAVEnothing").status_code == 400
    assert "WAV" in talk(user, b"{}", kind="application/json").json["error"]
    long = talk(user, pcm_wav(np.zeros(int(8000 * (MAX_SPEECH_S + 1)), dtype=np.int16), rate=8000))
    assert long.status_code == 400 and f"longer than {MAX_SPEECH_S:g} seconds" in long.json["error"]
    eight_bit = io.BytesIO()
    with wave.open(eight_bit, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(1)
        wav.setframerate(8000)
        wav.writeframes(b"\x80" * 8000)
    assert "16-bit" in talk(user, eight_bit.getvalue()).json["error"]
    huge = talk(user, b"RIFF" + b"\0" * (2 * 1024 * 1024))
    assert huge.status_code == 413
    no_csrf = user.client.post(
        "/api/intent/speech", data=pcm_wav(np.zeros(1600, dtype=np.int16)), headers={"Content-Type": "audio/wav"}
    )
    assert no_csrf.status_code == 403
    with_token = user.client.application.test_client().post(
        "/api/intent/speech",
        data=pcm_wav(np.zeros(1600, dtype=np.int16)),
        headers={"Content-Type": "audio/wav", "Authorization": f"Bearer {web_demo.token}"},
    )
    assert with_token.status_code == 200 and with_token.json["transcript"] == ""


def test_the_recording_is_never_stored_or_logged(user, web_demo, spoken, caplog):
    said = spoken("show me the latest garage clip")
    recording = said.read_bytes()
    pcm = recording[44:]
    marks = [pcm[i : i + 64] for i in range(0, len(pcm) - 64, 997) if len(set(pcm[i : i + 64])) > 40][:12]
    assert len(marks) == 12  # pieces of the speech itself, not of its silences
    roots = (web_demo.data_dir, Path(tempfile.gettempdir()))
    before = file_states(*roots)
    with caplog.at_level(logging.DEBUG):
        answer = talk(user, recording)
    assert answer.json["intent"] == "ShowClip"
    written = [
        path for path, state in file_states(*roots).items() if before.get(path) != state and path.parent != said.parent
    ]
    assert any(path.is_relative_to(web_demo.data_dir) for path in written)  # the audit log's "view", at least
    for path in written:
        try:
            content = path.read_bytes()
        except OSError:
            continue
        assert not any(mark in content for mark in marks), f"audio found in {path}"
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "RIFF" not in logged and not any(repr(mark)[2:40] in logged for mark in marks)
