"""The clip store: households, cameras, motion clips with their media, and the audit log."""
from .errors import Conflict, Invalid, NeedsConfirmation, NotFound, StoreError
from .label_sources import LabelInfo, Labelling, Seen
from .models import (
    LABELS,
    AuditEvent,
    Camera,
    Clip,
    ClipQuery,
    Deletion,
    Household,
    Restored,
    RetentionChange,
    utc_iso,
)
from .shares import Share, consent_text
from .store import ClipStore, default_data_dir

__all__ = [
    "LABELS",
    "AuditEvent",
    "Camera",
    "Clip",
    "ClipQuery",
    "ClipStore",
    "Deletion",
    "Share",
    "consent_text",
    "Conflict",
    "Household",
    "Invalid",
    "LabelInfo",
    "Labelling",
    "NeedsConfirmation",
    "Restored",
    "RetentionChange",
    "NotFound",
    "Seen",
    "StoreError",
    "default_data_dir",
    "utc_iso",
]
