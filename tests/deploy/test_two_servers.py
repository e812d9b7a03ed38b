"""Two `python -m skill` servers over one PostgreSQL database and one bucket (the S3 stand-in): a clip, a
conversation and the janitor move freely between them."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from backends import Backend

from clipstore import ClipStore
from clipstore.demo import seed_demo
from testkit.wait import wait_for

ROOT = Path(__file__).resolve().parents[2]
INTERVAL_S = 1.0
AUDIT_KEY = "shared-audit-key-for-the-test-servers-0123456789"


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """One `python -m skill` (gunicorn, one worker) in its own process group."""

    def __init__(self, data: Path, env: dict[str, str], log: Path) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.data, self.env = data, env
        self.log = log.open("w")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "skill",
                "--data",
                str(data),
                "--port",
                str(self.port),
                "--server",
                "gunicorn",
                "--workers",
                "1",
                "--upkeep-interval",
                str(INTERVAL_S),
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"server exited: {Path(self.log.name).read_text()[-2000:]}")
            try:
                requests.get(f"{self.base}/api/openapi.json", timeout=2)
                return
            except requests.ConnectionError:
                time.sleep(0.2)
        raise AssertionError(f"server did not start: {Path(self.log.name).read_text()[-2000:]}")

    def pids(self) -> set[int]:
        out = subprocess.run(["pgrep", "-g", str(self.proc.pid)], capture_output=True, check=False, text=True).stdout
        return {int(pid) for pid in out.split()}

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)
        self.log.close()


def janitor_pid(cluster, database: str) -> int | None:
    """The process holding the janitor's advisory lock, from the name its connection gives itself."""
    import psycopg

    with psycopg.connect(cluster.url(database), autocommit=True) as conn:
        rows = conn.execute(
            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
            " WHERE l.locktype = 'advisory' AND l.granted AND a.application_name LIKE"
            " 'home-clips janitor %'"
        ).fetchall()
    return int(rows[0][0].rsplit(":", 1)[1]) if rows else None


@pytest.fixture
def two_servers(tmp_path, pg_cluster, s3_standin, monkeypatch):
    backend = Backend("postgres", pg_cluster, s3_standin)
    urls = backend.urls()
    monkeypatch.setenv("CLIPSTORE_AUDIT_KEY", AUDIT_KEY)  # one key for every server (docs/deploy.md)
    seeding = ClipStore(tmp_path / "seed", **urls)
    _, token = seed_demo(seeding, days=2)
    seeding.close()
    env = {**os.environ, "DATABASE_URL": urls["database_url"], "MEDIA_URL": urls["media_url"]}
    servers = [Server(tmp_path / f"data-{n}", env, tmp_path / f"server-{n}.log") for n in "ab"]
    try:
        for server in servers:
            server.wait_ready()
        http = requests.Session()
        http.headers["Authorization"] = f"Bearer {token}"
        yield servers, http, urls["database_url"].rsplit("/", 1)[1]
    finally:
        for server in servers:
            server.kill()
        backend.drop(urls)


def test_a_clip_lives_on_both_servers(two_servers, mp4_file):
    (a, b), http, _ = two_servers
    made = http.post(
        f"{a.base}/api/clips",
        files={"file": ("c.mp4", io.BytesIO(mp4_file.read_bytes()))},
        data={"camera": "garage", "labels": "vehicle"},
    )
    assert made.status_code == 201, made.text
    clip = made.json()
    listed = http.get(f"{b.base}/api/clips", params={"camera": "garage", "limit": 1}).json()["clips"]
    assert [c["id"] for c in listed] == [clip["id"]]  # the newest clip of the garage
    played = requests.get(listed[0]["video_url"], headers={"Range": "bytes=0-"}, timeout=10)  # no token needed
    assert played.status_code == 206 and played.content == mp4_file.read_bytes()
    assert http.delete(f"{b.base}/api/clips/{clip['id']}").json() == {"deleted": 1}
    assert http.get(f"{a.base}/api/clips/{clip['id']}").status_code == 404
    assert http.post(f"{a.base}/api/clips/restore").json()["restored"] == 1
    assert http.get(f"{b.base}/api/clips/{clip['id']}/video").content == mp4_file.read_bytes()
    audited = http.get(f"{a.base}/api/audit", params={"limit": 50}).json()["events"]
    assert {"ingest", "play", "delete"} <= {e["action"] for e in audited if e["clip_id"] == clip["id"]}
    assert "restore" in {e["action"] for e in audited}
    for server in (a, b):  # both wrote to the one chain, with the one key: it verifies from either
        verified = subprocess.run(
            [sys.executable, "-m", "clipstore", "audit", "verify", "--data", str(server.data)],
            env=server.env,
            capture_output=True,
            check=False,
            text=True,
            timeout=60,
        )
        assert verified.returncode == 0, verified.stdout + verified.stderr


def test_a_conversation_continues_on_the_other_server(two_servers):
    (a, b), http, _ = two_servers
    before = http.get(f"{a.base}/api/clips/count").json()["count"]
    ask = http.post(f"{a.base}/api/intent", json={"text": "delete today's recordings"}).json()
    assert ask["expect_reply"] and ask["speech"].startswith("Delete ")
    today = int(ask["speech"].split()[1])
    done = http.post(f"{b.base}/api/intent", json={"text": "yes", "session": ask["session"]}).json()
    assert done["speech"].startswith(f"Done. I deleted {today} clip")
    assert http.get(f"{b.base}/api/clips/count").json()["count"] == before - today > 0


def test_the_janitor_runs_once_and_moves_when_its_server_dies(two_servers, pg_cluster):
    (a, b), _, database = two_servers
    holder = wait_for(
        lambda: janitor_pid(pg_cluster, database), timeout=10, interval=0.1, what="a server to take the janitor's lock"
    )
    leader, other = (a, b) if holder in a.pids() else (b, a)
    assert holder in leader.pids() and holder not in other.pids()  # exactly one of them

    def taken_over() -> int | None:
        holder = janitor_pid(pg_cluster, database)
        return holder if holder in other.pids() else None

    leader.kill()
    killed_at = time.monotonic()
    wait_for(taken_over, timeout=3 * INTERVAL_S + 5, interval=0.1, what="the surviving server to take the janitor over")
    assert time.monotonic() - killed_at <= INTERVAL_S + 3  # within one interval (plus the time to notice)
