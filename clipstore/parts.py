"""The store's working parts, handed to the pieces that need several of them (the door, ingest, retention), so
that none of them needs the store itself: the repositories, the database, the media objects and the clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .audit import AuditLog
from .cameras import Cameras
from .clips import Clips
from .clock import Clock, as_datetime
from .db import Database
from .feed import ClipFeed
from .households import Households
from .intake_state import RecorderStates
from .label_sources import LabelSources
from .links import AlexaLinks
from .media_store import MediaStore
from .members import Members
from .private import private_dir
from .sessions import WebSessions
from .shares import Shares
from .voicecode import VoiceCodes
from .voices import AlexaVoices


@dataclass(frozen=True)
class Parts:
    """Everything behind the store's door; only the store's own modules see it."""

    data_dir: Path
    db: Database
    media: MediaStore
    clock: Clock
    trash_grace_s: float
    households: Households
    members: Members
    cameras: Cameras
    clips: Clips
    feed: ClipFeed
    audit: AuditLog
    shares: Shares
    sessions: WebSessions
    label_sources: LabelSources
    links: AlexaLinks
    voice_codes: VoiceCodes
    recorder_states: RecorderStates
    voices: AlexaVoices

    @classmethod
    def open(
        cls, data_dir: Path, db: Database, media: MediaStore, clock: Clock, trash_grace_s: float, audit: AuditLog
    ) -> Parts:
        """The repositories over an open database and media store."""
        return cls(
            data_dir, db, media, clock, trash_grace_s, Households(db, clock), Members(db, clock), Cameras(db),
            Clips(db), ClipFeed(db), audit, Shares(db, clock), WebSessions(db, clock), LabelSources(db),
            AlexaLinks(db, clock), VoiceCodes(db, audit, clock), RecorderStates(db), AlexaVoices(db, clock),
        )  # fmt: skip

    def now(self) -> float:
        """The store's clock (seconds since the epoch)."""
        return self.clock()

    def now_utc(self) -> datetime:
        """The store's clock as an aware UTC datetime."""
        return as_datetime(self.clock)

    def scratch_dir(self) -> Path:
        """A private folder for files being worked on (uploads, thumbnails); emptied at start-up."""
        return private_dir(self.data_dir / "incoming")
