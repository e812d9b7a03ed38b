"""A Range request reads only what it sends, whatever file wrapper the server brings (gunicorn's cannot seek)."""

from __future__ import annotations

import pytest
from gunicorn.http.wsgi import FileWrapper as GunicornFileWrapper
from waitress.buffers import ReadOnlyFileBasedBuffer

from clipstore import ClipQuery
from clipstore.media_store.s3 import S3Reader


@pytest.mark.parametrize("wrapper", [GunicornFileWrapper, ReadOnlyFileBasedBuffer])
def test_a_range_far_into_a_video_reads_only_that_range(client, demo, monkeypatch, backend, wrapper):
    read = []
    original = S3Reader.readinto

    def counting(self, buffer):
        count = original(self, buffer)
        read.append(count)
        return count

    monkeypatch.setattr(S3Reader, "readinto", counting)
    clip = demo.store.clips.page(demo.household.id, ClipQuery(camera="garage"), 1)[0][0]
    url, server = f"/api/clips/{clip.id}/video", {"wsgi.file_wrapper": wrapper}
    whole = client.get(url, headers=demo.headers, environ_base=server).data
    read.clear()
    start = len(whole) - 100
    part = client.get(url, headers={**demo.headers, "Range": f"bytes={start}-{start + 9}"}, environ_base=server)
    assert part.status_code == 206 and part.data == whole[start : start + 10]
    if backend.remote:  # the object is read from the range on, not from byte 0
        assert 0 < sum(read) <= 100, sum(read)
