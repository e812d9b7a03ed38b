"""The clip queries use the indexes: no table scan and no sort, whatever the filters."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from clipstore import ClipQuery, ClipStore

T0 = datetime(2026, 11, 20, tzinfo=UTC)
T1 = datetime(2026, 11, 21, tzinfo=UTC)

pytestmark = pytest.mark.one_backend  # SQLite's own query planner (PostgreSQL's: test_pg_plans.py)


def plan(store: ClipStore, sql: str, params: list) -> str:
    return " | ".join(row[3] for row in store.db.query("EXPLAIN QUERY PLAN " + sql, params))


@pytest.mark.parametrize(
    "query, index",
    [
        (ClipQuery(camera="front_door"), "clips_camera_time"),
        (ClipQuery(camera="front_door", after=T0, before=T1), "clips_camera_time"),
        (ClipQuery(camera="front_door", label="person", after=T0), "clips_camera_time"),
        (ClipQuery(after=T0, before=T1), "clips_household_time"),
        (ClipQuery(label="vehicle"), "clips_household_time"),
        (ClipQuery(), "clips_household_time"),
    ],
)
def test_listing_walks_an_index_in_order(planned, query, index):
    store, household_id = planned
    text = plan(store, *store.clips.list_sql(household_id, query, 20))
    assert f"USING INDEX {index}" in text or f"USING COVERING INDEX {index}" in text, text
    assert "TEMP B-TREE" not in text and "SCAN c" not in text, text


def test_listing_a_later_page_still_uses_the_index(planned):
    store, household_id = planned
    sql, params = store.clips.list_sql(
        household_id, ClipQuery(camera="front_door"), 20, cursor="MTc5NTUzMjc1MjoxZjRkNmM3Y2M3MmJiNGE3"
    )
    text = plan(store, sql, params)
    assert "clips_camera_time" in text and "TEMP B-TREE" not in text, text


def test_counting_a_day_reads_only_the_index(planned):
    store, household_id = planned
    text = plan(store, *store.clips.count_sql(household_id, ClipQuery(after=T0, before=T1, label="person")))
    assert "COVERING INDEX clips_household_time" in text, text
