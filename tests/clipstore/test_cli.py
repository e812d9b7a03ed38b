"""`python -m clipstore` run as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from clipstore import ClipQuery, ClipStore

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str | Path, data: Path | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "clipstore", *map(str, args)]
    if data is not None:
        command += ["--data", str(data)]
    env = {**os.environ, "CLIPSTORE_DATA": "/nonexistent/should-not-be-used"}
    return subprocess.run(command, cwd=ROOT, capture_output=True, check=False, text=True, timeout=120, env=env)


def _assert_user_error(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("python -m clipstore") and ": error: " in lines[-1]
    assert len(lines) == 1 or lines[0].startswith("usage:")  # argparse's own errors come after the usage
    for word in words:
        assert word in result.stderr


@pytest.fixture(autouse=True)
def _fresh_store(store_urls):
    """Each command here starts from an empty store on the test's backend (the CLI inherits the variables)."""


def test_household_add_prints_token_once(tmp_path, backend):
    data = tmp_path / "data"
    result = run("household", "add", "Test home", "--tz", "Europe/Berlin", data=data)
    assert result.returncode == 0, result.stderr
    token = result.stdout.strip()
    assert result.stdout == token + "\n" and "." in token
    assert "only once" in result.stderr
    store = ClipStore(data)
    household, name = store.households.authenticate(token)
    assert (household.name, household.timezone, name) == ("Test home", "Europe/Berlin", "owner")
    if not backend.remote:
        assert token not in (data / "clips.sqlite3").read_bytes().decode("latin-1")
    store.close()


@pytest.mark.parametrize(
    "args,words",
    [
        (("household", "add", "X", "--tz", "Mars/Olympus"), ("time zone",)),
        (("household", "add", " ", "--tz", "UTC"), ("name",)),
        (("household", "add", "X"), ("--tz",)),
        (("household",), ()),
    ],
)
def test_household_add_errors(tmp_path, args, words):
    _assert_user_error(run(*args, data=tmp_path / "data"), *words)


@pytest.fixture
def cli_home(tmp_path, mp4_file):
    """A data directory with one household and a garage camera, plus a video to ingest."""
    data = tmp_path / "data"
    store = ClipStore(data)
    household, _ = store.households.create("Home", "UTC")
    store.cameras.add(household.id, "Garage")
    store.close()
    return data, household, mp4_file


def test_ingest(cli_home):
    data, household, video = cli_home
    at = (datetime.now(UTC) - timedelta(hours=2)).replace(microsecond=0)
    result = run("ingest", "--camera", "garage", video, "--at", at.isoformat(), "--labels", "vehicle,person", data=data)
    assert result.returncode == 0, result.stderr
    clip = json.loads(result.stdout)
    assert clip["camera"] == "garage" and clip["labels"] == ["vehicle", "person"]
    assert clip["started_at"] == at.strftime("%Y-%m-%dT%H:%M:%SZ")
    store = ClipStore(data)
    assert store.clips.get(household.id, clip["id"]).sha256 == clip["sha256"]
    assert video.exists()  # the source file is copied, not moved
    assert store.audit.events(household.id, clip_id=clip["id"])[0].action == "ingest"
    store.close()


def test_ingest_errors_store_nothing(cli_home, tmp_path):
    data, household, video = cli_home
    not_video = tmp_path / "notes.mp4"
    not_video.write_text("hello")
    cases = [
        (("ingest", "--camera", "attic", video), ("attic",)),
        (("ingest", "--camera", "garage", not_video), ("not a playable video",)),
        (("ingest", "--camera", "garage", tmp_path / "missing.mp4"), ("no such file",)),
        (("ingest", "--camera", "garage", video, "--at", "2026-11-24T10:00:00"), ("time zone",)),
        (("ingest", "--camera", "garage", video, "--labels", "ghost"), ("ghost",)),
        (("ingest", "--camera", "garage", video, "--household", "99"), ("99",)),
    ]
    for args, words in cases:
        _assert_user_error(run(*args, data=data), *words)
    store = ClipStore(data)
    assert store.clips.count(household.id, ClipQuery()) == 0
    store.close()


def test_ingest_without_household(tmp_path, mp4_file):
    _assert_user_error(run("ingest", "--camera", "garage", mp4_file, data=tmp_path / "data"), "household add")


def test_camera_add_and_list_make_a_new_name_speakable(tmp_path):
    assert run("household", "add", "Flat", "--tz", "Europe/Berlin", data=tmp_path).returncode == 0
    added = run("camera", "add", "Nursery", "--synonyms", "baby room, kids room", data=tmp_path)
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout) == {
        "id": "nursery",
        "name": "Nursery",
        "synonyms": ["baby room", "kids room"],
        "recording": True,
    }
    _assert_user_error(run("camera", "add", "Nursery", data=tmp_path), "already")
    _assert_user_error(run("camera", "add", "Bad/Name", data=tmp_path), "camera name")
    listed = run("camera", "list", data=tmp_path)
    assert listed.stdout.splitlines() == ["nursery\tNursery\tbaby room, kids room\trecording"]
    parsed = subprocess.run(
        [sys.executable, "-m", "intents", "parse", "--data", str(tmp_path), "show the baby room clip"],
        cwd=ROOT,
        capture_output=True,
        check=False,
        text=True,
        timeout=60,
    )
    assert parsed.returncode == 0, parsed.stderr
    assert json.loads(parsed.stdout)["slots"] == {"camera": "nursery"}


def test_members_and_tokens_from_the_command_line(tmp_path):
    data = tmp_path / "data"
    owner = run("household", "add", "Flat", "--tz", "Europe/Berlin", data=data).stdout.strip()
    run("camera", "add", "Garage", data=data)
    run("camera", "add", "Front Door", data=data)
    added = run(
        "member", "add", "Sam", "--role", "child", "--cameras", "garage", "--url", "https://clips.example", data=data
    )
    assert added.returncode == 0, added.stderr
    sam = added.stdout.strip()
    assert "https://clips.example/welcome/" in added.stderr and sam not in added.stderr
    listed = run("member", "list", data=data).stdout
    assert "sam\tSam\tchild\tgarage\tno password yet" in listed and "owner\tOwner\towner\tall cameras" in listed
    _assert_user_error(run("member", "add", "Sam", data=data), "already a member called")
    _assert_user_error(run("member", "add", "Tea", "--cameras", "shed", data=data), "no camera with id 'shed'")
    _assert_user_error(run("member", "add", "Vi", "--role", "guest", data=data), "guest needs an expiry")
    store = ClipStore(data)
    try:
        assert store.access.authenticate(sam).cameras == frozenset({"garage"})
        rotated = run("token", "rotate", "--member", "Sam", data=data)
        assert rotated.returncode == 0 and store.access.authenticate(sam) is None
        assert store.access.authenticate(rotated.stdout.strip()).member == "sam"
        assert run("member", "remove", "Sam", "--yes", data=data).returncode == 0
        assert store.access.authenticate(rotated.stdout.strip()) is None
        assert run("member", "remove", "Sam", "--yes", data=data).returncode == 2
        assert store.access.authenticate(owner).member == "owner"
        assert run("member", "remove", "Owner", data=data).returncode == 1  # asked, no terminal: nothing removed
    finally:
        store.close()


def test_removing_a_camera_asks_and_undo_brings_it_back(tmp_path, mp4_file):
    data = tmp_path / "data"
    run("household", "add", "Flat", "--tz", "UTC", data=data)
    run("camera", "add", "Shed", data=data)
    assert run("ingest", "--camera", "shed", mp4_file, "--labels", "person", data=data).returncode == 0
    asked = run("camera", "remove", "shed", data=data)  # no terminal to say yes on: nothing happens
    assert asked.returncode == 1 and "delete its 1 clip?" in asked.stderr and "Nothing was removed" in asked.stderr
    assert "shed" in run("camera", "list", data=data).stdout
    removed = run("camera", "remove", "shed", "--yes", data=data)
    assert removed.returncode == 0 and "python -m clipstore undo" in removed.stderr
    assert "shed" not in run("camera", "list", data=data).stdout
    assert run("undo", data=data).returncode == 0
    store = ClipStore(data)
    try:
        assert store.clips.count(store.all_households()[0].id, ClipQuery(camera="shed")) == 1
    finally:
        store.close()


def test_audit_verify_counts_in_words(tmp_path):
    data = tmp_path / "data"
    store = ClipStore(data)
    household, _ = store.households.create("Home", "UTC")
    store.audit.record(household.id, channel="api", actor="owner", action="list")
    checked = store.verify_audit()[0]
    store.close()
    result = run("audit", "verify", data=data)
    assert result.returncode == 0, result.stderr
    entries = "1 entry" if checked == 1 else f"{checked} entries"
    assert result.stdout == f"audit log intact: {entries} in the chain of 1 household\n"
    store = ClipStore(data)
    store.households.create("Another", "UTC")
    store.close()
    assert run("audit", "verify", data=data).stdout.endswith(" in the chains of 2 households\n")
