"""scripts/install-service.sh: the systemd unit it writes passes `systemd-analyze verify`, sandboxed as promised."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "install-service.sh"


def unit_text(*options: str) -> str:
    done = subprocess.run(
        [str(SCRIPT), "--print-unit", *options], capture_output=True, text=True, timeout=30, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def problems(unit: str, tmp_path: Path) -> list[str]:
    """What `systemd-analyze verify` says about the unit (its exit status, and every line naming the file)."""
    path = tmp_path / "home-clips.service"
    path.write_text(unit)
    done = subprocess.run(
        ["systemd-analyze", "verify", str(path)], capture_output=True, text=True, timeout=60, check=False
    )
    said = [line for line in (done.stdout + done.stderr).splitlines() if "home-clips.service" in line]
    return said + ([f"exit status {done.returncode}"] if done.returncode else [])


def test_the_unit_verifies(tmp_path):
    # ExecStart must exist for the check: this checkout and its .venv stand in for /opt/home-clips.
    unit = unit_text("--prefix", str(ROOT), "--host", "0.0.0.0", "--port", "8443")
    assert problems(unit, tmp_path) == []
    assert f"ExecStart={ROOT}/.venv/bin/python -m skill --data /var/lib/home-clips --host 0.0.0.0 --port 8443" in unit


def test_the_check_would_catch_a_mistake(tmp_path):
    unit = unit_text("--prefix", str(ROOT))
    assert problems(unit.replace("ProtectSystem=strict", "ProtectSytem=strict"), tmp_path)
    assert problems(unit.replace(f"{ROOT}/.venv/bin/python", "/nonexistent/python"), tmp_path)


def test_its_own_user_its_data_directory_and_the_sandbox():
    lines = set(unit_text().splitlines())
    assert {
        "User=home-clips",
        "Group=home-clips",
        "StateDirectory=home-clips",
        "StateDirectoryMode=0700",
        "Environment=CLIPSTORE_DATA=/var/lib/home-clips PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1",
        "WantedBy=multi-user.target",
        "Restart=on-failure",
    } <= lines
    assert {
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        "ProtectHome=yes",
        "PrivateTmp=yes",
        "PrivateDevices=yes",
        "CapabilityBoundingSet=",
        "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6",
        "RestrictSUIDSGID=yes",
        "SystemCallFilter=@system-service",
        "UMask=0077",
    } <= lines
    assert (
        "ExecStart=/opt/home-clips/.venv/bin/python -m skill --data /var/lib/home-clips --host 127.0.0.1 --port 8080"
    ) in lines


@pytest.mark.parametrize(
    "options", [["--port", "80"], ["--port", "http"], ["--prefix", "relative/dir"], ["--frobnicate"]]
)
def test_bad_options_are_refused_and_change_nothing(options):
    done = subprocess.run(
        [str(SCRIPT), "--print-unit", *options], capture_output=True, text=True, timeout=30, check=False
    )
    assert done.returncode == 2 and "install-service:" in done.stderr and done.stdout == ""


def test_code_the_sandbox_would_hide_is_refused_before_anything_is_touched(tmp_path):
    for prefix in ("/home/someone/clips", "/root/clips", "/tmp/clips"):
        done = subprocess.run(
            [str(SCRIPT), "--prefix", prefix], capture_output=True, text=True, timeout=30, check=False
        )
        assert done.returncode == 2 and "hidden from the service" in done.stderr, prefix
        assert not Path(prefix).exists()
