-- Alexa account links (OAuth 2.0 authorization-code grant) and the household's spoken voice code.
-- Portable SQL: the same statements run on SQLite and PostgreSQL; IF NOT EXISTS makes a re-run harmless.
-- Secrets are stored only as hex SHA-256 digests (codes and tokens are random and long) or as a salted
-- scrypt digest (the 4-digit voice code).

-- One link = one credential Alexa holds for one household; revoked links stay listed as revoked.
CREATE TABLE IF NOT EXISTS alexa_links (
    id TEXT PRIMARY KEY,
    household_id BIGINT NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    client_id TEXT NOT NULL,
    actor TEXT NOT NULL,                 -- the household token that approved the link
    scope TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX IF NOT EXISTS alexa_links_household ON alexa_links (household_id, created_at);

-- Authorization codes: single use, a few minutes long.
CREATE TABLE IF NOT EXISTS alexa_link_codes (
    digest TEXT PRIMARY KEY,
    household_id BIGINT NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    client_id TEXT NOT NULL,
    redirect_uri TEXT NOT NULL,
    scope TEXT NOT NULL DEFAULT '',
    actor TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

-- Access tokens (short-lived) and refresh tokens of a link.
CREATE TABLE IF NOT EXISTS alexa_link_tokens (
    digest TEXT PRIMARY KEY,
    link_id TEXT NOT NULL REFERENCES alexa_links(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,                  -- 'access' or 'refresh'
    created_at BIGINT NOT NULL,
    expires_at BIGINT                    -- NULL: until the link is revoked (refresh tokens)
);
CREATE INDEX IF NOT EXISTS alexa_link_tokens_link ON alexa_link_tokens (link_id);

-- The spoken code asked after the yes to sensitive voice actions (never stored or said in clear).
CREATE TABLE IF NOT EXISTS voice_codes (
    household_id BIGINT PRIMARY KEY REFERENCES households(id) ON DELETE CASCADE,
    salt TEXT NOT NULL,
    digest TEXT NOT NULL,
    offline INTEGER NOT NULL DEFAULT 0,  -- 1: the offline voice loop asks for it too
    failures INTEGER NOT NULL DEFAULT 0, -- wrong codes in a row
    locked_until BIGINT,                 -- sensitive voice actions refused until then
    updated_at BIGINT NOT NULL
);
