"""The clip feed: which clips were stored since a position, for clients that follow new clips (Home Assistant).

A position is an opaque cursor. Clips are ordered by the time they were stored (`created_at`, the store's clock,
whole seconds). An ingest stamps its row just before it commits, so a row may become visible a little after
rows stamped later; the position therefore stays `SETTLE_S` behind the clock and remembers the ids it handed
out since then, and nothing is handed out twice or skipped.
"""

from __future__ import annotations

import base64
import binascii
import logging
import re
from dataclasses import dataclass

from .clips import CLIP_ID_RE, _row_to_clip
from .db import Database
from .errors import Invalid
from .models import Clip

logger = logging.getLogger(__name__)

SETTLE_S = 10
"""How long a stored clip's row may take to become visible after its stamp (an ingest's commit)."""
MAX_SEEN = 150
"""At most this many ids in a cursor (it travels in a URL); in a longer burst, the oldest seconds are let go."""
_SELECT = (
    "SELECT c.id, cam.slug AS camera, c.started_at, c.duration_s, c.label_mask, c.size_bytes, c.sha256,"
    " c.created_at FROM clips c JOIN cameras cam ON cam.id = c.camera_id"
    " WHERE c.household_id = ? AND c.deleted_at IS NULL AND c.created_at >= ? ORDER BY c.created_at, c.id"
)


@dataclass(frozen=True)
class FeedPosition:
    """Every clip stored before `stamp` has been handed out (or was there before the feed began), and so have
    the clips of `seen`, stored at or after it."""

    stamp: int
    seen: frozenset[str] = frozenset()

    def encode(self) -> str:
        """The opaque cursor."""
        raw = f"{self.stamp}:{','.join(sorted(self.seen))}"
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, cursor: str) -> FeedPosition:
        """Reverse `encode`; Invalid for anything this API did not hand out."""
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
            stamp, _, ids = raw.partition(":")
            seen = frozenset(ids.split(",")) if ids else frozenset()
            if (
                not re.fullmatch(r"[0-9]{1,12}", stamp)
                or len(seen) > MAX_SEEN
                or not all(CLIP_ID_RE.match(i) for i in seen)
            ):
                raise ValueError(raw[:40])
            return cls(int(stamp), seen)
        except (ValueError, binascii.Error, UnicodeDecodeError):
            raise Invalid("cursor is not one this feed handed out; start again without a cursor") from None


class ClipFeed:
    """Clips by the time they were stored (through the `clips_stored` index)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def start(self, household_id: int, now: float) -> FeedPosition:
        """The position now: clips already stored are not new."""
        stamp = int(now)
        rows = self.db.query(_SELECT, (household_id, stamp))
        return FeedPosition(stamp, frozenset(r["id"] for r in rows))

    def since(
        self, household_id: int, position: FeedPosition, now: float, limit: int = 100
    ) -> tuple[list[Clip], FeedPosition]:
        """The clips stored after `position` (oldest stored first, at most `limit`) and the position after them."""
        rows = self.db.query(_SELECT, (household_id, position.stamp))
        fresh = [r for r in rows if r["id"] not in position.seen]
        handed, left = fresh[:limit], fresh[limit:]
        stamp = max(position.stamp, int(now) - SETTLE_S)
        if left:
            stamp = max(position.stamp, min(stamp, int(left[0]["created_at"])))
        handed_ids = {r["id"] for r in handed}
        kept = [r for r in rows if r["created_at"] >= stamp and (r["id"] in position.seen or r["id"] in handed_ids)]
        if len(kept) > MAX_SEEN:  # a burst: let go of its oldest seconds rather than grow the cursor
            stamp = next(
                (
                    int(r["created_at"])
                    for i, r in enumerate(kept)
                    if len(kept) - i <= MAX_SEEN and (i == 0 or r["created_at"] != kept[i - 1]["created_at"])
                ),
                int(kept[-1]["created_at"]) + 1,
            )
            kept = [r for r in kept if r["created_at"] >= stamp]
            logger.info(
                "clip feed: a burst of %d clips; a clip stored late within it may not be announced", len(handed)
            )
        return [_row_to_clip(r) for r in handed], FeedPosition(stamp, frozenset(r["id"] for r in kept))
