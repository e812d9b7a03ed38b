"""Behind a TLS proxy (TRUSTED_PROXIES): the client is the right-most X-Forwarded-For address that is not a
trusted proxy, under gunicorn and waitress alike, and no two viewers share an audit entry (issue 18)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from clipstore import ClipQuery, ClipStore

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_skill(data: Path, server: str, log: Path, **env: str) -> tuple[subprocess.Popen, str]:
    """`python -m skill` on a free port, waited for; (process, base URL)."""
    port = free_port()
    args = [sys.executable, "-m", "skill", "--data", str(data), "--port", str(port), "--server", server]
    args += ["--workers", "1"] if server == "gunicorn" else []
    process = subprocess.Popen(
        args,
        cwd=ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env={**os.environ, **env},
    )
    base, deadline = f"http://127.0.0.1:{port}", time.monotonic() + 60
    while True:
        try:
            requests.get(f"{base}/privacy", timeout=5)
            return process, base
        except requests.ConnectionError:
            assert time.monotonic() < deadline and process.poll() is None, log.read_text()
            time.sleep(0.2)


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


@pytest.mark.one_backend  # about the HTTP servers, not the storage
@pytest.mark.parametrize("server", ["gunicorn", "waitress"])
def test_each_viewer_behind_the_proxy_is_its_own_client(demo, tmp_path, server):
    """nginx as docs/deploy.md sets it up appends the address it sees to what the client sent
    ($proxy_add_x_forwarded_for); this test is that proxy, on 127.0.0.1."""
    clip = demo.store.clips.page(demo.household.id, ClipQuery(camera="driveway"), limit=1)[0][0]
    process, base = start_skill(demo.data_dir, server, tmp_path / "server.log", TRUSTED_PROXIES="127.0.0.1, ::1")
    try:
        api = {"Authorization": f"Bearer {demo.token}"}
        url = requests.get(f"{base}/api/clips/{clip.id}", headers=api, timeout=10).json()["video_url"]
        for forwarded in (
            "198.51.100.1",  # the first viewer
            "198.51.100.1, 203.0.113.9",  # a second one, claiming to be the first
            "totally-made-up <b>x</b>, 192.0.2.44",  # a third, with a made-up hop
            "198.51.100.1",
        ):  # the first again, within the window
            response = requests.get(url, headers={"Range": "bytes=0-99", "X-Forwarded-For": forwarded}, timeout=10)
            assert response.status_code == 206
    finally:
        stop(process)
    store = ClipStore(demo.data_dir)
    try:
        plays = store.audit.events(demo.household.id, clip_id=clip.id, action="play")
    finally:
        store.close()
    assert sorted(event.detail["client"] for event in plays) == ["192.0.2.44", "198.51.100.1", "203.0.113.9"]


@pytest.mark.one_backend
def test_without_trusted_proxies_the_header_is_ignored(demo, tmp_path):
    clip = demo.store.clips.page(demo.household.id, ClipQuery(camera="garage"), limit=1)[0][0]
    process, base = start_skill(demo.data_dir, "waitress", tmp_path / "server.log", TRUSTED_PROXIES="")
    try:
        api = {"Authorization": f"Bearer {demo.token}"}
        url = requests.get(f"{base}/api/clips/{clip.id}", headers=api, timeout=10).json()["video_url"]
        requests.get(url, headers={"Range": "bytes=0-9", "X-Forwarded-For": "198.51.100.1"}, timeout=10)
    finally:
        stop(process)
    store = ClipStore(demo.data_dir)
    try:
        [play] = store.audit.events(demo.household.id, clip_id=clip.id, action="play")
    finally:
        store.close()
    assert play.detail["client"] == "127.0.0.1"


@pytest.mark.one_backend
@pytest.mark.parametrize(
    "peer, forwarded, client",
    [
        ("10.0.0.5", "198.51.100.1", "198.51.100.1"),
        ("10.0.0.5", "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # the left part is the client's writing
        ("10.0.0.5", "203.0.113.9, 10.0.1.7", "203.0.113.9"),  # through two trusted proxies
        ("10.0.0.5", "totally-made-up <b>x</b>", "10.0.0.5"),  # a made-up hop is never the client
        ("10.0.0.5", "203.0.113.9, bogus, 10.0.1.7", "10.0.1.7"),
        ("10.0.0.5", "[2001:db8::1]:443", "2001:db8::1"),
        ("192.0.2.9", "198.51.100.1", "192.0.2.9"),  # not a trusted peer: header ignored
        ("::ffff:10.0.0.5", "198.51.100.1", "198.51.100.1"),
    ],
)
def test_the_client_is_the_right_most_untrusted_address(peer, forwarded, client):
    from skill.proxies import client_address, trusted_networks

    assert client_address(peer, forwarded, trusted_networks("10.0.0.5, 10.0.1.0/24")) == client


@pytest.mark.one_backend
def test_a_mistyped_trusted_proxy_is_a_clear_error():
    from skill.proxies import trusted_networks

    with pytest.raises(ValueError, match=r"TRUSTED_PROXIES: 'nginx\.local' is not an IP address"):
        trusted_networks("10.0.0.5, nginx.local")
