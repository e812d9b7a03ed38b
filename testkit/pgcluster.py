"""A throw-away PostgreSQL server (Debian's `postgresql`): for the test suite's PostgreSQL runs and for the
benchmarks. As root it runs as the `postgres` user (the server refuses root); its clock is the real one even
when the caller runs under libfaketime."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

_UNFAKED_ENV = ("LD_PRELOAD", "FAKETIME", "FAKETIME_DONT_FAKE_MONOTONIC", "DYLD_INSERT_LIBRARIES")


class PostgresMissing(RuntimeError):
    """No PostgreSQL server programs on this machine."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pg_bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise PostgresMissing(
        "PostgreSQL is not installed: run ./scripts/setup.sh --test (it installs Debian's postgresql)"
    )


class PostgresCluster:
    """A PostgreSQL server in a temporary directory, on a free port of 127.0.0.1, trusting local clients."""

    def __init__(self, settings: str = "") -> None:
        self.bindir = _pg_bindir()
        self.settings = settings
        self.root = Path(tempfile.mkdtemp(prefix="home-clips-pg-"))
        self.port = _free_port()
        self.user = None if os.getuid() else "postgres"  # the server refuses to run as root
        if self.user:
            info = pwd.getpwnam(self.user)
            os.chown(self.root, info.pw_uid, info.pw_gid)
        self.env = {k: v for k, v in os.environ.items() if k not in _UNFAKED_ENV}  # a real clock for the server

    def _run(self, *args: str) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        subprocess.run(command, check=True, env=self.env, cwd=self.root, capture_output=True, timeout=120)

    def start(self) -> None:
        data = self.root / "data"
        self._run("initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        options = (
            f"-k {self.root} -p {self.port} -c listen_addresses=127.0.0.1 -c fsync=off"
            " -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 " + self.settings
        )
        self._run("pg_ctl", "-D", str(data), "-o", options, "-l", str(self.root / "server.log"), "-w", "start")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A new empty database; returns its URL."""
        self.admin(f"CREATE DATABASE {name}")
        return self.url(name)

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(sql)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
