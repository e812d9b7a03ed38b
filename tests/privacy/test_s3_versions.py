"""S3 with object versioning on: the start-up check notices, and erasing a clip deletes every version."""

from __future__ import annotations

import logging

import pytest

from clipstore import ClipQuery, ClipStore

pytestmark = pytest.mark.one_backend  # its own bucket in the S3 stand-in, whatever the test backend


def test_every_version_of_an_erased_clip_is_deleted(s3_standin, tmp_path, mp4_file, clock, caplog):
    client = s3_standin.client
    client.create_bucket(Bucket="versioned")
    client.put_bucket_versioning(Bucket="versioned", VersioningConfiguration={"Status": "Enabled"})
    with caplog.at_level(logging.WARNING, logger="clipstore.media_store.s3"):
        store = ClipStore(tmp_path / "data", clock=clock, media_url="s3://versioned/home")
    assert "versioning enabled" in caplog.text
    household, _ = store.households.create("Home", "UTC")
    store.cameras.add(household.id, "Garage")
    clip = store.ingest(household.id, "garage", mp4_file)
    files = store.clips.files(household.id, clip.id)
    store.media.put(files.video, mp4_file)  # a second version of the video, as an overwrite would leave
    versions = client.list_object_versions(Bucket="versioned", Prefix="home/")
    assert len(versions["Versions"]) == 3
    store.delete(household.id, ClipQuery(ids=(clip.id,)))
    assert store.purge(now=store.now() + store.trash_grace_s + 1) == 1
    left = client.list_object_versions(Bucket="versioned", Prefix="home/")
    assert left.get("Versions", []) == [] and left.get("DeleteMarkers", []) == []
    store.close()
