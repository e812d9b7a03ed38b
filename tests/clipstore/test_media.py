"""Tests for clipstore.media: demo rendering, probing, thumbnails and hashing."""

from __future__ import annotations

import hashlib
import struct
from pathlib import Path

import pytest
from PIL import Image

from clipstore.media import MediaError, VideoInfo, probe_video, render_demo_clip, sha256_file, write_thumbnail

CAPTION = "Front door | person | 2024-05-01 12:00"

pytestmark = pytest.mark.one_backend  # PyAV and Pillow alone: no store


@pytest.fixture
def clip(tmp_path: Path) -> Path:
    path = tmp_path / "clip.mp4"
    render_demo_clip(path, caption=CAPTION, seconds=4.0, seed=3)
    return path


def _atom_order(path: Path) -> list[str]:
    """Independently walk the top-level MP4 atoms."""
    data = path.read_bytes()
    atoms, offset = [], 0
    while offset + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[offset : offset + 8])
        if size == 1:
            size = struct.unpack(">Q", data[offset + 8 : offset + 16])[0]
        elif size == 0:
            size = len(data) - offset
        assert size >= 8
        atoms.append(kind.decode("latin-1"))
        offset += size
    assert offset == len(data)
    return atoms


def test_render_returns_info_and_probes_back(clip: Path) -> None:
    info = probe_video(clip)
    assert isinstance(info, VideoInfo)
    assert info.codec == "h264"
    assert (info.width, info.height) == (320, 180)
    assert info.duration_s == pytest.approx(4.0, abs=0.15)


def test_render_custom_size_and_length(tmp_path: Path) -> None:
    path = tmp_path / "small.mp4"
    rendered = render_demo_clip(path, caption="Garage | car | 08:15", seconds=2.0, seed=7, width=160, height=96, fps=5)
    probed = probe_video(path)
    assert rendered == VideoInfo(duration_s=2.0, width=160, height=96, codec="h264")
    assert (probed.width, probed.height, probed.codec) == (160, 96, "h264")
    assert probed.duration_s == pytest.approx(2.0, abs=0.25)


def test_different_seeds_give_different_files(tmp_path: Path) -> None:
    a, b = tmp_path / "a.mp4", tmp_path / "b.mp4"
    render_demo_clip(a, caption=CAPTION, seed=1)
    render_demo_clip(b, caption=CAPTION, seed=2)
    assert sha256_file(a) != sha256_file(b)


def test_render_rejects_odd_dimensions(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        render_demo_clip(tmp_path / "odd.mp4", caption=CAPTION, width=321, height=180)


def test_faststart_moov_before_mdat(clip: Path) -> None:
    atoms = _atom_order(clip)
    assert atoms[0] == "ftyp"
    assert "moov" in atoms and "mdat" in atoms
    assert atoms.index("moov") < atoms.index("mdat")


@pytest.mark.parametrize("at_s", [None, 0.0, 3.9])
def test_thumbnail_is_jpeg_of_right_width(clip: Path, tmp_path: Path, at_s: float | None) -> None:
    jpeg = tmp_path / "thumbs" / "t.jpg"
    write_thumbnail(clip, jpeg, max_width=160, at_s=at_s)
    with Image.open(jpeg) as img:
        assert img.format == "JPEG"
        assert img.size == (160, 90)
        img.verify()


def test_thumbnail_does_not_upscale(clip: Path, tmp_path: Path) -> None:
    jpeg = tmp_path / "big.jpg"
    write_thumbnail(clip, jpeg, max_width=1000)
    with Image.open(jpeg) as img:
        assert img.size == (320, 180)


def test_thumbnail_of_non_video_raises(tmp_path: Path) -> None:
    bogus = tmp_path / "x.mp4"
    bogus.write_text("nope")
    with pytest.raises(MediaError):
        write_thumbnail(bogus, tmp_path / "x.jpg")


def test_probe_rejects_text_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.mp4"
    path.write_text("this is not a video\n" * 50)
    with pytest.raises(MediaError):
        probe_video(path)


def test_probe_rejects_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.mp4"
    path.write_bytes(b"")
    with pytest.raises(MediaError):
        probe_video(path)


def test_probe_rejects_missing_file(tmp_path: Path) -> None:
    with pytest.raises(MediaError):
        probe_video(tmp_path / "missing.mp4")


def test_probe_rejects_jpeg(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    Image.new("RGB", (64, 48), (200, 30, 30)).save(path, format="JPEG")
    with pytest.raises(MediaError):
        probe_video(path)
    disguised = tmp_path / "photo.mp4"
    disguised.write_bytes(path.read_bytes())
    with pytest.raises(MediaError):
        probe_video(disguised)


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.95])
def test_probe_rejects_truncated_mp4(clip: Path, tmp_path: Path, fraction: float) -> None:
    data = clip.read_bytes()
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(data[: int(len(data) * fraction)])
    with pytest.raises(MediaError):
        probe_video(cut)


def test_media_error_is_value_error() -> None:
    assert issubclass(MediaError, ValueError)


def test_sha256_matches_hashlib(clip: Path) -> None:
    assert sha256_file(clip) == hashlib.sha256(clip.read_bytes()).hexdigest()


def test_render_ten_clips(tmp_path: Path) -> None:
    """Smoke test for seeding: ten 4 s clips all render and probe (timing is not asserted)."""
    for i in range(10):
        path = tmp_path / f"c{i}.mp4"
        render_demo_clip(path, caption=f"Cam {i} | motion | 12:{i:02d}", seconds=4.0, seed=i)
        assert probe_video(path).codec == "h264"
