"""End to end: real synthesised speech through the real recogniser and the real loop, checked in the store."""

from __future__ import annotations

import json
import wave
from datetime import datetime, time, timedelta

import pytest
from voice_helpers import NOW, NOW_DT, TZ, run_cli

from clipstore import ClipStore
from clipstore.models import ClipQuery


def rows(proc) -> list[dict]:
    assert proc.returncode == 0, proc.stderr[-2000:]
    return [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]


def counts(data) -> tuple[int, int]:
    """(clips today in the demo time zone, all clips)."""
    store = ClipStore(data)
    household = store.households.all()[0].id
    start = datetime.combine(NOW_DT.date(), time(0), NOW_DT.tzinfo)
    today = store.clips.count(household, ClipQuery(after=start, before=start + timedelta(days=1)))
    total = store.clips.count(household, ClipQuery())
    store.close()
    return today, total


@pytest.mark.parametrize("voice", ["natural", "espeak"])
def test_delete_today_then_yes_deletes_todays_clips_only(store_dir, speech, voice):
    today, total = counts(store_dir)
    assert 0 < today < total
    proc = run_cli(
        "--wav",
        str(speech[(voice, "delete")]),
        str(speech[(voice, "yes")]),
        "--data",
        str(store_dir),
        "--now",
        NOW,
        "--tz",
        TZ,
        "--json",
        "--no-tts",
    )
    ask, confirm = rows(proc)
    assert (ask["intent"], ask["slots"]) == ("DeleteClips", {"date": "2026-11-24"}), ask
    assert f"Delete {today} clips" in ask["speech"]
    assert confirm["intent"] == "Yes", confirm
    assert "deleted" in confirm["speech"].lower()
    assert counts(store_dir) == (0, total - today)
    for row in (ask, confirm):
        assert set(row) == {"source", "transcript", "intent", "slots", "speech", "asr_ms", "total_ms"}
        assert 0 < row["asr_ms"] <= row["total_ms"]


def test_out_of_domain_speech_changes_nothing(store_dir, speech):
    before = counts(store_dir)
    proc = run_cli(
        "--wav",
        str(speech[("natural", "ood")]),
        str(speech[("espeak", "ood")]),
        "--data",
        str(store_dir),
        "--now",
        NOW,
        "--tz",
        TZ,
        "--json",
        "--no-tts",
    )
    for row in rows(proc):
        assert row["intent"] is None, row
        assert "can't" in row["speech"].lower() or "cannot" in row["speech"].lower() or "sorry" in row["speech"].lower()
    assert counts(store_dir) == before


def test_espeak_question_gets_the_right_answer(store_dir, tmp_path):
    # 160 wpm: at espeak-ng's default 175 this sentence is heard "how many clip at many" since the grammar
    # pass is off (docs/voice.md: it admitted more chatter than it rescued)
    import subprocess

    today, _ = counts(store_dir)
    wav = tmp_path / "count.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "160", "-w", str(wav), "how many clips today"], check=True)
    proc = run_cli("--wav", str(wav), "--data", str(store_dir), "--now", NOW, "--tz", TZ, "--no-tts")
    assert proc.returncode == 0, proc.stderr
    assert f"{today} clips today" in proc.stdout


def test_parse_only_knows_the_demo_cameras_and_calls_nothing(speech, tmp_path):
    proc = run_cli(
        "--wav",
        str(speech[("natural", "delete")]),
        "--parse-only",
        "--json",
        "--no-tts",
        "--now",
        NOW,
        "--tz",
        TZ,
        "--data",
        str(tmp_path / "nothing-here"),
    )
    (row,) = rows(proc)
    assert row["intent"] == "DeleteClips" and row["speech"] is None
    assert not (tmp_path / "nothing-here").exists()


def test_text_answers_from_the_demo_data(store_dir):
    today, _ = counts(store_dir)
    proc = run_cli("--text", "how many clips today", "--data", str(store_dir), "--now", NOW, "--tz", TZ, "--no-tts")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"assistant: You have {today} clips today."


def test_tts_out_writes_one_valid_wav_per_answer(store_dir, tmp_path):
    out = tmp_path / "answers"
    proc = run_cli(
        "--text",
        "how many clips today",
        "--text",
        "help",
        "--data",
        str(store_dir),
        "--now",
        NOW,
        "--tz",
        TZ,
        "--tts-out",
        str(out),
        "--json",
    )
    assert len(rows(proc)) == 2
    files = sorted(out.glob("*.wav"))
    assert len(files) == 2
    with wave.open(str(files[0])) as wav:
        assert wav.getsampwidth() == 2 and wav.getnchannels() == 1
        assert wav.getnframes() / wav.getframerate() > 0.8  # "You have N clips today." takes a while to say


def test_microphone_without_a_device_says_so_in_one_line(store_dir):
    proc = run_cli("--data", str(store_dir), "--no-tts", timeout=60)
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "microphone" in lines[0] and "--wav" in lines[0] and "--text" in lines[0]
    assert "Traceback" not in proc.stderr


def test_missing_store_is_one_line(tmp_path):
    proc = run_cli("--text", "help", "--data", str(tmp_path / "empty"), "--no-tts")
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "--demo" in proc.stderr
