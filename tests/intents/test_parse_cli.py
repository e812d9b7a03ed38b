"""`python -m intents parse` as a user or the scorer runs it: a subprocess from the repository root
(docs/interface.md §2)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "intents", "parse", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        check=False,
        text=True,
        timeout=120,
    )


def lines(proc: subprocess.CompletedProcess) -> list[dict]:
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.splitlines()
    rows = [json.loads(line) for line in out]
    for row in rows:
        assert list(row) == ["text", "intent", "slots"]
    return rows


PIN = ("--now", "2025-01-08T16:30:00", "--tz", "America/New_York")


def test_args_mode_one_line_per_utterance_in_order():
    rows = lines(run(*PIN, "show me yesterday's garage clip", "what's the weather like", "keep clips for ninety days"))
    assert rows == [
        {
            "text": "show me yesterday's garage clip",
            "intent": "ShowClip",
            "slots": {"camera": "garage", "date": "2025-01-07"},
        },
        {"text": "what's the weather like", "intent": None, "slots": {}},
        {"text": "keep clips for ninety days", "intent": "SetRetention", "slots": {"days": 90}},
    ]


def test_stdin_mode_reads_one_utterance_per_line():
    text = "how many people came to the door last night\nundo\n\nturn the patio camera off\nnext one"
    rows = lines(run(*PIN, stdin=text + "\n"))
    assert [row["text"] for row in rows] == text.split("\n")
    assert rows[0] == {
        "text": "how many people came to the door last night",
        "intent": "CountClips",
        "slots": {"label": "person", "camera": "front_door", "date": "2025-01-07", "period": "NI"},
    }
    assert rows[1]["intent"] == "RestoreClips" and rows[1]["slots"] == {}
    assert rows[2] == {"text": "", "intent": None, "slots": {}}  # an empty line still gets its answer line
    assert rows[3]["slots"] == {"camera": "backyard", "state": "off"}
    assert rows[4]["slots"] == {"which": "next"}


def test_stdin_without_final_newline_and_with_unicode():
    rows = lines(run(*PIN, stdin="play yesterday\u2019s driveway video\ndelete it"))
    assert [row["intent"] for row in rows] == ["ShowClip", "DeleteClips"]
    assert rows[0]["text"] == "play yesterday\u2019s driveway video"
    assert rows[0]["slots"] == {"camera": "driveway", "date": "2025-01-07"}


def test_now_and_tz_pin_relative_dates():
    # 03:00 UTC on 1 January is 22:00 on 31 December in New York.
    texts = ("what happened yesterday", "what happened today", "what happened last week")
    ny = lines(run("--now", "2025-01-01T03:00:00Z", "--tz", "America/New_York", *texts))
    utc = lines(run("--now", "2025-01-01T03:00:00+00:00", "--tz", "UTC", *texts))
    assert [r["slots"]["date"] for r in ny] == ["2024-12-30", "2024-12-31", "2024-W52"]
    assert [r["slots"]["date"] for r in utc] == ["2024-12-31", "2025-01-01", "2024-W52"]


def test_naive_now_is_read_in_the_given_zone():
    tokyo = lines(run("--now", "2025-01-01T08:00:00", "--tz", "Asia/Tokyo", "what happened today"))
    assert tokyo[0]["slots"] == {"date": "2025-01-01"}


@pytest.mark.parametrize(
    "args, needle",
    [
        (("--tz", "Mars/Olympus_Mons", "help"), "Mars/Olympus_Mons"),
        (("--tz", "../../etc/passwd", "help"), "time zone"),
        (("--now", "yesterday-ish", "help"), "ISO-8601"),
        (("--data", "/nonexistent/clip-data", "help"), "/nonexistent/clip-data"),
    ],
)
def test_bad_options_fail_cleanly(args, needle):
    proc = run(*args)
    assert proc.returncode != 0
    assert proc.stdout == ""
    assert needle in proc.stderr
    assert "Traceback" not in proc.stderr


def test_data_dir_cameras_replace_the_demo_ones(tmp_path):
    from clipstore.store import ClipStore

    store = ClipStore(tmp_path)
    try:
        household, _ = store.households.create("Home", "Europe/London")
        store.cameras.add(household.id, "Nursery", slug="nursery", synonyms=("baby room",))
    finally:
        store.close()
    rows = lines(
        run(
            "--data",
            str(tmp_path),
            "--now",
            "2025-07-01T23:30:00+00:00",
            "what happened in the baby room today",
            "show the porch clip",
        )
    )
    # The household's zone (London, UTC+1 in July) applies when --tz is not given: 23:30 UTC is 00:30 on 2 July.
    assert rows[0]["slots"] == {"camera": "nursery", "date": "2025-07-02"}
    assert rows[1]["slots"].get("camera") != "front_door"


def test_without_data_dates_resolve_in_the_demo_households_zone():
    # 22:40 in New York is 03:40 the next day in UTC: "today" is still the 24th there, as a real run says.
    rows = lines(run("--now", "2026-11-24T22:40:00-05:00", "what happened today", "how many clips yesterday"))
    assert [row["slots"]["date"] for row in rows] == ["2026-11-24", "2026-11-23"]
    assert lines(run("--now", "2026-11-24T22:40:00", "what happened today"))[0]["slots"]["date"] == "2026-11-24"
    assert "America/New_York" in run("--help").stdout  # --help names the zone used without --data
