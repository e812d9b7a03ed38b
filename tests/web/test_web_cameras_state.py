"""The cameras page tells the truth about a camera with a stream (recording, connecting, not connected), says
why in words, and fits a phone's width whatever the stream's address."""

from __future__ import annotations

import re

import pytest

from skill.background import Background
from skill.web.camera_state import reason_in_words
from testkit import browser as pw

SOURCE = "rtsp://admin:Hunter2pw@192.168.1.20:554/stream1"
REFUSED = "[Errno 111] Connection refused: 'rtsp://***@192.168.1.20:554/stream1'"


def card(page: str, camera: str) -> str:
    match = re.search(rf'<li class="panel camera-card[^"]*" id="camera-{camera}">(.*?)</li>', page, re.S)
    assert match, camera
    return match.group(1)


def status(page: str, camera: str) -> str:
    found = re.search(
        r'<p class="status status-(\w+)">\s*<span class="dot" aria-hidden="true"></span>([^<]+)</p>', card(page, camera)
    )
    assert found
    return f"{found.group(1)}: {found.group(2).strip()}"


def report(web_demo, clock, **state) -> None:
    full = {
        "connected": False,
        "privacy": False,
        "connected_at": None,
        "last_clip": None,
        "last_error": None,
        "last_error_at": None,
        "clips": 0,
        **state,
    }
    web_demo.store.save_recorder_state(web_demo.household.id, "garage", full)


def test_a_stream_that_cannot_be_reached_is_not_connected_with_the_reason_in_words(user, web_demo, web_app, clock):
    web_demo.store.cameras.set_source(web_demo.household.id, "garage", SOURCE)
    Background(web_app)  # this server records (not started: the test reports for the recorder)

    just_saved = user.get("/cameras").text  # the recorder has not reported yet
    assert status(just_saved, "garage") == "wait: Connecting"
    assert "not running in this process" not in just_saved and "python -m skill" not in card(just_saved, "garage")

    report(web_demo, clock, last_error=REFUSED, last_error_at="2026-11-24T19:58:00Z")
    page = user.get("/cameras").text
    assert status(page, "garage") == "warn: Not connected"
    assert ">Recording<" not in card(page, "garage").replace("\n", "").replace(" ", "")
    assert "The camera refused the connection. Check the address and port" in card(page, "garage")
    assert "Since today, 2:58 pm; trying again." in " ".join(re.sub(r"<[^>]+>", "", card(page, "garage")).split())
    assert "<summary>Details</summary><code>[Errno 111] Connection refused" in card(page, "garage")
    assert "Hunter2pw" not in page

    report(web_demo, clock, connected=True, connected_at="2026-11-24T19:59:00Z")
    page = user.get("/cameras").text
    assert status(page, "garage") == "on: Recording"
    assert "Connected to the stream: clips are recorded on motion." in card(page, "garage")

    clock.advance(60)  # the recorder stops reporting: not connected, in words
    page = user.get("/cameras").text
    assert status(page, "garage") == "warn: Not connected"
    assert "The recorder has stopped reporting" in card(page, "garage")

    web_demo.store.cameras.update(web_demo.household.id, "garage", recording=False)
    assert status(user.get("/cameras").text, "garage") == "off: Privacy mode: not recording"
    assert status(user.get("/cameras").text, "backyard") == "on: Recording"  # no stream: the switch's state


def test_without_a_recorder_in_this_server_the_page_says_so_without_a_command(user, web_demo):
    web_demo.store.cameras.set_source(web_demo.household.id, "garage", SOURCE)
    garage = card(user.get("/cameras").text, "garage")
    assert "No recorder runs in this server" in garage and "python -m" not in garage


@pytest.mark.parametrize(
    "error, words",
    [
        ("[Errno 110] Connection timed out", "did not answer in time"),
        ("[Errno 113] No route to host", "cannot be reached on the network"),
        ("[Errno -2] Name or service not known: 'rtsp://cam.local:554/x'", "name was not found"),
        ("Server returned 401 Unauthorized (authorization failed)", "user name or password"),
        ("Server returned 404 Not Found", "no stream at that address"),
        ("Invalid data found when processing input", "not a video stream"),
        ("the stream ended", "stopped sending"),
        ("something nobody foresaw", "could not be read"),
        ("[Errno 111] Connection refused: 'rtsp://***@10.0.0.4:4040/live'", "refused the connection"),
    ],
)
def test_recorder_errors_in_words(error, words):
    assert words in reason_in_words(error)


def test_a_long_stream_address_fits_a_phone(chromium, server, web_demo):
    long_path = "/Streaming/Channels/101/" + "very-long-segment-of-the-address/" * 6 + "main"
    web_demo.store.cameras.set_source(web_demo.household.id, "garage", f"rtsp://192.168.1.20:554{long_path}")
    page = pw.new_page(chromium, pw.PHONE)
    pw.sign_in(page, server, web_demo.token)
    page.goto(f"{server}/cameras")
    assert long_path in page.locator("#camera-garage code").first.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= pw.PHONE["width"]
    page.context.close()
