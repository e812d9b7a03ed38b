"""Any video PyAV can read → a browser-playable MP4: H.264 is remuxed unchanged, anything else transcoded."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from fractions import Fraction
from pathlib import Path

import av

from clipstore import MediaError, open_video, top_level_atoms

logger = logging.getLogger(__name__)

PLAYABLE_CODECS = frozenset({"h264"})
"""What every browser plays in MP4 (HEVC only some): everything else is transcoded to H.264."""
PLAYABLE_PIX_FMTS = frozenset({"yuv420p", "yuvj420p"})


@dataclass(frozen=True)
class Converted:
    """What `to_browser_mp4` did."""

    transcoded: bool
    source_codec: str
    created_at: datetime | None  # the source's `creation_time` metadata, if any and plausible


def _creation_time(container: av.container.InputContainer) -> datetime | None:
    tags = dict(container.metadata)
    for stream in container.streams.video[:1]:
        tags = {**dict(stream.metadata), **tags}
    raw = tags.get("creation_time")
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment if moment.year >= 2000 else None  # 1904/1970: a camera that never set its clock


def to_browser_mp4(source: Path, target: Path) -> Converted:
    """Write `target` (video only, faststart). MediaError if `source` is not a complete, readable video."""
    source, target = Path(source), Path(target)
    try:
        with open_video(source) as src:
            names = set(src.format.name.split(","))
            if names & {"mp4", "mov"}:
                top_level_atoms(source)  # a truncated upload ends inside an atom
            if not src.streams.video:
                raise MediaError(f"{source.name}: no video stream")
            stream = src.streams.video[0]
            codec = stream.codec_context.name
            created = _creation_time(src)
            playable = codec in PLAYABLE_CODECS and (stream.codec_context.pix_fmt or "yuv420p") in PLAYABLE_PIX_FMTS
            count = _remux(src, stream, target) if playable else _transcode(src, stream, target)
    except MediaError:
        raise
    except (av.FFmpegError, OSError, UnicodeDecodeError, ValueError) as exc:
        if source.suffix.lower() in (".mp4", ".mov", ".m4v"):
            top_level_atoms(source)  # says "truncated" when that is why
        reason = getattr(exc, "strerror", None) or str(exc)
        raise MediaError(f"{source.name}: not a readable video ({reason})") from exc
    if count == 0:
        raise MediaError(f"{source.name}: no video frames")
    logger.debug("%s: %s %s → %s", source.name, "transcoded" if not playable else "remuxed", codec, target.name)
    return Converted(not playable, codec, created)


def _remux(src: av.container.InputContainer, stream: av.video.stream.VideoStream, target: Path) -> int:
    count = 0
    base: int | None = None
    last: int | None = None
    with av.open(str(target), mode="w", options={"movflags": "+faststart"}) as out:
        ostream = out.add_stream_from_template(stream)
        for packet in src.demux(stream):
            dts = packet.dts if packet.dts is not None else packet.pts
            if packet.size == 0 or dts is None:
                continue
            pts = packet.pts if packet.pts is not None else dts
            base = dts if base is None else base
            dts, pts = dts - base, pts - base
            if last is not None and dts <= last:
                dts = last + 1
                pts = max(pts, dts)
            packet.dts, packet.pts, last = dts, pts, dts
            packet.stream = ostream
            out.mux(packet)
            count += 1
    return count


def _transcode(src: av.container.InputContainer, stream: av.video.stream.VideoStream, target: Path) -> int:
    rate = stream.average_rate or stream.guessed_rate or Fraction(15)
    if rate > 60 or rate <= 0:
        rate = Fraction(15)
    count = 0
    with av.open(str(target), mode="w", options={"movflags": "+faststart"}) as out:
        ostream = out.add_stream("libx264", rate=rate, options={"crf": "23", "preset": "veryfast"})
        ostream.pix_fmt = "yuv420p"
        first = None
        for frame in src.decode(stream):
            if first is None:
                ostream.width, ostream.height = frame.width // 2 * 2, frame.height // 2 * 2
                first = frame
            converted = frame.reformat(width=ostream.width, height=ostream.height, format="yuv420p")
            converted.pts = count
            converted.time_base = Fraction(1) / rate
            out.mux(ostream.encode(converted))
            count += 1
        if count:
            out.mux(ostream.encode(None))
    return count
