"""Verify incoming Alexa custom-skill HTTP requests.

Implements Amazon's "verify that the request was sent by Alexa" rules with the
``cryptography`` library only (no ask-sdk-webservice-support / oscrypto):
cert-chain URL rules, chain download + cache, leaf validity and SAN, chain
validation to a trusted root, RSA/SHA-256 body signature, timestamp skew and
the skill's application id.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import posixpath
import re
import threading
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509 import verification as xv

logger = logging.getLogger(__name__)

ALEXA_SAN = "echo-api.amazon.com"
CERT_HOST = "s3.amazonaws.com"
CERT_PATH_PREFIX = "/echo.api/"
MAX_CHAIN_BYTES = 256 * 1024
_PEM_RE = re.compile(rb"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.S)


class VerificationError(Exception):
    """A request failed verification; ``check`` names the failed check."""

    def __init__(self, check: str, message: str) -> None:
        super().__init__(f"{check}: {message}")
        self.check = check
        self.message = message


@dataclass(frozen=True)
class VerifierSettings:
    """Verifier configuration (from ALEXA_SKILL_ID / ALEXA_VERIFY)."""

    skill_id: str | None
    verify_signature: bool = True
    max_skew_s: float = 150.0


def default_fetch(url: str) -> bytes:
    """Download a PEM certificate chain over HTTPS."""
    import requests  # local import: only needed outside tests

    resp = requests.get(url, timeout=5)
    resp.raise_for_status()
    if len(resp.content) > MAX_CHAIN_BYTES:
        raise ValueError("certificate chain too large")
    return resp.content


def parse_pem_certs(data: bytes) -> list[x509.Certificate]:
    """Parse every PEM certificate in ``data``, skipping unparseable ones."""
    certs: list[x509.Certificate] = []
    for block in _PEM_RE.findall(data):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # e.g. legacy non-positive serials
                certs.append(x509.load_pem_x509_certificate(block))
        except ValueError:
            logger.debug("skipping unparseable certificate")
    return certs


def load_certifi_roots() -> list[x509.Certificate]:
    """Load the Mozilla root store shipped with ``certifi``."""
    import certifi

    with open(certifi.where(), "rb") as fh:
        return parse_pem_certs(fh.read())


def check_cert_url(url: str) -> None:
    """Enforce Amazon's rules for the SignatureCertChainUrl header."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise VerificationError("cert_url", f"unparseable URL: {exc}") from exc
    if parts.scheme.lower() != "https":
        raise VerificationError("cert_url", f"scheme must be https, got {parts.scheme!r}")
    if (parts.hostname or "").lower() != CERT_HOST:
        raise VerificationError("cert_url", f"host must be {CERT_HOST}, got {parts.hostname!r}")
    if port is not None and port != 443:
        raise VerificationError("cert_url", f"port must be 443, got {port}")
    path = posixpath.normpath(unquote(parts.path)) if parts.path else ""
    if not path.startswith(CERT_PATH_PREFIX):
        raise VerificationError("cert_url", f"path must start with {CERT_PATH_PREFIX}")


class Headers(Protocol):
    """What the verifier reads of request headers: a dict, or werkzeug's Headers (not a Mapping)."""

    def items(self) -> Iterable[tuple[str, str]]: ...


def _header(headers: Headers, name: str) -> str | None:
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return value
    return None


def _parse_timestamp(value: Any) -> datetime:
    if not isinstance(value, str) or not value:
        raise VerificationError("timestamp", "request.timestamp missing")
    try:
        ts = datetime.fromisoformat(value)  # 3.11+ accepts a trailing "Z"
    except ValueError as exc:
        raise VerificationError("timestamp", f"bad timestamp {value!r}") from exc
    return ts if ts.tzinfo else ts.replace(tzinfo=UTC)


def _application_id(envelope: dict) -> str | None:
    for path in (("context", "System", "application"), ("session", "application")):
        node: Any = envelope
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        if isinstance(node, dict) and isinstance(node.get("applicationId"), str):
            return node["applicationId"]
    return None


class RequestVerifier:
    """Verify Alexa requests; thread-safe, caches cert chains per URL."""

    def __init__(
        self,
        settings: VerifierSettings,
        fetch: Callable[[str], bytes] | None = None,
        trusted_roots: list[x509.Certificate] | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.settings = settings
        self._fetch = fetch or default_fetch
        self._clock = clock or (lambda: datetime.now(UTC))
        roots = trusted_roots if trusted_roots is not None else load_certifi_roots()
        self._store = xv.Store(roots)
        self._cache: dict[str, tuple[datetime, list[x509.Certificate]]] = {}
        self._lock = threading.Lock()
        if not settings.skill_id:
            logger.debug("ALEXA_SKILL_ID not set: application id is not checked")  # said at start-up where it matters
        if not settings.verify_signature:
            logger.debug("Alexa signature verification disabled (ALEXA_VERIFY=0)")  # the endpoint says it loudly

    def _now(self) -> datetime:
        now = self._clock()
        return now if now.tzinfo else now.replace(tzinfo=UTC)

    def verify(self, headers: Headers, body: bytes) -> dict:
        """Return the parsed JSON envelope or raise VerificationError."""
        now = self._now()
        if self.settings.verify_signature:
            cert_url = _header(headers, "SignatureCertChainUrl")
            signature = _header(headers, "Signature-256")
            if not cert_url or not signature:
                raise VerificationError("missing_header", "SignatureCertChainUrl and Signature-256 are required")
            check_cert_url(cert_url)
            chain = self._get_chain(cert_url, now)
            leaf = chain[0]
            self._check_leaf(leaf, now)
            self._check_chain(leaf, chain[1:], now)
            self._check_signature(leaf, signature, body)
        envelope = self._parse_body(body)
        if self.settings.verify_signature:
            self._check_timestamp(envelope, now)
        self._check_application_id(envelope)
        return envelope

    def _get_chain(self, url: str, now: datetime) -> list[x509.Certificate]:
        with self._lock:
            cached = self._cache.get(url)
            if cached and now < cached[0]:
                return cached[1]
        try:
            data = self._fetch(url)
        except Exception as exc:  # network, HTTP status, size
            raise VerificationError("cert_fetch", f"cannot fetch chain: {exc}") from exc
        chain = parse_pem_certs(data)
        if not chain:
            raise VerificationError("chain", "no certificate in downloaded chain")
        expires = min(c.not_valid_after_utc for c in chain)
        with self._lock:
            self._cache[url] = (expires, chain)
        logger.debug("fetched %d certs from %s (cached until %s)", len(chain), url, expires)
        return chain

    @staticmethod
    def _check_leaf(leaf: x509.Certificate, now: datetime) -> None:
        if not leaf.not_valid_before_utc <= now <= leaf.not_valid_after_utc:
            raise VerificationError("expired", "signing certificate not valid now")
        try:
            san = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName)
            names = san.value.get_values_for_type(x509.DNSName)
        except x509.ExtensionNotFound:
            names = []
        if ALEXA_SAN not in [n.lower() for n in names]:
            raise VerificationError("san", f"certificate SAN lacks {ALEXA_SAN}")

    def _check_chain(self, leaf: x509.Certificate, intermediates: list[x509.Certificate], now: datetime) -> None:
        verifier = xv.PolicyBuilder().store(self._store).time(now).build_server_verifier(xv.DNSName(ALEXA_SAN))
        try:
            verifier.verify(leaf, intermediates)
        except (xv.VerificationError, ValueError) as exc:
            raise VerificationError("chain", f"untrusted certificate chain: {exc}") from exc

    @staticmethod
    def _check_signature(leaf: x509.Certificate, signature: str, body: bytes) -> None:
        try:
            sig = base64.b64decode(signature.strip(), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise VerificationError("signature", "Signature-256 is not base64") from exc
        key = leaf.public_key()
        if not isinstance(key, rsa.RSAPublicKey):
            raise VerificationError("signature", "signing key is not RSA")
        try:
            key.verify(sig, body, padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature as exc:
            raise VerificationError("signature", "body signature does not match") from exc

    @staticmethod
    def _parse_body(body: bytes) -> dict:
        try:
            envelope = json.loads(body)
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            raise VerificationError("body", f"body is not JSON: {str(exc)[:80]}") from None
        if not isinstance(envelope, dict):
            raise VerificationError("body", "body is not a JSON object")
        return envelope

    def _check_timestamp(self, envelope: dict, now: datetime) -> None:
        request = envelope.get("request")
        ts = _parse_timestamp(request.get("timestamp") if isinstance(request, dict) else None)
        if abs(now - ts) > timedelta(seconds=self.settings.max_skew_s):
            raise VerificationError("timestamp", f"timestamp {ts.isoformat()} outside skew")

    def _check_application_id(self, envelope: dict) -> None:
        expected = self.settings.skill_id
        if not expected:
            return
        got = _application_id(envelope)
        if got != expected:
            raise VerificationError("application_id", f"unexpected application id {got!r}")
