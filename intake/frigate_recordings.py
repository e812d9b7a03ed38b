"""A stretch of Frigate's continuous recordings imported as a clip: for a time no event covers.

`GET /api/{camera}/start/{start}/end/{end}/clip.mp4` (Frigate's documented API) is fetched with the importer's
bounds (time, size, same host), converted like an event clip, stored with no object labels (nothing looked for
objects in it: its label source is `frigate-recording`, which can tell none), and audited as
`import_recording`. The same span of the same camera asked for again answers the clip already made.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from clipstore import (
    Caller,
    Clip,
    ClipStore,
    Conflict,
    Home,
    Invalid,
    Labelling,
    MediaError,
    NotFound,
    Settings,
    redact,
    utc_iso,
)

from .convert import to_browser_mp4
from .frigate import ClipNotReady, FrigateError, FrigateImporter, FrigateSettings
from .frigate_events import EARLIEST

logger = logging.getLogger(__name__)

SOURCE = "frigate-recording"
"""The label source of clips cut from Frigate's recordings: it can tell no label."""
ACTION = "import_recording"
MAX_SPAN_S = 600.0
"""The longest stretch one request imports (10 minutes; the clip stays within the store's 200 MiB)."""
SERVER_BEFORE_S, SERVER_SPAN_S = 0.0, 120.0
"""What the server imports for "the driveway at 3 pm" when no clip is near: 3:00 to 3:02 (as much as is over)."""
FRIGATE_CAMERA = re.compile(r"[A-Za-z0-9_-]{1,64}")
"""Frigate's own rule for camera names: nothing that could reach another path."""


@dataclass(frozen=True)
class Span:
    """A stretch of one camera's recordings: Frigate's name for the camera, ours, and when."""

    frigate_camera: str
    camera: str
    start: datetime
    end: datetime

    @property
    def path(self) -> str:
        return f"/api/{self.frigate_camera}/start/{self.start.timestamp():.0f}/end/{self.end.timestamp():.0f}/clip.mp4"

    @property
    def key(self) -> str:
        """Its id in the ledger: one clip per camera and span."""
        return f"{self.frigate_camera}@{self.start.timestamp():.0f}-{self.end.timestamp():.0f}"


def parse_moment(value: str, zone: str) -> datetime:
    """An ISO-8601 time; without a zone it is the household's local time. Invalid otherwise."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise Invalid(f"not an ISO-8601 time such as 2026-11-24T15:00 or 2026-11-24T20:00Z: {value[:40]!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(zone))
    return moment.astimezone(UTC)


def span_for(
    importer: FrigateImporter, camera: str, start: datetime, end: datetime, max_span_s: float = MAX_SPAN_S
) -> Span:
    """Check a request: a camera here (by our id or Frigate's name, through the camera map) that records, a span
    that ends after it starts, lasts at most `max_span_s`, and is over by now. Invalid, NotFound or Conflict
    otherwise."""
    mapped = importer.settings.camera_map
    frigate_name = camera if camera in mapped else next((k for k, v in mapped.items() if v == camera), camera)
    if not FRIGATE_CAMERA.fullmatch(frigate_name):
        raise Invalid("a Frigate camera name has only letters, digits, '_' and '-'")
    ours = mapped.get(frigate_name) or camera
    if not importer.store.system(importer.household_id, "frigate").cameras.get(ours).recording:  # NotFound
        raise Conflict(f"camera {ours!r} is in privacy mode (recording is off): nothing is imported for it")
    start, end = start.replace(microsecond=0), end.replace(microsecond=0)
    if end <= start:
        raise Invalid("the span must end after it starts")
    if (end - start).total_seconds() > max_span_s:
        raise Invalid(f"a recording is imported {max_span_s / 60:.0f} minutes at most at a time")
    if start.timestamp() < EARLIEST:
        raise Invalid("the span starts before 2000")
    if end.timestamp() > importer.store.now():
        raise Invalid("the span must be over: Frigate has recorded only the past")
    return Span(frigate_name, ours, start, end)


def import_recording(importer: FrigateImporter, span: Span, asker: Home | None = None) -> Clip:
    """The clip of this span: imported from Frigate's recordings, or the one made before, for `asker` (who is
    audited as having asked; default the importer itself). NotFound when Frigate has no recording then (or the
    asker may not see that camera); Invalid when what it sent is no playable video; FrigateError when it failed."""
    store, household = importer.store, importer.household_id
    home = asker or store.home(Caller(household, "frigate", "system"))
    home.cameras.get(span.camera)  # a camera the asker may not see is 404 before Frigate is asked
    ledger = store.import_ledger(f"{SOURCE}:{importer.settings.base}")
    earlier = ledger.clip_of(span.key)
    if earlier is not None:
        try:
            return home.clips.find(earlier)
        except NotFound:
            pass  # deleted since: asked for again, so imported again
    download, target = store.scratch_file(".mp4", "frigate-"), store.scratch_file(".mp4")
    try:
        try:
            importer.download(span.path, download, f"camera {span.frigate_camera}'s recording")
            to_browser_mp4(download, target)
        except ClipNotReady:
            raise NotFound(
                f"Frigate has no recording of {span.frigate_camera} from {utc_iso(span.start)} to {utc_iso(span.end)}"
            ) from None
        except MediaError as exc:
            raise Invalid(f"Frigate's recording was not taken: {exc}") from None
        clip = store.ingest(
            household, span.camera, target, move=True, started_at=span.start, labelling=Labelling(SOURCE, can_tell=())
        )
    finally:
        download.unlink(missing_ok=True)
        target.unlink(missing_ok=True)
    ledger.remember(span.key, household, clip.id, span.start.timestamp(), int(store.now()), replace=True)
    home.log.record(
        ACTION,
        camera=clip.camera,
        clip_id=clip.id,
        detail={"source": SOURCE, "from": utc_iso(span.start), "to": utc_iso(span.end)},
    )
    logger.info(
        "Frigate recording of %s from %s to %s → clip %s of %s",
        span.frigate_camera,
        utc_iso(span.start),
        utc_iso(span.end),
        clip.id,
        span.camera,
    )
    return clip


@dataclass(frozen=True)
class RecordingSource:
    """The server's way to Frigate's recordings (`FRIGATE_URL`), for a question about a time no clip covers.

    Short bounds: a voice answer waits for it (login and listing 5 s, the clip 6 s)."""

    settings: FrigateSettings
    store: ClipStore

    @classmethod
    def from_settings(cls, env: Settings, store: ClipStore) -> RecordingSource | None:
        """The source `FRIGATE_URL` (with `FRIGATE_TOKEN`, or `FRIGATE_USER` and `FRIGATE_PASSWORD`, and
        `FRIGATE_CAMERA_MAP`) names; None without it, or when it is not one (said in the log)."""
        if not env.frigate_url:
            return None
        pairs = [item.strip().partition("=") for item in env.frigate_camera_map.split(",") if item.strip()]
        mapping = {name.strip(): camera.strip() for name, _, camera in pairs}
        try:
            parts = urlsplit(env.frigate_url)
            host = parts.hostname if parts.scheme in ("http", "https") else None
        except ValueError:
            host = None
        if not host or not all(mapping) or not all(mapping.values()):
            logger.warning(
                "FRIGATE_URL must be http(s)://HOST[:PORT] and FRIGATE_CAMERA_MAP FRIGATE_NAME=ID,...; "
                "Frigate's recordings are not used (%s)",
                redact(env.frigate_url),
            )
            return None
        return cls(
            FrigateSettings(
                env.frigate_url,
                mapping,
                user=env.frigate_user,
                password=env.frigate_password,
                token=env.frigate_token,
                timeout_s=3.0,
                request_deadline_s=5.0,
                clip_deadline_s=6.0,
            ),
            store,
        )

    def near(self, home: Home, camera: str, moment: datetime) -> Clip | None:
        """Two minutes of the camera's recording around `moment` (as much as is over by now), as a clip; None
        when Frigate has none then, the camera is not Frigate's or is in privacy mode, or Frigate fails."""
        start = moment - timedelta(seconds=SERVER_BEFORE_S)
        end = min(start + timedelta(seconds=SERVER_SPAN_S), datetime.fromtimestamp(int(self.store.now()), UTC))
        if (end - start).total_seconds() < 10:
            return None
        importer = FrigateImporter(self.store, home.household_id, self.settings)
        try:
            span = span_for(importer, camera, start, end, max_span_s=SERVER_SPAN_S)
            return import_recording(importer, span, home)
        except (NotFound, Invalid, Conflict) as exc:
            logger.info("no Frigate recording of %s at %s: %s", camera, utc_iso(moment), exc)
        except FrigateError as exc:
            logger.warning("Frigate's recordings could not be asked (%s)", exc)
        return None
