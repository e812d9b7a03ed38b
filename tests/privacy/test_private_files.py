"""Private on disk: the data directory is 0700 and every file in it 0600, whatever the umask."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from clipstore import ClipStore

pytestmark = pytest.mark.one_backend  # the data directory's own files (SQLite, media files)


def modes(root: Path) -> dict[str, int]:
    out = {}
    for current, _, files in os.walk(root):
        for name in [current] + [os.path.join(current, f) for f in files]:
            out[os.path.relpath(name, root)] = stat.S_IMODE(os.lstat(name).st_mode)
    return out


@pytest.fixture
def open_umask():
    old = os.umask(0o022)  # the usual umask, which made 0755 directories and 0644 files
    yield
    os.umask(old)


def test_a_new_store_is_owner_only_whatever_the_umask(tmp_path, mp4_file, open_umask, clock):
    store = ClipStore(tmp_path / "data", clock=clock)
    household, _ = store.households.create("Home", "UTC")
    store.cameras.add(household.id, "Garage")
    store.ingest(household.id, "garage", mp4_file)
    store.secret_key()
    found = modes(tmp_path / "data")
    store.close()
    assert any(name.endswith(".mp4") for name in found) and any(name.endswith(".jpg") for name in found)
    assert any(name.endswith("-wal") for name in found)
    for name, mode in found.items():
        expected = 0o700 if (tmp_path / "data" / name).is_dir() else 0o600
        assert mode == expected, f"{name} is {oct(mode)}"


def test_an_open_data_directory_is_closed_with_a_loud_warning(tmp_path, mp4_file, open_umask, caplog, clock):
    data = tmp_path / "data"
    store = ClipStore(data, clock=clock)
    household, _ = store.households.create("Home", "UTC")
    store.cameras.add(household.id, "Garage")
    clip = store.ingest(household.id, "garage", mp4_file)
    store.close()
    os.chmod(data, 0o755)
    os.chmod(data / "clips.sqlite3", 0o644)
    os.chmod(data / "media" / str(household.id) / f"{clip.id}.mp4", 0o644)
    with caplog.at_level(logging.WARNING, logger="clipstore.private"):
        reopened = ClipStore(data, clock=clock)
    reopened.close()
    assert "readable by other users" in caplog.text and str(data) in caplog.text
    assert all(mode & 0o077 == 0 for mode in modes(data).values())
