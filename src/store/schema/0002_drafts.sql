-- Schema version 2: unfinished forms.
-- An intake form a counselor has not saved yet survives closing the app. Drafts hold personal
-- data, so they live here, in the store that is encrypted at rest, never in the web view's
-- local storage.
CREATE TABLE drafts (
    key        TEXT PRIMARY KEY,
    body       TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
