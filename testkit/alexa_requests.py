"""Helpers for the Alexa endpoint tests: the demo data once per process, request envelopes, signing.

Envelopes follow the shapes Alexa sends (request, session with attributes, context.System with user
access token, device with supportedInterfaces, apiEndpoint and apiAccessToken).
"""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from clipstore import ClipStore
from clipstore.demo import seed_demo
from testkit.alexa_certs import CERT_URL, SKILL_ID, signed_headers
from testkit.alexa_certs import NOW as CERT_NOW

SKILL_NOW = datetime(2026, 11, 24, 20, 0, tzinfo=UTC)
"""The skill's clock in these tests: 3 pm on Tuesday 24 November in New York."""
TZ = "America/New_York"
TODAY = "2026-11-24"
PUBLIC_URL = "https://clips.example.test"
API_ENDPOINT = "https://api.amazonalexa.com"
API_TOKEN = "api-access-token-for-tests"
DEVICE_ID = "amzn1.ask.device.TESTDEVICE"
APL = {"Alexa.Presentation.APL": {"runtime": {"maxVersion": "1.6"}}}


LINK_TOKEN = "test-alexa-link-access-token-0123456789abcdef"
"""The access token of the demo household's Alexa link (what Alexa sends as context.System.user.accessToken)."""
LINK_TTL_S = 40 * 365 * 86400  # valid whatever clock a test pins or faketime sets


@lru_cache(maxsize=1)
def demo_template() -> tuple[Path, int, str, str]:
    """The demo household seeded once per process, linked to Alexa: (dir, id, link token, household token)."""
    root = Path(tempfile.mkdtemp(prefix="alexa-demo-"))
    atexit.register(shutil.rmtree, root, True)
    store = ClipStore(root / "data", clock=SKILL_NOW.timestamp)
    household, token = seed_demo(store, now=SKILL_NOW, tz=TZ, days=3)
    store.alexa_links.create(
        household.id,
        client_id="alexa-test-client",
        actor="owner",
        scope="voice",
        access_token=LINK_TOKEN,
        refresh_token=None,
        expires_in=LINK_TTL_S,
    )
    store.close()
    return root / "data", household.id, LINK_TOKEN, token


def copy_demo(target: Path) -> tuple[Path, int, str]:
    """A private copy of the demo data directory: (dir, household id, the Alexa link's access token)."""
    template, household_id, link_token, _ = demo_template()
    shutil.copytree(template, target)
    return target, household_id, link_token


def household_token() -> str:
    """The demo household's API token (the clip API's; Alexa must never get it)."""
    return demo_template()[3]


def _date(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def slot(
    name: str,
    value: str | None = None,
    *,
    static: list[tuple[str, str]] | None = None,
    dynamic: list[tuple[str, str]] | None = None,
    type_name: str = "CAMERA",
    no_match: bool = False,
) -> dict:
    """A slot as Alexa sends it; `static`/`dynamic` are (id, name) entity-resolution matches."""
    out: dict[str, Any] = {"name": name, "confirmationStatus": "NONE"}
    if value is not None:
        out["value"] = value
    per_authority = []
    if dynamic is not None:
        per_authority.append(
            {
                "authority": f"amzn1.er-authority.echo-sdk.dynamic.{SKILL_ID}.{type_name}",
                "status": {"code": "ER_SUCCESS_MATCH" if dynamic else "ER_SUCCESS_NO_MATCH"},
                "values": [{"value": {"name": n, "id": i}} for i, n in dynamic],
            }
        )
    if static is not None or no_match:
        per_authority.append(
            {
                "authority": f"amzn1.er-authority.echo-sdk.{SKILL_ID}.{type_name}",
                "status": {"code": "ER_SUCCESS_MATCH" if static else "ER_SUCCESS_NO_MATCH"},
                "values": [{"value": {"name": n, "id": i}} for i, n in (static or [])],
            }
        )
    if per_authority:
        out["resolutions"] = {"resolutionsPerAuthority": per_authority}
    return out


def intent(
    name: str, slots: dict[str, dict] | None = None, confirmation: str = "NONE", dialog_state: str | None = None
) -> dict:
    """An IntentRequest body."""
    req: dict[str, Any] = {
        "type": "IntentRequest",
        "intent": {"name": name, "confirmationStatus": confirmation, "slots": slots or {}},
    }
    if dialog_state:
        req["dialogState"] = dialog_state
    return req


def envelope(
    request: dict,
    *,
    token: str | None = None,
    apl: bool = False,
    new: bool = True,
    attributes: dict | None = None,
    application_id: str = SKILL_ID,
    timestamp: datetime = CERT_NOW,
    device_id: str | None = DEVICE_ID,
    session: bool = True,
    video: bool = True,
    showing: str | None = None,
    person: str | None = None,
) -> dict:
    """A full request envelope (dict); with `apl`, a screen that plays H.264 unless `video` is False, and
    showing the APL document whose token is `showing`; with `person`, the speaker Alexa recognised
    (`context.System.person.personId`)."""
    app = {"applicationId": application_id}
    user: dict[str, Any] = {"userId": "amzn1.ask.account.TESTUSER"}
    if token is not None:
        user["accessToken"] = token
    system: dict[str, Any] = {
        "application": app,
        "user": user,
        "apiEndpoint": API_ENDPOINT,
        "apiAccessToken": API_TOKEN,
        "device": {"deviceId": device_id, "supportedInterfaces": dict(APL) if apl else {}},
    }
    if device_id is None:
        system.pop("device")
    if person is not None:
        system["person"] = {"personId": person}
    req = {"requestId": "amzn1.echo-api.request.test", "timestamp": _date(timestamp), "locale": "en-US", **request}
    doc: dict[str, Any] = {"version": "1.0", "context": {"System": system}, "request": req}
    if apl:
        doc["context"]["Viewport"] = {"shape": "RECTANGLE", "pixelWidth": 1280, "pixelHeight": 800, "dpi": 160}
        if video:
            doc["context"]["Viewport"]["video"] = {"codecs": ["H_264_42", "H_264_41"]}
        if showing:
            doc["context"]["Alexa.Presentation.APL"] = {
                "token": showing,
                "version": "1.6",
                "componentsVisibleOnScreen": [],
            }
    if session:
        doc["session"] = {
            "new": new,
            "sessionId": "amzn1.echo-api.session.test",
            "application": app,
            "attributes": attributes or {},
            "user": user,
        }
    return doc


def body_of(doc: dict) -> bytes:
    return json.dumps(doc).encode()


def post(client, doc: dict | bytes, key=None, *, url: str = CERT_URL, headers: dict | None = None):
    """POST an envelope to /alexa with the Flask test client, signed with `key` if given."""
    body = doc if isinstance(doc, bytes) else body_of(doc)
    sent = dict(signed_headers(body, key, url)) if key is not None else {}
    sent.update(headers or {})
    return client.post("/alexa", data=body, headers=sent, content_type="application/json")


def speech(answer: dict) -> str:
    """The plain text of an answer's outputSpeech."""
    ssml = answer["response"]["outputSpeech"]["ssml"]
    return ssml.removeprefix("<speak>").removesuffix("</speak>")


def directives(answer: dict, kind: str | None = None) -> list[dict]:
    found = answer["response"].get("directives") or []
    return [d for d in found if kind is None or d["type"] == kind]
