"""When an uploaded clip started: its metadata, else the camera's file name (local time), else its mtime."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

# 20261124_151502, 20261124151502, 2026-11-24T15-15-02, 2026-11-24_15:15:02, 2026_11_24 15.15.02
_STAMP = re.compile(r"(?<!\d)(20\d\d)[-_.]?(\d\d)[-_.]?(\d\d)[T_ .-]?(\d\d)[-_:.h]?(\d\d)[-_:.m]?(\d\d)(?!\d)")


def time_from_name(name: str, zone: str) -> datetime | None:
    """The first plausible date and time in a file name, read in the household's time zone."""
    for match in _STAMP.finditer(name):
        try:
            year, month, day, hour, minute, second = (int(part) for part in match.groups())
            local = datetime(year, month, day, hour, minute, second)
        except ValueError:
            continue
        return local.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)
    return None


def clip_start(path: Path, metadata: datetime | None, zone: str, *, mtime: float | None = None) -> tuple[datetime, str]:
    """The start time and where it came from ('metadata', 'file name' or 'modification time': `mtime`, else
    the file's own)."""
    if metadata is not None:
        return metadata.astimezone(UTC), "metadata"
    named = time_from_name(Path(path).name, zone)
    if named is not None:
        return named, "file name"
    return datetime.fromtimestamp(Path(path).stat().st_mtime if mtime is None else mtime, UTC), "modification time"
