-- The people of a household (issue: a household of people). Every existing household gets its owner, whose id
-- `owner` is the name its first token, sessions and Alexa links already carry as their actor; any other token
-- name becomes an owner of its own (so that no existing credential changes what it may do).
-- Portable SQL: the same statements run on SQLite and PostgreSQL.
CREATE TABLE IF NOT EXISTS members (
    household_id BIGINT NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    slug TEXT NOT NULL,                  -- the member's id: a slug of the name; the audit log's actor
    name TEXT NOT NULL,
    role TEXT NOT NULL,                  -- owner | adult | child | guest
    cameras TEXT,                        -- JSON list of camera ids the member may see; NULL: every camera
    expires_at BIGINT,                   -- a guest's last moment
    password_hash TEXT,                  -- argon2id, for the web page
    setup_digest TEXT,                   -- SHA-256 of the one-time set-password link's secret
    setup_expires_at BIGINT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (household_id, slug)
);
INSERT INTO members (household_id, slug, name, role, created_at)
    SELECT id, 'owner', 'Owner', 'owner', created_at FROM households;
INSERT INTO members (household_id, slug, name, role, created_at)
    SELECT DISTINCT t.household_id, t.name, t.name, 'owner', t.created_at FROM tokens t
    WHERE t.name <> 'owner' AND NOT EXISTS (SELECT 1 FROM members m WHERE m.household_id = t.household_id
                                            AND m.slug = t.name);
CREATE INDEX IF NOT EXISTS members_setup ON members (setup_digest);

-- Voices Alexa recognises (context.System.person.personId), each enrolled by one member.
CREATE TABLE IF NOT EXISTS alexa_persons (
    household_id BIGINT NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    person_id TEXT NOT NULL,
    member TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (household_id, person_id)
);

ALTER TABLE deletions ADD COLUMN actor TEXT;          -- who deleted (undo restores one's own; an owner: any)
ALTER TABLE shares ADD COLUMN to_member TEXT;         -- a member's id, 'guest' (a link handed on) or 'support'
ALTER TABLE cameras ADD COLUMN removed_at DOUBLE PRECISION;  -- removed: hidden, its clips in the trash
ALTER TABLE cameras ADD COLUMN removal_id TEXT;              -- the deletion that undo reverses
