"""Precision and recall of the clip labeller per label, and its cost per clip at 1080p.

    python -m bench.detector_bench [--cache DIR] [--runs 3]

The clips are real footage from packages, labelled by looking (bench/footage.py builds them, bench/footage.tsv
holds the labels). Thresholds are chosen on the `tune` clips only; the `held` clips are scored with them and
never used to choose anything. A clip's class marked unsure is left out of that class's score.
Cost: CPU time (user + system, all threads) of labelling a 10 s 1080p/15 fps H.264 clip made from a real photo,
with a keyframe every 2 s as cameras send, and with a single keyframe (the worst case: decoded in full).
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import av
import numpy as np

from bench.common import header, table
from bench.footage import DEFAULT_CACHE, build, write_clip
from bench.footage_sources import fetch
from intake.models import model_path
from intake.objects import GROUPS, ObjectDetector, ObjectSettings

Scores = dict[str, dict[str, float]]  # clip → label → clip score


def clip_scores(detector: ObjectDetector, clips) -> tuple[Scores, dict[str, object]]:
    scores, items = {}, {}
    for item, path in clips:
        frames = detector.frames(path)
        per_frame = [(f.at_s, detector.scores(f.rgb)) for f in frames]
        scores[item.name] = {label: s for label, (s, _) in detector.clip_scores(per_frame).items()}
        items[item.name] = item
    return scores, items


def counts(scores: Scores, items: dict, label: str, threshold: float, split: str) -> dict:
    tp = fp = fn = tn = 0
    wrong = []
    for name, item in items.items():
        if item.split != split or label in item.unsure:
            continue
        found, truth = scores[name][label] >= threshold, label in item.labels
        tp += found and truth
        fp += found and not truth
        fn += truth and not found
        tn += not found and not truth
        if found != truth:
            wrong.append(f"{name} ({'extra' if found else 'missed'})")
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "p": precision, "r": recall, "wrong": wrong}


def choose(scores: Scores, items: dict, label: str) -> float:
    """The threshold with the best worse-of-precision-and-recall on the tune clips (then the highest one)."""
    best = (-1.0, 0.0)
    for threshold in np.arange(0.30, 0.801, 0.01):
        c = counts(scores, items, label, float(threshold), "tune")
        worse = min(np.nan_to_num(c["p"]), np.nan_to_num(c["r"]))
        if worse >= best[0]:
            best = (worse, round(float(threshold), 2))
    return best[1]


def cost_clip(cache: Path, gop: int) -> Path:
    """10 s of 1080p at 15 fps: a real photo (the bus from ultralytics' samples) panned slowly."""
    target = cache / f"cost-1080p-gop{gop}.mp4"
    if target.exists():
        return target
    with av.open(str(fetch("ultralytics", cache) / "bus.jpg")) as container:
        photo = next(container.decode(video=0))
    big = photo.reformat(width=2400, height=3200, format="rgb24").to_ndarray()[900:2250]
    frames = [np.ascontiguousarray(big[:1080, int(480 * i / 149) : int(480 * i / 149) + 1920]) for i in range(150)]
    return write_clip(frames, target, fps=15, gop=gop)


def cpu_seconds(fn, runs: int) -> float:
    fn()  # warm
    spent = []
    for _ in range(runs):
        start = os.times()
        fn()
        end = os.times()
        spent.append(end.user - start.user + end.system - start.system)
    return sorted(spent)[len(spent) // 2]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    ap.add_argument("--runs", type=int, default=3, help="cost runs per clip (median)")
    args = ap.parse_args()
    header("Clip labeller: precision and recall per label, cost per clip")
    clips = build(args.cache)
    detector = ObjectDetector(model_path())
    print(
        f"detector {detector.name}; {len(clips)} clips: "
        f"{sum(i.split == 'tune' for i, _ in clips)} tune, {sum(i.split == 'held' for i, _ in clips)} held\n"
    )
    scores, items = clip_scores(detector, clips)
    shipped = ObjectSettings()
    rows = []
    for label in GROUPS:
        chosen = choose(scores, items, label)
        for split in ("tune", "held"):
            for name, threshold in (("shipped", shipped.threshold(label)), ("chosen on tune", chosen)):
                if name == "chosen on tune" and chosen == shipped.threshold(label):
                    continue
                c = counts(scores, items, label, threshold, split)
                rows.append(
                    [
                        label,
                        split,
                        f"{name} {threshold:.2f}",
                        c["tp"],
                        c["fp"],
                        c["fn"],
                        c["tn"],
                        f"{c['p']:.2f}",
                        f"{c['r']:.2f}",
                        ", ".join(c["wrong"]) or "-",
                    ]
                )
    print(table(["label", "clips", "threshold", "TP", "FP", "FN", "TN", "precision", "recall", "wrong"], rows))
    load = os.getloadavg()[0]
    cost = []
    for gop in (30, 150):
        path = cost_clip(args.cache, gop)
        seconds = cpu_seconds(lambda p=path: detector(p), args.runs)
        frames = len(detector.frames(path))
        cost.append(
            [
                f"10 s 1080p/15 fps, keyframe every {gop // 15} s"
                if gop < 150
                else "10 s 1080p/15 fps, one keyframe (decoded in full)",
                frames,
                f"{seconds:.2f}",
            ]
        )
    print(
        f"\nCost (median of {args.runs}; load average {load:.1f} at the start, "
        f"{os.getloadavg()[0]:.1f} at the end; {time.strftime('%Y-%m-%d')}):\n"
    )
    print(table(["clip", "frames looked at", "CPU s per clip"], cost))


if __name__ == "__main__":
    main()
