"""A time without an event clip, answered from Frigate's continuous recordings: `python -m clipstore frigate URL
--recording CAMERA --from ISO --to ISO` against a stand-in Frigate on 127.0.0.1."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from frigate_standin import TOKEN, frigate_app
from pinned import NOW
from videos import scene_video

from clipstore import ClipQuery, Conflict, Invalid, NotFound
from clipstore.__main__ import main
from clipstore.settings import Settings
from intake.frigate import FrigateImporter, FrigateSettings
from intake.frigate_recordings import SOURCE, RecordingSource, import_recording, parse_moment, span_for
from skill.app import create_app

START = NOW - timedelta(hours=2)  # 13:00 in New York, the household's zone


@pytest.fixture
def frigate(tmp_path, serve, home):
    store, household = home
    store.cameras.add(household.id, "Front Door")
    video = scene_video(tmp_path / "recording.mp4", 3.0, [])
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"\x00\x00\x00\x18ftypisom" + b"nonsense" * 100)
    recordings = {
        "front": (START.timestamp() - 3600, START.timestamp() + 3600, video),
        "garage": (START.timestamp() - 3600, START.timestamp() + 3600, junk),
    }
    app = frigate_app([], {}, recordings=recordings)
    return serve(app), app, store, household


def importer(frigate) -> FrigateImporter:
    url, _app, store, household = frigate
    return FrigateImporter(store, household.id, FrigateSettings(url, {"front": "front_door"}, token=TOKEN))


def asked(app) -> list[str]:
    return [path for method, path, _ in app.calls if path.endswith("/clip.mp4")]


def test_the_command_imports_a_span_as_a_clip_labelled_as_a_recording(frigate, monkeypatch, capsys):
    url, app, store, household = frigate
    monkeypatch.setenv("FRIGATE_TOKEN", TOKEN)
    argv = [
        "frigate",
        url,
        "--data",
        str(store.data_dir),
        "--camera-map",
        "front=front_door",
        "--recording",
        "front_door",
        "--from",
        "2026-11-24T13:00",
        "--to",
        "2026-11-24T13:02",
    ]
    assert main(argv) == 0
    printed = json.loads(capsys.readouterr().out)
    assert (printed["camera"], printed["started_at"], printed["labels"]) == ("front_door", "2026-11-24T18:00:00Z", [])
    ts = START.timestamp()
    assert asked(app) == [f"/api/front/start/{ts:.0f}/end/{ts + 120:.0f}/clip.mp4"]
    clip = store.clips.get(household.id, printed["id"])
    assert clip.duration_s == pytest.approx(3.0, abs=0.2) and clip.labels == ()
    assert store.label_sources.of(clip.id) == {}  # no object labels claimed
    assert store.label_sources.can_tell(household.id, "front_door") == {SOURCE: ()}
    entry = store.audit.events(household.id, clip_id=clip.id)[0]
    assert (entry.action, entry.channel, entry.actor) == ("import_recording", "system", "cli")
    assert entry.detail == {"source": SOURCE, "from": "2026-11-24T18:00:00Z", "to": "2026-11-24T18:02:00Z"}

    argv[-4:] = ["--from", "2026-11-24T18:00:00Z", "--to", "2026-11-24T18:02:00+00:00"]  # the same span in UTC
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)["id"] == clip.id  # the clip made before
    assert len(asked(app)) == 1
    assert len(store.clips.page(household.id, ClipQuery())[0]) == 1


def test_a_span_asked_again_after_its_clip_was_deleted_is_imported_again(frigate, clock):
    _url, app, store, household = frigate
    span = span_for(importer(frigate), "front", START, START + timedelta(seconds=30))
    first = import_recording(importer(frigate), span)
    store.delete(household.id, ClipQuery(camera="front_door"))
    clock.advance(store.trash_grace_s + 1)
    store.purge()
    again = import_recording(importer(frigate), span)
    assert again.id != first.id and len(asked(app)) == 2


def test_what_is_refused(frigate, clock):
    _url, app, store, household = frigate
    frigate_importer = importer(frigate)
    now = clock.now()
    for camera, start, end, error in (
        ("front", START, START + timedelta(minutes=11), "10 minutes at most"),
        ("front", START, START, "end after it starts"),
        ("front", START, START - timedelta(minutes=1), "end after it starts"),
        ("front", now - timedelta(seconds=30), now + timedelta(seconds=30), "must be over"),
        ("front", datetime(1999, 12, 31, tzinfo=UTC), datetime(1999, 12, 31, 0, 1, tzinfo=UTC), "before 2000"),
        ("../events", START, START + timedelta(minutes=1), "letters, digits"),
        ("front door", START, START + timedelta(minutes=1), "letters, digits"),
    ):
        with pytest.raises(Invalid, match=error):
            span_for(frigate_importer, camera, start, end)
    with pytest.raises(NotFound):
        span_for(frigate_importer, "attic", START, START + timedelta(minutes=1))
    with pytest.raises(NotFound, match="no recording of front"):  # Frigate has none then
        import_recording(
            frigate_importer,
            span_for(frigate_importer, "front", START + timedelta(minutes=70), START + timedelta(minutes=71)),
        )
    with pytest.raises(Invalid, match="was not taken"):  # what Frigate sent is no video
        import_recording(frigate_importer, span_for(frigate_importer, "garage", START, START + timedelta(minutes=1)))
    with pytest.raises(Invalid, match="ISO-8601"):
        parse_moment("3 pm", "America/New_York")
    assert asked(app) == [
        f"/api/front/start/{START.timestamp() + 4200:.0f}/end/{START.timestamp() + 4260:.0f}/clip.mp4",
        f"/api/garage/start/{START.timestamp():.0f}/end/{START.timestamp() + 60:.0f}/clip.mp4",
    ]
    assert store.clips.page(household.id, ClipQuery())[0] == []
    assert not list((store.data_dir / "incoming").iterdir())


def test_the_command_says_what_is_missing(frigate, capsys):
    url, app, store, _household = frigate
    base = ["frigate", url, "--data", str(store.data_dir)]
    for extra, error in (
        (["--recording", "front"], "--from ISO and --to ISO"),
        (["--from", "2026-11-24T13:00", "--to", "2026-11-24T13:01"], "--recording CAMERA"),
        (
            [
                "--recording",
                "front",
                "--from",
                "2026-11-24T13:00",
                "--to",
                "2026-11-24T13:01",
                "--mqtt",
                "mqtt://127.0.0.1:1883",
            ],
            "not with --mqtt",
        ),
        (["--recording", "front", "--from", "yesterday", "--to", "2026-11-24T13:01"], "ISO-8601"),
    ):
        assert main(base + extra) == 2
        assert error in capsys.readouterr().err
    assert asked(app) == []


@pytest.fixture
def server(frigate, clock):
    """`python -m skill`'s app over the same data, with FRIGATE_URL set; and an API token of the household."""
    url, _app, store, household = frigate
    token = store.households.issue_token(household.id, "owner")
    settings = Settings.from_env(
        {
            "CLIPSTORE_DATA": str(store.data_dir),
            "FRIGATE_URL": url,
            "FRIGATE_TOKEN": TOKEN,
            "FRIGATE_CAMERA_MAP": "front=front_door",
        }
    )
    web = create_app(store.data_dir, clock=clock, settings=settings)
    yield web.test_client(), token
    web.extensions["clipstore"].close()


def ask(client, token, slots: dict) -> dict:
    response = client.post(
        "/api/intent", json={"intent": "ShowClip", "slots": slots}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_a_time_without_a_clip_is_answered_from_frigates_recordings(frigate, server):
    _url, app, store, household = frigate
    client, token = server
    answer = ask(client, token, {"camera": "front_door", "time": "13:00"})
    assert answer["speech"] == (
        "Nothing was detected then. Here's the front door clip from today at 1:00 pm, from the continuous recording."
    )
    clip = store.clips.get(household.id, answer["display"]["clip_id"])
    assert (clip.camera, clip.started_at, clip.labels) == ("front_door", START, ())
    assert asked(app) == [f"/api/front/start/{START.timestamp():.0f}/end/{START.timestamp() + 120:.0f}/clip.mp4"]
    actions = [(e.action, e.channel, e.actor) for e in store.audit.events(household.id, clip_id=clip.id)]
    assert actions == [("view", "api", "owner"), ("import_recording", "api", "owner")]

    again = ask(client, token, {"camera": "front_door", "time": "13:00"})  # now there is a clip then
    assert again["display"]["clip_id"] == clip.id and again["speech"].startswith("Here's the front door clip")
    assert len(asked(app)) == 1


def test_recordings_are_asked_only_for_a_camera_and_a_time_with_nothing_near(frigate, server):
    _url, app, store, household = frigate
    client, token = server
    for slots in (
        {"camera": "front_door", "time": "13:00", "label": "person"},  # "a person at 1 pm": no
        {"camera": "front_door", "from_time": "13:00", "to_time": "14:00"},
        {"time": "13:00"},
        {"camera": "front_door", "time": "15:00"},
    ):  # now: nothing is over yet
        assert ask(client, token, slots)["speech"].startswith("I found no clips"), slots
    assert asked(app) == []
    answer = ask(client, token, {"camera": "garage", "time": "13:00"})  # what Frigate sends is no video
    assert answer["speech"].startswith("I found no clips") and answer["display"] is None
    answer = ask(client, token, {"camera": "front_door", "time": "10:00"})  # no recording then
    assert answer["speech"].startswith("I found no clips") and answer["display"] is None
    assert len(asked(app)) == 2
    store.cameras.update(household.id, "front_door", recording=False)  # privacy mode: Frigate is not even asked
    assert ask(client, token, {"camera": "front_door", "time": "13:00"})["speech"].startswith("I found no clips")
    with pytest.raises(Conflict, match="privacy mode"):
        span_for(importer(frigate), "front", START, START + timedelta(minutes=1))
    assert len(asked(app)) == 2
    assert store.clips.page(household.id, ClipQuery())[0] == []


def test_the_servers_frigate_settings():
    def source(**env):
        return RecordingSource.from_settings(Settings.from_env({"CLIPSTORE_DATA": "/x", **env}), store=None)  # type: ignore[arg-type]

    assert source() is None
    assert source(FRIGATE_URL="nvr.local:5000") is None
    assert source(FRIGATE_URL="http://nvr.local:5000", FRIGATE_CAMERA_MAP="front") is None
    made = source(
        FRIGATE_URL="http://nvr.local:5000",
        FRIGATE_CAMERA_MAP=" front=front_door , back=backyard",
        FRIGATE_USER="admin",
        FRIGATE_PASSWORD="pw",
    )
    assert made.settings.camera_map == {"front": "front_door", "back": "backyard"}
    assert (made.settings.user, made.settings.password, made.settings.clip_deadline_s) == ("admin", "pw", 6.0)
