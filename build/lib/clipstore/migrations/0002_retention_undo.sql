-- A deletion made by shortening retention remembers the setting before it, so "undo" restores both.
ALTER TABLE deletions ADD COLUMN previous_retention INTEGER;
