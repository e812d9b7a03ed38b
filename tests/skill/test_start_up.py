"""What `python -m skill` says when it starts, as a new user runs it: each line once and only where it matters, a
port already taken in one line, and help that speaks to users."""

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

ROOT = Path(__file__).resolve().parents[2]
ALEXA_VARIABLES = (
    "ALEXA_SKILL_ID",
    "ALEXA_CLIENT_ID",
    "ALEXA_CLIENT_SECRET",
    "ALEXA_VERIFY",
    "ALEXA_VENDOR_ID",
    "PUBLIC_URL",
)


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ALEXA_VARIABLES}
    return {**env, **extra}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_up_output(data: Path, log: Path, **env: str) -> str:
    """Everything `python -m skill` (gunicorn, two workers) prints until it serves and both workers are up."""
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "skill",
            "--data",
            str(data),
            "--port",
            str(port),
            "--server",
            "gunicorn",
            "--workers",
            "2",
        ],
        cwd=ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env=_env(**env),
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            assert time.monotonic() < deadline and process.poll() is None, log.read_text()
            try:
                requests.get(f"http://127.0.0.1:{port}/api/openapi.json", timeout=5)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        # Kept: what is checked is that no worker prints the lines again; nothing shows that a worker has built its
        # app (where the lines used to come from), so the workers are given the time it takes.
        time.sleep(2.0)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    return log.read_text()


def test_alexa_lines_only_for_a_server_alexa_uses_and_then_once(tmp_path):
    quiet = _start_up_output(tmp_path / "data", tmp_path / "quiet.log")
    assert "Serving on http://localhost:" in quiet
    assert "ALEXA_SKILL_ID" not in quiet and "PUBLIC_URL" not in quiet, quiet
    assert quiet.count("Serving on") == 1 and "serving with gunicorn" not in quiet

    alexa = _start_up_output(
        tmp_path / "data",
        tmp_path / "alexa.log",
        ALEXA_CLIENT_ID="home-clips-alexa",
        ALEXA_CLIENT_SECRET="s" * 32,
        ALEXA_VERIFY="0",
    )
    assert alexa.count("ALEXA_SKILL_ID is not set") == 1, alexa
    assert alexa.count("NOT checked") == 1 and "WARNING: ALEXA_VERIFY=0" in alexa  # loud, and once
    assert alexa.count("PUBLIC_URL is not an https address") == 1, alexa
    assert "WARNING skill.alexa" not in alexa and "INFO skill.alexa" not in alexa


def test_a_port_in_use_is_one_line_naming_port(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "skill", "--data", str(tmp_path / "data"), "--port", str(port)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            env=_env(),
            check=False,
        )
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (
        f"python -m skill: port {port} is already in use on 127.0.0.1 (another Home Clips, or "
        f"another program); choose another with --port, for example --port {port + 1}\n"
    )
    assert time.monotonic() - started < 30 and not (tmp_path / "data").exists()  # nothing started, nothing made


@pytest.mark.parametrize(
    "command", [("skill",), ("skill.model",), ("clipstore",), ("intents", "parse"), ("local_voice",)]
)
def test_help_speaks_to_users(command):
    result = subprocess.run(
        [sys.executable, "-m", *command, "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=_env(),
        check=False,
    )
    assert result.returncode == 0 and result.stdout.startswith("usage: python -m ")
    for internal in ("CONTRACT", "§", "parse, build, run"):
        assert internal not in result.stdout, (command, internal)
    if command == ("skill",):
        assert "Serve Home Clips on this machine" in result.stdout and "--port PORT" in result.stdout
        assert "python -m skill --demo --data ./data" in result.stdout
