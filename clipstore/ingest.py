"""Adding a clip: checked, thumbnailed and hashed here, then its objects stored and its row written."""

from __future__ import annotations

import logging
import secrets
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from .clips import ClipFiles
from .errors import Conflict, Invalid
from .label_sources import Labelling
from .models import Clip, labels_to_mask
from .parts import Parts

logger = logging.getLogger(__name__)

MAX_CLIP_BYTES = 200 * 1024 * 1024
EARLIEST_START = datetime(1970, 1, 1, tzinfo=UTC)


def check_start(moment: datetime) -> datetime:
    """A clip's start time in UTC; Invalid unless it carries a zone and falls after 1970."""
    if moment.tzinfo is None:
        raise Invalid("the start time must carry a time zone or Z")
    try:
        utc = moment.astimezone(UTC)
    except (OverflowError, ValueError):
        raise Invalid("the start time is out of range") from None
    if utc < EARLIEST_START:
        raise Invalid("the start time must be after 1970")
    return utc


def ingest(
    parts: Parts,
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
    """Add a clip from a local MP4 file (see `ClipStore.ingest`)."""
    from .media import (  # PyAV: only when ingesting
        MediaError,
        probe_video,
        sha256_file,
        write_thumbnail,
    )

    cam = parts.cameras.get(household_id, camera)
    if not cam.recording:
        raise Conflict(f"camera {camera!r} is in privacy mode (recording is off); turn recording on first")
    if labelling is not None:  # a detector's: its labels, its name, and the frame it was surest of
        labels, label_source = labelling.labels, labelling.source
    labels = tuple(dict.fromkeys(labels))
    try:
        labels_to_mask(list(labels))
    except ValueError as exc:
        raise Invalid(str(exc)) from None
    started = check_start(started_at or parts.now_utc())
    video = Path(video)
    size = video.stat().st_size
    if size > MAX_CLIP_BYTES:
        raise Invalid(f"clip is larger than {MAX_CLIP_BYTES // (1024 * 1024)} MiB")
    clip_id = secrets.token_hex(8)
    files = ClipFiles(f"{household_id}/{clip_id}.mp4", f"{household_id}/{clip_id}.jpg")
    with tempfile.TemporaryDirectory(prefix="ingest-", dir=parts.scratch_dir()) as scratch:
        thumbnail = Path(scratch) / "thumbnail.jpg"
        try:
            info = probe_video(video)
            write_thumbnail(video, thumbnail, at_s=labelling.thumbnail_s if labelling else None)
        except MediaError as exc:
            raise Invalid(f"not a playable video: {exc}") from None
        clip = Clip(
            clip_id, camera, started.replace(microsecond=0), round(info.duration_s, 2), labels, size, sha256_file(video)
        )
        try:
            parts.media.put(files.thumbnail, thumbnail, move=True)
            parts.media.put(files.video, video, move=move)
            with parts.db.transaction():
                camera_row = parts.cameras.row_id(household_id, camera)
                parts.clips.insert(household_id, camera_row, clip, files, int(parts.now()))
                if labels and label_source:
                    parts.label_sources.record(
                        clip_id, labels, label_source, int(parts.now()), labelling.seen if labelling else ()
                    )
                if labelling is not None:
                    parts.label_sources.note_can_tell(
                        camera_row, labelling.source, labelling.can_tell, int(parts.now())
                    )
        except BaseException:
            parts.media.delete([files.video, files.thumbnail])
            raise
    logger.debug("ingested clip %s for camera %s", clip_id, camera)
    return clip
