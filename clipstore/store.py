"""The clip store facade: the only way into the database and the media objects."""

from __future__ import annotations

import logging
import os
import secrets
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from . import erasure
from . import ingest as _ingest
from . import retention as _retention
from .access import Access
from .audit import AuditLog
from .audit_chain import Break, verify
from .audit_key import ENV as KEY_ENV
from .audit_key import Anchors, check_key, load_key
from .backends import Backends, leader_lock, open_database, open_media
from .clock import Clock, system_clock
from .erasure import ORPHAN_GRACE_S
from .errors import NotFound
from .home import Home
from .ingest import MAX_CLIP_BYTES, check_start  # noqa: F401 - part of the store's interface
from .intake_state import ImportLedger
from .label_sources import Labelling
from .leader import LeaderLock
from .migrations.frozen import AUDIT_KEY as migration_audit_key
from .models import Caller, Camera, Clip, ClipQuery, Deletion, Household, Restored, RetentionChange
from .parts import Parts
from .private import private_dir, private_file, secure_tree
from .retention import retention_cutoff  # noqa: F401 - part of the store's interface
from .settings import Settings

logger = logging.getLogger(__name__)

DEFAULT_TRASH_GRACE_S = 600.0


def default_data_dir() -> Path:
    """`$CLIPSTORE_DATA`, else the per-user data directory (XDG): see `Settings`."""
    return Settings.from_env().data_dir


class ClipStore:
    """Households, members, cameras, clips, media and the audit log, behind one door.

    Other packages enter through `home(caller)` (a household as one member sees it, through one channel),
    `access` (who a token, session, share link or Alexa link is), and the few system methods below (ingest,
    upkeep, the intake's state). The repositories (`households`, `clips`, ...) and the database are the store's
    own: a test checks that no other package touches them.

    The tables live in SQLite in `data_dir` or in PostgreSQL (`database_url`, default `$DATABASE_URL`); the
    media in `data_dir/media` or in S3 (`media_url`, default `$MEDIA_URL`). Callers never know which.
    """

    def __init__(
        self,
        data_dir: Path | str,
        *,
        trash_grace_s: float = DEFAULT_TRASH_GRACE_S,
        clock: Clock = system_clock,
        database_url: str | None = None,
        media_url: str | None = None,
        support_contact: str | None = None,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.trash_grace_s = trash_grace_s
        self.clock = clock
        if self.data_dir.is_dir() and self.data_dir.stat().st_mode & 0o077:
            secure_tree(self.data_dir)  # an older or hand-made directory open to others: close all of it, loudly
        private_dir(self.data_dir)
        self.backends = Backends.from_env(database_url, media_url)
        given_key = Settings.from_env().audit_key
        self.audit_key = load_key(self.data_dir, given_key)
        keying = migration_audit_key.set(self.audit_key)  # for the migration that keys older chains
        try:
            self.db = open_database(self.data_dir, self.backends.database_url)
        finally:
            migration_audit_key.reset(keying)
        try:
            check_key(self.db, self.audit_key, f"${KEY_ENV}" if given_key else self.data_dir / "audit.key")
            self.media = open_media(self.data_dir, self.backends.media_url, self.backends.aws_region)
            self.media.check()
        except BaseException:
            self.db.close()
            raise
        self.opened_with_migrations = self.db.applied_on_open
        audit = AuditLog(self.db, self.audit_key, Anchors(self.data_dir), clock)
        self.parts = parts = Parts.open(self.data_dir, self.db, self.media, clock, trash_grace_s, audit)
        self.households, self.members, self.cameras = parts.households, parts.members, parts.cameras
        self.clips, self.feed, self.audit, self.shares = parts.clips, parts.feed, audit, parts.shares
        self.web_sessions = parts.sessions
        self.label_sources, self.alexa_links, self.voice_codes = parts.label_sources, parts.links, parts.voice_codes
        self.recorder_states = parts.recorder_states
        self.support_contact = support_contact
        self.access = Access(self.parts)
        """Who a token, page session, share link or Alexa link is (see access.py)."""

    # -- the door ------------------------------------------------------------
    def home(self, caller: Caller) -> Home:
        """The caller's household, as the member may see it, through the caller's channel."""
        return Home(self.parts, caller, support_contact=self.support_contact)

    def system(self, household_id: int, actor: str = "system") -> Home:
        """A household as the server itself handles it (recorders, importers, the command line): every camera,
        an owner's rights, audited on the `system` channel under `actor`."""
        return self.home(Caller(household_id, actor, "system", "owner", None))

    # -- households (administration, from the command line) -------------------
    def create_household(self, name: str, timezone: str, retention_days: int = 30) -> tuple[Household, str]:
        """A new household with its owner (the member `owner`); returns the owner's API token (shown once)."""
        return self.households.create(name, timezone, retention_days)

    def all_households(self) -> list[Household]:
        """Every household, oldest first."""
        return self.households.all()

    def find_household(self, ident: str | None) -> Household:
        """A household by id or name (None: the only one, or the first); NotFound for none."""
        homes = self.households.all()
        if not homes:
            raise NotFound("there is no household yet; create one with: python -m clipstore household add")
        if ident is None:
            return homes[0]
        for home in homes:
            if str(home.id) == ident.strip() or home.name.lower() == ident.strip().lower():
                return home
        raise NotFound(f"no household {ident!r}")

    # -- camera intake's own state ------------------------------------------------
    def recorder_sources(self) -> list[tuple[int, Camera, str]]:
        """Every camera of every household that has a stream: (household id, camera, URL with its password).
        Only the recorders get the URL; everything else shows it without secrets."""
        return self.cameras.with_sources()

    def save_recorder_state(self, household_id: int, camera: str, state: dict | None) -> None:
        """What a camera's recorder is doing, for every server to show (None: it stopped)."""
        self.recorder_states.save(household_id, camera, state, self.now())

    def alexa_in_use(self) -> bool:
        """True when some household has a live Alexa link."""
        return any(self.alexa_links.all(h.id) for h in self.households.all())

    def schema_version(self) -> int:
        """The newest migration applied to the database."""
        return self.db.schema_version()

    def note_can_tell(self, household_id: int, camera: str, source: str, labels: tuple[str, ...]) -> None:
        """Remember that `source` labels this camera's clips and can give these labels (intake's importers)."""
        self.label_sources.note_can_tell(self.cameras.row_id(household_id, camera), source, labels, int(self.now()))

    def import_ledger(self, origin: str) -> ImportLedger:
        """Which outside events of `origin` (e.g. a Frigate server) were imported, as what clip."""
        return ImportLedger(self.db, origin)

    def now(self) -> float:
        """The store's clock (seconds since the epoch)."""
        return self.parts.now()

    def now_utc(self) -> datetime:
        """The store's clock as an aware UTC datetime."""
        return self.parts.now_utc()

    def scratch_dir(self) -> Path:
        """A private folder for files being worked on (uploads, thumbnails); emptied at start-up."""
        return self.parts.scratch_dir()

    # -- secrets -----------------------------------------------------------
    def secret_key(self) -> bytes:
        """The server's signing key (URLs, sessions), created once and kept in the database."""
        rows = self.db.query("SELECT value FROM settings WHERE key = 'secret_key'")
        if rows:
            return bytes.fromhex(rows[0]["value"])
        key = secrets.token_bytes(32)
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES ('secret_key', ?) ON CONFLICT DO NOTHING", (key.hex(),)
            )
        return bytes.fromhex(self.db.query("SELECT value FROM settings WHERE key = 'secret_key'")[0]["value"])

    def verify_audit(self) -> tuple[int, Break | None]:
        """Check every household's audit chain with the key and this server's anchors (see audit_chain.py);
        a break the chains had before they were keyed is reported too."""
        checked, problem = verify(self.db, self.audit_key, self.audit.anchors)
        rows = self.db.query("SELECT value FROM settings WHERE key = 'audit_unkeyed_break'") if problem is None else []
        if rows:
            problem = Break(0, 0, None, rows[0]["value"])
        return checked, problem

    # -- clips -------------------------------------------------------------
    def ingest(
        self,
        household_id: int,
        camera: str,
        video: Path,
        *,
        started_at: datetime | None = None,
        labels: tuple[str, ...] | list[str] = (),
        move: bool = False,
        label_source: str | None = None,
        labelling: Labelling | None = None,
    ) -> Clip:
        """Add a clip from a local MP4 file: checked (size, codec, bounds from the header), thumbnailed, hashed,
        stored as objects, then its row written. Invalid for what is not a usable clip; nothing is left.

        `label_source` names who set the labels (a detector's name, 'frigate', ...), kept per label.
        `labelling`, a detector's findings, stands for both: its labels with their confidence and moment, its
        surest frame as the thumbnail, and the labels it can give noted for the camera.
        """
        return _ingest.ingest(
            self.parts,
            household_id,
            camera,
            video,
            started_at=started_at,
            labels=labels,
            move=move,
            label_source=label_source,
            labelling=labelling,
        )

    def delete(self, household_id: int, query: ClipQuery, *, now: float | None = None) -> int:
        """Move matching clips to the trash: gone from every list at once, restorable for the grace period.

        `purge` erases them (rows, then media) once the grace period is over.
        """
        return self.clips.trash(household_id, query, secrets.token_hex(8), self.now() if now is None else now)

    def last_deletion(self, household_id: int, *, now: float | None = None) -> Deletion | None:
        """The newest deletion that can still be undone, if any."""
        row = self.clips.last_deletion(household_id)
        now = self.now() if now is None else now
        if row is None or row["at"] + self.trash_grace_s <= now:
            return None
        return Deletion(
            row["id"],
            row["count"],
            datetime.fromtimestamp(row["at"], UTC),
            datetime.fromtimestamp(row["at"] + self.trash_grace_s, UTC),
            row["previous_retention"],
        )

    def restore_last(self, household_id: int, *, now: float | None = None) -> Restored:
        """Undo the newest deletion while it is restorable: its clips, and the retention setting it replaced."""
        now = self.now() if now is None else now
        deletion = self.last_deletion(household_id, now=now)
        if deletion is None:
            return Restored(0)
        with self.db.transaction():
            count = self.clips.restore(household_id, deletion.id, now)
            if deletion.previous_retention is not None:
                self.households.update(household_id, retention_days=deletion.previous_retention)
        return Restored(count, deletion.previous_retention)

    # -- retention ---------------------------------------------------------
    def retention_preview(self, household_id: int, days: int, *, now: float | None = None) -> ClipQuery:
        """The clips that keeping clips `days` days would remove now or within the undo window."""
        return _retention.preview(self.parts, household_id, days, self.now() if now is None else now)

    def set_retention(
        self, household_id: int, days: int, *, confirm: bool = False, now: float | None = None
    ) -> RetentionChange:
        """Keep clips `days` days. Shortening it so that clips would go needs `confirm`, else NeedsConfirmation.

        Confirmed, the clips past the new cutoff go to the trash under one deletion that remembers the old
        setting, so "undo" within the grace period brings back both.
        """
        return _retention.set_retention(self.parts, household_id, days, confirm, self.now() if now is None else now)

    def update_household(
        self,
        household_id: int,
        *,
        timezone: str | None = None,
        retention_days: int | None = None,
        confirm: bool = False,
    ) -> RetentionChange:
        """Change the time zone and/or retention in one transaction (retention as `set_retention`)."""
        return _retention.update_household(self.parts, household_id, timezone, retention_days, confirm, self.now())

    # -- erasing -----------------------------------------------------------
    def purge(self, *, now: float | None = None) -> int:
        """Erase for good what is past the undo window or retention (see erasure.py); how many clips went."""
        return erasure.purge(self.parts, self.now() if now is None else now)

    def scratch_file(self, suffix: str = ".mp4", prefix: str = "intake-") -> Path:
        """A new, empty, owner-only file for work in progress (removed at start-up if left behind)."""
        fd, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=self.scratch_dir())
        os.close(fd)
        return private_file(Path(name))

    def reconcile(self, *, min_age_s: float = ORPHAN_GRACE_S) -> int:
        """Erase orphan media objects and stale uploads once `min_age_s` old (see erasure.py)."""
        return erasure.reconcile(self.parts, min_age_s)

    def leader_lock(self) -> LeaderLock:
        """The lock that picks the one process doing background work for this store (see leader.py)."""
        return leader_lock(self.data_dir, self.backends.database_url)

    def close(self) -> None:
        """Close database connections (and the audit anchors' files)."""
        self.db.close()
        if self.audit.anchors is not None:
            self.audit.anchors.close()
