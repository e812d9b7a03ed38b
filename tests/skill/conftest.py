"""Fixtures for Alexa skill tests: a fake Alexa cert chain and a verifier factory."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa

from skill.alexa.verify import RequestVerifier, VerifierSettings
from testkit.alexa_certs import CERT_URL, NOW, SKILL_ID, make_chain


@dataclass
class FakeFetch:
    """Stands in for the HTTP boundary: serves ``pem`` for ``url`` and counts calls."""

    pem: bytes
    url: str = CERT_URL
    calls: list[str] = field(default_factory=list)

    def __call__(self, url: str) -> bytes:
        self.calls.append(url)
        return self.pem


@pytest.fixture(scope="session")
def alexa_chain() -> tuple[x509.Certificate, rsa.RSAPrivateKey, bytes]:
    """``(root_cert, leaf_key, chain_pem)`` for a valid echo-api.amazon.com leaf."""
    return make_chain()


@pytest.fixture
def make_verifier(alexa_chain) -> Callable[..., tuple[RequestVerifier, FakeFetch]]:
    """Build a RequestVerifier wired to the test root and a FakeFetch."""

    def build(
        skill_id: str | None = SKILL_ID,
        verify_signature: bool = True,
        pem: bytes | None = None,
        roots: list[x509.Certificate] | None = None,
        now: datetime = NOW,
    ) -> tuple[RequestVerifier, FakeFetch]:
        root, _, chain_pem = alexa_chain
        fetch = FakeFetch(pem if pem is not None else chain_pem)
        verifier = RequestVerifier(
            VerifierSettings(skill_id=skill_id, verify_signature=verify_signature),
            fetch=fetch,
            trusted_roots=roots if roots is not None else [root],
            clock=lambda: now,
        )
        return verifier, fetch

    return build
