"""Short synthetic videos with motion at known times."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np


def scene_video(
    path: Path,
    seconds: float,
    moving: list[tuple[float, float]],
    *,
    fps: int = 10,
    codec: str = "libx264",
    size: tuple[int, int] = (320, 240),
    box_at: tuple[float, float] = (0.3, 0.6),
    options: dict | None = None,
    metadata: dict | None = None,
) -> Path:
    """A still gradient scene; a bright box moves across it during each (start, end) second range.

    `box_at` is the box's vertical band (fractions of the height).
    """
    width, height = size
    base = np.zeros((height, width, 3), np.uint8)
    base[:, :, 1] = np.linspace(40, 120, width, dtype=np.uint8)[None, :]
    base[:, :, 2] = 60
    y0, y1 = int(box_at[0] * height), int(box_at[1] * height)
    with av.open(str(path), "w", options=options or {}) as out:
        if metadata:
            out.metadata.update(metadata)
        stream = out.add_stream(codec, rate=fps, options={"g": str(fps // 2)} if codec == "libx264" else {})
        stream.width, stream.height = width, height
        stream.pix_fmt = "yuv420p"
        for i in range(round(seconds * fps)):
            t = i / fps
            frame = base.copy()
            if any(start <= t < end for start, end in moving):
                x = (i * 9) % (width - 60)
                frame[y0:y1, x : x + 60] = (240, 220, 200)
            video = av.VideoFrame.from_ndarray(frame, format="rgb24")
            video.pts = i
            out.mux(stream.encode(video))
        out.mux(stream.encode(None))
    return path
