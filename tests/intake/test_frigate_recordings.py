"""A time without an event clip, answered from Frigate's continuous recordings: `python -m clipstore frigate URL
--recording CAMERA --from ISO --to ISO` against a stand-in Frigate on 127.0.0.1."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from frigate_standin import TOKEN, frigate_app
from pinned import NOW
from videos import scene_video

from clipstore import ClipQuery, Invalid, NotFound
from clipstore.__main__ import main
from intake.frigate import FrigateImporter, FrigateSettings
from intake.frigate_recordings import SOURCE, import_recording, parse_moment, span_for

START = NOW - timedelta(hours=2)  # 13:00 in New York, the household's zone


@pytest.fixture
def frigate(tmp_path, serve, home):
    store, household = home
    store.cameras.add(household.id, "Front Door")
    video = scene_video(tmp_path / "recording.mp4", 3.0, [])
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"\x00\x00\x00\x18ftypisom" + b"nonsense" * 100)
    recordings = {"front": (START.timestamp() - 3600, START.timestamp() + 3600, video),
                  "garage": (START.timestamp() - 3600, START.timestamp() + 3600, junk)}
    app = frigate_app([], {}, recordings=recordings)
    return serve(app), app, store, household


def importer(frigate) -> FrigateImporter:
    url, app, store, household = frigate
    return FrigateImporter(store, household.id, FrigateSettings(url, {"front": "front_door"}, token=TOKEN))


def asked(app) -> list[str]:
    return [path for method, path, _ in app.calls if path.endswith("/clip.mp4")]


def test_the_command_imports_a_span_as_a_clip_labelled_as_a_recording(frigate, monkeypatch, capsys):
    url, app, store, household = frigate
    monkeypatch.setenv("FRIGATE_TOKEN", TOKEN)
    argv = ["frigate", url, "--data", str(store.data_dir), "--camera-map", "front=front_door",
            "--recording", "front_door", "--from", "2026-11-24T13:00", "--to", "2026-11-24T13:02"]
    assert main(argv) == 0
    printed = json.loads(capsys.readouterr().out)
    assert (printed["camera"], printed["started_at"], printed["labels"]) == ("front_door", "2026-11-24T18:00:00Z", [])
    ts = START.timestamp()
    assert asked(app) == [f"/api/front/start/{ts:.0f}/end/{ts + 120:.0f}/clip.mp4"]
    clip = store.clips.get(household.id, printed["id"])
    assert clip.duration_s == pytest.approx(3.0, abs=0.2) and clip.labels == ()
    assert store.label_sources.of(clip.id) == {}  # no object labels claimed
    assert store.label_sources.can_tell(household.id, "front_door") == {SOURCE: ()}
    entry = store.audit.list(household.id, clip_id=clip.id)[0]
    assert (entry.action, entry.channel, entry.actor) == ("import_recording", "system", "cli")
    assert entry.detail == {"source": SOURCE, "from": "2026-11-24T18:00:00Z", "to": "2026-11-24T18:02:00Z"}

    argv[-4:] = ["--from", "2026-11-24T18:00:00Z", "--to", "2026-11-24T18:02:00+00:00"]  # the same span in UTC
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)["id"] == clip.id  # the clip made before
    assert len(asked(app)) == 1
    assert len(store.clips.list(household.id, ClipQuery())[0]) == 1


def test_a_span_asked_again_after_its_clip_was_deleted_is_imported_again(frigate, clock):
    url, app, store, household = frigate
    span = span_for(importer(frigate), "front", START, START + timedelta(seconds=30))
    first = import_recording(importer(frigate), span)
    store.delete(household.id, ClipQuery(camera="front_door"))
    clock.advance(store.trash_grace_s + 1)
    store.purge()
    again = import_recording(importer(frigate), span)
    assert again.id != first.id and len(asked(app)) == 2


def test_what_is_refused(frigate, clock):
    url, app, store, household = frigate
    frigate_importer = importer(frigate)
    now = clock.now()
    for camera, start, end, error in (
            ("front", START, START + timedelta(minutes=11), "10 minutes at most"),
            ("front", START, START, "end after it starts"),
            ("front", START, START - timedelta(minutes=1), "end after it starts"),
            ("front", now - timedelta(seconds=30), now + timedelta(seconds=30), "must be over"),
            ("front", datetime(1999, 12, 31, tzinfo=timezone.utc), datetime(1999, 12, 31, 0, 1, tzinfo=timezone.utc),
             "before 2000"),
            ("../events", START, START + timedelta(minutes=1), "letters, digits"),
            ("front door", START, START + timedelta(minutes=1), "letters, digits")):
        with pytest.raises(Invalid, match=error):
            span_for(frigate_importer, camera, start, end)
    with pytest.raises(NotFound):
        span_for(frigate_importer, "attic", START, START + timedelta(minutes=1))
    with pytest.raises(NotFound, match="no recording of front"):  # Frigate has none then
        import_recording(frigate_importer, span_for(frigate_importer, "front", START + timedelta(minutes=70),
                                                    START + timedelta(minutes=71)))
    with pytest.raises(Invalid, match="was not taken"):  # what Frigate sent is no video
        import_recording(frigate_importer, span_for(frigate_importer, "garage", START, START + timedelta(minutes=1)))
    with pytest.raises(Invalid, match="ISO-8601"):
        parse_moment("3 pm", "America/New_York")
    assert asked(app) == [f"/api/front/start/{START.timestamp() + 4200:.0f}/end/{START.timestamp() + 4260:.0f}"
                          "/clip.mp4", f"/api/garage/start/{START.timestamp():.0f}/end/{START.timestamp() + 60:.0f}"
                          "/clip.mp4"]
    assert store.clips.list(household.id, ClipQuery())[0] == []
    assert not [p for p in (store.data_dir / "incoming").iterdir()]


def test_the_command_says_what_is_missing(frigate, capsys):
    url, app, store, household = frigate
    base = ["frigate", url, "--data", str(store.data_dir)]
    for extra, error in ((["--recording", "front"], "--from ISO and --to ISO"),
                         (["--from", "2026-11-24T13:00", "--to", "2026-11-24T13:01"], "--recording CAMERA"),
                         (["--recording", "front", "--from", "2026-11-24T13:00", "--to", "2026-11-24T13:01",
                           "--mqtt", "mqtt://127.0.0.1:1883"], "not with --mqtt"),
                         (["--recording", "front", "--from", "yesterday", "--to", "2026-11-24T13:01"], "ISO-8601")):
        assert main(base + extra) == 2
        assert error in capsys.readouterr().err
    assert asked(app) == []
