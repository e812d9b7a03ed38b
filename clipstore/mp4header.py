"""Read a video track's size, frame count and duration from an MP4/MOV header, without decoding anything.

Opening a file with FFmpeg already decodes a frame, so a tiny file declaring an 8192x8192 picture costs
hundreds of megabytes before any check could run. These numbers come straight from the boxes instead:
`stsd` (the sample entry's width and height), `stsz` (how many frames) and `mdhd` (duration). A fragmented
MP4 (`frag_keyframe+empty_moov`) declares 0 frames and 0 s there: its frames are counted from the fragments
(`moof`/`traf`/`trun`, with `tfhd`/`trex` defaults and `tfdt` times) instead. Messages never quote file bytes.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, replace
from pathlib import Path

MAX_MOOV_BYTES = 32 * 1024 * 1024
MAX_MOOF_BYTES = 4 * 1024 * 1024
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
    track_id: int = 0
    timescale: int = 0


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


def _top_level(fh, total: int):
    """(type, offset, header size, size) of each top-level box of the open file."""
    offset = 0
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
        yield kind, offset, header, size
        offset += size


def _moov(path: Path) -> bytes:
    with path.open("rb") as fh:
        for kind, offset, _, size in _top_level(fh, path.stat().st_size):
            if kind == b"moov":
                if size > MAX_MOOV_BYTES:
                    raise HeaderError(f"the header is {size} bytes, more than a clip needs")
                fh.seek(offset)
                return fh.read(size)
    raise HeaderError("no moov box (not an MP4/MOV file, or an unfinished recording)")


def _trex_duration(moov: bytes, track_id: int) -> int:
    """The track's default sample duration from `moov/mvex/trex` (0 if none)."""
    for kind, start, end in _boxes(moov, 8, len(moov)):
        if kind == b"mvex":
            for sub, s, e in _boxes(moov, start, end):
                if sub == b"trex" and e - s >= 16 and struct.unpack_from(">I", moov, s + 4)[0] == track_id:
                    return struct.unpack_from(">I", moov, s + 12)[0]
    return 0


def _fragment(data: bytes, track_id: int, default: int) -> tuple[int, int, int | None]:
    """(frames, summed duration, tfdt start or None) of the track's runs in one `moof`."""
    frames = duration = 0
    start = None
    for kind, lo, hi in _boxes(data, 8, len(data)):
        if kind != b"traf":
            continue
        boxes = list(_boxes(data, lo, hi))
        tfhd = next(((s, e) for k, s, e in boxes if k == b"tfhd"), None)
        if tfhd is None or struct.unpack_from(">I", data, tfhd[0] + 4)[0] != track_id:
            continue
        flags, at = struct.unpack_from(">I", data, tfhd[0])[0] & 0xFFFFFF, tfhd[0] + 8
        at += 8 if flags & 0x01 else 0  # base data offset
        at += 4 if flags & 0x02 else 0  # sample description index
        track_default = struct.unpack_from(">I", data, at)[0] if flags & 0x08 else default
        for k, s, _ in boxes:
            if k == b"tfdt":
                start = struct.unpack_from(">Q" if data[s] == 1 else ">I", data, s + 4)[0]
            elif k == b"trun":
                run_flags = struct.unpack_from(">I", data, s)[0] & 0xFFFFFF
                count = struct.unpack_from(">I", data, s + 4)[0]
                frames += count
                if run_flags & 0x100:  # a duration per sample
                    step = 4 * bin(run_flags & 0xF00).count("1")
                    at = s + 8 + (4 if run_flags & 0x01 else 0) + (4 if run_flags & 0x04 else 0)
                    for n in range(min(count, (len(data) - at) // max(step, 1))):
                        duration += struct.unpack_from(">I", data, at + n * step)[0]
                else:
                    duration += count * track_default
    return frames, duration, start


def fragments(path: Path, track: TrackHeader, default_duration: int) -> tuple[int, float]:
    """(frames, seconds) of the video track counted over every `moof` of a fragmented file."""
    frames, ticks, end = 0, 0, 0
    with Path(path).open("rb") as fh:
        for kind, offset, _, size in _top_level(fh, Path(path).stat().st_size):
            if kind != b"moof":
                continue
            if size > MAX_MOOF_BYTES:
                raise HeaderError(f"a fragment header of {size} bytes is more than a clip needs")
            fh.seek(offset)
            count, duration, start = _fragment(fh.read(size), track.track_id, default_duration)
            frames, ticks = frames + count, ticks + duration
            end = max(end, (start if start is not None else ticks - duration) + duration)
    seconds = max(ticks, end) / track.timescale if track.timescale else 0.0
    return frames, seconds


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
                elif sub in (b"hdlr", b"mdhd", b"stsd", b"stsz", b"tkhd"):
                    found.setdefault(sub, (s, e))
        if b"hdlr" in found and data[found[b"hdlr"][0] + 8 : found[b"hdlr"][0] + 12] != b"vide":
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
        track_id = 0
        if b"tkhd" in found:
            s = found[b"tkhd"][0]
            track_id = struct.unpack_from(">I", data, s + (20 if data[s] == 1 else 12))[0]
        return TrackHeader(width, height, frames, duration / timescale if timescale else 0.0, track_id, timescale)
    raise HeaderError("no video track in the header")


def read_header(path: Path) -> TrackHeader:
    """The first video track's declared size, frame count and duration (a fragmented file's counted from its
    fragments); HeaderError if unreadable."""
    try:
        moov = _moov(Path(path))
        track = _video_track(moov)
        if any(kind == b"mvex" for kind, _, _ in _boxes(moov, 8, len(moov))):
            frames, seconds = fragments(Path(path), track, _trex_duration(moov, track.track_id))
            track = replace(track, frames=track.frames + frames, duration_s=max(track.duration_s, seconds))
        return track
    except struct.error:
        raise HeaderError("the header is truncated") from None
