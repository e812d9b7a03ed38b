"""Bounded media (issue 18): a fragmented MP4 cannot hide its length, and a header that lies about the picture
size cannot make the decoder allocate a huge frame."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import av
import numpy as np
import pytest
from backends import media_keys

from clipstore import ClipQuery
from skill.app import create_app

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def api(homes, clock):
    application = create_app(homes.data_dir, config={"TESTING": True}, clock=clock)
    client = application.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {homes.a_token}"
    yield client
    application.extensions["clipstore"].close()


def upload(api, data: bytes):
    return api.post(
        "/api/clips",
        data={"file": (io.BytesIO(data), "clip.mp4"), "camera": "garage"},
        content_type="multipart/form-data",
    )


def snapshot(homes):
    return [c.id for c in homes.store.clips.page(homes.a.id, ClipQuery(), 500)[0]], sorted(media_keys(homes.store))


@pytest.fixture(scope="session")
def two_hour_fragmented_mp4(tmp_path_factory) -> Path:
    """About 100 kB: 2 hours at 1 frame a second, fragmented (`frag_keyframe+empty_moov`): the header says 0."""
    path = tmp_path_factory.mktemp("frag") / "two-hours.mp4"
    with av.open(str(path), "w", options={"movflags": "frag_keyframe+empty_moov"}) as container:
        stream = container.add_stream("libx264", rate=1, options={"preset": "ultrafast", "crf": "51", "g": "600"})
        stream.width = stream.height = 64
        stream.pix_fmt = "yuv420p"
        black = np.zeros((64, 64, 3), np.uint8)
        for i in range(7200):
            frame = av.VideoFrame.from_ndarray(black, format="rgb24")
            frame.pts = i
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return path


def _one_frame(path: Path, width: int, height: int, options: dict) -> Path:
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=1, options={"preset": "ultrafast", "crf": "51", **options})
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        frame = av.VideoFrame.from_ndarray(np.zeros((height, width, 3), np.uint8), format="rgb24")
        container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return path


@pytest.fixture(scope="session")
def lying_header_mp4(tmp_path_factory) -> Path:
    """About 200 kB: one 8192x8192 H.264 frame (its SPS in the stream itself) in an MP4 whose `tkhd`, `stsd` and
    `avcC` are those of a 320x240 clip: every header says 320x240."""
    folder = tmp_path_factory.mktemp("liar")
    small = _one_frame(folder / "small.mp4", 320, 240, {})
    big = _one_frame(folder / "big.mp4", 8192, 8192, {"x264-params": "repeat-headers=1"})
    path = folder / "liar.mp4"
    with av.open(str(small)) as template, av.open(str(big)) as source, av.open(str(path), "w") as out:
        stream = out.add_stream_from_template(template.streams.video[0])
        for packet in source.demux(source.streams.video[0]):
            if packet.size:
                packet.stream = stream
                out.mux(packet)
    from clipstore.mp4header import read_header

    declared = read_header(path)
    assert (declared.width, declared.height) == (320, 240)
    return path


def test_a_fragmented_mp4_longer_than_an_hour_is_refused(api, homes, two_hour_fragmented_mp4):
    before = snapshot(homes)
    response = upload(api, two_hour_fragmented_mp4.read_bytes())
    assert response.status_code == 400, response.json
    assert "7200" in response.json["error"]  # the frame count or the seconds, counted from the fragments
    assert snapshot(homes) == before


def test_a_fragmented_clip_within_the_bounds_is_stored_with_its_length(api, homes, tmp_path):
    path = tmp_path / "short.mp4"
    with av.open(str(path), "w", options={"movflags": "frag_keyframe+empty_moov"}) as container:
        stream = container.add_stream("libx264", rate=10, options={"preset": "ultrafast", "g": "10"})
        stream.width, stream.height, stream.pix_fmt = 64, 64, "yuv420p"
        for i in range(30):
            frame = av.VideoFrame.from_ndarray(np.full((64, 64, 3), i * 8, np.uint8), format="rgb24")
            frame.pts = i
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    response = upload(api, path.read_bytes())
    assert response.status_code == 201 and response.json["duration_s"] == pytest.approx(3.0, abs=0.11)


PEAK = """
import json, sys
from pathlib import Path
from clipstore.media import MediaError, probe_video, write_thumbnail
import av, numpy, PIL.Image  # loaded before the baseline

def peak_kib():  # the high-water mark of this process's resident memory (ru_maxrss survives exec: not that)
    return int(next(l for l in open("/proc/self/status") if l.startswith("VmHWM:")).split()[1])

before = peak_kib()
try:
    probe_video(Path(sys.argv[1]))
    write_thumbnail(Path(sys.argv[1]), Path(sys.argv[2]))
    outcome = "accepted"
except MediaError as exc:
    outcome = str(exc)
print(json.dumps({"grew_kib": peak_kib() - before, "outcome": outcome}))
"""


def test_a_header_that_lies_about_the_picture_size_never_gets_a_huge_frame_decoded(
    api, homes, lying_header_mp4, tmp_path
):
    """The decoder itself is capped (FFmpeg's max_pixels): the peak memory of probing and thumbnailing the file,
    measured in a process of its own, stays far below one 8192x8192 frame (96 MiB in YUV 4:2:0)."""
    before = snapshot(homes)
    response = upload(api, lying_header_mp4.read_bytes())
    assert response.status_code == 400 and response.json["error"]
    assert snapshot(homes) == before
    run = subprocess.run(
        [sys.executable, "-c", PEAK, str(lying_header_mp4), str(tmp_path / "t.jpg")],
        cwd=ROOT,
        capture_output=True,
        check=False,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    measured = json.loads(run.stdout.strip().splitlines()[-1])
    assert measured["outcome"] != "accepted"
    assert measured["grew_kib"] < 48 * 1024, measured  # was 213 MiB
