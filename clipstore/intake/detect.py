"""Labels for clips that arrive without any: a CPU detector whose weights ship inside its package.

OpenCV's HOG people detector (Dalal-Triggs, the SVM coefficients are compiled into opencv-python-headless):
nothing is downloaded. It finds people only; animals, vehicles and packages are left to sources that know
(Frigate). Its precision and recall on a labelled set are in the README (bench/detector_bench.py).
"""
from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

from ..media import open_video

logger = logging.getLogger(__name__)


class Detector(ABC):
    """Finds labels in a finished clip."""

    name: str

    @abstractmethod
    def labels(self, video: Path) -> tuple[str, ...]:
        """The labels seen in the clip (empty when nothing is found)."""

    def __call__(self, video: Path) -> tuple[tuple[str, ...], str]:
        """The recorder's and watcher's labeler: (labels, detector name); a failure means no labels."""
        try:
            return self.labels(video), self.name
        except (av.FFmpegError, OSError, ValueError) as exc:
            logger.warning("%s could not label %s: %s", self.name, Path(video).name, exc)
            return (), self.name


@dataclass(frozen=True)
class HogSettings:
    """Frames looked at, the size they are scaled to, and the SVM score a person must reach."""

    frames: int = 6
    width: int = 960            # people must be >= 128 px tall for the 64x128 window: small frames are enlarged
    min_score: float = 0.6
    min_frames: int = 2         # a person must be seen in this many of the frames


class HogPeopleDetector(Detector):
    """OpenCV's default HOG + linear SVM people detector on a few frames of the clip."""

    def __init__(self, settings: HogSettings = HogSettings()) -> None:
        import cv2

        self.settings = settings
        self._cv2 = cv2
        self._hog = cv2.HOGDescriptor()
        self._hog.setSVMDetector(cv2.HOGDescriptor_getDefaultPeopleDetector())
        self.name = f"opencv-hog-people/{cv2.__version__}"

    def sample(self, video: Path) -> list[np.ndarray]:
        """`frames` frames spread over the clip, as grey arrays `width` wide."""
        with open_video(video) as container:
            stream = container.streams.video[0]
            total = stream.frames or 0
            if not total:
                duration = float(stream.duration * stream.time_base) if stream.duration else 10.0
                total = max(1, int(duration * float(stream.average_rate or 10)))
            wanted = set(np.linspace(0, max(0, total - 1), self.settings.frames).round().astype(int).tolist())
            picked = []
            for index, frame in enumerate(container.decode(stream)):
                if index in wanted:
                    height = round(frame.height * self.settings.width / frame.width) // 2 * 2
                    picked.append(frame.reformat(width=self.settings.width, height=height,
                                                 format="gray").to_ndarray())
                if index >= max(wanted):
                    break
        return picked

    def people(self, grey: np.ndarray) -> list[float]:
        """SVM scores of the people found in one frame (after non-maximum suppression)."""
        boxes, weights = self._hog.detectMultiScale(grey, winStride=(8, 8), padding=(8, 8), scale=1.05)
        if len(boxes) == 0:
            return []
        scores = np.asarray(weights).reshape(-1).tolist()
        keep = self._cv2.dnn.NMSBoxes([list(map(int, b)) for b in boxes], scores, self.settings.min_score, 0.4)
        return [scores[i] for i in np.asarray(keep).reshape(-1)]

    def labels(self, video: Path) -> tuple[str, ...]:
        seen = sum(1 for grey in self.sample(video) if self.people(grey))
        return ("person",) if seen >= self.settings.min_frames else ()


def default_labeler() -> Detector | None:
    """The detector clips get labelled with, or None (with a log line) when OpenCV is missing."""
    try:
        return HogPeopleDetector()
    except ImportError:
        logger.warning("OpenCV is not installed: clips from streams and folders get no labels")
        return None
