-- Clips from real cameras (issue 13): a camera's stream source, who set each label, and imported events.
ALTER TABLE cameras ADD COLUMN source TEXT;                -- rtsp://, http(s):// or a file; NULL: none
-- Who set each label of a clip: a detector's name, 'frigate', 'camera', 'person' (corrected on the page).
CREATE TABLE clip_label_sources (
    clip_id TEXT NOT NULL REFERENCES clips(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    source TEXT NOT NULL,
    set_at BIGINT NOT NULL,
    PRIMARY KEY (clip_id, label)
);
-- Events imported from another system (Frigate): each once; the clip made from it, if any.
CREATE TABLE imported_events (
    origin TEXT NOT NULL,                  -- e.g. 'frigate:http://nvr.local:5000' (never with credentials)
    event_id TEXT NOT NULL,
    household_id INTEGER NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    clip_id TEXT,                          -- NULL: the event could not be imported (see note)
    started_at DOUBLE PRECISION NOT NULL,  -- the event's start at the origin (epoch seconds)
    imported_at BIGINT NOT NULL,
    note TEXT,
    origin_deleted_at BIGINT,              -- deleted at the origin because its clip was deleted here
    PRIMARY KEY (origin, event_id)
);
CREATE INDEX imported_events_time ON imported_events (origin, started_at);
