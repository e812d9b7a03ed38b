"""The clip store: households and their members, cameras, motion clips with their media, shares, and the audit
log, behind one door.

Other packages import only these names. A household is entered through `ClipStore.home(caller)`, which
limits every read to what the member may see and checks every change against their role; `ClipStore.access`
says who a token, page session, share link or Alexa link is.
"""

from .access import SESSION_MAX_AGE_S, AlexaCaller
from .audit import ChainHead
from .backends import store_exists
from .cameras import MAX_SYNONYMS, slugify
from .cli.common import UsageError, add_data, parse_at, pick_household
from .clips import CLIP_ID_RE, MAX_LIMIT, encode_cursor
from .clock import Clock, as_datetime, system_clock
from .demo import DEMO_CAMERAS, DEMO_TIMEZONE, seed_demo
from .errors import Conflict, Forbidden, Invalid, NeedsConfirmation, NotFound, StoreError
from .feed import FeedPosition
from .home import GUEST, RECORDER_STALE_S, SUPPORT, Home, NewMember
from .households import MAX_RETENTION_DAYS, check_timezone
from .label_sources import LabelInfo, Labelling, Seen
from .links import ACCESS_TTL_S, AlexaLink, LinkCode, same_secret
from .maintenance import Janitor
from .media import MediaError, open_video, probe_video, top_level_atoms
from .media_store import MediaMissing, MediaObject
from .members import ROLES, member_slug
from .models import (
    LABELS,
    AuditEvent,
    Caller,
    Camera,
    Clip,
    ClipQuery,
    Deletion,
    Household,
    Member,
    Restored,
    RetentionChange,
    labels_to_mask,
    mask_to_labels,
    utc_iso,
)
from .retention import retention_cutoff
from .settings import Settings
from .shares import SHARE_DAYS, Share, consent_text
from .sources import check_source, redact, scrub
from .store import MAX_CLIP_BYTES, ClipStore, default_data_dir
from .voicecode import CodeCheck, VoiceCodeStatus, check_code
from .wakeup import StopSignal

__all__ = [
    "ACCESS_TTL_S",
    "CLIP_ID_RE",
    "DEMO_CAMERAS",
    "DEMO_TIMEZONE",
    "GUEST",
    "LABELS",
    "MAX_CLIP_BYTES",
    "MAX_LIMIT",
    "MAX_RETENTION_DAYS",
    "MAX_SYNONYMS",
    "RECORDER_STALE_S",
    "ROLES",
    "SESSION_MAX_AGE_S",
    "SHARE_DAYS",
    "SUPPORT",
    "AlexaCaller",
    "AlexaLink",
    "AuditEvent",
    "Caller",
    "Camera",
    "ChainHead",
    "Clip",
    "ClipQuery",
    "ClipStore",
    "Clock",
    "CodeCheck",
    "Conflict",
    "Deletion",
    "FeedPosition",
    "Forbidden",
    "Home",
    "Household",
    "Invalid",
    "Janitor",
    "LabelInfo",
    "Labelling",
    "LinkCode",
    "MediaError",
    "MediaMissing",
    "MediaObject",
    "Member",
    "NeedsConfirmation",
    "NewMember",
    "NotFound",
    "Restored",
    "RetentionChange",
    "Seen",
    "Settings",
    "Share",
    "StopSignal",
    "StoreError",
    "UsageError",
    "VoiceCodeStatus",
    "add_data",
    "as_datetime",
    "check_code",
    "check_source",
    "check_timezone",
    "consent_text",
    "default_data_dir",
    "encode_cursor",
    "labels_to_mask",
    "mask_to_labels",
    "member_slug",
    "open_video",
    "parse_at",
    "pick_household",
    "probe_video",
    "redact",
    "retention_cutoff",
    "same_secret",
    "scrub",
    "seed_demo",
    "slugify",
    "store_exists",
    "system_clock",
    "top_level_atoms",
    "utc_iso",
]
