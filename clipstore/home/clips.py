"""The household's clips as one member sees them: lists, counts, one clip, its media, deletion and undo."""

from __future__ import annotations

import logging
import secrets
from datetime import UTC, datetime
from pathlib import Path

from ..errors import NotFound
from ..feed import FeedPosition
from ..ingest import ingest
from ..label_sources import LabelInfo, Labelling
from ..media_store import MediaMissing, MediaObject
from ..models import Clip, ClipQuery, Deletion, Restored, utc_iso
from ..shares import Share
from .base import Room

logger = logging.getLogger(__name__)


class HomeClips(Room):
    """Every read is limited to the member's cameras and audited; deleting and undoing need the right to change."""

    def page(
        self,
        query: ClipQuery,
        limit: int = 50,
        cursor: str | None = None,
        *,
        oldest_first: bool = False,
        audit: bool = True,
    ) -> tuple[list[Clip], str | None]:
        """Matching clips, newest first (or the first `limit` oldest first), and the next page's cursor.

        Being listed is a read of each clip: audited as `list` (the ids in the detail) unless `audit` is False,
        for lists that are not shown to anyone (a page's neighbours, say)."""
        scoped = self.scoped(query)
        if oldest_first:
            clips, nxt = self.parts.clips.list_oldest(self.household_id, scoped, limit), None
        else:
            clips, nxt = self.parts.clips.page(self.household_id, scoped, limit, cursor)
        if clips and audit:
            self.audit("list", camera=query.camera, detail={"clip_ids": [c.id for c in clips]})
        return clips, nxt

    def count(self, query: ClipQuery) -> int:
        """How many clips match (among those the member may see)."""
        return self.parts.clips.count(self.household_id, self.scoped(query))

    def find(self, clip_id: str) -> Clip:
        """One clip the member may see, not audited: for an action that is audited itself (deleting, sharing,
        a confirmation page). NotFound as for another household's clip."""
        clip = self.parts.clips.get(self.household_id, clip_id)
        if not self.caller.sees(clip.camera) and not self._shared_with_caller(clip.id):
            raise NotFound("no such clip")
        return clip

    def view(self, clip_id: str) -> Clip:
        """One clip's details, audited as a view."""
        clip = self.find(clip_id)
        self.audit("view", clip=clip)
        return clip

    def shared(self, share: Share) -> Clip:
        """The clip of a share link being opened (the link was checked by `ClipStore.access.open_share`)."""
        return self.parts.clips.get(self.household_id, share.clip_id)

    def _shared_with_caller(self, clip_id: str) -> bool:
        return self.parts.shares.shared_with(self.household_id, clip_id, self.caller.member)

    def media(self, clip: Clip, kind: str) -> MediaObject:
        """The clip's video or thumbnail object (the caller audits the response that carries its bytes)."""
        files = self.parts.clips.files(self.household_id, clip.id)
        key = files.video if kind == "video" else files.thumbnail
        try:
            return self.parts.media.open(key)
        except MediaMissing:
            logger.error("media object of clip %s is missing: %s in %s", clip.id, key, self.parts.media.describe())
            raise NotFound("the clip's media file is missing") from None

    def local_files(self, clip: Clip) -> tuple[Path | None, Path | None]:
        """The clip's video and thumbnail as files on this machine (None where media live in a bucket)."""
        files = self.parts.clips.files(self.household_id, clip.id)
        return self.parts.media.local_path(files.video), self.parts.media.local_path(files.thumbnail)

    def record_read(self, clip: Clip, action: str, detail: dict, coalesce_s: float | None = None) -> None:
        """Audit a response that carried the clip's bytes (`play`, `thumbnail`, ...)."""
        self.audit(action, clip=clip, detail=detail, coalesce_s=coalesce_s)

    def add(
        self,
        camera: str,
        video: Path,
        *,
        started_at: datetime | None = None,
        labels: list[str] | tuple = (),
        labelling: Labelling | None = None,
        move: bool = False,
    ) -> Clip:
        """Add a clip as a camera would (an upload): checked, thumbnailed and stored; audited as `ingest`."""
        self.visible_camera(camera)
        self.require("change")
        clip = ingest(
            self.parts,
            self.household_id,
            camera,
            video,
            started_at=started_at,
            labels=labels,
            move=move,
            labelling=labelling,
        )
        self.audit("ingest", clip=clip)
        return clip

    def delete(self, query: ClipQuery, note: dict | None = None, *, clip: Clip | None = None) -> int:
        """Move matching clips to the trash (restorable for the grace period); audited with the count (and
        `note`, such as the filter used; `clip`, the one clip a single deletion names)."""
        scoped = self.scoped(query)  # another camera is 404 before anything else
        self.require("change")
        count = self.parts.clips.trash(
            self.household_id, scoped, secrets.token_hex(8), self.parts.now(), actor=self.caller.member
        )
        detail = {"count": count, **(note or {})}
        if clip is not None:
            self.audit("delete", clip=clip, detail={**detail, "started_at": utc_iso(clip.started_at)})
        else:
            self.audit("delete", camera=query.camera, detail=detail)
        return count

    def last_deletion(self) -> Deletion | None:
        """The newest deletion the member may undo, while it can still be undone: their own (an owner: any)."""
        actor = None if self.caller.may("manage") else self.caller.member
        row = self.parts.clips.last_deletion(self.household_id, actor=actor)
        now = self.parts.now()
        grace = self.parts.trash_grace_s
        if row is None or row["at"] + grace <= now:
            return None
        return Deletion(
            row["id"],
            row["count"],
            datetime.fromtimestamp(row["at"], UTC),
            datetime.fromtimestamp(row["at"] + grace, UTC),
            row["previous_retention"],
        )

    def restore_last(self) -> Restored:
        """Undo the newest deletion the member may undo: its clips, and the retention setting (or camera) it
        replaced. Audited when something came back."""
        self.require("change")
        deletion = self.last_deletion()
        if deletion is None:
            return Restored(0)
        with self.parts.db.transaction():
            count = self.parts.clips.restore(self.household_id, deletion.id, self.parts.now())
            if deletion.previous_retention is not None:
                self.parts.households.update(self.household_id, retention_days=deletion.previous_retention)
            self.parts.cameras.restore_removed(self.household_id, deletion.id)
        restored = Restored(count, deletion.previous_retention)
        if restored.clips:
            self.audit("restore", detail=restored.detail())
        return restored

    def feed_start(self) -> FeedPosition:
        """Where a follower of new clips begins: now."""
        return self.parts.feed.start(self.household_id, self.parts.now())

    def feed(self, position: FeedPosition, limit: int = 100) -> tuple[list[Clip], FeedPosition]:
        """Clips stored after `position` that the member may see, audited as a listing when handed out."""
        clips, after = self.parts.feed.since(self.household_id, position, self.parts.now(), limit)
        clips = [c for c in clips if self.caller.sees(c.camera)]
        if clips:
            self.audit("list", detail={"clip_ids": [c.id for c in clips], "through": "feed"})
        return clips, after

    def label_details(self, clip: Clip) -> dict[str, LabelInfo]:
        """Who set each label of a clip the member sees, and how sure a detector was."""
        return self.parts.label_sources.details(clip.id)

    def correct_labels(self, clip_id: str, labels: list[str]) -> tuple[str, ...]:
        """A person sets a clip's labels (theirs win over a detector's); audited."""
        clip = self.find(clip_id)
        self.require("change")
        kept = self.parts.label_sources.correct(self.household_id, clip.id, labels, int(self.parts.now()))
        self.audit("labels", clip=clip, detail={"labels": list(kept)})
        return kept

    def coverage(self) -> dict[str, dict[str, tuple[str, ...]]]:
        """camera id → {source → the labels it can give}, for the member's cameras that have any known source."""
        return {
            camera: sources
            for camera, sources in self.parts.label_sources.coverage(self.household_id).items()
            if self.caller.sees(camera)
        }

    def can_tell(self, camera: str) -> dict[str, tuple[str, ...]]:
        """source → the labels it can give, for the sources that labelled this camera's clips."""
        self.visible_camera(camera)
        return self.parts.label_sources.can_tell(self.household_id, camera)
