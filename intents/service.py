"""The clip-service interface the handlers depend on (in-process store or HTTP)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime

from clipstore import (
    AuditEvent,
    Camera,
    Clip,
    ClipQuery,
    CodeCheck,
    Household,
    Member,
    Restored,
    RetentionChange,
    Share,
    VoiceCodeStatus,
)


@dataclass(frozen=True)
class CameraState:
    """A camera's recording state and, for a camera that records a stream itself, its recorder's connection."""

    camera: Camera
    stream: bool = False
    connected: bool | None = None
    error: str | None = None
    """The recorder's last error (already free of passwords), when it is not connected."""


class ClipService(ABC):
    """One household's clips, as seen by one channel (voice, alexa, api, ...)."""

    @abstractmethod
    def household(self) -> Household:
        """The household's settings (name, time zone, retention)."""

    @abstractmethod
    def cameras(self) -> list[Camera]:
        """The household's cameras."""

    @abstractmethod
    def can_tell(self) -> dict[str, tuple[str, ...]]:
        """camera id → the labels the sources of its clips can give (a detector, Frigate; together, in the store's
        order). A camera that no known source labels is absent: there, no label can be told from "can't tell"."""

    @abstractmethod
    def list_clips(self, query: ClipQuery, limit: int = 50, oldest_first: bool = False) -> list[Clip]:
        """Matching clips, newest first (or oldest first), at most `limit`."""

    @abstractmethod
    def count_clips(self, query: ClipQuery) -> int:
        """How many clips match."""

    @abstractmethod
    def get_clip(self, clip_id: str) -> Clip:
        """One clip with signed media URLs; the view is recorded in the audit log."""

    @abstractmethod
    def delete_clips(self, query: ClipQuery) -> int:
        """Delete what matches (rows and files); returns how many went."""

    @abstractmethod
    def restore_last(self) -> Restored:
        """Undo the last deletion while it is restorable: the clips, and the retention setting it replaced."""

    @abstractmethod
    def share_clip(self, clip_id: str, days: int = 7, with_whom: str = "guest") -> Share:
        """Share one clip with a member (their id), as a guest link ("guest") or with support ("support"), only
        after the person said yes to the consent question."""

    @abstractmethod
    def revoke_shares(self) -> int:
        """End every active share; how many ended."""

    @abstractmethod
    def set_recording(self, camera: str, recording: bool) -> Camera:
        """Turn a camera's recording on or off (privacy mode)."""

    @abstractmethod
    def camera_states(self) -> list[CameraState]:
        """Every camera with its recording state and, where it has a stream, whether its recorder is connected."""

    @abstractmethod
    def set_retention(self, days: int, confirm: bool = False) -> RetentionChange:
        """Keep clips this many days; NeedsConfirmation (with the count) if clips would go and not `confirm`."""

    @abstractmethod
    def access_log(
        self,
        *,
        camera: str | None = None,
        after: datetime | None = None,
        before: datetime | None = None,
        limit: int = 200,
    ) -> list[AuditEvent]:
        """Audit events about clips, newest first."""

    @abstractmethod
    def voice_code_status(self) -> VoiceCodeStatus:
        """Whether a voice code is set, whether the offline loop asks for it, and any lock (never the code)."""

    @abstractmethod
    def check_voice_code(self, code: str) -> CodeCheck:
        """Check a spoken code; wrong ones are audited, and three in a row lock sensitive actions for 15 minutes."""

    def members(self) -> list[Member]:
        """The household's people whom a clip can be shared with (names and ids); none where it can't say."""
        return []

    def me(self) -> str | None:
        """The calling member's id (the access log says "you" for them); None where it can't say."""
        return None

    def may_share(self) -> bool:
        """Whether the caller's role lets them share (the store's door decides; a child or a guest may not)."""
        return True

    def support_contact(self) -> str | None:
        """Who "support" is, where the operator names one (`SUPPORT_CONTACT`); None: sharing with support is not
        offered."""
        return None

    def recording_near(self, camera: str, moment: datetime) -> Clip | None:
        """A stretch of the camera's continuous recording around `moment`, stored as a clip, where the server can
        get one (Frigate's recordings, `FRIGATE_URL`); None where there is none to get (the default)."""
        return None
