"""What a recorder is doing, for the cameras page and `GET /api/cameras`."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime

from clipstore import utc_iso


@dataclass
class RecorderState:
    """Connected or not, the last clip, the last error (already free of passwords)."""

    camera: str
    source: str  # redacted
    connected: bool = False
    privacy: bool = False
    connected_at: float | None = None
    last_clip_id: str | None = None
    last_clip_at: datetime | None = None
    last_error: str | None = None
    last_error_at: float | None = None
    clips: int = 0
    ring_bytes: int = 0
    packets: int = 0  # read since start (benchmarks compare with what was sent)
    sessions: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def mark_connected(self, now: float) -> None:
        with self._lock:
            self.connected, self.connected_at = True, now
            self.sessions += 1

    def set_error(self, message: str, now: float) -> None:
        with self._lock:
            self.connected = False
            self.last_error, self.last_error_at = message[:300], now

    def clip_made(self, clip_id: str, started_at: datetime) -> None:
        with self._lock:
            self.last_clip_id, self.last_clip_at = clip_id, started_at
            self.clips += 1

    def to_dict(self) -> dict:
        """The public JSON shape."""

        def iso(ts: float | None) -> str | None:
            return None if ts is None else utc_iso(datetime.fromtimestamp(ts, UTC))

        with self._lock:
            return {
                "connected": self.connected,
                "privacy": self.privacy,
                "connected_at": iso(self.connected_at),
                "last_clip": None
                if self.last_clip_id is None or self.last_clip_at is None
                else {"id": self.last_clip_id, "started_at": utc_iso(self.last_clip_at)},
                "last_error": self.last_error,
                "last_error_at": iso(self.last_error_at),
                "clips": self.clips,
            }
