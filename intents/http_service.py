"""The clip service over the clip API (HTTP, `requests`), for a front end on another machine."""

from __future__ import annotations

import logging
from datetime import datetime

import requests

from clipstore import (
    AuditEvent,
    Camera,
    Clip,
    ClipQuery,
    CodeCheck,
    Conflict,
    Forbidden,
    Household,
    Invalid,
    Member,
    NeedsConfirmation,
    NotFound,
    Restored,
    RetentionChange,
    Share,
    StoreError,
    VoiceCodeStatus,
    utc_iso,
)

from .service import CameraState, ClipService

logger = logging.getLogger(__name__)

_ERRORS: dict[int, type[StoreError]] = {400: Invalid, 403: Forbidden, 404: NotFound, 409: Conflict}
CHANNEL_HEADER = "X-Home-Clips-Channel"
"""Tells the server which front end speaks for the person (the audit log names it: voice or wyoming)."""


class ServiceUnavailable(StoreError):
    """The clip API could not be reached or answered with a server error."""

    status = 503


def _params(query: ClipQuery) -> dict:
    params = {
        "camera": query.camera,
        "label": query.label,
        "after": utc_iso(query.after) if query.after else None,
        "before": utc_iso(query.before) if query.before else None,
    }
    return {k: v for k, v in params.items() if v is not None}


class HttpClipService(ClipService):
    """Talks to `python -m skill` (or any server of the contract) with a household's bearer token."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        timeout: float = 10.0,
        session: requests.Session | None = None,
        channel: str = "voice",
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.http = session or requests.Session()
        self.http.headers["Authorization"] = f"Bearer {token}"
        self.http.headers[CHANNEL_HEADER] = channel
        self.timeout = timeout

    def _call(self, method: str, path: str, **kwargs) -> dict:
        try:
            response = self.http.request(method, self.base_url + path, timeout=self.timeout, **kwargs)
        except requests.RequestException as exc:
            raise ServiceUnavailable(f"cannot reach the clip service at {self.base_url}: {exc}") from None
        if response.status_code >= 400:
            try:
                body = response.json()
                message = body.get("error", response.reason)
            except (ValueError, AttributeError):
                body, message = {}, response.reason
            if response.status_code == 401:
                raise Invalid(f"the clip service refused the token: {message}")
            if response.status_code == 409 and isinstance(body.get("count"), int):
                raise NeedsConfirmation(message, body["count"])
            raise _ERRORS.get(response.status_code, ServiceUnavailable)(message)
        return response.json()

    def household(self) -> Household:
        data = self._call("GET", "/api/household")
        return Household(0, data["name"], data["timezone"], int(data["retention_days"]))

    def cameras(self) -> list[Camera]:
        return [Camera.from_dict(c) for c in self._call("GET", "/api/cameras")["cameras"]]

    def can_tell(self) -> dict[str, tuple[str, ...]]:
        return {
            c["camera"]: tuple(c["can_tell"])
            for c in self._call("GET", "/api/labels")["cameras"]
            if c.get("can_tell") is not None
        }

    def list_clips(self, query: ClipQuery, limit: int = 50, oldest_first: bool = False) -> list[Clip]:
        params = {**_params(query), "limit": limit}
        if oldest_first:
            params["order"] = "oldest"
        return [Clip.from_dict(c) for c in self._call("GET", "/api/clips", params=params)["clips"]]

    def count_clips(self, query: ClipQuery) -> int:
        return int(self._call("GET", "/api/clips/count", params=_params(query))["count"])

    def get_clip(self, clip_id: str) -> Clip:
        return Clip.from_dict(self._call("GET", f"/api/clips/{clip_id}"))

    def delete_clips(self, query: ClipQuery) -> int:
        params = _params(query)
        if query.ids is not None:
            if not query.ids:
                return 0
            params["ids"] = ",".join(query.ids)
        return int(self._call("DELETE", "/api/clips", params=params or {"all": "true"})["deleted"])

    def restore_last(self) -> Restored:
        data = self._call("POST", "/api/clips/restore")
        return Restored(int(data["restored"]), data.get("retention_days"))

    def share_clip(self, clip_id: str, days: int = 7, with_whom: str = "guest") -> Share:
        data = self._call(
            "POST", f"/api/clips/{clip_id}/shares", json={"consent": True, "days": days, "with": with_whom}
        )

        def at(value: str) -> datetime:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))

        def when(value: str | None) -> datetime | None:
            return at(value) if value else None

        return Share(
            data["id"],
            data["clip_id"],
            at(data["created_at"]),
            at(data["expires_at"]),
            when(data.get("revoked_at")),
            data["channel"],
            data["actor"],
            data.get("with", "guest"),
        )

    def members(self) -> list[Member]:
        """The household's members as the token may list them (an owner: everyone; others: only themselves)."""
        try:
            data = self._call("GET", "/api/members")
        except StoreError as exc:
            logger.info("members not listed: %s", exc)
            return []
        return [Member(m["id"], m["name"], m.get("role", "adult")) for m in data.get("members", [])]

    def me(self) -> str | None:
        """The token's member: the one listed to anyone but an owner, else the household's only owner."""
        listed = self.members()
        owners = [m for m in listed if m.role == "owner"]
        return listed[0].id if len(listed) == 1 else owners[0].id if len(owners) == 1 else None

    def may_share(self) -> bool:
        """False for a child or a guest: the server lists anyone but an owner only themselves, with their role."""
        listed = self.members()
        return not (len(listed) == 1 and listed[0].role in ("child", "guest"))

    def revoke_shares(self) -> int:
        return int(self._call("DELETE", "/api/shares")["revoked"])

    def set_recording(self, camera: str, recording: bool) -> Camera:
        return Camera.from_dict(self._call("PATCH", f"/api/cameras/{camera}", json={"recording": recording}))

    def camera_states(self) -> list[CameraState]:
        states = []
        for shown in self._call("GET", "/api/cameras")["cameras"]:
            cam = Camera.from_dict(shown)
            if not shown.get("source"):
                states.append(CameraState(cam))
                continue
            recorder = shown.get("recorder") or {}
            connected = bool(recorder.get("connected"))
            states.append(CameraState(cam, True, connected, None if connected else recorder.get("last_error")))
        return states

    def set_retention(self, days: int, confirm: bool = False) -> RetentionChange:
        data = self._call("PATCH", "/api/household", json={"retention_days": days, "confirm": confirm})
        return RetentionChange(
            Household(0, data["name"], data["timezone"], int(data["retention_days"])), int(data.get("trashed", 0))
        )

    def access_log(
        self,
        *,
        camera: str | None = None,
        after: datetime | None = None,
        before: datetime | None = None,
        limit: int = 200,
    ) -> list[AuditEvent]:
        params = {
            "camera": camera,
            "after": utc_iso(after) if after else None,
            "before": utc_iso(before) if before else None,
            "limit": limit,
        }
        events = self._call("GET", "/api/audit", params={k: v for k, v in params.items() if v is not None})
        return [
            AuditEvent(
                e["id"],
                datetime.fromisoformat(e["at"].replace("Z", "+00:00")),
                e["channel"],
                e["actor"],
                e["action"],
                e.get("clip_id"),
                e.get("camera"),
                e.get("detail") or {},
                e.get("actor_name"),
            )
            for e in events["events"]
        ]

    def voice_code_status(self) -> VoiceCodeStatus:
        data = self._call("GET", "/api/household/voice-code")
        return VoiceCodeStatus(bool(data["set"]), bool(data.get("offline")), _when(data.get("locked_until")))

    def check_voice_code(self, code: str) -> CodeCheck:
        data = self._call("POST", "/api/household/voice-code/check", json={"code": code})
        return CodeCheck(bool(data["ok"]), int(data["attempts_left"]), _when(data.get("locked_until")))


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None
