"""Stream URLs hold secrets in many forms: show them only as scheme, host, port and path, secrets masked.

Cameras put their credentials in the user info (`user:password@`, or a bare key `key@`), in query parameters
of any name (`password=`, `passphrase=`, `user_pw=`, a bare `?KEY`), and in the path itself (XMEye/NetSurveillance:
`/user=admin&password=...&channel=1&stream=0.sdp`, also with `_` between the pairs), or as a token segment.
`redact` shows none of that: user info is `***@`; a query or path `key=value` shows the value only for a few
harmless keys (channel, subtype, ...); a path segment that is not plain text, or looks like a token, is `***`.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit, urlunsplit

from .errors import Invalid

MASK = "***"
STREAM_SCHEMES = ("rtsp", "rtsps", "rtmp", "http", "https")
SHOWN_KEYS = frozenset(
    {
        "channel",
        "subtype",
        "stream",
        "streamtype",
        "profile",
        "transportmode",
        "videocodec",
        "resolution",
        "fps",
        "camera",
        "cam",
        "ch",
        "chn",
        "codec",
        "transport",
        "unicast",
        "tcp",
        "udp",
        "audio",
        "video",
        "compression",
        "width",
        "height",
        "format",
    }
)
"""Parameters whose (short, plain) values are shown: they pick a stream, they are never a secret."""
_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_.-]{0,31}")
_PLAIN_VALUE = re.compile(r"[A-Za-z0-9_.-]{1,32}")
_PLAIN_SEGMENT = re.compile(r"[A-Za-z0-9._~-]{0,48}")
_TOKEN = re.compile(r"(?=[A-Za-z0-9]*[0-9])(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{16,}")
_USERINFO = re.compile(r"(?<=://)[^/@\s]*@")
_SECRET_PAIR = re.compile(
    r"(?i)\b((?:pass\w*|pwd|pw|\w*_pw|passwd|token|key|secret|auth\w*|sig\w*)\s*[=:]\s*)"
    r"[^&\s'\",;)]+"
)


def _pairs(text: str) -> str:
    """`k=v&k2=v2` with every value masked unless its key is a harmless one; bare pieces masked too."""
    shown = []
    for piece in re.split(r"[&;]", text):
        key, sep, value = piece.partition("=")
        if not sep:
            shown.append(piece if piece.lower() in SHOWN_KEYS else MASK)
            continue
        name = key if _KEY.fullmatch(key) else MASK
        plain = key.lower() in SHOWN_KEYS and _PLAIN_VALUE.fullmatch(value)
        shown.append(f"{name}={value if plain else MASK}")
    return "&".join(shown)


def _segment(segment: str) -> str:
    if "=" in segment:
        return _pairs(segment)
    if _PLAIN_SEGMENT.fullmatch(segment) and not _TOKEN.fullmatch(segment):
        return segment
    return MASK


def redact(url: str) -> str:
    """The URL as it may be shown: scheme, `***@` for any user info, host, port, path and harmless parameters."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
    except ValueError:
        return MASK
    try:
        port = parts.port
    except ValueError:
        port = None
    if ":" in host:
        host = f"[{host}]"
    netloc = ("***@" if "@" in parts.netloc else "") + host + (f":{port}" if port is not None else "")
    path = "/".join(_segment(segment) for segment in parts.path.split("/"))
    query = _pairs(parts.query) if parts.query else ""
    return urlunsplit((parts.scheme.lower(), netloc, path, query, ""))


def _masked_values(text: str) -> list[str]:
    """The values (or bare pieces) of `k=v&...` that `_pairs` masks."""
    masked = []
    for piece in re.split(r"[&;]", text):
        key, sep, value = piece.partition("=")
        if not sep:
            masked += [] if piece.lower() in SHOWN_KEYS else [piece]
        elif not (key.lower() in SHOWN_KEYS and _PLAIN_VALUE.fullmatch(value)):
            masked += [value] if _KEY.fullmatch(key) else [key, value]
            masked += re.split(r"[=_]", value)  # `user=admin_password=...`: the pairs inside one value
    return masked


def _secrets(url: str) -> set[str]:
    """Every part of `url` that `redact` masks, as written and decoded (to scrub them from messages)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return set()
    found = re.split(r"[:]", parts.netloc.rsplit("@", 1)[0]) if "@" in parts.netloc else []
    found += _masked_values(parts.query) if parts.query else []
    for segment in parts.path.split("/"):
        found += _masked_values(segment) if "=" in segment else [segment] if _segment(segment) == MASK else []
    return {text for item in found for text in (item, unquote(item)) if len(text) >= 3}


def scrub(text: str, url: str) -> str:
    """`text` (an error message, say) with any copy of `url`, or of a secret in it, masked."""
    text = text.replace(url, redact(url))
    for secret in sorted(_secrets(url), key=len, reverse=True):
        text = text.replace(secret, MASK)
    text = _USERINFO.sub("***@", text)
    return _SECRET_PAIR.sub(lambda m: m[1] + MASK, text)


def check_source(value: object) -> str:
    """A camera source: an rtsp(s)/rtmp/http(s) URL with a host, at most 2,000 characters."""
    if not isinstance(value, str) or not value.strip() or len(value) > 2000:
        raise Invalid("source must be a stream URL (rtsp://, http(s)://) of at most 2000 characters")
    value = value.strip()
    try:
        parts = urlsplit(value)
    except ValueError:
        raise Invalid("source is not a valid URL") from None
    if parts.scheme.lower() not in STREAM_SCHEMES or not parts.hostname:
        raise Invalid(f"source must start with one of {', '.join(s + '://' for s in STREAM_SCHEMES)} and name a host")
    if any(ch.isspace() for ch in value):
        raise Invalid("source must not contain spaces")
    return value
