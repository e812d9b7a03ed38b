-- What a detector saw (issue 21): each label's confidence and the moment of the clip where it was surest, and,
-- per camera, which labels each source that labelled its clips can give at all (so "no" can be told from
-- "this camera can't tell").
ALTER TABLE clip_label_sources ADD COLUMN confidence DOUBLE PRECISION;  -- 0..1; NULL: not a detector's
ALTER TABLE clip_label_sources ADD COLUMN frame_s DOUBLE PRECISION;     -- seconds into the clip
CREATE TABLE camera_label_sources (
    camera_id INTEGER NOT NULL REFERENCES cameras(id) ON DELETE CASCADE,
    source TEXT NOT NULL,                  -- a detector's name, 'frigate', ...
    labels TEXT NOT NULL,                  -- comma-separated: the labels this source can give
    seen_at BIGINT NOT NULL,               -- the last clip it labelled (or looked at and found nothing)
    PRIMARY KEY (camera_id, source)
);
