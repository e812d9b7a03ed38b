"""`python -m clipstore frigate` against a stand-in Frigate on 127.0.0.1: each event once, resume, delete."""

from __future__ import annotations

import pytest
from frigate_standin import event, frigate_app
from pinned import NOW
from videos import scene_video

from clipstore import ClipQuery
from clipstore.__main__ import main
from intake.frigate import FrigateError, FrigateImporter, FrigateSettings

T0 = NOW.timestamp() - 3 * 3600


@pytest.fixture
def frigate(tmp_path, serve, home):
    store, household = home
    store.cameras.add(household.id, "Front Door")
    video = scene_video(tmp_path / "event.mp4", 2.0, [(0.2, 1.8)])
    events = [
        event("1700000001.1-abc", "front", "person", T0),
        event("1700000002.2-def", "garage", "car", T0 + 60),
        event("1700000003.3-ghi", "garage", "dog", T0 + 120),
        event("1700000004.4-jkl", "garage", "person", T0 + 180, end=None),  # in progress: later
        event("1700000005.5-mno", "attic", "person", T0 + 240),  # no such camera here
        event("1700000006.6-pqr", "garage", "person", T0 + 300, has_clip=False),
    ]
    clips = {e["id"]: video for e in events}
    app = frigate_app(events, clips)
    return serve(app), app, events, store, household


def all_clips(store, household):
    return list(reversed(store.clips.page(household.id, ClipQuery())[0]))


def importer(store, household, url, **kwargs) -> FrigateImporter:
    settings = FrigateSettings(url, {"front": "front_door"}, user="admin", password="s3cret", **kwargs)
    return FrigateImporter(store, household.id, settings)


def test_imports_each_finished_event_once_and_resumes(frigate):
    url, app, events, store, household = frigate
    assert importer(store, household, url).run_once() == 3
    got = all_clips(store, household)
    assert [(c.camera, c.labels, c.started_at.timestamp()) for c in got] == [
        ("front_door", ("person",), T0),
        ("garage", ("vehicle",), T0 + 60),
        ("garage", ("animal",), T0 + 120),
    ]
    assert store.label_sources.of(got[0].id) == {"person": "frigate"}
    assert importer(store, household, url).run_once() == 0  # a restart: nothing twice

    events[3]["end_time"] = events[3]["start_time"] + 5  # the event in progress finished
    events.append(event("1700000007.7-stu", "garage", "package", T0 + 400))
    app.clips["1700000007.7-stu"] = app.clips["1700000001.1-abc"]
    again = importer(store, household, url)
    assert again.run_once() == 2
    assert again.run_once() == 0
    assert [c.labels for c in all_clips(store, household)][-2:] == [("person",), ("package",)]
    listing = [args for method, path, args in app.calls if path == "/api/events"]
    assert float(listing[-1]["after"]) >= T0 + 400 - 3600  # picks up where it left off, not from the start
    assert store.data_dir.joinpath("incoming").is_dir() and not list(store.data_dir.joinpath("incoming").iterdir())


def test_deleted_here_is_deleted_in_frigate_once_purged(frigate, clock):
    url, app, events, store, household = frigate
    importer(store, household, url, delete_in_frigate=True).run_once()
    store.delete(household.id, ClipQuery(camera="garage"))
    importer(store, household, url, delete_in_frigate=True).run_once()
    assert not [c for c in app.calls if c[0] == "DELETE"]  # still restorable here: kept in Frigate
    clock.advance(store.trash_grace_s + 1)
    store.purge()
    importer(store, household, url, delete_in_frigate=True).run_once()
    deleted = sorted(path for method, path, _ in app.calls if method == "DELETE")
    assert deleted == ["/api/events/1700000002.2-def", "/api/events/1700000003.3-ghi"]
    assert "1700000001.1-abc" in {e["id"] for e in events}
    importer(store, household, url, delete_in_frigate=True).run_once()
    assert len([c for c in app.calls if c[0] == "DELETE"]) == 2  # once


def test_without_the_option_frigate_keeps_everything(frigate, clock):
    url, app, _events, store, household = frigate
    importer(store, household, url).run_once()
    store.delete(household.id, ClipQuery())
    clock.advance(store.trash_grace_s + 1)
    store.purge()
    assert importer(store, household, url).run_once() == 0  # deleted here is not imported again either
    assert not [c for c in app.calls if c[0] == "DELETE"]


def test_wrong_password_is_a_clear_error(frigate):
    url, _app, _events, store, household = frigate
    bad = FrigateImporter(store, household.id, FrigateSettings(url, user="admin", password="nope"))
    with pytest.raises(FrigateError, match="login as 'admin' failed"):
        bad.run_once()
    anonymous = FrigateImporter(store, household.id, FrigateSettings(url))
    with pytest.raises(FrigateError, match="refused"):
        anonymous.run_once()
    assert all_clips(store, household) == []


def test_frigate_command(frigate, monkeypatch, capsys):
    url, _app, _events, store, household = frigate
    monkeypatch.setenv("FRIGATE_TOKEN", "jwt-for-tests")
    argv = ["frigate", url, "--data", str(store.data_dir), "--once", "--camera-map", "front=front_door"]
    assert main(argv) == 0
    assert len(all_clips(store, household)) == 3
    assert main(argv) == 0
    assert len(all_clips(store, household)) == 3
    monkeypatch.setenv("FRIGATE_TOKEN", "wrong")
    assert main(argv) == 2
    assert "refused" in capsys.readouterr().err
    assert main(["frigate", url, "--data", str(store.data_dir), "--once", "--camera-map", "front"]) == 2
    monkeypatch.delenv("FRIGATE_TOKEN")


def test_what_frigate_can_tell_on_each_camera_comes_from_its_config(frigate, tmp_path, serve):
    _, _, events, store, household = frigate
    config = {
        "objects": {"track": ["person"]},
        "cameras": {
            "front": {"objects": {"track": ["person", "package", "amazon"]}},
            "garage": {"objects": {"track": ["person", "car", "dog", "umbrella"]}},
        },
    }
    app = frigate_app(
        events, {e["id"]: scene_video(tmp_path / "e.mp4", 2.0, [(0.2, 1.8)]) for e in events}, config=config
    )
    assert importer(store, household, serve(app)).run_once() == 3
    tells = store.label_sources.can_tell
    assert tells(household.id, "front_door") == {"frigate": ("person", "package")}
    assert tells(household.id, "garage") == {"frigate": ("person", "animal", "vehicle")}
    assert [path for _, path, _ in app.calls].count("/api/config") == 1  # once per run


def test_without_its_config_frigate_can_tell_what_its_events_gave(frigate):
    url, app, events, store, household = frigate  # this Frigate answers 404 to GET /api/config
    importer(store, household, url).run_once()
    tells = store.label_sources.can_tell
    assert tells(household.id, "front_door") == {"frigate": ("person",)}  # Frigate's default: people
    assert tells(household.id, "garage") == {"frigate": ("person", "animal", "vehicle")}  # a car, a dog
    events.append(event("1700000007.7-stu", "garage", "package", T0 + 400))
    app.clips["1700000007.7-stu"] = app.clips["1700000001.1-abc"]
    importer(store, household, url).run_once()
    assert tells(household.id, "garage") == {"frigate": ("person", "animal", "vehicle", "package")}  # what it knew, too
