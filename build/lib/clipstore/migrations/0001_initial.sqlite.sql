-- The schema as it was before versioned migrations (idempotent: an older database passes through unchanged).
CREATE TABLE IF NOT EXISTS households (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    timezone TEXT NOT NULL,
    retention_days INTEGER NOT NULL DEFAULT 30,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
    id INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    lookup TEXT NOT NULL UNIQUE,
    salt BLOB NOT NULL,
    digest BLOB NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS cameras (
    id INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    synonyms TEXT NOT NULL DEFAULT '[]',
    recording INTEGER NOT NULL DEFAULT 1,
    UNIQUE (household_id, slug)
);
CREATE TABLE IF NOT EXISTS clips (
    id TEXT PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    camera_id INTEGER NOT NULL REFERENCES cameras(id) ON DELETE CASCADE,
    started_at INTEGER NOT NULL,
    duration_s REAL NOT NULL,
    label_mask INTEGER NOT NULL DEFAULT 0,
    video_path TEXT NOT NULL,
    thumb_path TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    deleted_at REAL,                               -- in the trash since (NULL: live)
    deletion_id TEXT REFERENCES deletions(id)      -- the deletion that can restore it
);
-- "Newest N of a camera in a time window" and counts over live clips (label_mask makes counts covering).
CREATE INDEX IF NOT EXISTS clips_camera_time
    ON clips (household_id, deleted_at, camera_id, started_at, id, label_mask);
CREATE INDEX IF NOT EXISTS clips_household_time ON clips (household_id, deleted_at, started_at, id, label_mask);
CREATE INDEX IF NOT EXISTS clips_trash ON clips (deleted_at) WHERE deleted_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS deletions (
    id TEXT PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    at REAL NOT NULL,
    count INTEGER NOT NULL,
    restored_at REAL
);
CREATE TABLE IF NOT EXISTS shares (
    id TEXT PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    clip_id TEXT NOT NULL REFERENCES clips(id) ON DELETE CASCADE,
    created_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    revoked_at REAL,
    channel TEXT NOT NULL,
    actor TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS shares_household ON shares (household_id, expires_at);
CREATE INDEX IF NOT EXISTS shares_clip ON shares (clip_id);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    channel TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    clip_id TEXT,
    camera TEXT,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS audit_household_time ON audit (household_id, at DESC);
CREATE TABLE IF NOT EXISTS settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
