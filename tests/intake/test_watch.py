"""`python -m clipstore watch`: complete files become clips, growing ones wait, broken ones go to .rejected/."""

from __future__ import annotations

import logging
import os
import threading
import time
from datetime import UTC, datetime

from videos import scene_video

from clipstore import ClipQuery
from clipstore.__main__ import main
from clipstore.media import probe_video
from clipstore.wakeup import StopSignal
from intake.filetimes import time_from_name
from intake.watcher import FolderWatcher
from testkit.wait import wait_for


def clips(store, household):
    return list(reversed(store.clips.page(household.id, ClipQuery(camera="garage"))[0]))


def write_slowly(source: bytes, target, chunks: int = 8, pause: float = 0.25) -> threading.Thread:
    """An FTP upload: the file grows in chunks for chunks * pause seconds."""

    def run() -> None:
        with open(target, "wb") as handle:
            step = len(source) // chunks + 1
            for start in range(0, len(source), step):
                handle.write(source[start : start + step])
                handle.flush()
                time.sleep(pause)  # kept: the pacing of the upload is what the watcher must wait out

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_folder_of_uploads(home, tmp_path, caplog):
    store, household = home
    folder = tmp_path / "uploads"
    folder.mkdir()
    made = scene_video(tmp_path / "a.mp4", 2.0, [(0.5, 1.5)])
    named = scene_video(folder / "Garage_2026-11-24T15-15-02.mkv", 2.0, [(0.5, 1.5)], codec="mpeg4")
    tagged = scene_video(folder / "clip.mp4", 1.0, [], metadata={"creation_time": "2026-11-23T08:00:05.000000Z"})
    (folder / "notes.txt").write_text("not a video\n")
    truncated = made.read_bytes()
    (folder / "broken.mp4").write_bytes(truncated[: len(truncated) * 2 // 3])
    growing = folder / "20261124_101112.mp4"
    writer = write_slowly(made.read_bytes(), growing)
    wait_for(lambda: growing.exists() and growing.stat().st_size > 0, what="the upload to begin")
    caplog.set_level(logging.INFO)
    watcher = FolderWatcher(store, household.id, "garage", folder, settle_s=0.6, poll_s=0.1)
    watcher.run_once(max_wait_s=20)
    writer.join()

    got = {clip.started_at: clip for clip in clips(store, household)}
    assert sorted(got) == [
        datetime(2026, 11, 23, 8, 0, 5, tzinfo=UTC),  # metadata
        datetime(2026, 11, 24, 15, 11, 12, tzinfo=UTC),  # 10:11:12 in New York, from the name
        datetime(2026, 11, 24, 20, 15, 2, tzinfo=UTC),  # 15:15:02 in New York, from the name
    ]
    slow = got[datetime(2026, 11, 24, 15, 11, 12, tzinfo=UTC)]
    assert slow.duration_s == probe_video(made).duration_s  # the whole upload, not the part seen first
    for clip in got.values():
        files = store.clips.files(household.id, clip.id)
        assert probe_video(store.media.local_path(files.video)).codec == "h264"  # the MPEG-4 one transcoded
    assert sorted(p.name for p in folder.iterdir()) == [".rejected"]
    assert sorted(p.name for p in (folder / ".rejected").iterdir()) == ["broken.mp4", "notes.txt"]
    assert (folder / ".rejected" / "notes.txt").read_text() == "not a video\n"  # nothing lost
    reasons = [r.getMessage() for r in caplog.records if ".rejected" in r.getMessage()]
    assert len(reasons) == 2 and any("truncated" in r for r in reasons)
    assert watcher.ingested == 3 and watcher.rejected == 2
    assert not named.exists() and not tagged.exists()  # taken into the store, not copied


def test_modification_time_when_nothing_else(home, tmp_path):
    store, household = home
    folder = tmp_path / "uploads"
    folder.mkdir()
    video = scene_video(folder / "clip.mp4", 1.0, [])
    moment = datetime(2026, 11, 20, 9, 30, tzinfo=UTC).timestamp()
    os.utime(video, (moment, moment))
    FolderWatcher(store, household.id, "garage", folder, settle_s=0.2, poll_s=0.05).run_once()
    assert [c.started_at.timestamp() for c in clips(store, household)] == [moment]


def test_privacy_mode_keeps_nothing(home, tmp_path):
    store, household = home
    store.cameras.update(household.id, "garage", recording=False)
    folder = tmp_path / "uploads"
    folder.mkdir()
    scene_video(folder / "clip.mp4", 1.0, [])
    FolderWatcher(store, household.id, "garage", folder, settle_s=0.2, poll_s=0.05).run_once()
    assert clips(store, household) == [] and list(folder.iterdir()) == []


def test_watch_command_keeps_watching_until_stopped(home, tmp_path):
    store, household = home
    folder = tmp_path / "uploads"
    folder.mkdir()
    stop = StopSignal()
    watcher = FolderWatcher(store, household.id, "garage", folder, settle_s=0.2, poll_s=0.05)
    thread = threading.Thread(target=watcher.run, args=(stop,), daemon=True)
    thread.start()
    scene_video(tmp_path / "late.mp4", 1.0, []).rename(folder / "late.mp4")
    wait_for(lambda: watcher.ingested, timeout=10, what="the late file to be ingested")
    stop.set()
    thread.join(timeout=10)
    assert len(clips(store, household)) == 1


def test_watch_once_command(home, tmp_path, capsys, caplog):
    store, household = home
    folder = tmp_path / "uploads"
    folder.mkdir()
    scene_video(folder / "20261124_151502.mp4", 1.0, [])
    argv = [
        "watch",
        "--camera",
        "garage",
        str(folder),
        "--data",
        str(store.data_dir),
        "--once",
        "--settle",
        "0.2",
        "--no-labels",
    ]
    with caplog.at_level(logging.INFO, logger="intake.cli"):
        assert main(argv) == 0
    assert "1 file ingested, 0 rejected" in caplog.messages
    assert [c.started_at for c in clips(store, household)] == [datetime(2026, 11, 24, 20, 15, 2, tzinfo=UTC)]
    assert main(["watch", "--camera", "garage", str(tmp_path / "nope"), "--data", str(store.data_dir)]) == 2
    assert "no such folder" in capsys.readouterr().err


def test_names_camera_makers_use():
    zone = "Europe/Berlin"
    expected = datetime(2026, 11, 24, 14, 15, 2, tzinfo=UTC)
    for name in (
        "20261124_151502.mp4",
        "Garage_2026-11-24T15-15-02.mp4",
        "Garage_00_20261124151502.mp4",
        "MDalarm_20261124_151502.mkv",
        "2026-11-24 15.15.02.avi",
    ):
        assert time_from_name(name, zone) == expected, name
    assert time_from_name("clip-7.mp4", zone) is None
    assert time_from_name("20261340_251502.mp4", zone) is None  # no such date


SHADOW = "root:$6$SeCrEtSaLt$Zq0TqfGvF1h2:19000:0:99999:7:::\n"


def test_symlinks_are_never_followed_and_no_file_content_is_logged(home, tmp_path, caplog):
    """Issue 18: a symlink to another household's media file was ingested as a clip of this one; a symlink to
    /etc/shadow was opened, and the log quoted its first bytes."""
    store, household = home
    other, _ = store.households.create("Neighbours", "Europe/Berlin")
    store.cameras.add(other.id, "Gate")
    theirs = store.ingest(other.id, "gate", scene_video(tmp_path / "theirs.mp4", 1.0, []))
    media = store.media.local_path(store.clips.files(other.id, theirs.id).video)
    before = media.read_bytes()
    shadow = tmp_path / "shadow"
    shadow.write_text(SHADOW)
    shadow.chmod(0o600)
    folder = tmp_path / "uploads"
    folder.mkdir()
    (folder / "neighbour.mp4").symlink_to(media)
    (folder / "shadow.mp4").symlink_to(shadow)
    (folder / "copy-of-shadow.mp4").write_text(SHADOW)  # a regular file that is no video: its bytes stay unlogged
    os.mkfifo(folder / "pipe.mp4")
    caplog.set_level(logging.DEBUG)
    watcher = FolderWatcher(store, household.id, "garage", folder, settle_s=0.2, poll_s=0.05)
    done = threading.Thread(target=watcher.run_once, kwargs={"max_wait_s": 10}, daemon=True)
    done.start()
    done.join(timeout=30)
    assert not done.is_alive()  # a FIFO never blocks it
    assert clips(store, household) == []
    assert media.read_bytes() == before and shadow.read_text() == SHADOW  # followed by nothing, changed by nothing
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "root" not in logged and "SeCrEt" not in logged and "$6$" not in logged
    rejected = folder / ".rejected"
    assert (rejected / "neighbour.mp4").is_symlink() and (rejected / "shadow.mp4").is_symlink()  # moved as links
    assert (rejected / "copy-of-shadow.mp4").read_text() == SHADOW
    assert sorted(p.name for p in folder.iterdir()) == [".rejected"]
    assert "not a regular file" in logged


def test_a_planted_rejected_symlink_is_not_followed(home, tmp_path):
    store, household = home
    folder, elsewhere = tmp_path / "uploads", tmp_path / "elsewhere"
    folder.mkdir()
    elsewhere.mkdir()
    (folder / ".rejected").symlink_to(elsewhere)
    (folder / "notes.mp4").write_text("not a video\n")
    FolderWatcher(store, household.id, "garage", folder, settle_s=0.2, poll_s=0.05).run_once(max_wait_s=5)
    assert list(elsewhere.iterdir()) == []
    assert (folder / "notes.mp4").read_text() == "not a video\n"  # left where it was, nothing lost
