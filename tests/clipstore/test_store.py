"""Clip store unit tests: paging, filters, deletion, reconciliation, tokens and validation."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta

import pytest
from backends import put_media

from clipstore import LABELS, ClipQuery, Conflict, Invalid, NotFound
from clipstore.clips import encode_cursor


def _page_all(store, household_id, query=None, limit=4):
    query = ClipQuery() if query is None else query
    clips, cursor = [], None
    while True:
        page, cursor = store.clips.page(household_id, query, limit, cursor)
        clips += page
        if cursor is None:
            return clips


@pytest.mark.parametrize("limit", [1, 4, 7, 500])
def test_cursor_paging_covers_all_clips_once(demo, limit):
    everything = _page_all(demo.store, demo.household.id, limit=500)
    paged = _page_all(demo.store, demo.household.id, limit=limit)
    assert [c.id for c in paged] == [c.id for c in everything]
    assert len({c.id for c in paged}) == demo.store.clips.count(demo.household.id, ClipQuery()) > 20
    keys = [(c.started_at, c.id) for c in paged]
    assert keys == sorted(keys, reverse=True)


def test_paging_with_equal_start_times(store, mp4_file, tmp_path):
    household, _ = store.households.create("Home", "UTC")
    store.cameras.add(household.id, "Garage")
    moment = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    ids = {store.ingest(household.id, "garage", mp4_file, started_at=moment).id for _ in range(5)}
    assert {c.id for c in _page_all(store, household.id, limit=2)} == ids
    assert len(_page_all(store, household.id, limit=2)) == 5


def test_filters(demo):
    everything = _page_all(demo.store, demo.household.id, limit=500)
    hid = demo.household.id
    for label in LABELS:
        expected = [c.id for c in everything if label in c.labels]
        assert expected and [c.id for c in _page_all(demo.store, hid, ClipQuery(label=label))] == expected
    cut = everything[len(everything) // 2].started_at
    after = _page_all(demo.store, hid, ClipQuery(after=cut))
    before = _page_all(demo.store, hid, ClipQuery(before=cut))
    assert [c.id for c in after + before] == [c.id for c in everything]
    both = ClipQuery(camera="front_door", label="person", after=cut - timedelta(days=1), before=cut)
    expected = [
        c.id
        for c in everything
        if c.camera == "front_door" and "person" in c.labels and cut - timedelta(days=1) <= c.started_at < cut
    ]
    assert [c.id for c in _page_all(demo.store, hid, both)] == expected
    assert demo.store.clips.count(hid, both) == len(expected)
    some = (*(c.id for c in everything[:3]), "zzzz", "0123456789abcdef")
    assert {c.id for c in _page_all(demo.store, hid, ClipQuery(ids=some))} == set(some[:3])


def test_delete_removes_rows_and_files(demo, media_files):
    hid = demo.household.id
    garage = _page_all(demo.store, hid, ClipQuery(camera="garage"))
    before = media_files(demo.store)
    assert demo.store.delete(hid, ClipQuery(camera="garage")) == len(garage) > 0
    assert demo.store.clips.count(hid, ClipQuery(camera="garage")) == 0
    gone = {f"{hid}/{c.id}.{ext}" for c in garage for ext in ("mp4", "jpg")}
    assert media_files(demo.store) == before  # in the trash until the grace period is over
    later = demo.store.now() + demo.store.trash_grace_s + 1
    assert demo.store.purge(now=later) == len(garage)
    assert before - media_files(demo.store) == gone
    with pytest.raises(NotFound):
        demo.store.clips.get(hid, garage[0].id)
    assert demo.store.delete(hid, ClipQuery(camera="garage")) == 0
    assert demo.store.delete(hid, ClipQuery(), now=later) == len(before - gone) // 2
    demo.store.purge(now=later + demo.store.trash_grace_s + 1)
    assert media_files(demo.store) == set()


def test_reconcile_removes_orphans_once_they_are_old_enough(demo, media_files, tmp_path):
    hid = demo.household.id
    known = media_files(demo.store)
    put_media(demo.store, f"{hid}/feedfacefeedface.mp4", b"left over", tmp_path)
    put_media(demo.store, "99/x.jpg", b"x", tmp_path)
    assert demo.store.reconcile() == 0  # young: they may belong to an ingest still in flight
    assert demo.store.reconcile(min_age_s=-60) == 2
    assert media_files(demo.store) == known
    assert demo.store.reconcile(min_age_s=-60) == 0


@pytest.mark.one_backend  # local files: the file system stamps them, on its own clock
def test_ages_of_files_are_measured_on_the_file_systems_clock(demo, tmp_path, monkeypatch):
    """A process clock a day ahead of the file system's (a network file system's server behind, or libfaketime,
    which fakes time() but not file stamps) must not make a fresh upload look old: reconcile would erase it."""
    import time

    put_media(demo.store, f"{demo.household.id}/feedfacefeedface.mp4", b"left over", tmp_path)
    (demo.store.data_dir / "incoming").mkdir(exist_ok=True)
    (demo.store.data_dir / "incoming" / "upload.part").write_bytes(b"still arriving")
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 86400)
    assert demo.store.reconcile() == 0
    assert demo.store.reconcile(min_age_s=-60) == 2


def test_ingest_failure_leaves_nothing(store, tmp_path, media_files):
    household, _ = store.households.create("Home", "UTC")
    store.cameras.add(household.id, "Garage")
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"\x00\x00\x00\x18ftypisom" + b"\x00" * 100)
    with pytest.raises(Invalid):
        store.ingest(household.id, "garage", bad)
    assert media_files(store) == set() and store.clips.count(household.id, ClipQuery()) == 0


def test_ingest_checks(store, mp4_file, tmp_path):
    household, _ = store.households.create("Home", "UTC")
    store.cameras.add(household.id, "Garage")
    with pytest.raises(NotFound):
        store.ingest(household.id, "attic", mp4_file)
    with pytest.raises(Invalid):
        store.ingest(household.id, "garage", mp4_file, labels=["ghost"])
    with pytest.raises(Invalid):
        store.ingest(household.id, "garage", mp4_file, started_at=datetime(2026, 1, 1))
    store.cameras.update(household.id, "garage", recording=False)
    with pytest.raises(Conflict):
        store.ingest(household.id, "garage", mp4_file)
    copy = tmp_path / "copy.mp4"
    shutil.copyfile(mp4_file, copy)
    store.cameras.update(household.id, "garage", recording=True)
    clip = store.ingest(household.id, "garage", copy, move=True, labels=["person", "person"])
    assert not copy.exists() and clip.labels == ("person",)
    assert store.clips.owner(clip.id) == household.id
    with pytest.raises(NotFound):
        store.clips.owner("0123456789abcdef")


def test_token_auth(store):
    first, token = store.households.create("One", "UTC")
    second, other = store.households.create("Two", "Asia/Tokyo")
    assert store.households.authenticate(token) == (first, "owner")
    assert store.households.authenticate(other)[0] == second
    lookup, secret = token.split(".")
    for bad in (
        "",
        "nodot",
        f"{lookup}.",
        f".{secret}",
        f"{lookup}.{secret}x",
        f"{lookup}x.{secret}",
        f"{other.split('.')[0]}.{secret}",
        token + "x" * 300,
    ):
        assert store.households.authenticate(bad) is None, bad


@pytest.mark.parametrize(
    "call",
    [
        lambda s, h: s.households.create("X", "Not/AZone"),
        lambda s, h: s.households.create("", "UTC"),
        lambda s, h: s.households.update(h.id, retention_days=0),
        lambda s, h: s.clips.page(h.id, ClipQuery(), 0),
        lambda s, h: s.clips.page(h.id, ClipQuery(), 501),
        lambda s, h: s.clips.page(h.id, ClipQuery(), 10, "garbage!"),
        lambda s, h: s.clips.page(h.id, ClipQuery(), 10, encode_cursor(1, "not-an-id")),
        lambda s, h: s.clips.count(h.id, ClipQuery(label="ghost")),
        lambda s, h: s.clips.count(h.id, ClipQuery(after=datetime(2026, 1, 1))),
        lambda s, h: s.cameras.add(h.id, "Front Door"),
        lambda s, h: s.cameras.add(h.id, "Bad/Name"),
        lambda s, h: s.audit.record(h.id, channel="carrier pigeon", actor="x", action="view"),
    ],
)
def test_validation_errors(store, call):
    household, _ = store.households.create("Home", "UTC")
    store.cameras.add(household.id, "Front Door")
    with pytest.raises(Invalid) as info:
        call(store, household)
    assert info.value.status == 400 and str(info.value)


def test_unknown_things_are_not_found(store):
    household, _ = store.households.create("Home", "UTC")
    with pytest.raises(NotFound):
        store.clips.get(household.id, "0123456789abcdef")
    with pytest.raises(NotFound):
        store.clips.count(household.id, ClipQuery(camera="attic"))
    with pytest.raises(NotFound):
        store.cameras.update(household.id, "attic", recording=False)
    assert NotFound("x").status == 404 and Conflict("x").status == 409
