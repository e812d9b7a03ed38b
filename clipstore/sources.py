"""Stream URLs hold passwords: show them only with the secret parts masked."""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .errors import Invalid

MASK = "***"
SECRET_PARAMS = frozenset({"password", "pass", "pwd", "passwd", "token", "key", "secret", "auth", "apikey",
                           "api_key", "access_token", "sig", "signature"})
STREAM_SCHEMES = ("rtsp", "rtsps", "rtmp", "http", "https")
_USERINFO = re.compile(r"(?<=://)([^/@\s:]*):([^/@\s]*)@")


def redact(url: str) -> str:
    """The URL with its password and secret query values replaced by `***` (user names stay)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return _USERINFO.sub(lambda m: f"{m[1]}:{MASK}@", url)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        user = userinfo.split(":", 1)[0]
        netloc = f"{user}:{MASK}@{host}" if ":" in userinfo else f"{user}@{host}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        query = urlencode([(k, MASK if k.lower() in SECRET_PARAMS else v) for k, v in pairs], safe="*")
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def scrub(text: str, url: str) -> str:
    """`text` (an error message, say) with any copy of `url` or its password masked."""
    text = text.replace(url, redact(url))
    try:
        password = urlsplit(url).password
    except ValueError:
        password = None
    if password:
        text = text.replace(password, MASK)
    return _USERINFO.sub(lambda m: f"{m[1]}:{MASK}@", text)


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
