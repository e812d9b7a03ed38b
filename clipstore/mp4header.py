"""Read a video track's size, frame count and duration from an MP4/MOV header, without decoding anything.

Opening a file with FFmpeg already decodes a frame, so a tiny file declaring an 8192x8192 picture costs
hundreds of megabytes before any check could run. These numbers come straight from the boxes instead:
`stsd` (the sample entry's width and height), `stsz` (how many frames) and `mdhd` (duration).
"""
from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

MAX_MOOV_BYTES = 32 * 1024 * 1024
_CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl"}


class HeaderError(ValueError):
    """The header is missing or malformed (the message says what)."""


@dataclass(frozen=True)
class TrackHeader:
    """What the header declares about the first video track."""

    width: int
    height: int
    frames: int
    duration_s: float


def _boxes(data: bytes, start: int, end: int):
    """(type, payload start, payload end) of the boxes between `start` and `end`."""
    offset = start
    while offset + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, offset)
        header = 8
        if size == 1:
            if offset + 16 > end:
                raise HeaderError("truncated box header")
            size, header = struct.unpack_from(">Q", data, offset + 8)[0], 16
        elif size == 0:
            size = end - offset
        if size < header or offset + size > end:
            raise HeaderError("a box runs past its parent")
        yield kind, offset + header, offset + size
        offset += size


def _moov(path: Path) -> bytes:
    with path.open("rb") as fh:
        total, offset = path.stat().st_size, 0
        while offset + 8 <= total:
            fh.seek(offset)
            size, kind = struct.unpack(">I4s", fh.read(8))
            header = 8
            if size == 1:
                size, header = struct.unpack(">Q", fh.read(8))[0], 16
            elif size == 0:
                size = total - offset
            if size < header or offset + size > total:
                raise HeaderError(f"the box at byte {offset} runs past the end of the file")
            if kind == b"moov":
                if size > MAX_MOOV_BYTES:
                    raise HeaderError(f"the header is {size} bytes, more than a clip needs")
                fh.seek(offset)
                return fh.read(size)
            offset += size
    raise HeaderError("no moov box (not an MP4/MOV file, or an unfinished recording)")


def _video_track(data: bytes) -> TrackHeader:
    for kind, start, end in _boxes(data, 8, len(data)):
        if kind != b"trak":
            continue
        found: dict[bytes, tuple[int, int]] = {}
        stack = [(start, end)]
        while stack:
            lo, hi = stack.pop()
            for sub, s, e in _boxes(data, lo, hi):
                if sub in _CONTAINERS:
                    stack.append((s, e))
                elif sub in (b"hdlr", b"mdhd", b"stsd", b"stsz"):
                    found.setdefault(sub, (s, e))
        if b"hdlr" in found and data[found[b"hdlr"][0] + 8:found[b"hdlr"][0] + 12] != b"vide":
            continue
        if not {b"mdhd", b"stsd", b"stsz"} <= set(found):
            continue
        s = found[b"mdhd"][0]
        if data[s] == 1:
            timescale, duration = struct.unpack_from(">IQ", data, s + 20)
        else:
            timescale, duration = struct.unpack_from(">II", data, s + 12)
        s = found[b"stsd"][0]
        if found[b"stsd"][1] - s < 8 + 8 + 28:  # full box, entry count, entry header, visual entry up to height
            raise HeaderError("the video sample description is truncated")
        width, height = struct.unpack_from(">HH", data, s + 8 + 8 + 24)
        frames = struct.unpack_from(">I", data, found[b"stsz"][0] + 8)[0]
        return TrackHeader(width, height, frames, duration / timescale if timescale else 0.0)
    raise HeaderError("no video track in the header")


def read_header(path: Path) -> TrackHeader:
    """The first video track's declared size, frame count and duration; HeaderError if unreadable."""
    try:
        return _video_track(_moov(Path(path)))
    except struct.error:
        raise HeaderError("the header is truncated") from None
