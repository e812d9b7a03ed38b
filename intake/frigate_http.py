"""Talking to a Frigate server that may not behave: every request bounded in time, size and where it goes.

- Time: a whole request (connecting, headers, body) ends at its deadline, however slowly the server trickles:
  a watchdog shuts the request's sockets down then (per-read timeouts never fire on a reply of a byte every few
  seconds). The same watchdog ends a request at once when the importer is told to stop (SIGTERM).
- Size: a reply body is read up to a bound (a listing) or streamed to a file up to a bound (a clip).
- Place: paths are built from checked parts (event ids are quoted); redirects are followed only to the same
  scheme, host and port, at most a few times.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter

from clipstore import StopSignal

logger = logging.getLogger(__name__)

MAX_REDIRECTS = 3
_SOCKETS: contextvars.ContextVar[list | None] = contextvars.ContextVar("frigate_sockets", default=None)


class FrigateError(RuntimeError):
    """Frigate could not be reached, refused, or answered out of bounds (message has no credentials)."""


class Stopped(FrigateError):
    """The importer was told to stop (SIGTERM) while a request was under way."""


class TooLarge(FrigateError):
    """A reply was larger than its bound."""


def _watched(connection_class: type) -> type:
    class Watched(connection_class):
        def connect(self) -> None:
            super().connect()
            sockets = _SOCKETS.get()
            if sockets is not None:
                sockets.append(self.sock)

    return Watched


class _Pool(urllib3.HTTPConnectionPool):
    ConnectionCls = _watched(urllib3.connection.HTTPConnection)


class _TlsPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _watched(urllib3.connection.HTTPSConnection)


class _WatchedAdapter(HTTPAdapter):
    """requests' adapter whose connections tell the current request's watchdog their sockets."""

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _Pool, "https": _TlsPool}


@dataclass(frozen=True)
class Reply:
    """A finished request: its status and (bounded) body."""

    status: int
    body: bytes = b""


class BoundedHttp:
    """Requests to one origin (`base`, no credentials), each bounded; `stop` ends any of them at once."""

    def __init__(
        self, base: str, *, timeout_s: float, session: requests.Session | None = None, stop: StopSignal | None = None
    ) -> None:
        self.base, self.timeout_s, self.stop = base.rstrip("/"), timeout_s, stop
        self.http = session or requests.Session()
        for scheme in ("http://", "https://"):
            self.http.mount(scheme, _WatchedAdapter())
        origin = urlsplit(self.base)
        self._origin = (origin.scheme, origin.hostname, origin.port)

    @contextmanager
    def _deadline(self, seconds: float) -> Iterator[list[str]]:
        """Shut the sockets opened inside the block down at the deadline, or when told to stop."""
        sockets: list = []
        fired: list[str] = []
        done = StopSignal()
        token = _SOCKETS.set(sockets)

        def watch() -> None:
            end = time.monotonic() + seconds
            while not done.is_set():
                stopping = self.stop is not None and self.stop.is_set()
                if stopping or time.monotonic() >= end:
                    fired.append("stop" if stopping else "deadline")
                    for sock in list(sockets):
                        with contextlib.suppress(OSError):
                            sock.shutdown(socket.SHUT_RDWR)
                    return
                done.wait(min(0.2, max(0.0, end - time.monotonic())))

        watcher = threading.Thread(target=watch, name="frigate-deadline", daemon=True)
        watcher.start()
        try:
            yield fired
        finally:
            done.set()
            watcher.join()
            done.close()
            _SOCKETS.reset(token)

    def request(
        self, method: str, path: str, *, deadline_s: float, max_bytes: int, into: Path | None = None, **kwargs
    ) -> Reply:
        """`method base+path`: the body read up to `max_bytes` (or streamed into the file `into`), the whole
        of it within `deadline_s`; FrigateError otherwise (Stopped when told to stop)."""
        url = self.base + path
        with self._deadline(deadline_s) as fired:
            try:
                for _ in range(MAX_REDIRECTS + 1):
                    response = self.http.request(
                        method,
                        url,
                        timeout=self.timeout_s,
                        stream=True,
                        allow_redirects=False,
                        headers={"Connection": "close"},
                        **kwargs,
                    )
                    with response:
                        if not response.is_redirect:
                            return Reply(response.status_code, self._body(response, max_bytes, into, path))
                        url, method, kwargs = self._follow(url, response, method, kwargs)
                raise FrigateError(f"{path} redirected more than {MAX_REDIRECTS} times")
            except requests.RequestException as exc:
                if fired:
                    raise self._ended(fired[0], path, deadline_s) from None
                raise FrigateError(f"cannot reach Frigate at {self.base}: {type(exc).__name__}") from None
            except (OSError, urllib3.exceptions.HTTPError):  # the watchdog cut a read short
                if fired:
                    raise self._ended(fired[0], path, deadline_s) from None
                raise

    def _ended(self, why: str, path: str, deadline_s: float) -> FrigateError:
        if why == "stop":
            return Stopped(f"stopped while asking Frigate for {path}")
        return FrigateError(f"Frigate's answer to {path} took longer than {deadline_s:.0f} s")

    def _follow(self, url: str, response: requests.Response, method: str, kwargs: dict) -> tuple[str, str, dict]:
        target = urljoin(url, response.headers.get("Location", ""))
        parts = urlsplit(target)
        if (parts.scheme, parts.hostname, parts.port) != self._origin:
            raise FrigateError(f"Frigate redirected {urlsplit(url).path} to another host; not followed")
        if response.status_code in (301, 302, 303):
            method, kwargs = "GET", {k: v for k, v in kwargs.items() if k not in ("json", "data")}
        kwargs = {k: v for k, v in kwargs.items() if k != "params"}  # the new address carries its own query
        return target, method, kwargs

    @staticmethod
    def _body(response: requests.Response, max_bytes: int, into: Path | None, path: str) -> bytes:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise TooLarge(f"Frigate's answer to {path} is larger than {max_bytes} bytes")
        size, parts = 0, []
        handle = into.open("wb") if into is not None and response.status_code == 200 else None
        try:
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > max_bytes:
                    raise TooLarge(f"Frigate's answer to {path} is larger than {max_bytes} bytes")
                if handle is not None:
                    handle.write(chunk)
                else:
                    parts.append(chunk)
        finally:
            if handle is not None:
                handle.close()
        return b"".join(parts)


@dataclass(frozen=True)
class FrigateSettings:
    """Where Frigate is and what to do with its events."""

    url: str
    camera_map: dict[str, str] = field(default_factory=dict)  # Frigate camera name → our camera id
    user: str | None = None
    password: str | None = None
    token: str | None = None  # a Frigate JWT, sent as a bearer token
    delete_in_frigate: bool = False  # delete the event in Frigate once its clip is deleted here for good
    timeout_s: float = 30.0  # connecting, and each read
    request_deadline_s: float = 60.0  # a whole request other than a clip download, however slow the reply
    clip_deadline_s: float = 600.0  # a whole clip download
    run_deadline_s: float = 1800.0  # one run; what is left waits for the next
    max_pages: int = 50  # pages of the event list per run (100 events each)
    max_reply_bytes: int = 4 * 1024 * 1024  # a page of events, a login or delete answer

    @property
    def base(self) -> str:
        """The URL without credentials or trailing slash."""
        parts = urlsplit(self.url.rstrip("/"))
        if parts.hostname is None:
            raise ValueError("the Frigate URL names no host")
        return urlunsplit((parts.scheme, parts.hostname + (f":{parts.port}" if parts.port else ""), parts.path, "", ""))
