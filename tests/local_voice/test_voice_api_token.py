"""`python -m local_voice --api URL` takes the token from HOME_CLIPS_TOKEN (docs/interface.md §2), so that `ps` does not
show it to every user of the machine (issue 18)."""

from __future__ import annotations

import json

from voice_helpers import NOW, TZ, run_cli

from clipstore import ClipStore
from skill.app import create_app


def test_the_token_comes_from_the_environment(store_dir, serve):
    store = ClipStore(store_dir)
    household = store.all_households()[0]
    token = store.system(household.id).members.add("Voice Box", "adult").token  # a member of its own
    store.close()
    app = create_app(store_dir)
    try:
        base = serve(app)
        proc = run_cli(
            "--api",
            base,
            "--text",
            "how many clips today",
            "--json",
            "--no-tts",
            "--now",
            NOW,
            "--tz",
            TZ,
            env_extra={"HOME_CLIPS_TOKEN": token},
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        [answer] = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
        assert answer["intent"] == "CountClips" and any(ch.isdigit() for ch in answer["speech"])
        listed = run_cli(
            "--api",
            base,
            "--text",
            "show the latest clip",
            "--no-tts",
            "--now",
            NOW,
            "--tz",
            TZ,
            env_extra={"HOME_CLIPS_TOKEN": token},
        )
        assert listed.returncode == 0, listed.stderr[-2000:]
        check = ClipStore(store_dir)
        heard = [e for e in check.audit.events(household.id) if e.actor == "voice_box"]
        check.close()
        assert heard and {e.channel for e in heard} == {"voice"}  # spoken through the API: the voice channel
        wrong = run_cli(
            "--api",
            base,
            "--text",
            "how many clips today",
            "--no-tts",
            "--now",
            NOW,
            "--tz",
            TZ,
            env_extra={"HOME_CLIPS_TOKEN": "not-a-token"},
        )
        assert wrong.returncode != 0 or "token" in (wrong.stdout + wrong.stderr).lower()
    finally:
        app.extensions["clipstore"].close()


def test_help_names_the_variable_and_a_missing_token_says_where_to_put_it():
    assert "HOME_CLIPS_TOKEN" in run_cli("--help").stdout
    missing = run_cli("--api", "http://127.0.0.1:9", "--text", "hello", env_extra={"HOME_CLIPS_TOKEN": ""})
    assert missing.returncode == 2 and "HOME_CLIPS_TOKEN" in missing.stderr
