"""Precision and recall of the clip labeller on a small labelled set of clips made from real footage.

    python -m bench.detector_bench [--cache DIR]

The footage is OpenCV's sample data from Debian's `opencv-doc` package (fetched with `apt-get download`
into the cache once, unpacked, never installed): `vtest.avi`, a fixed security-camera view of a car park
with pedestrians; `tree.avi`, a tree moving in the wind (its first 4 s decode); photos panned like a camera would see them move.
Each clip is written as H.264 MP4 (what the recorder stores) and labelled by hand in CLIPS below.
"""
from __future__ import annotations

import argparse
import subprocess
import time
from pathlib import Path

import av
import numpy as np

from bench.common import header, table
from intake.detect import HogPeopleDetector, HogSettings

DATA = "usr/share/doc/opencv-doc/examples/data"
# (name, source, start s, kind, person?) - looked at frame by frame when the set was made.
CLIPS = [(f"vtest-{t:02d}", "vtest.avi", t, "video", True) for t in (0, 10, 20, 30, 40, 50, 60, 70)] + [
    ("messi", "messi5.jpg", 0, "pan", True),
    ("tree-00", "tree.avi", 0, "video", False),
    ("home", "home.jpg", 0, "pan", False),
    ("orange", "orange.jpg", 0, "pan", False),
    ("squirrel", "squirrel_cls.jpg", 0, "pan", False),
    ("baboon", "baboon.jpg", 0, "pan", False),
    ("car-plate", "licenseplate_motion.jpg", 0, "pan", False),
    ("building", "building.jpg", 0, "pan", False),
    ("fruits", "fruits.jpg", 0, "pan", False),
]
SECONDS, FPS = 3.0, 10


def fetch(cache: Path) -> Path:
    """OpenCV's sample data, unpacked from Debian's opencv-doc package into `cache`."""
    data = cache / "x" / DATA
    if (data / "vtest.avi").exists():
        return data
    cache.mkdir(parents=True, exist_ok=True)
    subprocess.run(["apt-get", "download", "opencv-doc"], cwd=cache, check=True)
    deb = sorted(cache.glob("opencv-doc_*.deb"))[-1]
    subprocess.run(["dpkg-deb", "-x", str(deb), str(cache / "x")], check=True)
    return data


def _writer(path: Path, width: int, height: int):
    out = av.open(str(path), "w")
    stream = out.add_stream("libx264", rate=FPS, options={"crf": "23", "preset": "veryfast"})
    stream.width, stream.height, stream.pix_fmt = width // 2 * 2, height // 2 * 2, "yuv420p"
    return out, stream


def make_clip(source: Path, start: float, kind: str, target: Path) -> None:
    """3 s at 10 fps: a stretch of a video, or a photo panned across (a camera's view of something moving)."""
    frames = []
    if kind == "video":
        with av.open(str(source)) as container:
            stream = container.streams.video[0]
            rate = float(stream.average_rate or FPS)
            step = max(1, round(rate / FPS))
            for index, frame in enumerate(container.decode(stream)):
                if index >= (start + SECONDS) * rate:
                    break
                if index >= start * rate and index % step == 0:
                    frames.append(frame.to_ndarray(format="rgb24"))
    else:
        image = av.open(str(source)).decode(video=0).__next__().to_ndarray(format="rgb24")
        h, w = image.shape[:2]
        cw, ch = int(w * 0.8), int(h * 0.8)
        for i in range(int(SECONDS * FPS)):
            x = int((w - cw) * i / (SECONDS * FPS - 1))
            frames.append(np.ascontiguousarray(image[(h - ch) // 2:(h - ch) // 2 + ch, x:x + cw]))
    height, width = frames[0].shape[:2]
    out, stream = _writer(target, width, height)
    for i, array in enumerate(frames):
        frame = av.VideoFrame.from_ndarray(array[:stream.height, :stream.width], format="rgb24")
        frame.pts = i
        out.mux(stream.encode(frame))
    out.mux(stream.encode(None))
    out.close()


def evaluate(detector: HogPeopleDetector, clips: list[tuple[str, Path, bool]]) -> dict:
    tp = fp = fn = tn = 0
    seconds = []
    wrong = []
    for name, path, truth in clips:
        started = time.perf_counter()
        found = "person" in detector.labels(path)
        seconds.append(time.perf_counter() - started)
        tp += found and truth
        fp += found and not truth
        fn += truth and not found
        tn += not found and not truth
        if found != truth:
            wrong.append(name)
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": precision, "recall": recall,
            "s_per_clip": sorted(seconds)[len(seconds) // 2], "wrong": wrong}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=Path("/tmp/home-clips-bench/opencv-doc"))
    args = ap.parse_args()
    header("Clip labeller: precision and recall (person)")
    data = fetch(args.cache)
    clips_dir = args.cache / "clips"
    clips_dir.mkdir(exist_ok=True)
    clips = []
    for name, source, start, kind, truth in CLIPS:
        target = clips_dir / f"{name}.mp4"
        if not target.exists():
            make_clip(data / source, start, kind, target)
        clips.append((name, target, truth))
    print(f"{sum(c[2] for c in clips)} clips with people, {sum(not c[2] for c in clips)} without; "
          f"{SECONDS:.0f} s each at {FPS} fps\n")
    rows = []
    for settings in (HogSettings(), HogSettings(width=1280), HogSettings(min_score=1.0),
                     HogSettings(min_frames=1), HogSettings(frames=3, min_frames=1)):
        detector = HogPeopleDetector(settings)
        result = evaluate(detector, clips)
        rows.append([f"frames={settings.frames} width={settings.width} score>={settings.min_score} "
                     f"in>={settings.min_frames}", result["tp"], result["fp"], result["fn"], result["tn"],
                     f"{result['precision']:.2f}", f"{result['recall']:.2f}", f"{result['s_per_clip']:.2f}",
                     ", ".join(result["wrong"]) or "-"])
    print(table(["settings", "TP", "FP", "FN", "TN", "precision", "recall", "s/clip (median)", "wrong"], rows))


if __name__ == "__main__":
    main()
