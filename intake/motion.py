"""Motion detection on small grey frames: difference against a running background, sensitivity, area, mask."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from clipstore import Invalid


@dataclass(frozen=True)
class Region:
    """A rectangle in fractions of the picture (0..1): x0, y0 top left, x1, y1 bottom right."""

    x0: float
    y0: float
    x1: float
    y1: float

    @classmethod
    def parse(cls, text: str) -> Region:
        """`"0,0,1,0.3"` (the top 30 %) → Region; Invalid otherwise."""
        parts = re.split(r"\s*,\s*", text.strip())
        try:
            x0, y0, x1, y1 = (float(p) for p in parts)
        except ValueError:
            raise Invalid(
                f"a mask region is x0,y0,x1,y1 in fractions of the picture, e.g. 0,0,1,0.3; not {text!r}"
            ) from None
        if not (0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1):
            raise Invalid(f"mask region {text!r} must satisfy 0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1")
        return cls(x0, y0, x1, y1)


@dataclass(frozen=True)
class MotionSettings:
    """How motion is found. `sensitivity` 1..100 sets the grey-level change that counts (higher: smaller changes);
    `min_area` is the changed share of the unmasked picture that makes motion; `mask` regions are ignored."""

    sensitivity: int = 60
    min_area: float = 0.01
    mask: tuple[Region, ...] = ()
    width: int = 160  # detection runs on frames scaled to this width
    fps: float = 5.0  # frames examined per second
    learn: float = 0.05  # how fast the background follows the picture (0..1 per examined frame)

    def __post_init__(self) -> None:
        if not 1 <= self.sensitivity <= 100:
            raise Invalid("sensitivity must be from 1 to 100")
        if not 0 < self.min_area <= 1:
            raise Invalid("min-area must be a share of the picture, above 0 and at most 1 (e.g. 0.01)")
        if not 0 < self.fps <= 30 or not 32 <= self.width <= 640:
            raise Invalid("detection fps must be in (0, 30] and width in [32, 640]")

    @property
    def threshold(self) -> float:
        """The grey-level difference (0..255) a pixel must change by: 100 → 6, 60 → 26, 1 → 55."""
        return 6.0 + (100 - self.sensitivity) * 0.5


class MotionDetector:
    """Feed grey frames (2-D uint8 arrays) in time order; `feed` says whether this one shows motion."""

    def __init__(self, settings: MotionSettings = MotionSettings()) -> None:
        self.settings = settings
        self._background: np.ndarray | None = None
        self._keep: np.ndarray | None = None
        self.last_score = 0.0

    def reset(self) -> None:
        """Forget the background (after a reconnect: the picture may have changed)."""
        self._background = None

    def _mask_for(self, shape: tuple[int, int]) -> np.ndarray:
        if self._keep is None or self._keep.shape != shape:
            keep = np.ones(shape, dtype=bool)
            h, w = shape
            for r in self.settings.mask:
                keep[int(r.y0 * h) : int(np.ceil(r.y1 * h)), int(r.x0 * w) : int(np.ceil(r.x1 * w))] = False
            self._keep = keep
        return self._keep

    def feed(self, grey: np.ndarray) -> bool:
        """True when the share of unmasked pixels that differ from the background reaches `min_area`."""
        frame = _smooth(grey.astype(np.float32))
        if self._background is None or self._background.shape != frame.shape:
            self._background = frame
            self.last_score = 0.0
            return False
        keep = self._mask_for(frame.shape)
        changed = (np.abs(frame - self._background) > self.settings.threshold) & keep
        total = int(keep.sum())
        self.last_score = float(changed.sum()) / total if total else 0.0
        moving = self.last_score >= self.settings.min_area
        # Learn the background, slower where something moves (a person standing still fades in slowly).
        rate = np.where(changed, self.settings.learn * 0.2, self.settings.learn).astype(np.float32)
        self._background += rate * (frame - self._background)
        return moving


def _smooth(frame: np.ndarray) -> np.ndarray:
    """A 3x3 box blur (sensor noise and compression blocks must not count as motion)."""
    padded = np.pad(frame, 1, mode="edge")
    out = np.zeros_like(frame)
    for dy in range(3):
        for dx in range(3):
            out += padded[dy : dy + frame.shape[0], dx : dx + frame.shape[1]]
    return out / 9.0
