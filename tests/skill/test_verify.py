"""Tests for skill.alexa.verify: real certs, real RSA signatures, fake HTTP fetch."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from skill.alexa.verify import RequestVerifier, VerificationError, VerifierSettings, check_cert_url
from testkit.alexa_certs import CERT_URL, NOW, SKILL_ID, envelope, make_chain, rsa_key, sign, signed_headers


def _check(exc: pytest.ExceptionInfo[VerificationError]) -> str:
    return exc.value.check


def test_valid_request_passes(make_verifier, alexa_chain):
    verifier, fetch = make_verifier()
    body = envelope()
    doc = verifier.verify(signed_headers(body, alexa_chain[1]), body)
    assert doc["request"]["type"] == "LaunchRequest"
    assert fetch.calls == [CERT_URL]


def test_header_lookup_is_case_insensitive(make_verifier, alexa_chain):
    verifier, _ = make_verifier()
    body = envelope()
    headers = {k.lower(): v for k, v in signed_headers(body, alexa_chain[1]).items()}
    assert verifier.verify(headers, body)["version"] == "1.0"


def test_direct_leaf_under_root_passes(make_verifier):
    root, key, pem = make_chain(intermediate=False)
    verifier, _ = make_verifier(pem=pem, roots=[root])
    body = envelope()
    verifier.verify(signed_headers(body, key), body)


def test_chain_fetched_once_for_two_requests(make_verifier, alexa_chain):
    verifier, fetch = make_verifier()
    for ts in (NOW, NOW + timedelta(seconds=1)):
        body = envelope(timestamp=ts)
        verifier.verify(signed_headers(body, alexa_chain[1]), body)
    assert len(fetch.calls) == 1


def test_cache_expires_with_earliest_not_after(alexa_chain):
    root, key, pem = make_chain(not_after=NOW + timedelta(hours=1))
    calls: list[str] = []
    now = [NOW]

    def fetch(url: str) -> bytes:
        calls.append(url)
        return pem

    verifier = RequestVerifier(
        VerifierSettings(skill_id=SKILL_ID), fetch=fetch, trusted_roots=[root], clock=lambda: now[0]
    )
    body = envelope()
    verifier.verify(signed_headers(body, key), body)
    now[0] = NOW + timedelta(hours=2)
    body = envelope(timestamp=now[0])
    with pytest.raises(VerificationError) as exc:
        verifier.verify(signed_headers(body, key), body)
    assert _check(exc) == "expired"
    assert len(calls) == 2


@pytest.mark.parametrize("drop", ["SignatureCertChainUrl", "Signature-256"])
def test_missing_header(make_verifier, alexa_chain, drop):
    verifier, fetch = make_verifier()
    body = envelope()
    headers = signed_headers(body, alexa_chain[1])
    del headers[drop]
    with pytest.raises(VerificationError) as exc:
        verifier.verify(headers, body)
    assert _check(exc) == "missing_header"
    assert fetch.calls == []


def test_wrong_signature(make_verifier, alexa_chain):
    verifier, _ = make_verifier()
    body = envelope()
    headers = signed_headers(body, alexa_chain[1])
    headers["Signature-256"] = sign(body, rsa_key("attacker"))
    with pytest.raises(VerificationError) as exc:
        verifier.verify(headers, body)
    assert _check(exc) == "signature"


def test_signature_not_base64(make_verifier, alexa_chain):
    verifier, _ = make_verifier()
    body = envelope()
    headers = signed_headers(body, alexa_chain[1])
    headers["Signature-256"] = "not base64!!"
    with pytest.raises(VerificationError) as exc:
        verifier.verify(headers, body)
    assert _check(exc) == "signature"


def test_body_altered_after_signing(make_verifier, alexa_chain):
    verifier, _ = make_verifier()
    body = envelope()
    headers = signed_headers(body, alexa_chain[1])
    tampered = body.replace(b"LaunchRequest", b"IntentRequest")
    with pytest.raises(VerificationError) as exc:
        verifier.verify(headers, tampered)
    assert _check(exc) == "signature"


@pytest.mark.parametrize(
    "url",
    [
        "http://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "https://notamazon.com/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com.evil.com/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com/EcHo.aPi/echo-api-cert.pem",
        "https://s3.amazonaws.com/invalid.path/echo-api-cert.pem",
        "https://s3.amazonaws.com/echo.api/../evil/cert.pem",
        "https://s3.amazonaws.com/echo.api/%2e%2e/evil/cert.pem",
        "https://s3.amazonaws.com:8443/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com:notaport/echo.api/echo-api-cert.pem",
    ],
)
def test_bad_cert_urls_rejected(make_verifier, alexa_chain, url):
    verifier, fetch = make_verifier()
    body = envelope()
    with pytest.raises(VerificationError) as exc:
        verifier.verify(signed_headers(body, alexa_chain[1], url=url), body)
    assert _check(exc) == "cert_url"
    assert fetch.calls == []


@pytest.mark.parametrize(
    "url",
    [
        "HTTPS://S3.AMAZONAWS.COM:443/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com:443/echo.api/../echo.api/echo-api-cert.pem",
    ],
)
def test_good_cert_urls_accepted(make_verifier, alexa_chain, url):
    verifier, fetch = make_verifier()
    body = envelope()
    verifier.verify(signed_headers(body, alexa_chain[1], url=url), body)
    assert fetch.calls == [url]
    check_cert_url(url)


def test_expired_leaf(make_verifier):
    root, key, pem = make_chain(not_before=NOW - timedelta(days=60), not_after=NOW - timedelta(days=1))
    verifier, _ = make_verifier(pem=pem, roots=[root])
    body = envelope()
    with pytest.raises(VerificationError) as exc:
        verifier.verify(signed_headers(body, key), body)
    assert _check(exc) == "expired"


def test_leaf_not_yet_valid(make_verifier):
    root, key, pem = make_chain(not_before=NOW + timedelta(days=1))
    verifier, _ = make_verifier(pem=pem, roots=[root])
    body = envelope()
    with pytest.raises(VerificationError) as exc:
        verifier.verify(signed_headers(body, key), body)
    assert _check(exc) == "expired"


def test_wrong_san(make_verifier):
    root, key, pem = make_chain(san="evil.example.com")
    verifier, _ = make_verifier(pem=pem, roots=[root])
    body = envelope()
    with pytest.raises(VerificationError) as exc:
        verifier.verify(signed_headers(body, key), body)
    assert _check(exc) == "san"


def test_leaf_not_signed_by_trusted_root(make_verifier, alexa_chain):
    _, key, other_pem = make_chain(ca="other")
    verifier, _ = make_verifier(pem=other_pem, roots=[alexa_chain[0]])
    body = envelope()
    with pytest.raises(VerificationError) as exc:
        verifier.verify(signed_headers(body, key), body)
    assert _check(exc) == "chain"


def test_garbage_chain(make_verifier, alexa_chain):
    verifier, _ = make_verifier(pem=b"<html>not a cert</html>")
    body = envelope()
    with pytest.raises(VerificationError) as exc:
        verifier.verify(signed_headers(body, alexa_chain[1]), body)
    assert _check(exc) == "chain"


def test_default_roots_are_certifi_and_reject_test_root(alexa_chain):
    _, key, pem = alexa_chain
    verifier = RequestVerifier(VerifierSettings(skill_id=SKILL_ID), fetch=lambda url: pem, clock=lambda: NOW)
    body = envelope()
    with pytest.raises(VerificationError) as exc:
        verifier.verify(signed_headers(body, key), body)
    assert _check(exc) == "chain"


def test_fetch_failure(alexa_chain):
    def fetch(url: str) -> bytes:
        raise OSError("connection refused")

    verifier = RequestVerifier(
        VerifierSettings(skill_id=SKILL_ID), fetch=fetch, trusted_roots=[alexa_chain[0]], clock=lambda: NOW
    )
    body = envelope()
    with pytest.raises(VerificationError) as exc:
        verifier.verify(signed_headers(body, alexa_chain[1]), body)
    assert _check(exc) == "cert_fetch"


@pytest.mark.parametrize("skew", [timedelta(seconds=151), timedelta(seconds=-151), timedelta(hours=1)])
def test_stale_or_future_timestamp(make_verifier, alexa_chain, skew):
    verifier, _ = make_verifier()
    body = envelope(timestamp=NOW + skew)
    with pytest.raises(VerificationError) as exc:
        verifier.verify(signed_headers(body, alexa_chain[1]), body)
    assert _check(exc) == "timestamp"


def test_timestamp_within_skew_passes(make_verifier, alexa_chain):
    verifier, _ = make_verifier()
    body = envelope(timestamp=NOW - timedelta(seconds=149))
    verifier.verify(signed_headers(body, alexa_chain[1]), body)


def test_bad_json_body(make_verifier, alexa_chain):
    verifier, _ = make_verifier()
    body = b"{not json"
    with pytest.raises(VerificationError) as exc:
        verifier.verify(signed_headers(body, alexa_chain[1]), body)
    assert _check(exc) == "body"


def test_wrong_application_id(make_verifier, alexa_chain):
    verifier, _ = make_verifier()
    body = envelope(application_id="amzn1.ask.skill.someone-else")
    with pytest.raises(VerificationError) as exc:
        verifier.verify(signed_headers(body, alexa_chain[1]), body)
    assert _check(exc) == "application_id"


def test_application_id_falls_back_to_session(make_verifier, alexa_chain):
    verifier, _ = make_verifier()
    doc = json.loads(envelope())
    del doc["context"]
    body = json.dumps(doc).encode()
    verifier.verify(signed_headers(body, alexa_chain[1]), body)


def test_no_skill_id_configured_skips_application_check(make_verifier, alexa_chain):
    verifier, _ = make_verifier(skill_id=None)
    body = envelope(application_id="amzn1.ask.skill.anything")
    verifier.verify(signed_headers(body, alexa_chain[1]), body)


def test_verify_off_accepts_unsigned_request(make_verifier):
    verifier, fetch = make_verifier(verify_signature=False)
    body = envelope(timestamp=NOW - timedelta(days=1))
    assert verifier.verify({}, body)["request"]["type"] == "LaunchRequest"
    assert fetch.calls == []


def test_verify_off_still_refuses_wrong_application_id(make_verifier):
    verifier, _ = make_verifier(verify_signature=False)
    body = envelope(application_id="amzn1.ask.skill.someone-else")
    with pytest.raises(VerificationError) as exc:
        verifier.verify({}, body)
    assert _check(exc) == "application_id"
