"""A few frames spread over a clip, decoded as cheaply as the clip allows.

Cameras send a keyframe every second or two, and a keyframe decodes on its own: when the clip has enough of them
only those are decoded (the other packets are read, not decoded). A clip with too few keyframes (one long group
of pictures) is decoded in full, at the cost that takes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

from clipstore import open_video

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sampled:
    """One frame of the clip: when (seconds from the clip's start) and its pixels (RGB, `size`)."""

    at_s: float
    rgb: np.ndarray


def _letterbox(frame: av.VideoFrame, size: tuple[int, int]) -> np.ndarray:
    """The frame scaled to fit `size` whole (its shape kept), centred on grey."""
    scale = min(size[0] / frame.width, size[1] / frame.height)
    width, height = max(2, round(frame.width * scale)), max(2, round(frame.height * scale))
    rgb = frame.reformat(width=width, height=height, format="rgb24").to_ndarray()
    canvas = np.full((size[1], size[0], 3), 114, np.uint8)
    top, left = (size[1] - height) // 2, (size[0] - width) // 2
    canvas[top : top + height, left : left + width] = rgb
    return canvas


def _spread(times: list[float], count: int) -> list[float]:
    """`count` of `times` spread evenly (all of them when there are fewer)."""
    if len(times) <= count:
        return list(times)
    picks = np.linspace(0, len(times) - 1, count).round().astype(int)
    return [times[i] for i in dict.fromkeys(picks.tolist())]


def _scan(video: Path) -> tuple[list[float], float, float]:
    """Keyframe times, first and last packet time (seconds), from the packets alone (nothing decoded)."""
    keys: list[float] = []
    first, last = float("inf"), 0.0
    with open_video(video) as container:
        stream = container.streams.video[0]
        base = stream.time_base
        if base is None:
            raise ValueError(f"{video}: its video stream has no time base")
        for packet in container.demux(stream):
            if packet.pts is None or packet.size == 0:
                continue
            at = float(packet.pts * base)
            first, last = min(first, at), max(last, at)
            if packet.is_keyframe:
                keys.append(at)
    if not keys and first == float("inf"):
        raise ValueError("the clip has no video packets")
    return sorted(keys), (0.0 if first == float("inf") else first), last


def sample(video: Path, count: int, size: tuple[int, int], min_keyframes: int = 3) -> list[Sampled]:
    """About `count` frames spread over the clip, fitted into `size` (width, height) as RGB arrays."""
    keys, first, last = _scan(video)
    wanted = max(1, count)
    use_keys = len(keys) >= min(wanted, min_keyframes)
    if use_keys:
        chosen = set(_spread(keys, wanted))
    else:
        step = (last - first) / wanted
        targets = [first + step * (i + 0.5) for i in range(wanted)]
    picked: list[Sampled] = []
    with open_video(video) as container:
        stream = container.streams.video[0]
        context = stream.codec_context
        context.thread_count = 1  # one core: what the cost figures mean
        if use_keys:
            context.skip_frame = "NONKEY"
        for frame in container.decode(stream):
            at = frame.time
            if at is None:
                continue
            if use_keys:
                take = any(abs(at - c) < 1e-3 for c in chosen)
            else:
                take = bool(targets) and at >= targets[0] - 1e-6
                while targets and at >= targets[0] - 1e-6:
                    targets.pop(0)
            if take:
                picked.append(Sampled(round(at - first, 3), _letterbox(frame, size)))
            if (use_keys and len(picked) >= len(chosen)) or (not use_keys and not targets):
                break
    if not use_keys:
        logger.debug("%s: %d keyframes, decoded in full for %d frames", Path(video).name, len(keys), len(picked))
    return picked
