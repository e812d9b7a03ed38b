"""Signed, expiring media links that work without the bearer token (for <video> tags and Echo Shows).

A link names the member and channel it was made for, under the signature: whoever opens it is audited as that
member through that channel, and only while that member may still see the clip."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import hmac
import logging
import re
from dataclasses import dataclass

from flask import current_app, g, request

from clipstore import Clip

from .auth import current_store

logger = logging.getLogger(__name__)

KINDS = ("video", "thumbnail", "share")
DEFAULT_TTL_S = 3600
_PURPOSE = b"clipstore media link v2"
MEMBER_RE = re.compile(r"^(share:)?[A-Za-z0-9_-]{1,40}$")
CHANNELS = ("api", "web", "voice", "wyoming", "alexa", "share")


@functools.lru_cache(maxsize=8)
def _key(secret: bytes) -> bytes:
    """A key for media links only, derived from the server secret (once per secret)."""
    return hmac.new(secret, _PURPOSE, hashlib.sha256).digest()


def sign_media(
    secret: bytes, kind: str, clip_id: str, expires_at: int, member: str = "owner", channel: str = "api"
) -> str:
    """HMAC-SHA256 (hex) over kind, clip id, expiry (Unix seconds), member and channel; one call into OpenSSL."""
    if kind not in KINDS:
        raise ValueError(f"unknown media kind {kind!r}")
    message = f"{kind}\n{clip_id}\n{int(expires_at)}\n{member}\n{channel}".encode()
    return hmac.digest(_key(secret), message, "sha256").hex()


def verify_media(
    secret: bytes,
    kind: str,
    clip_id: str,
    expires: str | int | None,
    signature: str | None,
    *,
    member: str | None = "owner",
    channel: str | None = "api",
    now: float | None = None,
) -> bool:
    """True if `signature` is ours for this kind, clip, expiry, member and channel, and the expiry has not
    passed."""
    if (
        kind not in KINDS
        or not signature
        or expires is None
        or not isinstance(member, str)
        or not MEMBER_RE.match(member)
        or channel not in CHANNELS
    ):
        return False
    try:
        expires_at = int(expires)
    except (TypeError, ValueError):
        return False
    if expires_at < (current_store().now() if now is None else now):
        return False
    expected = sign_media(secret, kind, clip_id, expires_at, member, channel)
    return hmac.compare_digest(expected.encode(), str(signature).encode())


def app_secret() -> bytes:
    """The secret this app signs media links with: the app's SECRET_KEY, else the store's key."""
    secret = current_app.config.get("SECRET_KEY")
    if isinstance(secret, bytes) and len(secret) >= 16:
        return secret
    return current_store().secret_key()


def base_url() -> str:
    """`PUBLIC_URL` if configured, else the host the request came to; no trailing slash."""
    configured = current_app.config.get("PUBLIC_URL")
    return (configured or request.host_url).rstrip("/")


def _expiry(ttl_s: int | None = None, now: float | None = None) -> int:
    ttl = int(ttl_s if ttl_s is not None else current_app.config.get("MEDIA_URL_TTL", DEFAULT_TTL_S))
    return int(current_store().now() if now is None else now) + ttl


@dataclass(frozen=True)
class LinkSigner:
    """Signs the media links of one response: base URL, secret and expiry are looked up once."""

    base: str
    secret: bytes
    expires_at: int
    member: str = "owner"
    channel: str = "api"

    def url(self, kind: str, clip_id: str) -> str:
        """An absolute signed link to a clip's video or thumbnail, for this member and channel."""
        sig = sign_media(self.secret, kind, clip_id, self.expires_at, self.member, self.channel)
        return (
            f"{self.base}/media/clips/{clip_id}/{kind}?exp={self.expires_at}&m={self.member}&c={self.channel}&sig={sig}"
        )


def _caller() -> tuple[str, str]:
    home = g.get("home")
    return (home.caller.member, home.caller.channel) if home is not None else ("owner", "api")


def link_signer(ttl_s: int | None = None, now: float | None = None) -> LinkSigner:
    """The signer for this request's caller (cached on the request when the default expiry is used)."""
    if ttl_s is not None or now is not None:
        return LinkSigner(base_url(), app_secret(), _expiry(ttl_s, now), *_caller())
    signer = g.get("_link_signer")
    if signer is None:
        signer = g._link_signer = LinkSigner(base_url(), app_secret(), _expiry(), *_caller())
    return signer


def media_url(kind: str, clip_id: str, *, ttl_s: int | None = None, now: float | None = None) -> str:
    """An absolute signed link to a clip's video or thumbnail."""
    return link_signer(ttl_s, now).url(kind, clip_id)


def with_urls(clip: Clip) -> Clip:
    """The clip with fresh signed `video_url` and `thumbnail_url` (needs a request context)."""
    signer = link_signer()
    return dataclasses.replace(
        clip, video_url=signer.url("video", clip.id), thumbnail_url=signer.url("thumbnail", clip.id)
    )


def clip_json(clip: Clip, household_id: int | None = None, signer: LinkSigner | None = None) -> dict:
    """The contract's clip shape with signed links (`signer`: the response's, when it signs many).

    `household_id` is accepted for callers that have it; links are bound to the clip id, which is unique.
    """
    signer = signer or link_signer()
    data = clip.to_dict()
    data["video_url"], data["thumbnail_url"] = signer.url("video", clip.id), signer.url("thumbnail", clip.id)
    return data
