"""The clip store: households, cameras, motion clips with their media, and the audit log."""
from .errors import Conflict, Invalid, NotFound, StoreError
from .models import LABELS, AuditEvent, Camera, Clip, ClipQuery, Household, utc_iso
from .store import ClipStore, default_data_dir

__all__ = [
    "LABELS",
    "AuditEvent",
    "Camera",
    "Clip",
    "ClipQuery",
    "ClipStore",
    "Conflict",
    "Household",
    "Invalid",
    "NotFound",
    "StoreError",
    "default_data_dir",
    "utc_iso",
]
