-- Schema version 3: accounts and the access log (개인정보 보호법: who, when, which record, what).

CREATE TABLE accounts (
    id           TEXT PRIMARY KEY,
    username     TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('counselor', 'supervisor', 'lead')),
    active       INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
) STRICT;

-- Append-only: an entry is never changed, and is removed only once older than two years.
CREATE TABLE access_log (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL,
    username  TEXT NOT NULL,
    action    TEXT NOT NULL,
    record_id TEXT,
    detail    TEXT
) STRICT;
CREATE INDEX access_log_at ON access_log(at);
CREATE INDEX access_log_record ON access_log(record_id) WHERE record_id IS NOT NULL;

CREATE TRIGGER access_log_append_only BEFORE UPDATE ON access_log
BEGIN
    SELECT RAISE(ABORT, 'access_log is append-only');
END;

CREATE TRIGGER access_log_kept_two_years BEFORE DELETE ON access_log
    WHEN old.at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 years')
BEGIN
    SELECT RAISE(ABORT, 'access_log entries are kept for two years');
END;

-- Consent (동의) recorded on each case: when, how, and the separate consents the law asks for.
ALTER TABLE cases ADD COLUMN consent_on TEXT;
ALTER TABLE cases ADD COLUMN consent_method TEXT;
-- 민감정보 (union membership, health): 개인정보 보호법 제23조.
ALTER TABLE cases ADD COLUMN sensitive_consent INTEGER;
-- 제3자 제공 (a referral to another agency): 제17조.
ALTER TABLE cases ADD COLUMN referral_consent INTEGER;
-- 법정대리인 (clients under 14): 제22조의2.
ALTER TABLE cases ADD COLUMN guardian_consent INTEGER;
