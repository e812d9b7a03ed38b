"""POST /alexa on a real HTTP server (127.0.0.1, werkzeug) with `requests`: the acceptance checks."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import requests

from clipstore.models import ClipQuery
from intents.dates import time_range
from skill.app import create_app
from testkit.alexa_certs import SKILL_ID, signed_headers
from testkit.alexa_requests import SKILL_NOW, TODAY, TZ, copy_demo, directives, envelope, intent, slot, speech


@pytest.fixture
def demo(tmp_path: Path):
    return copy_demo(tmp_path / "data")


@pytest.fixture
def live(demo, monkeypatch, serve) -> Iterator:
    """Start a server for an app built with the given config; yields a starter."""
    apps = []
    monkeypatch.delenv("ALEXA_VERIFY", raising=False)

    def start(**config) -> tuple[str, object]:
        base_config = {"ALEXA_CLOCK": lambda: SKILL_NOW, "ALEXA_SETTINGS_GET": _no_settings}
        app = create_app(demo[0], config={**base_config, **config})
        base = serve(app)
        app.config["PUBLIC_URL"] = base  # what Echo devices would fetch media from
        apps.append(app)
        return base, app

    yield start
    for app in apps:
        app.extensions["clipstore"].close()


def _no_settings(url, token, timeout):
    raise OSError("no settings API in tests")


def _post(http: requests.Session, base: str, doc: dict, headers: dict | None = None) -> requests.Response:
    body = json.dumps(doc).encode()
    return http.post(
        f"{base}/alexa", data=body, timeout=10, headers={"Content-Type": "application/json", **(headers or {})}
    )


FRONT_DOOR_TODAY = {
    "camera": slot("camera", "front door", static=[("front_door", "front door")]),
    "date": slot("date", TODAY),
}


def test_acceptance_with_verification_off(live, demo, caplog):
    """ALEXA_VERIFY=0 + demo data: list count, exact delete, and a playable video on a screen."""
    _, household_id, token = demo
    with caplog.at_level(logging.WARNING):
        base, app = live(ALEXA_VERIFY="0", ALEXA_SKILL_ID=SKILL_ID)
    assert any("ALEXA_VERIFY=0" in r.getMessage() for r in caplog.records)
    store = app.extensions["clipstore"]
    after, before = time_range(TODAY, None, TZ, date(2026, 11, 24))
    front_today = {c.id for c in store.clips.page(household_id, ClipQuery("front_door", None, after, before), 500)[0]}
    everything = {c.id for c in store.clips.page(household_id, ClipQuery(), 500)[0]}
    n = len(front_today)
    assert n >= 1

    with requests.Session() as http:
        listed = _post(http, base, envelope(intent("ListClipsIntent", FRONT_DOOR_TODAY), token=token))
        assert listed.status_code == 200 and listed.headers["Content-Type"].startswith("application/json")
        assert speech(listed.json()).startswith(f"{n} clip{'s' if n != 1 else ''} from the front door today")

        shown = _post(
            http, base, envelope(intent("ShowClipIntent", {"which": slot("which", "latest")}), token=token, apl=True)
        )
        [render] = directives(shown.json(), "Alexa.Presentation.APL.RenderDocument")
        video_url = render["datasources"]["clip"]["videoUrl"]
        assert video_url.startswith(f"{base}/media/clips/")
        video = http.get(video_url, timeout=10)  # no token: the signed link is enough
        assert video.status_code == 200 and video.headers["Content-Type"] == "video/mp4"
        assert video.content[4:8] == b"ftyp" and len(video.content) > 1000

        deleted = _post(http, base, envelope(intent("DeleteClipsIntent", FRONT_DOOR_TODAY, "CONFIRMED"), token=token))
        assert speech(deleted.json()).startswith(f"Done. I deleted {n} clip")
    remaining = {c.id for c in store.clips.page(household_id, ClipQuery(), 500)[0]}
    assert remaining == everything - front_today

    with requests.Session() as http:
        refused = _post(http, base, envelope(intent("AMAZON.HelpIntent"), token=token, application_id="amzn1.other"))
    assert refused.status_code == 400 and refused.json() == {"error": "request verification failed: application_id"}


def test_signed_requests_on_a_real_server(live, demo, make_verifier, alexa_chain):
    _, household_id, token = demo
    verifier, fetch = make_verifier()
    base, app = live(ALEXA_VERIFIER=verifier)
    store = app.extensions["clipstore"]
    total = store.clips.count(household_id, ClipQuery())
    doc = envelope(intent("DeleteClipsIntent", FRONT_DOOR_TODAY, "CONFIRMED"), token=token)
    body = json.dumps(doc).encode()
    with requests.Session() as http:
        unsigned = http.post(f"{base}/alexa", data=body, timeout=10, headers={"Content-Type": "application/json"})
        assert unsigned.status_code == 400
        assert unsigned.json() == {"error": "request verification failed: missing_header"}
        assert store.clips.count(household_id, ClipQuery()) == total

        headers = {"Content-Type": "application/json", **signed_headers(body, alexa_chain[1])}
        altered = http.post(
            f"{base}/alexa", data=body.replace(b'"CONFIRMED"', b'"NONE"', 1), timeout=10, headers=headers
        )
        assert altered.status_code == 400
        assert store.clips.count(household_id, ClipQuery()) == total

        launch = envelope({"type": "LaunchRequest"}, token=token)
        launch_body = json.dumps(launch).encode()
        answer = http.post(
            f"{base}/alexa",
            data=launch_body,
            timeout=10,
            headers={"Content-Type": "application/json", **signed_headers(launch_body, alexa_chain[1])},
        )
        assert answer.status_code == 200
        assert speech(answer.json()).startswith("Welcome to Home Clips.")
        assert len(fetch.calls) == 1
