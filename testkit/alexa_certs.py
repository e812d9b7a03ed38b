"""Test certificate helpers: a fake Alexa signing chain built with ``cryptography``.

Keys are generated once per process (cached by label), certificates are cheap.
The certificates carry the extensions the WebPKI policy of
``cryptography.x509.verification`` requires (BasicConstraints, KeyUsage,
SKI/AKI, EKU serverAuth, SAN).
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

NOW = datetime(2026, 11, 24, 15, 0, 0, tzinfo=UTC)
CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem"
SKILL_ID = "amzn1.ask.skill.test-skill-0001"


@cache
def rsa_key(label: str) -> rsa.RSAPrivateKey:
    """A 2048-bit RSA key, generated once per label per process."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _ca_cert(
    subject: str, key: rsa.RSAPrivateKey, issuer: x509.Certificate | None, issuer_key: rsa.RSAPrivateKey, now: datetime
) -> x509.Certificate:
    pub = key.public_key()
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(issuer.subject if issuer else _name(subject))
        .public_key(pub)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=365))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(pub), critical=False)
    )
    auth_pub = issuer_key.public_key()
    builder = builder.add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(auth_pub), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def make_leaf(
    issuer: x509.Certificate,
    issuer_key: rsa.RSAPrivateKey,
    key: rsa.RSAPrivateKey,
    *,
    san: str = "echo-api.amazon.com",
    not_before: datetime | None = None,
    not_after: datetime | None = None,
    now: datetime = NOW,
) -> x509.Certificate:
    """An end-entity serverAuth certificate for ``san`` issued by ``issuer``."""
    pub = key.public_key()
    return (
        x509.CertificateBuilder()
        .subject_name(_name(san))
        .issuer_name(issuer.subject)
        .public_key(pub)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or now - timedelta(days=30))
        .not_valid_after(not_after or now + timedelta(days=90))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=True,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(san)]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(pub), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False)
        .sign(issuer_key, hashes.SHA256())
    )


def to_pem(*certs: x509.Certificate) -> bytes:
    """Concatenate certificates as PEM."""
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs)


def make_chain(
    *,
    san: str = "echo-api.amazon.com",
    not_before: datetime | None = None,
    not_after: datetime | None = None,
    now: datetime = NOW,
    intermediate: bool = True,
    ca: str = "test",
) -> tuple[x509.Certificate, rsa.RSAPrivateKey, bytes]:
    """Return ``(root_cert, leaf_key, chain_pem)``; chain_pem is leaf first.

    ``ca`` selects a distinct root/intermediate key set, so chains made with
    different ``ca`` labels do not validate against each other's root.
    """
    root_key = rsa_key(f"{ca}-root")
    root = _ca_cert(f"{ca} Root CA", root_key, None, root_key, now)
    issuer, issuer_key, extra = root, root_key, []
    if intermediate:
        inter_key = rsa_key(f"{ca}-intermediate")
        issuer = _ca_cert(f"{ca} Intermediate CA", inter_key, root, root_key, now)
        issuer_key, extra = inter_key, [issuer]
    leaf_key = rsa_key("leaf")
    leaf = make_leaf(issuer, issuer_key, leaf_key, san=san, not_before=not_before, not_after=not_after, now=now)
    return root, leaf_key, to_pem(leaf, *extra)


def sign(body: bytes, key: rsa.RSAPrivateKey) -> str:
    """Base64 RSA PKCS#1 v1.5 SHA-256 signature of ``body`` (Signature-256 header)."""
    return base64.b64encode(key.sign(body, padding.PKCS1v15(), hashes.SHA256())).decode()


def envelope(application_id: str = SKILL_ID, timestamp: datetime = NOW, request: dict[str, Any] | None = None) -> bytes:
    """A minimal Alexa request envelope as JSON bytes."""
    app = {"applicationId": application_id}
    req = {
        "type": "LaunchRequest",
        "requestId": "amzn1.echo-api.request.test",
        "timestamp": timestamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "locale": "en-US",
    }
    req.update(request or {})
    doc = {
        "version": "1.0",
        "session": {"new": True, "sessionId": "amzn1.echo-api.session.test", "application": app},
        "context": {"System": {"application": app}},
        "request": req,
    }
    return json.dumps(doc).encode()


def signed_headers(body: bytes, key: rsa.RSAPrivateKey, url: str = CERT_URL) -> dict[str, str]:
    """Headers Alexa would send for ``body``."""
    return {"SignatureCertChainUrl": url, "Signature-256": sign(body, key)}
