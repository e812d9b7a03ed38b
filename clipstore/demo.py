"""Seed the demo household: five cameras and a few days of real, playable clips."""

from __future__ import annotations

import logging
import random
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from .models import LABELS, Household
from .store import ClipStore

logger = logging.getLogger(__name__)

DEMO_CAMERAS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("front_door", "Front Door", ("front porch", "porch", "doorbell", "entrance", "door")),
    ("backyard", "Backyard", ("back yard", "garden", "patio")),
    ("garage", "Garage", ()),
    ("living_room", "Living Room", ("lounge",)),
    ("driveway", "Driveway", ()),
)
"""Camera id, display name and spoken synonyms of the demo household (docs/interface.md §1)."""
DEMO_TIMEZONE = "America/New_York"
"""The demo household's time zone: what the command-line tools resolve dates in when they know no household."""

# (hour, minute) slots across a day; each camera gets a few of them per day.
_SLOTS = ((6, 40), (8, 15), (10, 5), (12, 30), (14, 15), (16, 45), (18, 20), (20, 10), (22, 35), (23, 50))


def add_demo_cameras(store: ClipStore, household: Household) -> None:
    """Give a household the five demo cameras."""
    for slug, name, synonyms in DEMO_CAMERAS:
        store.cameras.add(household.id, name, slug=slug, synonyms=synonyms)


def demo_schedule(now: datetime, tz: str, days: int = 3, seed: int = 7) -> list[tuple[str, datetime, tuple[str, ...]]]:
    """(camera, start in UTC, labels) for every demo clip: past only, every label on every day.

    The shape is fixed whatever the hour: three clips per camera per day (`days` days, today included).
    Earlier days use the day's time slots; today's slots are scaled into the part of today that has passed,
    so the morning has as many clips as the evening.
    """
    rng = random.Random(seed)
    zone = ZoneInfo(tz)
    local_today = now.astimezone(zone).date()
    now = now.astimezone(UTC)  # absolute arithmetic below, whatever the zone's DST does today
    midnight = datetime.combine(local_today, time(), zone).astimezone(UTC)
    elapsed = max((now - midnight).total_seconds(), 0.0)
    plan = []
    for back in range(days):
        day = local_today - timedelta(days=back)
        for index, (slug, _, _) in enumerate(DEMO_CAMERAS):
            for n, (hour, minute) in enumerate(rng.sample(_SLOTS, 3)):
                second = rng.randrange(60)
                if back:
                    start = datetime.combine(day, time(hour, minute, second), zone)
                else:
                    share = (hour * 3600 + minute * 60 + second) / 86400
                    start = min(midnight + timedelta(seconds=int(elapsed * share)), now - timedelta(seconds=1))
                first = LABELS[(index + n + back) % len(LABELS)]
                labels = (first,) if rng.random() < 0.7 else (first, LABELS[(index + n + 1) % len(LABELS)])
                plan.append((slug, start.astimezone(UTC), labels))
    return sorted(plan, key=lambda item: item[1])


def seed_demo(
    store: ClipStore,
    *,
    name: str = "Demo home",
    tz: str = DEMO_TIMEZONE,
    now: datetime | None = None,
    days: int = 3,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Household, str]:
    """Create the demo household with cameras and clips; returns it and its API token."""
    from .media import render_demo_clip  # PyAV and Pillow load only when seeding

    household, token = store.households.create(name, tz)
    add_demo_cameras(store, household)
    names = {slug: title for slug, title, _ in DEMO_CAMERAS}
    plan = demo_schedule(now or datetime.now(UTC), tz, days)
    with tempfile.TemporaryDirectory() as tmp:
        for i, (slug, start, labels) in enumerate(plan):
            local = start.astimezone(ZoneInfo(tz)).strftime("%a %H:%M")
            path = Path(tmp) / f"{i}.mp4"
            render_demo_clip(path, caption=f"{names[slug]}  {local}  {', '.join(labels)}", seed=i)
            store.ingest(household.id, slug, path, started_at=start, labels=labels, move=True)
            if progress:
                progress(i + 1, len(plan))
    logger.info("seeded demo household %r with %d clips", household.name, len(plan))
    return household, token
