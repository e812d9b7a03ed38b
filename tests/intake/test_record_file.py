"""`python -m clipstore record` on a video file: one clip per motion, pre- and post-roll, mask, bad input."""

from __future__ import annotations

import pytest
from videos import scene_video

from clipstore import ClipQuery
from clipstore.__main__ import main
from clipstore.media import probe_video
from clipstore.wakeup import StopSignal
from intake.motion import MotionSettings, Region
from intake.recorder import Recorder, RecorderSettings


def clips(store, household):
    return list(reversed(store.clips.page(household.id, ClipQuery(camera="garage"))[0]))


def test_one_clip_per_motion_with_pre_and_post_roll(home, tmp_path, clock):
    store, household = home
    video = scene_video(tmp_path / "cam.mp4", 14.0, [(3.0, 4.5), (9.0, 10.0)])
    settings = RecorderSettings(pre_roll_s=1.0, post_roll_s=1.5)
    Recorder(store, household.id, "garage", str(video), settings).run(StopSignal())
    made = clips(store, household)
    assert len(made) == 2
    opened = clock.now()  # a file's frames are timed from when it was opened (the pinned clock)
    for clip, (start, end) in zip(made, [(3.0, 4.5), (9.0, 10.0)], strict=True):
        offset = (clip.started_at - opened).total_seconds()
        assert start - 1.0 - 0.5 <= offset <= start - 1.0 + 0.01  # pre-roll from a keyframe at most 0.5 s earlier
        assert offset + clip.duration_s >= end + 1.0  # post-roll
        assert clip.duration_s <= (end - start) + 1.0 + 1.5 + 0.6
    assert list((store.data_dir / "incoming").iterdir()) == []


def test_masked_motion_makes_no_clip(home, tmp_path):
    store, household = home
    video = scene_video(tmp_path / "street.mp4", 6.0, [(2.0, 4.0)], box_at=(0.0, 0.25))
    masked = RecorderSettings(pre_roll_s=1.0, post_roll_s=1.0, motion=MotionSettings(mask=(Region.parse("0,0,1,0.3"),)))
    Recorder(store, household.id, "garage", str(video), masked).run(StopSignal())
    assert clips(store, household) == []
    Recorder(store, household.id, "garage", str(video), RecorderSettings(pre_roll_s=1.0, post_roll_s=1.0)).run(
        StopSignal()
    )
    assert len(clips(store, household)) == 1


def test_record_command(home, tmp_path, capsys):
    store, household = home
    video = scene_video(tmp_path / "cam.mkv", 6.0, [(2.0, 3.0)], codec="mpeg4")  # not H.264: transcoded
    data = str(store.data_dir)
    assert (
        main(
            [
                "record",
                "--camera",
                "garage",
                str(video),
                "--data",
                data,
                "--no-labels",
                "--pre-roll",
                "1",
                "--post-roll",
                "1",
                "--duration",
                "60",
            ]
        )
        == 0
    )
    made = clips(store, household)
    assert len(made) == 1 and 2.0 <= made[0].duration_s <= 4.0
    files = store.clips.files(household.id, made[0].id)
    assert probe_video(store.media.local_path(files.video)).codec == "h264"


@pytest.mark.parametrize(
    "argv,message",
    [
        (["--camera", "attic", "rtsp://127.0.0.1:9/x"], "no camera"),
        (["--camera", "garage", "ftp://127.0.0.1/x"], "source must start with"),
        (["--camera", "garage", "/nonexistent.mp4"], "no such file"),
        (["--camera", "garage", "rtsp://127.0.0.1:9/x", "--duration", "0"], "--duration"),
        (["--camera", "garage", "rtsp://127.0.0.1:9/x", "--mask", "0,0,2,1"], "mask region"),
        (["--camera", "garage", "rtsp://127.0.0.1:9/x", "--sensitivity", "0"], "sensitivity"),
    ],
)
def test_record_rejects_bad_input(home, argv, message, capsys):
    store, _ = home
    assert main(["record", *argv, "--data", str(store.data_dir), "--no-labels"]) == 2
    assert message in capsys.readouterr().err
