"""The storage backends the store, API, privacy and handler tests run against.

- sqlite: SQLite and files in the data directory (the default).
- postgres: a throw-away PostgreSQL cluster started for the session (Debian's `postgresql`, installed by
  `scripts/setup.sh --test`; as root it runs as the `postgres` user), with media in S3 as served by a local
  stand-in (moto's server mode on 127.0.0.1), reached through the real boto3 client.

A test's store is a clone of a seeded template: a database made with `CREATE DATABASE ... TEMPLATE`, and the
template's objects copied under a new prefix inside the stand-in (test set-up of the stand-in's own state).
"""
from __future__ import annotations

import glob
import itertools
import logging
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

BUCKET = "home-clips-test"
_UNFAKED_ENV = ("LD_PRELOAD", "FAKETIME", "FAKETIME_DONT_FAKE_MONOTONIC", "DYLD_INSERT_LIBRARIES")
_names = itertools.count()


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
    pytest.fail("PostgreSQL is not installed: run ./scripts/setup.sh --test (it installs Debian's postgresql)")


class PostgresCluster:
    """A PostgreSQL server in a temporary directory, on a free port of 127.0.0.1, trusting local clients."""

    def __init__(self) -> None:
        self.bindir = _pg_bindir()
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
        options = (f"-k {self.root} -p {self.port} -c listen_addresses=127.0.0.1 -c fsync=off"
                   " -c synchronous_commit=off -c full_page_writes=off -c max_connections=300")
        self._run("pg_ctl", "-D", str(data), "-o", options, "-l", str(self.root / "server.log"), "-w", "start")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(sql)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


class S3StandIn:
    """moto's S3 server on a free port of 127.0.0.1; the process's AWS_* variables point boto3 at it."""

    def __init__(self) -> None:
        from moto.server import ThreadedMotoServer

        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self.saved = {k: os.environ.get(k) for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                                                     "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL")}

    def start(self) -> None:
        import boto3

        self.server.start()
        host, port = self.server.get_host_and_port()
        self.endpoint = f"http://{host}:{port}"
        os.environ.update(AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test", AWS_DEFAULT_REGION="us-east-1",
                          AWS_ENDPOINT_URL=self.endpoint)
        self.client = boto3.client("s3")
        self.client.create_bucket(Bucket=BUCKET)

    def _bucket(self):
        from moto.core import DEFAULT_ACCOUNT_ID
        from moto.s3.models import s3_backends

        backend = s3_backends[DEFAULT_ACCOUNT_ID]["aws"]
        return backend, backend.get_bucket(BUCKET)

    def clone_prefix(self, source: str, target: str) -> None:
        """Copy every object under `source/` to `target/`, inside the stand-in (fast test set-up)."""
        backend, bucket = self._bucket()
        for key in [k for k in list(bucket.keys.keys()) if k.startswith(f"{source}/")]:
            backend.copy_object(bucket.keys[key], BUCKET, f"{target}/{key[len(source) + 1:]}")

    def drop_prefix(self, prefix: str) -> None:
        backend, bucket = self._bucket()
        for key in [k for k in list(bucket.keys.keys()) if k.startswith(f"{prefix}/")]:
            backend.delete_object(BUCKET, key)

    def stop(self) -> None:
        self.server.stop()
        for key, value in self.saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@dataclass
class Backend:
    """One storage configuration: `urls(name)` makes an empty store's database and media place."""

    name: str
    cluster: PostgresCluster | None = None
    s3: S3StandIn | None = None
    made: list[str] = field(default_factory=list)

    @property
    def remote(self) -> bool:
        return self.cluster is not None

    @property
    def dialect(self) -> str:
        return "postgres" if self.remote else "sqlite"

    def new_name(self, hint: str) -> str:
        return f"t{next(_names)}_{hint}"[:40]

    def urls(self, name: str | None = None) -> dict[str, str | None]:
        """Keyword arguments for ClipStore: a new, empty database and media prefix (SQLite: none needed)."""
        if not self.remote:
            return {"database_url": None, "media_url": None}
        name = name or self.new_name("store")
        self.cluster.admin(f"CREATE DATABASE {name}")
        self.made.append(name)
        return {"database_url": self.cluster.url(name), "media_url": f"s3://{BUCKET}/{name}"}

    def clone(self, template: str) -> dict[str, str | None]:
        """A copy of the template store `template` (made by `urls(template)` and closed since)."""
        if not self.remote:
            return {"database_url": None, "media_url": None}
        name = self.new_name("copy")
        self.cluster.admin(f"CREATE DATABASE {name} TEMPLATE {template}")
        self.s3.clone_prefix(template, name)
        self.made.append(name)
        return {"database_url": self.cluster.url(name), "media_url": f"s3://{BUCKET}/{name}"}

    def activate(self, monkeypatch: pytest.MonkeyPatch, urls: dict[str, str | None]) -> None:
        """Point every store the test opens (in this process or a child) at `urls`."""
        for var, key in (("DATABASE_URL", "database_url"), ("MEDIA_URL", "media_url")):
            if urls.get(key):
                monkeypatch.setenv(var, urls[key])
            else:
                monkeypatch.delenv(var, raising=False)

    def drop(self, urls: dict[str, str | None]) -> None:
        """Forget a test's database and objects."""
        if self.remote and urls.get("database_url"):
            name = urls["database_url"].rsplit("/", 1)[1]
            self.cluster.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            self.s3.drop_prefix(name)


def media_keys(store) -> set[str]:
    """Every media object the store holds, by key (files or S3 objects alike)."""
    return set(store.media.keys(older_than=float("inf")))


def media_bytes(store, key: str) -> bytes:
    """The bytes of one media object."""
    media = store.media.open(key)
    if media.path is not None:
        return media.path.read_bytes()
    with media.reader as reader:
        return reader.read()


def put_media(store, key: str, data: bytes, tmp: Path) -> None:
    """Store `data` under `key` behind the store's back (an orphan, as a crash would leave)."""
    source = tmp / "orphan.bin"
    source.write_bytes(data)
    store.media.put(key, source)
