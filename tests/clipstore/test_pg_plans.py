"""On PostgreSQL too, the clip queries walk an index in order: no sort of a camera's clips, no table scan."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from clipstore import ClipQuery, ClipStore

T0 = datetime(2026, 11, 20, tzinfo=UTC)
T1 = datetime(2026, 11, 21, tzinfo=UTC)

pytestmark = pytest.mark.postgres_only  # PostgreSQL's planner (SQLite's: test_query_plans.py)


def plan(store: ClipStore, sql: str, params: list) -> str:
    """The plan PostgreSQL picks when an index can serve (a tiny test table would otherwise be scanned)."""
    with store.db.transaction() as tx:
        tx.execute("SET LOCAL enable_seqscan = off")
        tx.execute("SET LOCAL enable_bitmapscan = off")
        return " | ".join(row[0].strip() for row in tx.execute("EXPLAIN " + sql, params).fetchall())


@pytest.mark.parametrize(
    "query",
    [
        ClipQuery(camera="front_door"),
        ClipQuery(camera="front_door", after=T0, before=T1),
        ClipQuery(camera="front_door", label="person", after=T0),
        ClipQuery(after=T0, before=T1),
        ClipQuery(),
    ],
)
def test_listing_walks_an_index_in_order(planned, query):
    store, household_id = planned
    text = plan(store, *store.clips.list_sql(household_id, query, 20))
    assert "Index Scan Backward using clips_live_" in text, text  # newest first, straight from a live index
    assert "Sort" not in text and "Seq Scan" not in text, text


def test_counting_a_day_reads_only_the_index(planned):
    store, household_id = planned
    text = plan(store, *store.clips.count_sql(household_id, ClipQuery(after=T0, before=T1, label="person")))
    assert "Index Only Scan using clips_live_household_time" in text, text
