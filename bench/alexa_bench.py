"""Alexa endpoint: time per `POST /alexa` with signature verification on (chain cached) and with `ALEXA_VERIFY=0`.

Both variants run in one process over the same synthetic store (10k clips, `bench.seed`), through the
Flask test client, with requests interleaved (on, off, on, off, ...) so that any noise hits both.
The request is a signed `CountClipsIntent` ("how many clips from the front door today") with the
Alexa link's own access token (never the household's API token). The signing chain comes from the test
CA of `tests/skill/certs.py`: the
verifier is the real `RequestVerifier` with that root trusted and its download replaced (it is fetched
once and then served from the verifier's cache; the script checks that). The verifier's own cost is
also timed alone, and split into its steps.

    .venv/bin/python -m bench.alexa_bench            # 2000 requests per variant
    .venv/bin/python -m bench.alexa_bench --quick    # 300 (seconds)
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from clipstore import ClipStore
from skill.alexa.verify import RequestVerifier, VerifierSettings
from skill.app import create_app
from testkit.alexa_certs import CERT_URL, SKILL_ID, make_chain, signed_headers
from testkit.alexa_certs import NOW as CERT_NOW
from testkit.alexa_requests import envelope, intent, slot

from .common import fmt, header, load_average, summary_ms, table, time_calls
from .seed import seed


class CountingFetch:
    """Serves the test chain in place of the download from s3.amazonaws.com, counting calls."""

    def __init__(self, pem: bytes) -> None:
        self.pem, self.calls = pem, 0

    def __call__(self, url: str) -> bytes:
        self.calls += 1
        return self.pem


def main() -> None:
    """Build both apps, time interleaved requests, print a table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="300 requests per variant")
    ap.add_argument("--runs", type=int, help="requests per variant (default 2000, quick 300)")
    ap.add_argument("--data", type=Path, default=Path("/tmp/home-clips-bench/alexa"))
    args = ap.parse_args()
    runs = args.runs or (300 if args.quick else 2000)
    header("Alexa endpoint")

    done = seed(args.data, 10_000)
    root, leaf_key, chain_pem = make_chain()
    fetch = CountingFetch(chain_pem)
    verifier = RequestVerifier(
        VerifierSettings(skill_id=SKILL_ID, verify_signature=True),
        fetch=fetch,
        trusted_roots=[root],
        clock=lambda: CERT_NOW,
    )  # the envelope's timestamp
    link_token = "bench-alexa-link-access-token-0123456789"
    links = ClipStore(done.data)
    if not links.alexa_links.authenticate(link_token):
        links.alexa_links.create(
            done.household_id,
            client_id="bench",
            actor="owner",
            scope="voice",
            access_token=link_token,
            refresh_token=None,
            expires_in=10 * 365 * 86400,
        )
    links.close()
    common = {"TESTING": True, "ALEXA_SETTINGS_GET": lambda url, token, timeout: done.tz}
    apps = {
        "verification on (chain cached)": create_app(done.data, config={**common, "ALEXA_VERIFIER": verifier}),
        "ALEXA_VERIFY=0": create_app(done.data, config={**common, "ALEXA_VERIFY": "0", "ALEXA_SKILL_ID": SKILL_ID}),
    }
    today = datetime.now(UTC).astimezone(ZoneInfo(done.tz)).date().isoformat()
    request = intent(
        "CountClipsIntent",
        {"camera": slot("camera", "front door", static=[("front_door", "Front Door")]), "date": slot("date", today)},
    )
    body = envelope(request, token=link_token, timestamp=CERT_NOW)
    raw = json.dumps(body).encode()
    headers = {**signed_headers(raw, leaf_key, CERT_URL), "Content-Type": "application/json"}
    clients = {name: app.test_client() for name, app in apps.items()}

    def post(name: str) -> None:
        response = clients[name].post("/alexa", data=raw, headers=headers)
        assert response.status_code == 200, response.get_data(as_text=True)
        assert "clip" in response.get_json()["response"]["outputSpeech"]["ssml"], response.get_json()

    for name in clients:  # warm-up (fills the chain and device-zone caches)
        for _ in range(20):
            post(name)
    samples: dict[str, list[float]] = {name: [] for name in clients}
    for _ in range(runs):
        for name in clients:
            start = time.perf_counter()
            post(name)
            samples[name].append(time.perf_counter() - start)

    rows = [[name, *(fmt(summary_ms(s)[k]) for k in ("p50", "p99", "max"))] for name, s in samples.items()]
    chain = verifier._get_chain(CERT_URL, CERT_NOW)
    leaf, signature = chain[0], headers["Signature-256"]
    parts = {
        "verifier alone (all checks)": lambda: verifier.verify(headers, raw),
        "  leaf validity and SAN": lambda: verifier._check_leaf(leaf, CERT_NOW),
        "  chain to the trusted root": lambda: verifier._check_chain(leaf, chain[1:], CERT_NOW),
        "  RSA-SHA256 body signature": lambda: verifier._check_signature(leaf, signature, raw),
    }
    for name, fn in parts.items():
        s = summary_ms(time_calls(fn, runs))
        rows.append([name, fmt(s["p50"], 3), fmt(s["p99"], 3), fmt(s["max"], 3)])
    print(table([f"POST /alexa, {runs} requests each", "p50 ms", "p99 ms", "max ms"], rows))
    on, off = (summary_ms(s)["p50"] for s in samples.values())
    print(
        f"\nverification adds {on - off:.2f} ms per request at the median; chain downloads: {fetch.calls}"
        " (cached after the first)"
    )
    print(f"load average (1/5/15 min) at end: {load_average()}")
    for app in apps.values():
        app.extensions["clipstore"].close()
    shutil.rmtree(done.data)


if __name__ == "__main__":
    main()
