"""Data classes shared by the clip store, its API and its clients."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

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
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


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
    def from_dict(cls, data: dict) -> "Camera":
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
    def from_dict(cls, data: dict) -> "Clip":
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

    def to_dict(self) -> dict:
        """The public JSON shape."""
        return {
            "id": self.id,
            "at": utc_iso(self.at),
            "channel": self.channel,
            "actor": self.actor,
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
        return {"id": self.id, "count": self.count, "at": utc_iso(self.at),
                "restorable_until": utc_iso(self.restorable_until)}


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
