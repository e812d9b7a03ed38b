"""Frigate, live: each event imported as its `end` message arrives on the broker's `frigate/events` topic.

The MQTT client (Eclipse Paho) runs its own network thread: it connects, reconnects with a backoff when the
broker goes away, and hands each message to an inbox. This module's loop, in the caller's thread, takes them
from there: a message is checked like every Frigate event (frigate_events.py), its clip fetched over Frigate's
HTTP API with the importer's bounds (frigate.py), and its id kept in the same ledger, so each event is imported
once whichever way it came. Messages are not kept by the broker while nobody listens, so on every (re)connect,
and then every `sweep_s`, one HTTP pass picks up what finished meanwhile. The URL's password and
`FRIGATE_MQTT_PASSWORD` are never logged: the broker is named by its redacted URL.
"""

from __future__ import annotations

import logging
import secrets
import ssl
import threading
import time
from collections import deque
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import paho.mqtt.client as mqtt

from clipstore import StopSignal, redact

from .frigate import ClipNotReady, FrigateError, FrigateImporter, Stopped
from .frigate_events import Event, parse_message

logger = logging.getLogger(__name__)

TICK_S = 0.2  # how often the loop looks at its inbox and the stop signal
MAX_INBOX = 10_000


class MqttUrlError(ValueError):
    """The --mqtt URL is not one (the message never quotes a password)."""


@dataclass(frozen=True)
class Broker:
    """Where the broker is, and who we are there."""

    host: str
    port: int
    tls: bool
    user: str | None
    password: str | None

    @classmethod
    def from_url(cls, url: str, password: str | None = None) -> Broker:
        """`mqtt://[USER[:PASSWORD]@]HOST[:PORT]` (1883) or `mqtts://` (TLS, 8883); `password` (from
        FRIGATE_MQTT_PASSWORD) wins over one in the URL."""
        try:
            parts = urlsplit(url.strip())
            port = parts.port
        except ValueError:
            raise MqttUrlError(f"not an MQTT URL: {redact(url)}") from None
        if parts.scheme not in ("mqtt", "mqtts") or not parts.hostname:
            raise MqttUrlError(f"the MQTT URL must be mqtt://HOST[:PORT] or mqtts://HOST[:PORT], not {redact(url)}")
        if parts.path not in ("", "/") or parts.query or parts.fragment:
            raise MqttUrlError(f"the MQTT URL names the broker only (the topic is --mqtt-topic): {redact(url)}")
        tls = parts.scheme == "mqtts"
        user = unquote(parts.username) if parts.username else None
        secret = password or (unquote(parts.password) if parts.password else None)
        return cls(parts.hostname, port or (8883 if tls else 1883), tls, user, secret)

    @property
    def shown(self) -> str:
        """The broker as logs name it: no password, ever."""
        scheme = "mqtts" if self.tls else "mqtt"
        return redact(f"{scheme}://{'user@' if self.user else ''}{self.host}:{self.port}")


@dataclass(frozen=True)
class LiveSettings:
    """How the live importer listens."""

    topic: str = "frigate/events"
    settle_s: float = 5.0  # after an `end`, wait this long for Frigate to store the event's last segment
    retries: int = 4  # a clip Frigate does not have yet, or a failed download: tried again this often
    retry_s: float = 10.0  # ... after 10, 20, 40, 80 s
    sweep_s: float = 1800.0  # an HTTP pass for what MQTT missed, besides the one at every (re)connect
    keepalive_s: int = 30
    min_backoff_s: int = 1  # reconnecting: 1 s, doubling up to 60 s
    max_backoff_s: int = 60


@dataclass
class _Due:
    at: float
    event: Event
    attempt: int = 0


class FrigateLive:
    """Listens to Frigate's events on a broker and imports each finished one, until `stop` is set."""

    def __init__(self, importer: FrigateImporter, broker: Broker, settings: LiveSettings | None = None) -> None:
        self.importer, self.broker, self.settings = importer, broker, settings or LiveSettings()
        self.stop: StopSignal = importer.stop
        self.imported = 0
        self.subscriptions = 0  # granted by the broker: one per (re)connect
        self._inbox: deque[tuple[str, bytes]] = deque()
        self._lock = threading.Lock()
        self._connected_once = False
        self._outage = False
        self._warned: set[str] = set()  # this thread's warnings, each said once
        self._net_warned: set[str] = set()  # the network thread's
        self._due: list[_Due] = []
        self._sweep_at: float | None = None
        self._sweep_failures = 0
        self.client = self._client()

    # -- the network thread ------------------------------------------------------------------------------
    def _client(self) -> mqtt.Client:
        client = mqtt.Client(
            mqtt.CallbackAPIVersion.VERSION2, client_id=f"home-clips-{secrets.token_hex(4)}", clean_session=True
        )
        if self.broker.user is not None:
            client.username_pw_set(self.broker.user, self.broker.password)
        if self.broker.tls:
            client.tls_set_context(ssl.create_default_context())
        client.reconnect_delay_set(self.settings.min_backoff_s, self.settings.max_backoff_s)
        client.on_connect = self._on_connect
        client.on_disconnect = self._on_disconnect
        client.on_message = self._on_message
        client.on_subscribe = self._on_subscribe
        return client

    def _on_connect(self, client: mqtt.Client, _userdata, _flags, reason, _properties) -> None:
        if reason.is_failure:
            if str(reason) not in self._net_warned:
                self._net_warned.add(str(reason))
                logger.warning("the MQTT broker %s refused us: %s; trying again", self.broker.shown, reason)
            return
        client.subscribe(self.settings.topic, qos=1)
        self._put("reconnected" if self._connected_once else "connected", b"")
        self._connected_once, self._outage = True, False
        self._net_warned.clear()

    def _on_subscribe(self, _client: mqtt.Client, _userdata, _mid, reasons, _properties) -> None:
        if any(reason.is_failure for reason in reasons):
            logger.warning("the MQTT broker %s refused the subscription to %s", self.broker.shown, self.settings.topic)
            return
        logger.info(
            "%s the MQTT broker %s; listening to %s",
            "back on" if self.subscriptions else "connected to",
            self.broker.shown,
            self.settings.topic,
        )
        self.subscriptions += 1

    def _on_disconnect(self, _client: mqtt.Client, _userdata, _flags, reason, _properties) -> None:
        if self.stop.is_set():
            return
        if not self._outage:
            logger.warning(
                "lost the MQTT broker %s (%s); reconnecting, waiting up to %d s between tries",
                self.broker.shown,
                reason,
                self.settings.max_backoff_s,
            )
        self._outage = True

    def _on_message(self, _client: mqtt.Client, _userdata, message: mqtt.MQTTMessage) -> None:
        self._put("message", bytes(message.payload))

    def _put(self, kind: str, payload: bytes) -> None:
        with self._lock:
            if len(self._inbox) >= MAX_INBOX:
                if "full" not in self._net_warned:
                    self._net_warned.add("full")
                    logger.warning(
                        "more than %d MQTT messages wait; dropping (the next HTTP pass finds their events)", MAX_INBOX
                    )
                return
            self._inbox.append((kind, payload))

    # -- this thread -------------------------------------------------------------------------------------
    def run(self) -> int:
        """Listen and import until `stop` is set (SIGTERM). Returns the clips imported."""
        logger.info("connecting to the MQTT broker %s", self.broker.shown)
        try:
            self.client.connect_async(self.broker.host, self.broker.port, self.settings.keepalive_s)
        except (OSError, ValueError) as exc:
            raise FrigateError(f"cannot use the MQTT broker {self.broker.shown}: {type(exc).__name__}") from None
        self.client.loop_start()
        self._sweep_at = time.monotonic()  # what finished before we listened
        try:
            while not self.stop.wait(self._idle()):
                self._take_inbox()
                self._run_due()
        finally:
            self.client.disconnect()
            self.client.loop_stop()
        logger.info("stopped (%d Frigate events imported live)", self.imported)
        return self.imported

    def _idle(self) -> float:
        with self._lock:
            if self._inbox:
                return 0.0
        return TICK_S

    def _take_inbox(self) -> None:
        while not self.stop.is_set():
            with self._lock:
                if not self._inbox:
                    return
                kind, payload = self._inbox.popleft()
            if kind == "reconnected":
                self._sweep_at = time.monotonic()  # what finished while nobody listened
            elif kind == "message":
                self._message(payload)

    def _message(self, payload: bytes) -> None:
        event = parse_message(payload, self.importer.store.now())
        if event is None:
            return  # `new` or `update`: the event goes on
        if isinstance(event, str):
            self._warn_once(f"skip:{event}", "a message on %s is skipped: %s", self.settings.topic, event)
            return
        if not event.has_clip:
            logger.info("Frigate event %s ended without a clip; nothing to import", event.id)
            return
        if any(d.event.id == event.id for d in self._due):
            return  # the same `end` again, still waiting
        self._due.append(_Due(time.monotonic() + self.settings.settle_s, event))

    def _run_due(self) -> None:
        now = time.monotonic()
        for due in sorted((d for d in self._due if d.at <= now), key=lambda d: d.at):
            if self.stop.is_set():
                return
            self._due.remove(due)
            self._import(due)
        if self._sweep_at is not None and self._sweep_at <= time.monotonic() and not self.stop.is_set():
            self._sweep()

    def _import(self, due: _Due) -> None:
        if self.importer.ledger.known([due.event.id]):
            return  # imported (or given up on) before: by an earlier message, or by an HTTP pass
        last = due.attempt >= self.settings.retries
        try:
            self.imported += self.importer.import_event(due.event, retry_missing=not last)
        except Stopped:
            return
        except FrigateError as exc:
            if last:
                logger.warning(
                    "Frigate event %s: not imported after %d tries (%s); the next HTTP pass tries again",
                    due.event.id,
                    due.attempt + 1,
                    exc,
                )
                return
            if isinstance(exc, ClipNotReady):
                logger.info("Frigate has no clip for event %s yet; asking again", due.event.id)
            delay = self.settings.retry_s * 2**due.attempt
            self._due.append(_Due(time.monotonic() + delay, due.event, due.attempt + 1))

    def _sweep(self) -> None:
        try:
            made = self.importer.run_once()
        except FrigateError as exc:
            self._sweep_failures += 1
            delay = min(self.settings.sweep_s, 30.0 * 2 ** min(self._sweep_failures - 1, 5))
            self._warn_once(
                "sweep", "Frigate's HTTP API failed (%s); looking again in %.0f s (MQTT goes on)", exc, delay
            )
            self._sweep_at = time.monotonic() + delay
            return
        if self._sweep_failures:
            logger.info("Frigate's HTTP API answers again")
            self._warned.discard("sweep")
        self._sweep_failures = 0
        self.imported += made
        if made:
            logger.info("imported %d Frigate events that finished while MQTT was not listening", made)
        self._sweep_at = time.monotonic() + self.settings.sweep_s

    def _warn_once(self, key: str, message: str, *args: object) -> None:
        if key not in self._warned:
            self._warned.add(key)
            logger.warning(message, *args)
