"""Data classes shared by the clip store, its API and its clients."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

LABELS: tuple[str, ...] = ("person", "animal", "vehicle", "package")
"""The detection labels a clip can carry, in bit order."""


def labels_to_mask(labels: tuple[str, ...] | list[str]) -> int:
    """Encode labels as a bit mask (unknown labels raise ValueError)."""
    mask = 0
    for label in labels:
        if label not in LABELS:
            raise ValueError(f"unknown label {label!r}; known labels: {', '.join(LABELS)}")
        mask |= 1 << LABELS.index(label)
    return mask


def mask_to_labels(mask: int) -> tuple[str, ...]:
    """Decode a label bit mask."""
    return tuple(label for i, label in enumerate(LABELS) if mask & (1 << i))


def utc_iso(moment: datetime) -> str:
    """Format an aware datetime as ISO-8601 UTC with a Z suffix."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Household:
    """A home whose members share cameras and clips."""

    id: int
    name: str
    timezone: str
    retention_days: int

    def to_dict(self) -> dict:
        """The public JSON shape (`GET /api/household`)."""
        return {"name": self.name, "timezone": self.timezone, "retention_days": self.retention_days}


@dataclass(frozen=True)
class Member:
    """A person of a household: a role, the cameras they may see (None: all), a guest's expiry."""

    id: str
    name: str
    role: str = "owner"
    cameras: tuple[str, ...] | None = None
    expires_at: float | None = None
    has_password: bool = False

    def to_dict(self) -> dict:
        """The public JSON shape (`GET /api/members`)."""
        return {
            "id": self.id,
            "name": self.name,
            "role": self.role,
            "cameras": list(self.cameras) if self.cameras is not None else None,
            "expires_at": utc_iso(datetime.fromtimestamp(self.expires_at, UTC))
            if self.expires_at is not None
            else None,
            "has_password": self.has_password,
        }


ACTIONS_BY_ROLE: dict[str, frozenset[str]] = {
    "owner": frozenset({"view", "change", "manage"}),
    "adult": frozenset({"view", "change"}),
    "child": frozenset({"view"}),
    "guest": frozenset({"view"}),
}
"""What each role may do: view clips; change them (delete, restore, share, switch cameras, correct labels);
manage the household (members, cameras, retention, time zone, voice code)."""


@dataclass(frozen=True)
class Caller:
    """Who asks, and through what: the door limits every read and change to what this member may see and do,
    and writes it to the audit log under their id and this channel."""

    household_id: int
    member: str = "owner"
    channel: str = "api"
    role: str = "owner"
    cameras: frozenset[str] | None = None
    """The cameras the member may see; None: every camera of the household."""

    def may(self, action: str) -> bool:
        """True if the member's role allows `action` (view, change or manage)."""
        return action in ACTIONS_BY_ROLE.get(self.role, frozenset())

    def sees(self, camera: str | None) -> bool:
        """True if the member may see this camera's clips."""
        return self.cameras is None or camera in self.cameras

    def through(self, channel: str) -> Caller:
        """The same member through another channel."""
        return replace(self, channel=channel)

    @classmethod
    def of(cls, household_id: int, member: Member, channel: str) -> Caller:
        """The caller for a member through a channel."""
        cameras = frozenset(member.cameras) if member.cameras is not None else None
        return cls(household_id, member.id, channel, member.role, cameras)


@dataclass(frozen=True)
class Camera:
    """A camera of one household; `id` is its slug."""

    id: str
    name: str
    synonyms: tuple[str, ...] = ()
    recording: bool = True

    def to_dict(self) -> dict:
        """The public JSON shape."""
        return {"id": self.id, "name": self.name, "synonyms": list(self.synonyms), "recording": self.recording}

    @classmethod
    def from_dict(cls, data: dict) -> Camera:
        """Build from the public JSON shape."""
        return cls(
            id=data["id"],
            name=data["name"],
            synonyms=tuple(data.get("synonyms") or ()),
            recording=bool(data.get("recording", True)),
        )


@dataclass(frozen=True)
class Clip:
    """One motion clip: metadata only; media files live in the data directory."""

    id: str
    camera: str
    started_at: datetime
    duration_s: float
    labels: tuple[str, ...]
    size_bytes: int = 0
    sha256: str = ""
    video_url: str | None = None
    thumbnail_url: str | None = None

    def to_dict(self) -> dict:
        """The public JSON shape; URLs are the signed links the API added, if any."""
        return {
            "id": self.id,
            "camera": self.camera,
            "started_at": utc_iso(self.started_at),
            "duration_s": self.duration_s,
            "labels": list(self.labels),
            "size_bytes": self.size_bytes,
            "sha256": self.sha256,
            "video_url": self.video_url,
            "thumbnail_url": self.thumbnail_url,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Clip:
        """Build from the public JSON shape."""
        started = datetime.fromisoformat(data["started_at"].replace("Z", "+00:00"))
        return cls(
            id=data["id"],
            camera=data["camera"],
            started_at=started,
            duration_s=float(data["duration_s"]),
            labels=tuple(data.get("labels") or ()),
            size_bytes=int(data.get("size_bytes", 0)),
            sha256=data.get("sha256", ""),
            video_url=data.get("video_url"),
            thumbnail_url=data.get("thumbnail_url"),
        )


@dataclass(frozen=True)
class ClipQuery:
    """A filter over one household's clips; every field is optional."""

    camera: str | None = None
    label: str | None = None
    after: datetime | None = None
    before: datetime | None = None
    ids: tuple[str, ...] | None = None
    within: tuple[str, ...] | None = None
    """Only these cameras (the ones the asking member may see); None: no such limit. Set by the store's door."""

    def is_empty(self) -> bool:
        """True when the query matches every clip."""
        return not (self.camera or self.label or self.after or self.before or self.ids is not None)


@dataclass(frozen=True)
class AuditEvent:
    """One line of the audit log."""

    id: int
    at: datetime
    channel: str
    actor: str
    action: str
    clip_id: str | None = None
    camera: str | None = None
    detail: dict = field(default_factory=dict)
    actor_name: str | None = None
    """The member's name, for entries whose actor is a member of the household now."""

    def to_dict(self) -> dict:
        """The public JSON shape."""
        return {
            "id": self.id,
            "at": utc_iso(self.at),
            "channel": self.channel,
            "actor": self.actor,
            "actor_name": self.actor_name,
            "action": self.action,
            "clip_id": self.clip_id,
            "camera": self.camera,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class Deletion:
    """One deletion: its clips stay in the trash, restorable, until `restorable_until`."""

    id: str
    count: int
    at: datetime
    restorable_until: datetime
    previous_retention: int | None = None

    def to_dict(self) -> dict:
        """The public JSON shape."""
        return {
            "id": self.id,
            "count": self.count,
            "at": utc_iso(self.at),
            "restorable_until": utc_iso(self.restorable_until),
        }


@dataclass(frozen=True)
class RetentionChange:
    """A new retention setting, and how many clips it moved to the trash (restorable with the old setting)."""

    household: Household
    trashed: int = 0


@dataclass(frozen=True)
class Restored:
    """What an undo brought back: clips, and the retention setting if the deletion came from shortening it."""

    clips: int
    retention_days: int | None = None

    def detail(self) -> dict:
        """What the audit log records about it."""
        return {"count": self.clips, **({"retention_days": self.retention_days} if self.retention_days else {})}
