-- PostgreSQL does not read `deleted_at IS NULL` as an equality when it orders by an index, so the shared
-- indexes would need a sort of every live clip of a camera for "the newest 20". Partial indexes over the live
-- clips give it the order directly (SQLite uses the shared ones in order already).
CREATE INDEX IF NOT EXISTS clips_live_camera_time
    ON clips (household_id, camera_id, started_at, id, label_mask) WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS clips_live_household_time
    ON clips (household_id, started_at, id, label_mask) WHERE deleted_at IS NULL;
