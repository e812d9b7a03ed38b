"""The storage backends the store, API, privacy and handler tests run against.

- sqlite: SQLite and files in the data directory (the default).
- postgres: a throw-away PostgreSQL cluster started for the session (Debian's `postgresql`, installed by
  `scripts/setup.sh --test`; as root it runs as the `postgres` user), with media in S3 as served by a local
  stand-in (moto's server mode on 127.0.0.1), reached through the real boto3 client.

A test's store is a clone of a seeded template: a database made with `CREATE DATABASE ... TEMPLATE`, and the
template's objects copied under a new prefix inside the stand-in (test set-up of the stand-in's own state).
"""

from __future__ import annotations

import itertools
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from testkit.pgcluster import PostgresCluster

BUCKET = "home-clips-test"
_names = itertools.count()


class S3StandIn:
    """moto's S3 server on a free port of 127.0.0.1; the process's AWS_* variables point boto3 at it."""

    def __init__(self) -> None:
        from moto.server import ThreadedMotoServer

        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self.saved = {
            k: os.environ.get(k)
            for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL")
        }

    def start(self) -> None:
        import boto3

        self.server.start()
        host, port = self.server.get_host_and_port()
        self.endpoint = f"http://{host}:{port}"
        os.environ.update(
            AWS_ACCESS_KEY_ID="test",
            AWS_SECRET_ACCESS_KEY="test",
            AWS_DEFAULT_REGION="us-east-1",
            AWS_ENDPOINT_URL=self.endpoint,
        )
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
            backend.copy_object(bucket.keys[key], BUCKET, f"{target}/{key[len(source) + 1 :]}")

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
