-- The clip feed (`GET /api/clips/feed`): clips by the time they were stored, per household.
CREATE INDEX IF NOT EXISTS clips_stored ON clips (household_id, created_at);
