"""The clip service over the in-process clip store: one member's household through the store's door, which
limits every read to the member's cameras, checks every change against their role and audits both."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from clipstore import (
    LABELS,
    AuditEvent,
    Caller,
    Camera,
    Clip,
    ClipQuery,
    ClipStore,
    CodeCheck,
    Home,
    Household,
    Member,
    Restored,
    RetentionChange,
    Share,
    VoiceCodeStatus,
)

from .service import CameraState, ClipService


class Recordings(Protocol):
    """Where continuous recordings come from (intake's Frigate source, given by the server)."""

    def near(self, home: Home, camera: str, moment: datetime) -> Clip | None:
        """A stretch around `moment` stored as a clip for the caller of `home`, or None."""


class StoreClipService(ClipService):
    """The handlers' clip service for one caller (a member through a channel), in this process."""

    def __init__(
        self,
        home: Home,
        *,
        now: Callable[[], datetime],
        add_urls: Callable[[Clip], Clip] | None = None,
        recordings: Recordings | None = None,
    ) -> None:
        self.home = home
        self.now = now
        self.recordings = recordings
        self.add_urls = add_urls or (lambda clip: clip)
        self.recordings = recordings

    @classmethod
    def open(
        cls,
        store: ClipStore,
        household_id: int,
        *,
        channel: str,
        member: str = "owner",
        add_urls: Callable[[Clip], Clip] | None = None,
    ) -> StoreClipService:
        """The service for a member of a household through `channel` (the owner's when not said)."""
        caller = store.access.member_caller(household_id, member, channel) or Caller(household_id, member, channel)
        return cls(store.home(caller), now=store.now_utc, add_urls=add_urls)

    @property
    def caller(self) -> Caller:
        """Who is asking."""
        return self.home.caller

    def household(self) -> Household:
        return self.home.settings.household()

    def cameras(self) -> list[Camera]:
        return self.home.cameras.all()

    def can_tell(self) -> dict[str, tuple[str, ...]]:
        return {
            camera: tuple(label for label in LABELS if any(label in labels for labels in sources.values()))
            for camera, sources in self.home.clips.coverage().items()
        }

    def list_clips(self, query: ClipQuery, limit: int = 50, oldest_first: bool = False) -> list[Clip]:
        clips, _ = self.home.clips.page(query, limit, oldest_first=oldest_first)
        return [self.add_urls(c) for c in clips]

    def count_clips(self, query: ClipQuery) -> int:
        return self.home.clips.count(query)

    def get_clip(self, clip_id: str) -> Clip:
        return self.add_urls(self.home.clips.view(clip_id))

    def delete_clips(self, query: ClipQuery) -> int:
        return self.home.clips.delete(query)

    def restore_last(self) -> Restored:
        return self.home.clips.restore_last()

    def share_clip(self, clip_id: str, days: int = 7, with_whom: str = "guest") -> Share:
        return self.home.shares.create(clip_id, with_whom=with_whom, days=days)

    def revoke_shares(self) -> int:
        return self.home.shares.revoke_all()

    def set_recording(self, camera: str, recording: bool) -> Camera:
        return self.home.cameras.switch(camera, recording)

    def camera_states(self) -> list[CameraState]:
        sources = self.home.cameras.shown_sources()
        states = []
        for cam in self.home.cameras.all():
            if cam.id not in sources:
                states.append(CameraState(cam))
                continue
            recorder = self.home.cameras.recorder_state(cam.id) or {}
            connected = bool(recorder.get("connected"))
            states.append(CameraState(cam, True, connected, None if connected else recorder.get("last_error")))
        return states

    def set_retention(self, days: int, confirm: bool = False) -> RetentionChange:
        return self.home.settings.update(retention_days=days, confirm=confirm)

    def access_log(
        self,
        *,
        camera: str | None = None,
        after: datetime | None = None,
        before: datetime | None = None,
        limit: int = 200,
    ) -> list[AuditEvent]:
        return self.home.log.events(camera=camera, after=after, before=before, limit=limit)

    def voice_code_status(self) -> VoiceCodeStatus:
        return self.home.settings.voice_code()

    def check_voice_code(self, code: str) -> CodeCheck:
        return self.home.settings.check_voice_code(code)

    def members(self) -> list[Member]:
        return self.home.members.people()

    def me(self) -> str | None:
        return self.caller.member

    def may_share(self) -> bool:
        return self.home.shares.may_create()

    def support_contact(self) -> str | None:
        return self.home.shares.support_contact

    def recording_near(self, camera: str, moment: datetime) -> Clip | None:
        if self.recordings is None:
            return None
        clip = self.recordings.near(self.home, camera, moment)
        return None if clip is None else self.get_clip(clip.id)
