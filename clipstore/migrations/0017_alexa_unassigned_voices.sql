-- Voices Alexa recognised (context.System.person.personId) that no member has enrolled yet: kept so that an
-- owner can assign each to a member on the Members page. Only the opaque id and when it was heard.
CREATE TABLE IF NOT EXISTS alexa_unassigned_voices (
    household_id BIGINT NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    person_id TEXT NOT NULL,
    first_heard DOUBLE PRECISION NOT NULL,
    last_heard DOUBLE PRECISION NOT NULL,
    requests INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (household_id, person_id)
);
