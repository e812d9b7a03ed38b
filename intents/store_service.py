"""The clip service over the in-process clip store."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from clipstore import ClipStore
from clipstore.models import (
    AuditEvent,
    Camera,
    Clip,
    ClipQuery,
    Household,
    Restored,
    RetentionChange,
    utc_iso,
)
from clipstore.shares import Share
from clipstore.voicecode import CodeCheck, VoiceCodeStatus

from .service import CameraState, ClipService

RECORDER_STALE_S = 30.0
"""A recorder that has not reported for this long is not connected (as `GET /api/cameras` shows it)."""


class StoreClipService(ClipService):
    """Calls the store API directly; every read of a clip and every change is audited."""

    def __init__(self, store: ClipStore, household_id: int, *, channel: str, actor: str,
                 add_urls: Callable[[Clip], Clip] | None = None) -> None:
        self.store = store
        self.household_id = household_id
        self.channel = channel
        self.actor = actor
        self.add_urls = add_urls or (lambda clip: clip)

    def _audit(self, action: str, **kwargs) -> None:
        self.store.audit.record(self.household_id, channel=self.channel, actor=self.actor, action=action, **kwargs)

    def household(self) -> Household:
        return self.store.households.get(self.household_id)

    def cameras(self) -> list[Camera]:
        return self.store.cameras.list(self.household_id)

    def list_clips(self, query: ClipQuery, limit: int = 50, oldest_first: bool = False) -> list[Clip]:
        if oldest_first:
            clips = self.store.clips.list_oldest(self.household_id, query, limit)
        else:
            clips, _ = self.store.clips.list(self.household_id, query, limit)
        if clips:
            self._audit("list", camera=query.camera, detail={"clip_ids": [c.id for c in clips]})
        return [self.add_urls(c) for c in clips]

    def count_clips(self, query: ClipQuery) -> int:
        return self.store.clips.count(self.household_id, query)

    def get_clip(self, clip_id: str) -> Clip:
        clip = self.store.clips.get(self.household_id, clip_id)
        self._audit("view", clip_id=clip.id, camera=clip.camera, detail={"started_at": utc_iso(clip.started_at)})
        return self.add_urls(clip)

    def delete_clips(self, query: ClipQuery) -> int:
        count = self.store.delete(self.household_id, query)
        self._audit("delete", camera=query.camera, detail={"count": count})
        return count

    def restore_last(self) -> Restored:
        restored = self.store.restore_last(self.household_id)
        if restored.clips:
            self._audit("restore", detail=restored.detail())
        return restored

    def share_clip(self, clip_id: str, days: int = 7) -> Share:
        clip = self.store.clips.get(self.household_id, clip_id)
        share = self.store.shares.create(self.household_id, clip.id, channel=self.channel, actor=self.actor,
                                         days=days)
        self._audit("share", clip_id=clip.id, camera=clip.camera,
                    detail={"share_id": share.id, "days": days, "started_at": utc_iso(clip.started_at)})
        return share

    def revoke_shares(self) -> int:
        revoked = self.store.shares.revoke_all(self.household_id)
        self._audit("revoke", detail={"count": revoked})
        return revoked

    def set_recording(self, camera: str, recording: bool) -> Camera:
        cam = self.store.cameras.update(self.household_id, camera, recording=recording)
        self._audit("camera_update", camera=camera, detail={"recording": recording})
        return cam

    def camera_states(self) -> list[CameraState]:
        sources = self.store.cameras.shown_sources(self.household_id)
        states = []
        for cam in self.store.cameras.list(self.household_id):
            if cam.id not in sources:
                states.append(CameraState(cam))
                continue
            recorder = self.store.cameras.recorder_state(self.household_id, cam.id, self.store.now(),
                                                         RECORDER_STALE_S) or {}
            connected = bool(recorder.get("connected"))
            states.append(CameraState(cam, True, connected, None if connected else recorder.get("last_error")))
        return states

    def set_retention(self, days: int, confirm: bool = False) -> RetentionChange:
        change = self.store.set_retention(self.household_id, days, confirm=confirm)
        self._audit("settings", detail={"retention_days": days, **({"trashed": change.trashed} if change.trashed else {})})
        return change

    def access_log(self, *, camera: str | None = None, after: datetime | None = None,
                   before: datetime | None = None, limit: int = 200) -> list[AuditEvent]:
        return self.store.audit.list(self.household_id, camera=camera, after=after, before=before, limit=limit)

    def voice_code_status(self) -> VoiceCodeStatus:
        return self.store.voice_codes.status(self.household_id)

    def check_voice_code(self, code: str) -> CodeCheck:
        return self.store.voice_codes.check(self.household_id, code, channel=self.channel, actor=self.actor)
