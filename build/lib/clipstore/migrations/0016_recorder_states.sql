-- Camera intake keeps its own state in its own table: what each camera's recorder last reported (written by the
-- one process that records, shown by every server). It was two columns of `cameras`.
CREATE TABLE IF NOT EXISTS recorder_states (
    camera_id BIGINT PRIMARY KEY REFERENCES cameras(id) ON DELETE CASCADE,
    state TEXT NOT NULL,                 -- JSON: connected, last clip, last error (never a stream's secret)
    seen_at DOUBLE PRECISION NOT NULL    -- when the recorder last wrote it
);
INSERT INTO recorder_states (camera_id, state, seen_at)
    SELECT id, recorder_state, COALESCE(recorder_seen_at, 0) FROM cameras WHERE recorder_state IS NOT NULL;
ALTER TABLE cameras DROP COLUMN recorder_state;
ALTER TABLE cameras DROP COLUMN recorder_seen_at;
