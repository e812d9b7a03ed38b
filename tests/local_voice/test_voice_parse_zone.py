"""`local_voice --parse-only` resolves dates in the household's zone when it knows the household (--api, --data),
and in the demo household's zone otherwise, as `python -m intents parse` does."""

from __future__ import annotations

import json

from voice_helpers import run_cli

from clipstore import ClipStore
from skill.app import create_app

AT = "2026-11-24T22:40:00-05:00"  # 22:40 in New York: 03:40 on the 25th in UTC, 04:40 in Berlin


def _date(proc) -> str:
    assert proc.returncode == 0, proc.stderr[-2000:]
    [answer] = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    return answer["slots"]["date"]


def test_parse_only_dates_are_in_the_households_zone(store_dir, serve):
    text = ("--parse-only", "--json", "--text", "what happened today", "--now", AT)
    assert _date(run_cli(*text)) == "2026-11-24"  # the demo household's zone, America/New_York
    assert _date(run_cli(*text, "--data", str(store_dir))) == "2026-11-24"
    store = ClipStore(store_dir)
    household = store.households.all()[0]
    store.households.update(household.id, timezone="Europe/Berlin")
    token = store.system(household.id).members.add("Voice", "adult").token
    store.close()
    app = create_app(store_dir)
    try:
        base = serve(app)
        assert _date(run_cli(*text, "--api", base, env_extra={"HOME_CLIPS_TOKEN": token})) == "2026-11-25"
        assert (
            _date(run_cli(*text, "--api", base, "--tz", "UTC", env_extra={"HOME_CLIPS_TOKEN": token})) == "2026-11-25"
        )
        assert (
            _date(run_cli(*text, "--api", base, "--tz", "America/New_York", env_extra={"HOME_CLIPS_TOKEN": token}))
            == "2026-11-24"
        )
    finally:
        app.extensions["clipstore"].close()
    assert "America/New_York" in run_cli("--help").stdout
