"""Settings → the pieces of the loop: clip service (or none), cameras, clock, recogniser, speaker."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from clipstore import DEMO_CAMERAS, DEMO_TIMEZONE, Camera, Clip, Home, Member, store_exists
from intents.service import ClipService

from .settings import Settings

logger = logging.getLogger(__name__)


class Fatal(Exception):
    """A problem to report in one line before exiting non-zero."""


def demo_cameras() -> list[Camera]:
    """The demo household's five cameras (docs/interface.md §1)."""
    return [Camera(slug, name, syns) for slug, name, syns in DEMO_CAMERAS]


def _store_exists(data: Path) -> bool:
    return store_exists(data)


def _file_urls(home: Home) -> Callable[[Clip], Clip]:
    """For the embedded store: clips point at their files on this machine (what a local player opens),
    where the media are local files."""

    def add(clip: Clip) -> Clip:
        video, thumbnail = home.clips.local_files(clip)
        if video is None or thumbnail is None:
            return clip
        return dataclasses.replace(clip, video_url=video.resolve().as_uri(), thumbnail_url=thumbnail.resolve().as_uri())

    return add


def open_service(settings: Settings) -> tuple[ClipService | None, Callable[[], list[Camera]], str | None]:
    """(service or None for --parse-only, camera source, the household's time zone if known)."""
    if settings.parse_only:  # nothing is called that changes anything; the household's zone if it is known
        if settings.api:
            return _parse_only_api(settings)
        if settings.data is not None and _store_exists(settings.data):
            from clipstore import ClipStore

            store = ClipStore(settings.data)
            households = store.all_households()
            if households:
                cameras = store.system(households[0].id, "voice").cameras.all()
                return None, lambda: cameras, households[0].timezone
        cameras = demo_cameras()
        return None, lambda: cameras, DEMO_TIMEZONE
    if settings.api:
        from clipstore import StoreError
        from intents.http_service import HttpClipService

        service = HttpClipService(settings.api, settings.token or "")
        try:
            tz = service.household().timezone
        except StoreError as exc:
            raise Fatal(f"cannot use the clip API at {settings.api}: {exc}") from None
        return service, service.cameras, tz
    from clipstore import ClipStore, default_data_dir, seed_demo
    from intents.store_service import StoreClipService

    data = settings.data or default_data_dir()
    if not _store_exists(data) and not settings.demo:
        raise Fatal(
            f"no clip store in {data}: add --demo to create the demo household there, "
            f"or start `python -m skill --data {data} --demo` once"
        )
    store = ClipStore(data)
    households = store.all_households()
    if not households and settings.demo:
        seed_demo(store, now=now_fn(settings, "UTC")())
        households = store.all_households()
    if not households:
        raise Fatal(
            f"the clip store in {data} has no household yet (add --demo, or `python -m clipstore household add`)"
        )
    household = households[0]
    local = StoreClipService.open(store, household.id, channel="voice")
    local.add_urls = _file_urls(local.home)
    return local, local.cameras, household.timezone


def parse_only_members(settings: Settings) -> list[Member]:
    """`--parse-only`: the household's members, whose names the parser knows ("share it with Sam"), read once from
    `--data` or `--api` (none for the demo household)."""
    if settings.api:
        from intents.http_service import HttpClipService

        return HttpClipService(settings.api, settings.token or "").members()
    if settings.data is not None and _store_exists(settings.data):
        from clipstore import ClipStore

        store = ClipStore(settings.data)
        try:
            households = store.all_households()
            return store.system(households[0].id, "voice").members.people() if households else []
        finally:
            store.close()
    return []


def _parse_only_api(settings: Settings) -> tuple[None, Callable[[], list[Camera]], str]:
    """`--parse-only --api`: the household's cameras and zone, read once; no clip is asked for."""
    from clipstore import StoreError
    from intents.http_service import HttpClipService

    service = HttpClipService(settings.api or "", settings.token or "")
    try:
        tz, cameras = service.household().timezone, service.cameras()
    except StoreError as exc:
        raise Fatal(f"cannot use the clip API at {settings.api}: {exc}") from None
    return None, lambda: cameras, tz


def check_tz(tz: str) -> str:
    """The zone name, or Fatal."""
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise Fatal(f"unknown time zone {tz!r}") from None
    return tz


def now_fn(settings: Settings, tz: str) -> Callable[[], datetime]:
    """The clock: pinned by --now (naive times are in `tz`), else the real one."""
    if not settings.now:
        return lambda: datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(settings.now)
    except ValueError:
        raise Fatal(f"--now {settings.now!r} is not an ISO-8601 time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(tz))
    return lambda: moment
