"""Video helpers: render synthetic demo clips, probe, thumbnail and hash files."""

from __future__ import annotations

import hashlib
import logging
import struct
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from .mp4header import HeaderError, read_header

logger = logging.getLogger(__name__)

ACCEPTED_CODECS = frozenset({"h264", "hevc", "mpeg4"})
_TOP_LEVEL_MIN_HEADER = 8
MAX_SIDE = 4096
"""The widest or tallest picture a camera clip may have (4K cameras are 3840x2160; 12 MP ones 4000x3000)."""
MAX_PIXELS = 4096 * 3072
MAX_DURATION_S = 3600.0
MAX_FRAMES = int(MAX_DURATION_S * 60)


DECODER_OPTIONS = {"max_pixels": str(MAX_PIXELS)}
"""Every decoder is capped: FFmpeg refuses to allocate a frame of more pixels than a clip may have, whatever the
headers said (an 8192x8192 stream under a header saying 320x240 cost 213 MiB before it was refused)."""


def open_video(source: str | Path, options: dict | None = None, **kwargs) -> av.container.InputContainer:
    """`av.open` for reading with the decoders capped at `MAX_PIXELS`: the probe FFmpeg does while opening,
    and each video stream's own decoder (opened when the first packet is decoded)."""
    container = av.open(str(source), mode="r", options={**(options or {}), **DECODER_OPTIONS}, **kwargs)
    for stream in container.streams.video:
        if stream.codec_context is not None:
            stream.codec_context.options = {**(stream.codec_context.options or {}), **DECODER_OPTIONS}
    return container


class MediaError(ValueError):
    """The file is not a playable video we accept (message says why)."""


@dataclass(frozen=True)
class VideoInfo:
    """Basic facts about a video file."""

    duration_s: float
    width: int
    height: int
    codec: str  # e.g. 'h264'


def _background(seed: int, width: int, height: int) -> np.ndarray:
    """A vertical two-colour gradient whose colours depend on ``seed``."""
    rng = np.random.default_rng(seed)
    top, bottom = rng.integers(30, 200, size=(2, 3))
    t = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None]
    column = (top[None, :] * (1.0 - t) + bottom[None, :] * t).astype(np.uint8)
    return np.ascontiguousarray(np.broadcast_to(column[:, None, :], (height, width, 3)))


def _draw_caption(frame: np.ndarray, caption: str) -> np.ndarray:
    """Draw ``caption`` on a dark band at the bottom using Pillow's default font."""
    img = Image.fromarray(frame)
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default()
    left, top, _right, bottom = draw.multiline_textbbox((0, 0), caption, font=font)
    pad = 4
    y0 = max(0, img.height - (bottom - top) - 2 * pad)
    draw.rectangle((0, y0, img.width, img.height), fill=(0, 0, 0))
    draw.multiline_text((pad - left, y0 + pad - top), caption, font=font, fill=(255, 255, 255))
    return np.asarray(img).copy()


def render_demo_clip(
    path: Path, *, caption: str, seconds: float = 4.0, seed: int = 0, width: int = 320, height: int = 180, fps: int = 10
) -> VideoInfo:
    """Write a playable H.264/yuv420p faststart MP4 with a seeded scene, a moving box and a caption."""
    if width <= 0 or height <= 0 or width % 2 or height % 2:
        raise ValueError(f"width/height must be positive and even, got {width}x{height}")
    if seconds <= 0 or fps <= 0:
        raise ValueError("seconds and fps must be positive")
    path = Path(path)
    n_frames = max(1, round(seconds * fps))
    base = _draw_caption(_background(seed, width, height), caption)
    rng = np.random.default_rng(seed + 1)
    box_colour = rng.integers(120, 256, size=3).astype(np.uint8)
    side = max(2, min(width, height) // 4)
    span_x, span_y = max(1, width - side), max(1, height // 2 - side // 2)
    with av.open(str(path), mode="w", options={"movflags": "+faststart"}) as container:
        stream = container.add_stream(
            "libx264", rate=fps, options={"crf": "28", "preset": "veryfast", "g": str(fps), "tune": "zerolatency"}
        )
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        for i in range(n_frames):
            phase = i / max(1, n_frames - 1)
            x = int(span_x * (1 - abs(2 * phase - 1)))  # left -> right -> left
            y = int(span_y * (0.5 + 0.5 * np.sin(2 * np.pi * phase))) // 2 * 2
            frame_arr = base.copy()
            frame_arr[y : y + side, x : x + side] = box_colour
            frame = av.VideoFrame.from_ndarray(frame_arr, format="rgb24")
            frame.pts = i
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))  # flush the encoder
    logger.debug("rendered %s (%d frames, %dx%d)", path, n_frames, width, height)
    return VideoInfo(duration_s=n_frames / fps, width=width, height=height, codec="h264")


def _check_top_level_atoms(path: Path) -> list[str]:
    """Return top-level ISO-BMFF atom types; raise MediaError if an atom runs past EOF."""
    size_total = path.stat().st_size
    atoms: list[str] = []
    with path.open("rb") as fh:
        offset = 0
        while offset < size_total:
            fh.seek(offset)
            header = fh.read(_TOP_LEVEL_MIN_HEADER)
            if len(header) < _TOP_LEVEL_MIN_HEADER:
                raise MediaError(f"{path.name}: truncated atom header at byte {offset}")
            size, kind = struct.unpack(">I4s", header)
            if size == 1:
                ext = fh.read(8)
                if len(ext) < 8:
                    raise MediaError(f"{path.name}: truncated atom header at byte {offset}")
                size = struct.unpack(">Q", ext)[0]
            elif size == 0:
                size = size_total - offset
            if size < _TOP_LEVEL_MIN_HEADER or offset + size > size_total:
                raise MediaError(
                    f"{path.name}: file is truncated or corrupt (the atom at byte {offset} exceeds the file size)"
                )
            atoms.append(kind.decode("latin-1"))
            offset += size
    return atoms


def top_level_atoms(path: Path) -> list[str]:
    """List the top-level MP4/MOV atom types in file order (e.g. ['ftyp', 'moov', 'mdat'])."""
    return _check_top_level_atoms(Path(path))


def check_bounds(name: str, width: int, height: int, frames: int, duration_s: float) -> None:
    """MediaError unless the picture size, frame count and duration are those of a camera clip."""
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        raise MediaError(
            f"{name}: a {width}x{height} picture is larger than a camera clip may be "
            f"(at most {MAX_SIDE} pixels a side and {MAX_PIXELS // 1_000_000} megapixels)"
        )
    if frames > MAX_FRAMES:
        raise MediaError(f"{name}: {frames} frames is more than a clip may have ({MAX_FRAMES})")
    if duration_s > MAX_DURATION_S:
        raise MediaError(f"{name}: {duration_s:.0f} s is longer than a clip may be ({MAX_DURATION_S:.0f} s)")


def probe_video(path: Path) -> VideoInfo:
    """Check the header's bounds, then open with PyAV and decode one frame; MediaError unless it is an
    accepted MP4/MOV video of camera-clip size."""
    path = Path(path)
    if not path.is_file():
        raise MediaError(f"{path.name}: no such file")
    if path.stat().st_size == 0:
        raise MediaError(f"{path.name}: file is empty")
    try:  # before FFmpeg sees the file: opening it already decodes a frame
        declared = read_header(path)
    except HeaderError as exc:
        raise MediaError(f"{path.name}: not a readable MP4/MOV video ({exc})") from None
    check_bounds(path.name, declared.width, declared.height, declared.frames, declared.duration_s)
    try:
        with open_video(path) as container:
            fmt = container.format.name
            if "mp4" not in fmt.split(",") and "mov" not in fmt.split(","):
                raise MediaError(f"{path.name}: unsupported container {fmt!r} (need mp4/mov)")
            _check_top_level_atoms(path)
            if not container.streams.video:
                raise MediaError(f"{path.name}: no video stream")
            stream = container.streams.video[0]
            if stream.codec_context is None or not stream.codec_context.name:
                raise MediaError(f"{path.name}: the video stream names no codec")
            codec = stream.codec_context.name
            check_bounds(path.name, stream.codec_context.width, stream.codec_context.height, 0, 0.0)
            if codec not in ACCEPTED_CODECS:
                raise MediaError(f"{path.name}: unsupported video codec {codec!r}")
            frame = next(container.decode(stream), None)
            if frame is None:
                raise MediaError(f"{path.name}: no decodable video frame")
            duration = _duration_s(container, stream)
            width, height = stream.codec_context.width or frame.width, stream.codec_context.height or frame.height
            check_bounds(path.name, width, height, stream.frames or 0, duration or 0.0)  # as the demuxer sees it
    except MediaError:
        raise
    except (
        av.FFmpegError,
        OSError,
        StopIteration,
        UnicodeDecodeError,
        ValueError,
        TypeError,
        AttributeError,
        IndexError,
        OverflowError,
    ) as exc:
        raise MediaError(f"{path.name}: not a readable video ({exc})") from exc
    if duration is None or duration <= 0:
        raise MediaError(f"{path.name}: missing or non-positive duration")
    return VideoInfo(duration_s=duration, width=width, height=height, codec=codec)


def _duration_s(container: av.container.InputContainer, stream: av.video.stream.VideoStream) -> float | None:
    """Duration in seconds from the stream (preferred) or the container, or None."""
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / av.time_base
    return None


def write_thumbnail(video_path: Path, jpeg_path: Path, *, max_width: int = 320, at_s: float | None = None) -> None:
    """Save the frame at ``at_s`` (default: middle) as a JPEG scaled to at most ``max_width``."""
    video_path, jpeg_path = Path(video_path), Path(jpeg_path)
    if max_width <= 0:
        raise ValueError("max_width must be positive")
    info = probe_video(video_path)
    target = info.duration_s / 2 if at_s is None else min(max(0.0, at_s), info.duration_s)
    try:
        with open_video(video_path) as container:
            stream = container.streams.video[0]
            if stream.time_base is not None:
                container.seek(int(target / stream.time_base), stream=stream, backward=True)
            chosen = None
            for frame in container.decode(stream):
                chosen = frame
                if frame.time is not None and frame.time >= target - 1e-6:
                    break
            if chosen is None:
                raise MediaError(f"{video_path.name}: could not decode a frame near {target:.2f}s")
            img = chosen.to_image()
    except MediaError:
        raise
    except (av.FFmpegError, OSError, ValueError, TypeError, AttributeError, IndexError) as exc:
        raise MediaError(f"{video_path.name}: no thumbnail could be made ({exc})") from exc
    if img.width > max_width:
        img = img.resize((max_width, max(1, round(img.height * max_width / img.width))), Image.Resampling.BILINEAR)
    jpeg_path.parent.mkdir(parents=True, exist_ok=True)
    img.convert("RGB").save(jpeg_path, format="JPEG", quality=80)


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
