"""A small asynchronous client of the Home Clips server's clip API and intent API (aiohttp)."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

import aiohttp

_LOGGER = logging.getLogger(__name__)

TIMEOUT_S = 15


class HomeClipsError(Exception):
    """Any failure talking to the server."""


class InvalidUrl(HomeClipsError):
    """The address is not an http(s) URL of a server."""


class CannotConnect(HomeClipsError):
    """The server could not be reached (refused, timed out, TLS failed)."""


class InvalidAuth(HomeClipsError):
    """The server refused the token (401)."""


class NotHomeClips(HomeClipsError):
    """Something answered, but not as a Home Clips server does."""


class ApiError(HomeClipsError):
    """The server answered a request with an error (4xx/5xx); the message is the server's own."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def normalize_url(url: str) -> str:
    """The server's base URL without a trailing slash; InvalidUrl unless it is http(s)://host[:port][/path]."""
    text = (url or "").strip().rstrip("/")
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise InvalidUrl(text) from None
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise InvalidUrl(text)
    return text


class HomeClipsClient:
    """One household's view of a server, through a member's API token."""

    def __init__(self, session: aiohttp.ClientSession, url: str, token: str) -> None:
        self._session = session
        self.url = normalize_url(url)
        self._token = token

    async def request(self, method: str, path: str, *, timeout: float = TIMEOUT_S, **kwargs: Any) -> Any:
        """The JSON answer to one call; the errors above for everything else."""
        headers = {"Authorization": f"Bearer {self._token}"}
        try:
            async with self._session.request(
                method, f"{self.url}{path}", headers=headers, timeout=aiohttp.ClientTimeout(total=timeout), **kwargs
            ) as response:
                if response.status == 401:
                    raise InvalidAuth("the server refused the token")
                try:
                    body = await response.json(content_type=None)
                except (ValueError, aiohttp.ContentTypeError):
                    raise NotHomeClips(f"{method} {path} answered {response.status} without JSON") from None
                if response.status >= 400:
                    message = body.get("error") if isinstance(body, dict) else None
                    if not isinstance(message, str):
                        raise NotHomeClips(f"{method} {path} answered {response.status}")
                    raise ApiError(response.status, message)
                return body
        except (TimeoutError, aiohttp.ClientConnectionError, aiohttp.ClientPayloadError) as err:
            raise CannotConnect(f"{self.url}: {err or type(err).__name__}") from err

    async def read(self, path: str, *, timeout: float = TIMEOUT_S) -> bytes:
        """The bytes of a media route (a thumbnail)."""
        headers = {"Authorization": f"Bearer {self._token}"}
        try:
            async with self._session.get(
                f"{self.url}{path}", headers=headers, timeout=aiohttp.ClientTimeout(total=timeout)
            ) as response:
                if response.status == 401:
                    raise InvalidAuth("the server refused the token")
                if response.status >= 400:
                    raise ApiError(response.status, f"GET {path} answered {response.status}")
                return await response.read()
        except (TimeoutError, aiohttp.ClientConnectionError, aiohttp.ClientPayloadError) as err:
            raise CannotConnect(f"{self.url}: {err or type(err).__name__}") from err

    async def household(self) -> dict[str, Any]:
        """`GET /api/household`, checked to be a Home Clips answer (the config flow's test of URL and token)."""
        try:
            body = await self.request("GET", "/api/household")
        except ApiError as err:
            raise NotHomeClips(str(err)) from err
        if not isinstance(body, dict) or not {"name", "timezone"} <= set(body):
            raise NotHomeClips("GET /api/household did not answer a household")
        return body

    async def cameras(self) -> list[dict[str, Any]]:
        return (await self.request("GET", "/api/cameras"))["cameras"]

    async def today(self) -> dict[str, Any]:
        return await self.request("GET", "/api/clips/today")

    async def latest_clip(self) -> dict[str, Any] | None:
        clips = (await self.request("GET", "/api/clips", params={"limit": "1"}))["clips"]
        return clips[0] if clips else None

    async def feed(self, cursor: str | None, wait: int = 0) -> dict[str, Any]:
        """New clips since `cursor` (waiting up to `wait` s for one), and the cursor to continue from."""
        params = {"wait": str(wait), **({"cursor": cursor} if cursor else {})}
        return await self.request("GET", "/api/clips/feed", params=params, timeout=wait + TIMEOUT_S)

    async def set_recording(self, camera: str, recording: bool) -> dict[str, Any]:
        return await self.request("PATCH", f"/api/cameras/{camera}", json={"recording": recording})

    async def count(self, filters: dict[str, str]) -> int:
        return int((await self.request("GET", "/api/clips/count", params=filters))["count"])

    async def delete(self, filters: dict[str, str]) -> int:
        return int((await self.request("DELETE", "/api/clips", params=filters))["deleted"])

    async def restore(self) -> int:
        return int((await self.request("POST", "/api/clips/restore"))["restored"])

    async def share(self, clip_id: str, consent: bool, days: int | None) -> dict[str, Any]:
        body: dict[str, Any] = {"consent": consent, **({"days": days} if days is not None else {})}
        return await self.request("POST", f"/api/clips/{clip_id}/shares", json=body)

    async def revoke_shares(self) -> int:
        return int((await self.request("DELETE", "/api/shares"))["revoked"])

    async def intent(self, text: str, session: str | None) -> dict[str, Any]:
        """One turn of a conversation through `POST /api/intent`."""
        body: dict[str, Any] = {"text": text}
        if session:
            body["session"] = session
        return await self.request("POST", "/api/intent", json=body)
