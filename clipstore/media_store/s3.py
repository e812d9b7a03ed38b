"""Media in S3-compatible object storage (`MEDIA_URL=s3://BUCKET/PREFIX`), through boto3.

Credentials and endpoint come from the standard variables (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
`AWS_DEFAULT_REGION`, `AWS_ENDPOINT_URL`), so MinIO, Ceph or Garage work as well as AWS. Objects are streamed
through the app (with Range support), so the bucket stays private and every read passes the audit log.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, cast
from urllib.parse import urlsplit

from . import MediaMissing, MediaObject, MediaStore

logger = logging.getLogger(__name__)

_BATCH = 1000


def parse_media_url(url: str) -> tuple[str, str]:
    """`s3://bucket/some/prefix` → ("bucket", "some/prefix/"); ValueError for anything else."""
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc:
        raise ValueError(f"MEDIA_URL must look like s3://BUCKET/PREFIX, not {url!r}")
    prefix = parts.path.strip("/")
    return parts.netloc, f"{prefix}/" if prefix else ""


class S3Reader(io.RawIOBase):
    """A seekable, read-only view of one object: each read after a seek opens a ranged GET."""

    def __init__(self, client: Any, bucket: str, key: str, size: int) -> None:
        self.client, self.bucket, self.key, self.size = client, bucket, key, size
        self.pos = 0
        self.body: Any = None  # botocore's StreamingBody of the current ranged GET

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        target = {io.SEEK_SET: offset, io.SEEK_CUR: self.pos + offset, io.SEEK_END: self.size + offset}[whence]
        if target != self.pos and self.body is not None:
            self.body.close()
            self.body = None
        self.pos = max(0, target)
        return self.pos

    def readinto(self, buffer: Any) -> int:
        if self.pos >= self.size:
            return 0
        if self.body is None:
            self.body = self.client.get_object(Bucket=self.bucket, Key=self.key, Range=f"bytes={self.pos}-")["Body"]
        data = self.body.read(len(buffer))
        buffer[: len(data)] = data
        self.pos += len(data)
        return len(data)

    def close(self) -> None:
        if self.body is not None:
            self.body.close()
            self.body = None
        super().close()


class S3Media(MediaStore):
    """One object per key under the bucket's prefix."""

    kind = "s3"

    def __init__(self, url: str, client: Any = None, region: str = "us-east-1") -> None:
        import boto3  # only when S3 is configured

        self.bucket, self.prefix = parse_media_url(url)
        self.client = client or boto3.client("s3", region_name=region)
        self.versioned = False

    def _key(self, key: str) -> str:
        if ".." in key.split("/") or key.startswith("/"):
            raise ValueError(f"media key {key!r} leaves the prefix")
        return self.prefix + key

    def check(self) -> None:
        """The bucket must be reachable; with versioning on, every version of an erased object is deleted."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client.head_bucket(Bucket=self.bucket)
            status = self.client.get_bucket_versioning(Bucket=self.bucket).get("Status")
        except (BotoCoreError, ClientError) as exc:
            raise RuntimeError(f"cannot use the bucket {self.bucket!r}: {exc}") from None
        self.versioned = status in ("Enabled", "Suspended")
        if self.versioned:
            logger.warning(
                "bucket %s has object versioning %s: erasing a clip deletes every version of its "
                "objects (turn versioning off to make that cheaper)",
                self.bucket,
                status.lower(),
            )

    def put(self, key: str, source: Path, *, move: bool = False) -> None:
        self.client.upload_file(str(source), self.bucket, self._key(key))
        if move:
            Path(source).unlink(missing_ok=True)

    def open(self, key: str) -> MediaObject:
        from botocore.exceptions import ClientError

        try:
            head = self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                raise MediaMissing(key) from None
            raise
        size = int(head["ContentLength"])
        # A RawIOBase has every method of IO[bytes] that a response uses; typeshed does not relate the two.
        reader = cast(IO[bytes], S3Reader(self.client, self.bucket, self._key(key), size))
        return MediaObject(size, head["ETag"].strip('"'), head["LastModified"].timestamp(), reader=reader)

    def _delete_batch(self, objects: list[dict]) -> None:
        """One DeleteObjects call; failures it reports (it does not raise for them) are logged, and the
        objects are left for the next reconciliation to erase."""
        result = self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": objects, "Quiet": True})
        errors = result.get("Errors") or []
        if errors:
            logger.error(
                "could not delete %d objects from %s (first: %s %s); the janitor's reconciliation will try again",
                len(errors),
                self.describe(),
                errors[0].get("Code"),
                errors[0].get("Message"),
            )

    def delete(self, keys: Iterable[str]) -> None:
        names = [self._key(key) for key in keys]
        if self.versioned:
            for name in names:
                pages = self.client.get_paginator("list_object_versions").paginate(Bucket=self.bucket, Prefix=name)
                doomed = [
                    {"Key": v["Key"], "VersionId": v["VersionId"]}
                    for page in pages
                    for v in page.get("Versions", []) + page.get("DeleteMarkers", [])
                    if v["Key"] == name
                ]
                for start in range(0, len(doomed), _BATCH):
                    self._delete_batch(doomed[start : start + _BATCH])
            return
        for start in range(0, len(names), _BATCH):
            self._delete_batch([{"Key": name} for name in names[start : start + _BATCH]])

    def keys(self, older_than: float) -> Iterator[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix)
        for page in pages:
            for item in page.get("Contents", []):
                if item["LastModified"].timestamp() < older_than:
                    yield item["Key"][len(self.prefix) :]

    def describe(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"
