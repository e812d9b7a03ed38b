"""The clip API over a real HTTP server and the `requests` client."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

import pytest
import requests

from skill.app import create_app


@pytest.fixture
def server(demo, serve) -> Iterator[str]:
    """A threaded server on a free local port; yields its base URL."""
    app = create_app(demo.data_dir)
    yield serve(app)
    app.extensions["clipstore"].close()


def test_list_and_fetch_signed_video(server, demo):
    with requests.Session() as http:
        response = http.get(
            f"{server}/api/clips", params={"limit": 3}, headers={"Authorization": f"Bearer {demo.token}"}, timeout=10
        )
        assert response.status_code == 200
        clips = response.json()["clips"]
        assert len(clips) == 3
        url = clips[0]["video_url"]
        assert url.startswith(f"{server}/media/clips/{clips[0]['id']}/video?")

        whole = http.get(url, timeout=10)  # no token
        assert whole.status_code == 200 and whole.headers["Content-Type"] == "video/mp4"
        assert whole.headers.get("ETag") and whole.headers["Accept-Ranges"] == "bytes"

        part = http.get(url, headers={"Range": "bytes=0-99"}, timeout=10)
        assert part.status_code == 206 and part.content == whole.content[:100]
        assert part.headers["Content-Range"] == f"bytes 0-99/{len(whole.content)}"
        assert part.headers.get("ETag") == whole.headers["ETag"]

        unsatisfiable = http.get(url, headers={"Range": f"bytes={len(whole.content) + 10}-"}, timeout=10)
        assert unsatisfiable.status_code == 416
        assert unsatisfiable.headers["Content-Range"] == f"bytes */{len(whole.content)}"

        assert http.get(url.replace("sig=", "sig=0"), timeout=10).status_code == 403
        assert http.get(f"{server}/api/clips/{clips[0]['id']}/video", timeout=10).status_code == 401
        thumb = http.get(clips[0]["thumbnail_url"], timeout=10)
        assert thumb.status_code == 200 and thumb.content[:2] == b"\xff\xd8"


def test_concurrent_requests(server, demo):
    headers = {"Authorization": f"Bearer {demo.token}"}
    results: list[int] = []

    def fetch() -> None:
        results.append(requests.get(f"{server}/api/clips/count", headers=headers, timeout=10).status_code)

    threads = [threading.Thread(target=fetch) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [200] * 8


def test_the_server_refuses_a_body_larger_than_any_upload_before_reading_it(demo, clock):
    """A 300 MiB body without a token: answered 413 at once, not buffered (waitress, as `python -m skill`)."""
    import socket

    from skill.server import create_waitress

    app = create_app(demo.data_dir, clock=clock)
    server = create_waitress(app, "127.0.0.1", 0, threads=2)

    def run() -> None:
        with contextlib.suppress(OSError, ValueError):  # its sockets closed under it at the end of the test
            server.run()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        with socket.create_connection(("127.0.0.1", server.effective_port), timeout=10) as conn:
            conn.sendall(
                b"POST /api/clips HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                + f"Content-Length: {300 * 1024 * 1024}\r\n\r\n".encode()
                + b"x" * 1024
            )
            answer = conn.recv(4096)  # no more than 1 KiB of the body was ever sent
        assert answer.startswith(b"HTTP/1.1 413")
    finally:
        server.close()
        app.extensions["clipstore"].close()


def test_python_m_skill_answers_a_huge_body_without_reading_it(demo, tmp_path):
    """The default server (gunicorn): a 300 MiB body without a token gets its 401 before the body is sent."""
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time
    from pathlib import Path

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    demo.store.close()
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "skill",
            "--data",
            str(demo.data_dir),
            "--port",
            str(port),
            "--server",
            "gunicorn",
            "--workers",
            "1",
        ],
        cwd=Path(__file__).resolve().parents[2],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                conn = socket.create_connection(("127.0.0.1", port), timeout=10)
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, (tmp_path / "server.log").read_text()
                time.sleep(0.2)
        with conn:
            conn.sendall(
                b"POST /api/clips HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                + f"Content-Length: {300 * 1024 * 1024}\r\n\r\n".encode()
                + b"x" * 1024
            )
            answer = conn.recv(4096)  # no more than 1 KiB of the body was ever sent
        assert answer.startswith(b"HTTP/1.1 401"), answer[:200]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


@pytest.fixture
def waitress_server(demo, clock):
    """`python -m skill --server waitress`'s server for the demo, in this process; yields (host, port)."""
    from skill.server import create_waitress

    app = create_app(demo.data_dir, clock=clock)
    server = create_waitress(app, "127.0.0.1", 0, threads=2)

    def run() -> None:
        with contextlib.suppress(OSError, ValueError):  # its sockets closed under it at the end of the test
            server.run()

    threading.Thread(target=run, daemon=True).start()
    yield "127.0.0.1", server.effective_port
    server.close()
    app.extensions["clipstore"].close()


def _first_answer(address, head: bytes, body: bytes = b"x" * 1024) -> bytes:
    import socket

    with socket.create_connection(address, timeout=10) as conn:
        conn.sendall(head + body)
        try:
            return conn.recv(4096)
        except TimeoutError:
            return b"(no answer: the server is still reading the body)"


@pytest.mark.one_backend  # about the server, not the storage
@pytest.mark.parametrize(
    "path, declared",
    [
        ("/alexa/token", 9 * 1024),  # the token endpoint takes 8 KiB
        ("/alexa/token", 100 * 1024 * 1024),
        ("/alexa", 1024 * 1024),  # an Alexa request: 128 KiB
        ("/api/intent", 2 * 1024 * 1024),  # JSON and forms: 1 MiB
        ("/signin", 50 * 1024 * 1024),
        ("/api/clips", 200 * 1024 * 1024 + 1024 * 1024),  # beyond the largest upload (200 MiB and its form)
    ],
)
def test_waitress_refuses_a_body_beyond_the_routes_bound_before_reading_it(waitress_server, path, declared):
    """Issue 18: waitress read up to 210 MiB of any unauthenticated body, /alexa/token's included."""
    head = (
        f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {declared}\r\n\r\n"
    ).encode()
    assert _first_answer(waitress_server, head).startswith(b"HTTP/1.1 413")


@pytest.mark.one_backend
def test_waitress_bounds_a_chunked_body_too(waitress_server):
    head = b"POST /alexa/token HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
    chunks = b"".join(b"%x\r\n%s\r\n" % (4096, b"y" * 4096) for _ in range(4))
    assert _first_answer(waitress_server, head, chunks).startswith(b"HTTP/1.1 413")


@pytest.mark.one_backend
def test_waitress_still_reads_an_upload_of_legitimate_size(waitress_server):
    size = 3 * 1024 * 1024  # larger than any other route takes: reaches the app, which wants a token
    head = (
        f"POST /api/clips HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
        f"Content-Length: {size}\r\n\r\n"
    ).encode()
    assert _first_answer(waitress_server, head, b"z" * size).startswith(b"HTTP/1.1 401")
