-- Schema version 1: the records of ../shared/domain.md.
-- Dates are ISO text (YYYY-MM-DD) so they sort and compare as text; timestamps are RFC 3339 UTC.
-- Codes are the stable codes of src/domain/codes.rs. Every record has a UUID v7 id and a
-- soft-delete stamp: nothing is ever removed by the application, only marked.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE counselors (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE UNIQUE INDEX counselors_name ON counselors(name) WHERE deleted_at IS NULL;

-- The personal data of a client, apart from the case so that pseudonymization blanks it
-- without touching any statistic.
CREATE TABLE clients (
    id          TEXT PRIMARY KEY,
    name        TEXT,
    phone       TEXT,
    birth_year  INTEGER,
    country     TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
) STRICT;

CREATE INDEX clients_name_phone ON clients(name, phone);

CREATE TABLE outreach_events (
    id            TEXT PRIMARY KEY,
    held_on       TEXT NOT NULL,
    place         TEXT NOT NULL,
    kind          TEXT NOT NULL,
    visitor_count INTEGER,
    note          TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT
) STRICT;
CREATE INDEX outreach_events_held_on ON outreach_events(held_on);

CREATE TABLE outreach_event_counselors (
    event_id     TEXT NOT NULL REFERENCES outreach_events(id),
    counselor_id TEXT NOT NULL REFERENCES counselors(id),
    PRIMARY KEY (event_id, counselor_id)
) STRICT, WITHOUT ROWID;

-- The last case number handed out per year and device letter (YYYY-<letter><seq>).
CREATE TABLE case_numbers (
    year   INTEGER NOT NULL,
    device TEXT NOT NULL,
    last   INTEGER NOT NULL,
    PRIMARY KEY (year, device)
) STRICT, WITHOUT ROWID;

CREATE TABLE cases (
    id                 TEXT PRIMARY KEY,
    case_no            TEXT NOT NULL UNIQUE,
    received_on        TEXT NOT NULL,
    counselor_id       TEXT REFERENCES counselors(id),
    intake_method      TEXT NOT NULL,
    outreach_event_id  TEXT REFERENCES outreach_events(id),
    client_id          TEXT REFERENCES clients(id),
    client_role        TEXT NOT NULL DEFAULT 'unknown',
    gender             TEXT NOT NULL DEFAULT 'unknown',
    age_band           TEXT NOT NULL DEFAULT 'unknown',
    nationality        TEXT NOT NULL DEFAULT 'unknown',
    employment_type    TEXT NOT NULL DEFAULT 'unknown',
    workplace_size     TEXT NOT NULL DEFAULT 'unknown',
    industry           TEXT NOT NULL DEFAULT 'unknown',
    region             TEXT NOT NULL DEFAULT 'unknown',
    union_presence     TEXT NOT NULL DEFAULT 'unknown',
    workplace_name     TEXT,
    primary_category   TEXT NOT NULL,
    sub_type           TEXT,
    summary            TEXT,
    outcome            TEXT,
    closed_on          TEXT,
    hired_on           TEXT,
    left_on            TEXT,
    weekly_hours       REAL,
    monthly_wage       INTEGER,
    unpaid_amount      INTEGER,
    written_notice     INTEGER,
    injury_on          TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    deleted_at         TEXT,
    CHECK (closed_on IS NULL OR closed_on >= received_on),
    CHECK (monthly_wage IS NULL OR monthly_wage >= 0),
    CHECK (unpaid_amount IS NULL OR unpaid_amount >= 0)
) STRICT;
-- Reports read the live cases of a period from this index alone (T1, T2, counting units).
CREATE INDEX cases_received ON cases(received_on, primary_category, intake_method, outcome, client_id)
    WHERE deleted_at IS NULL;
CREATE INDEX cases_counselor ON cases(counselor_id);
CREATE INDEX cases_outreach ON cases(outreach_event_id) WHERE outreach_event_id IS NOT NULL;
CREATE INDEX cases_client ON cases(client_id) WHERE client_id IS NOT NULL;

-- Secondary categories (복수 유형); the primary one stays on the case.
CREATE TABLE case_categories (
    case_id  TEXT NOT NULL REFERENCES cases(id),
    category TEXT NOT NULL,
    PRIMARY KEY (case_id, category)
) STRICT, WITHOUT ROWID;

CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES cases(id),
    held_on      TEXT NOT NULL,
    method       TEXT NOT NULL,
    counselor_id TEXT REFERENCES counselors(id),
    minutes      INTEGER CHECK (minutes IS NULL OR minutes >= 0),
    notes        TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted_at   TEXT
) STRICT;
CREATE INDEX sessions_case ON sessions(case_id, held_on);
-- 상담 횟수 by month. Deleting a case deletes its sessions too, so no join to cases is needed.
CREATE INDEX sessions_held ON sessions(held_on) WHERE deleted_at IS NULL;

CREATE TABLE remedies (
    id               TEXT PRIMARY KEY,
    case_id          TEXT NOT NULL REFERENCES cases(id),
    channel          TEXT NOT NULL,
    procedure        TEXT,
    agency           TEXT,
    filed_on         TEXT NOT NULL,
    concluded_on     TEXT,
    outcome          TEXT,
    amount_claimed   INTEGER CHECK (amount_claimed IS NULL OR amount_claimed >= 0),
    amount_recovered INTEGER CHECK (amount_recovered IS NULL OR amount_recovered >= 0),
    representative   TEXT,
    next_deadline    TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    deleted_at       TEXT,
    CHECK (concluded_on IS NULL OR concluded_on >= filed_on)
) STRICT;
CREATE INDEX remedies_case ON remedies(case_id);
-- T1 and T4 read the proceedings of a period from this index alone. Deleting a case deletes its
-- proceedings too, so no join to cases is needed.
CREATE INDEX remedies_period ON remedies(filed_on, concluded_on, channel, outcome, amount_claimed, amount_recovered)
    WHERE deleted_at IS NULL;
