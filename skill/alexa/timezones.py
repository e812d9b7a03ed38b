"""The Echo device's time zone from the Alexa Settings API, cached per device; quiet fallback.

`GET {apiEndpoint}/v2/devices/{deviceId}/settings/System.timeZone` with the request's
`apiAccessToken` answers a JSON string such as `"America/Los_Angeles"`. The HTTP call is one
replaceable function (`SettingsGet`), the boundary tests replace.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

logger = logging.getLogger(__name__)

SettingsGet = Callable[[str, str, float], object]
"""(url, bearer token, timeout seconds) → the decoded JSON answer; raises on any failure."""

ALLOWED_API_HOST_SUFFIX = ".amazonalexa.com"


def http_settings_get(url: str, token: str, timeout: float) -> object:
    """The real call, with `requests`."""
    import requests

    resp = requests.get(
        url,
        headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
        timeout=timeout,
        allow_redirects=False,
    )
    resp.raise_for_status()
    return resp.json()


def _valid_zone(value: object) -> str | None:
    if not isinstance(value, str) or not value or len(value) > 64 or "." in value.split("/")[0]:
        return None
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return value


class DeviceZones:
    """Look up and cache device time zones; any failure answers None (use the household's zone)."""

    def __init__(
        self,
        get: SettingsGet | None = None,
        *,
        ttl_s: float = 3600.0,
        failure_ttl_s: float = 300.0,
        timeout_s: float = 2.0,
        max_entries: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._get = get or http_settings_get
        self.ttl_s = ttl_s
        self.failure_ttl_s = failure_ttl_s
        self.timeout_s = timeout_s
        self.max_entries = max_entries
        self._clock = clock
        self._cache: OrderedDict[str, tuple[float, str | None]] = OrderedDict()
        self._lock = threading.Lock()

    def zone(self, api_endpoint: str | None, device_id: str | None, api_token: str | None) -> str | None:
        """The device's IANA zone, or None when unknown."""
        if not api_endpoint or not device_id or not api_token:
            return None
        parts = urlsplit(api_endpoint)
        host = (parts.hostname or "").lower()
        if parts.scheme != "https" or not (host.endswith(ALLOWED_API_HOST_SUFFIX)):
            logger.debug("ignoring unexpected apiEndpoint %r", api_endpoint)
            return None
        now = self._clock()
        with self._lock:
            cached = self._cache.get(device_id)
            if cached and cached[0] > now:
                return cached[1]
        url = f"{api_endpoint.rstrip('/')}/v2/devices/{quote(device_id, safe='')}/settings/System.timeZone"
        try:
            zone = _valid_zone(self._get(url, api_token, self.timeout_s))
        except Exception as exc:  # network, status, JSON: fall back quietly
            logger.debug("device time zone lookup failed: %s", exc)
            zone = None
        with self._lock:
            self._cache[device_id] = (now + (self.ttl_s if zone else self.failure_ttl_s), zone)
            self._cache.move_to_end(device_id)
            while len(self._cache) > self.max_entries:
                self._cache.popitem(last=False)
        return zone
