"""Constants of the Home Clips integration."""

from __future__ import annotations

from datetime import timedelta
from typing import Final

DOMAIN: Final = "home_clips"
MANUFACTURER: Final = "Home Clips"

POLL_INTERVAL: Final = timedelta(seconds=60)
"""Cameras, privacy mode and today's counts are read this often; new clips arrive through the feed."""
FEED_WAIT_S: Final = 30
"""How long one feed request waits on the server for a new clip (a long poll)."""
FEED_RETRY_MAX_S: Final = 60
SESSION_IDLE_S: Final = 300.0
"""A conversation's Home Clips session (a question waiting for a yes) is forgotten after this long."""

EVENT_CLIP_STORED: Final = "clip_stored"

SERVICE_DELETE_CLIPS: Final = "delete_clips"
SERVICE_RESTORE_CLIPS: Final = "restore_clips"
SERVICE_SHARE_CLIP: Final = "share_clip"
SERVICE_REVOKE_SHARES: Final = "revoke_shares"
