"""An Alexa authorization code is redeemed once, even by parallel exchanges (SQLite and PostgreSQL)."""

from __future__ import annotations

import base64
import threading
from urllib.parse import parse_qs, urlsplit

import requests

from skill.app import create_app

CLIENT_ID, CLIENT_SECRET = "alexa-home-clips", "s3cret-for-tests-only-0123456789"
REDIRECT = "https://layla.amazon.com/api/skill/link/M2AAAAAAAAAAAA"
BASIC = {"Authorization": "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()}


def test_parallel_exchanges_of_one_code_give_one_link(demo, clock, serve, monkeypatch):
    for name in ("ALEXA_CLIENT_ID", "ALEXA_CLIENT_SECRET", "ALEXA_VENDOR_ID", "PUBLIC_URL"):
        monkeypatch.delenv(name, raising=False)
    app = create_app(
        demo.data_dir,
        clock=clock,
        config={"ALEXA_VERIFY": "0", "ALEXA_CLIENT_ID": CLIENT_ID, "ALEXA_CLIENT_SECRET": CLIENT_SECRET},
    )
    base = serve(app)
    try:
        for _ in range(4):  # a few codes: each is a race of 8 exchanges
            params = {
                "response_type": "code",
                "client_id": CLIENT_ID,
                "redirect_uri": REDIRECT,
                "state": "s",
                "scope": "voice",
            }
            approved = requests.post(
                f"{base}/alexa/link",
                params=params,
                allow_redirects=False,
                timeout=30,
                data={"token": demo.token, "decision": "allow"},
            )
            assert approved.status_code == 302, approved.text
            code = parse_qs(urlsplit(approved.headers["Location"]).query)["code"][0]
            before = len(demo.store.alexa_links.all(demo.household.id))
            start, answers = threading.Barrier(8), []

            def exchange(start: threading.Barrier, answers: list[int], code: str) -> None:
                start.wait()
                answers.append(
                    requests.post(
                        f"{base}/alexa/token",
                        headers=BASIC,
                        timeout=30,
                        data={"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT},
                    ).status_code
                )

            threads = [threading.Thread(target=exchange, args=(start, answers, code)) for _ in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert sorted(answers) == [200] + [400] * 7
            assert len(demo.store.alexa_links.all(demo.household.id)) == before + 1
    finally:
        app.extensions["clipstore"].close()
