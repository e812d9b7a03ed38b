"""The offline voice shares with a member by name: their names are in what it hears and parses (from the store),
the share goes to them, and the audit says `voice`."""

from __future__ import annotations

import json
import subprocess

from voice_helpers import NOW, TZ, run_cli

from clipstore import Caller, ClipStore, Member
from clipstore.demo import DEMO_CAMERAS
from clipstore.models import Camera
from local_voice.domain import ALL, domain_for

CAMERAS = tuple(Camera(slug, name, syns) for slug, name, syns in DEMO_CAMERAS)


def _add_sam(data) -> int:
    store = ClipStore(data)
    household = store.households.all()[0].id
    store.home(Caller(household)).members.add("Sam", "adult")
    store.close()
    return household


def _shares(data, household: int) -> list[tuple[str, str, str]]:
    store = ClipStore(data)
    try:
        shares = [(s.to, s.channel, s.actor) for s in store.shares.active(household)]
    finally:
        store.close()
    return shares


def test_member_names_are_in_the_grammar_only_with_members():
    sam = (Member("sam", "Sam", "adult"),)
    without, with_sam = domain_for(CAMERAS), domain_for(CAMERAS, ALL, sam)
    assert "sam" not in without.vocabulary and "sam" in with_sam.vocabulary
    assert without.key != with_sam.key
    assert with_sam.templates.parse("share the latest garage clip with sam").slots == {
        "camera": "garage",
        "which": "latest",
        "member": "sam",
    }


def test_text_share_with_a_member_then_yes(store_dir):
    household = _add_sam(store_dir)
    proc = run_cli(
        "--text",
        "share the latest garage clip with Sam",
        "--text",
        "yes",
        "--data",
        str(store_dir),
        "--now",
        NOW,
        "--tz",
        TZ,
        "--no-tts",
        "--json",
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    assert rows[0]["slots"] == {"camera": "garage", "which": "latest", "member": "sam"}
    assert " with Sam? Sam will be able to watch it for 7 days" in rows[0]["speech"]
    assert rows[1]["speech"].startswith("Shared. Sam can watch that clip until ")
    assert _shares(store_dir, household) == [("sam", "voice", "owner")]


def test_spoken_share_with_a_member_is_heard(store_dir, tmp_path):
    household = _add_sam(store_dir)
    wavs = []
    for name, text in (("share", "send the latest driveway clip to sam"), ("yes", "yes")):
        wav = tmp_path / f"{name}.wav"
        subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(wav), text], check=True)
        wavs.append(str(wav))
    proc = run_cli(
        "--wav", *wavs, "--data", str(store_dir), "--now", NOW, "--tz", TZ, "--no-tts", "--json", timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    assert rows[0]["slots"].get("member") == "sam", rows
    assert _shares(store_dir, household) == [("sam", "voice", "owner")]


def test_parse_only_knows_the_members_of_the_store_and_changes_nothing(store_dir):
    household = _add_sam(store_dir)
    proc = run_cli(
        "--text",
        "share the garage clip with Sam",
        "--parse-only",
        "--json",
        "--data",
        str(store_dir),
        "--now",
        NOW,
        "--tz",
        TZ,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    [row] = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    assert (row["intent"], row["slots"], row["speech"]) == ("ShareClip", {"camera": "garage", "member": "sam"}, None)
    assert _shares(store_dir, household) == []
