-- What each camera's recorder is doing, written by the one process that records (shown by every server).
ALTER TABLE cameras ADD COLUMN recorder_state TEXT;             -- JSON: connected, last clip, last error
ALTER TABLE cameras ADD COLUMN recorder_seen_at DOUBLE PRECISION;  -- when the recorder last wrote it
