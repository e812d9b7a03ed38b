"""The object detector: the converted model against a NumPy run of the TF.js graph, known detections on known
photos, and labels with their detector, confidence and moment on clips from a stream, a folder and an upload."""

from __future__ import annotations

import io
import json
from pathlib import Path

import av
import numpy as np
import pytest
import tfjs_numpy

from clipstore import ClipQuery
from clipstore.wakeup import StopSignal
from intake.detect import HogPeopleDetector, default_labeler
from intake.models import model_dir, model_path, sources_dir
from intake.objects import MEAN, NAME, STD, ObjectDetector
from intake.recorder import Recorder, RecorderSettings
from intake.tfjs_onnx import ConversionError, convert
from intake.watcher import FolderWatcher

PHOTOS = model_dir() / "photos"  # darknet's sample photos (Debian), put there by scripts/setup.sh --test
EVERYTHING = ("person", "animal", "vehicle")


@pytest.fixture(scope="module")
def detector() -> ObjectDetector:
    assert model_path().exists() and (PHOTOS / "person.jpg").exists(), "run scripts/setup.sh --test first"
    return ObjectDetector(model_path())


def photo_clip(photo: str, target: Path, seconds: float = 4.0, still_s: float = 0.0) -> Path:
    """A real photo as a camera would see it: `still_s` still, then panned across, 10 fps, a keyframe a second."""
    with av.open(str(PHOTOS / photo)) as container:
        image = next(container.decode(video=0)).to_ndarray(format="rgb24")
    h, w = image.shape[:2]
    cw, ch = int(w * 0.8) // 2 * 2, int(h * 0.8) // 2 * 2
    still, moving = round(still_s * 10), round(seconds * 10)
    with av.open(str(target), "w") as out:
        stream = out.add_stream("libx264", rate=10, options={"g": "10", "preset": "veryfast"})
        stream.width, stream.height, stream.pix_fmt = cw, ch, "yuv420p"
        for i in range(still + moving):
            x = int((w - cw) * max(0, i - still) / max(1, moving - 1))
            frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(image[:ch, x : x + cw]), format="rgb24")
            frame.pts = i
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    return target


@pytest.mark.parametrize("photo", ["dog.jpg", "eagle.jpg", "person.jpg"])
def test_the_converted_model_matches_the_tfjs_graph_run_by_numpy(photo):
    """onnxruntime on the converted ONNX gives what TF's own op semantics give on the original graph."""
    import onnxruntime

    with av.open(str(PHOTOS / photo)) as container:
        rgb = next(container.decode(video=0)).reformat(width=416, height=416, format="rgb24").to_ndarray()
    x = ((rgb[..., ::-1].astype(np.float32) - MEAN) / STD).transpose(2, 0, 1)[None].astype(np.float32)
    reference = tfjs_numpy.run(sources_dir() / "nanodet.json", x)
    session = onnxruntime.InferenceSession(str(model_path()), providers=["CPUExecutionProvider"])
    got = dict(zip([o.name for o in session.get_outputs()], session.run(None, {"input_1": x}), strict=True))
    assert set(got) == set(reference) and len(got) == 6
    for name, expected in reference.items():
        assert got[name].shape == expected.shape
        np.testing.assert_allclose(got[name], expected, atol=2e-4, rtol=1e-3)
    assert max(float(reference[n].max()) for n in ("Identity", "Identity_1", "Identity_2")) > 0.5  # it sees


def test_a_graph_with_an_op_it_does_not_know_is_refused(tmp_path):
    (tmp_path / "w.bin").write_bytes(b"")
    (tmp_path / "model.json").write_text(
        json.dumps(
            {
                "format": "graph-model",
                "signature": {"outputs": {"y": {}}},
                "weightsManifest": [{"paths": ["w.bin"], "weights": []}],
                "modelTopology": {
                    "node": [
                        {"name": "x", "op": "Placeholder", "attr": {"shape": {"shape": {"dim": [{"size": "1"}]}}}},
                        {"name": "y", "op": "Erf", "input": ["x"]},
                    ]
                },
            }
        )
    )
    with pytest.raises(ConversionError, match="op Erf"):
        convert(tmp_path / "model.json")


@pytest.mark.parametrize(
    "photo,labels",
    [
        ("dog.jpg", ("animal", "vehicle")),  # a dog, a bicycle and a truck
        ("eagle.jpg", ("animal",)),
        ("horses.jpg", ("animal",)),
        ("person.jpg", ("person", "animal")),  # a person, a dog and a horse
    ],
)
def test_known_photos_get_their_labels(detector, tmp_path, photo, labels):
    found = detector(photo_clip(photo, tmp_path / "clip.mp4"))
    assert found.labels == labels
    assert found.source == NAME and found.can_tell == EVERYTHING
    for seen in found.seen:
        assert detector.settings.threshold(seen.label) <= seen.confidence <= 1.0 and 0.0 <= seen.at_s < 4.0


def check_labelled(store, household, clip, labels):
    assert clip.labels == labels
    details = store.label_sources.details(clip.id)
    assert set(details) == set(labels)
    for info in details.values():
        assert info.source == NAME and 0.4 <= info.confidence <= 1.0 and 0.0 <= info.frame_s <= clip.duration_s
    assert store.label_sources.can_tell(household.id, "garage") == {NAME: EVERYTHING}


def test_a_folder_upload_is_labelled_and_a_person_s_correction_wins(home, tmp_path, detector):
    store, household = home
    drop = tmp_path / "ftp"
    drop.mkdir()
    photo_clip("person.jpg", drop / "Garage_20261124_151502.mp4")
    watcher = FolderWatcher(store, household.id, "garage", drop, settle_s=0.0, poll_s=0.01, labeler=detector)
    watcher.run_once(max_wait_s=30)
    clips = store.clips.page(household.id, ClipQuery(camera="garage"))[0]
    assert len(clips) == 1
    check_labelled(store, household, clips[0], ("person", "animal"))
    store.label_sources.correct(household.id, clips[0].id, ["person", "vehicle"], 0)
    assert store.clips.get(household.id, clips[0].id).labels == ("person", "vehicle")
    assert {k: v.source for k, v in store.label_sources.details(clips[0].id).items()} == {
        "person": NAME,
        "vehicle": "person",
    }


def test_a_stream_clip_is_labelled(home, tmp_path, detector):
    store, household = home
    video = photo_clip("dog.jpg", tmp_path / "stream.mp4", seconds=3.0, still_s=3.0)
    Recorder(
        store, household.id, "garage", str(video), RecorderSettings(pre_roll_s=1.0, post_roll_s=1.0), labeler=detector
    ).run(StopSignal())
    clips = store.clips.page(household.id, ClipQuery(camera="garage"))[0]
    assert len(clips) == 1
    check_labelled(store, household, clips[0], ("animal", "vehicle"))


def test_an_api_upload_without_labels_is_labelled_and_one_with_labels_keeps_them(home, tmp_path):
    from skill.app import create_app

    store, _ = home
    other, token = store.households.create("Upload home", "UTC", 30)
    store.cameras.add(other.id, "Garage")
    app = create_app(store.data_dir, config={"TESTING": True})
    client = app.test_client()
    video = photo_clip("eagle.jpg", tmp_path / "up.mp4").read_bytes()
    headers = {"Authorization": f"Bearer {token}"}
    try:
        plain = client.post(
            "/api/clips",
            headers=headers,
            data={"camera": "garage", "file": (io.BytesIO(video), "up.mp4")},
            content_type="multipart/form-data",
        )
        given = client.post(
            "/api/clips",
            headers=headers,
            data={"camera": "garage", "labels": "vehicle", "file": (io.BytesIO(video), "up.mp4")},
            content_type="multipart/form-data",
        )
    finally:
        app.extensions["clipstore"].close()
    assert plain.status_code == 201 and plain.json["labels"] == ["animal"]
    assert store.label_sources.details(plain.json["id"])["animal"].source == NAME
    assert given.status_code == 201 and given.json["labels"] == ["vehicle"]
    assert store.label_sources.of(given.json["id"]) == {}


def test_without_the_model_people_are_still_labelled_and_the_camera_knows_only_people(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME_CLIPS_MODELS", str(tmp_path / "none"))
    labeler = default_labeler()
    assert isinstance(labeler, HogPeopleDetector) and labeler.can_tell == ("person",)


def test_ingest_on_the_command_line_is_labelled_like_an_upload(tmp_path):
    """`python -m clipstore ingest FILE` without --labels: the detector's labels; with --labels: those only."""
    import subprocess
    import sys

    from clipstore import ClipStore

    data = tmp_path / "data"
    store = ClipStore(data)
    household, _ = store.households.create("Home", "UTC")
    store.cameras.add(household.id, "Garage")
    store.close()
    video = photo_clip("eagle.jpg", tmp_path / "eagle.mp4")

    def ingest(*extra: str) -> dict:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "clipstore",
                "ingest",
                "--camera",
                "garage",
                str(video),
                *extra,
                "--data",
                str(data),
            ],
            capture_output=True,
            check=False,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    plain, given, off = ingest(), ingest("--labels", "vehicle"), ingest("--no-labels")
    assert (plain["labels"], given["labels"], off["labels"]) == (["animal"], ["vehicle"], [])
    store = ClipStore(data)
    try:
        found = store.label_sources.details(plain["id"])["animal"]
        assert found.source == NAME and 0.4 <= found.confidence <= 1.0 and 0.0 <= found.frame_s <= 4.0
        assert store.label_sources.of(given["id"]) == {} and store.label_sources.of(off["id"]) == {}
        assert store.label_sources.can_tell(household.id, "garage") == {NAME: EVERYTHING}
    finally:
        store.close()


@pytest.mark.parametrize(
    "width,height,size",
    [
        (1920, 1080, (736, 416)),  # 16:9: the short side at 416, 1.8 times what a 416x416 letterbox gives
        (640, 480, (576, 416)),  # 4:3
        (480, 640, (416, 576)),  # portrait
        (176, 144, (512, 416)),  # tiny: enlarged to the short side
        (3840, 1080, (736, 224)),  # very wide: the long side caps it
    ],
)
def test_frames_are_fitted_to_multiples_of_32_with_the_short_side_at_416(width, height, size):
    from intake.objects import ObjectSettings

    assert ObjectSettings().size_for(width, height) == size


def test_the_converted_model_runs_at_a_wide_size_and_matches_itself_at_416(detector):
    """The converted graph resizes by scale, not to fixed sizes: a 736x416 input gives 1.77 times the places."""
    square = np.full((416, 416, 3), 114, np.uint8)
    wide = np.full((416, 736, 3), 114, np.uint8)
    places = [level.shape[0] for level in detector.net.raw(square)]
    assert places == [52 * 52, 26 * 26, 13 * 13]
    assert [level.shape[0] for level in detector.net.raw(wide)] == [52 * 92, 26 * 46, 13 * 23]
