-- Schema version 4: sync between devices (booth laptops and the center).
--
-- Every synced record carries, per field, the hybrid-logical-clock stamp of its last change
-- (`_stamps`, a JSON map; "*" is the stamp of the insert, for every field not named), and
-- `_seq`, this device's change counter when the record last changed here (what an export
-- sends). The triggers below keep both, so no write path can forget a stamp; `ld_stamp()`
-- (the next HLC stamp) and `ld_applying()` (true while a transfer file is merged, which writes
-- the remote stamps itself) are functions the store registers on every connection.
-- Unchanged columns of an update write the dummy key "~", so a stamps map holds only the
-- fields that actually changed.

CREATE TABLE sync_clock (
    only INTEGER PRIMARY KEY CHECK (only = 1),
    seq  INTEGER NOT NULL,
    hlc  TEXT NOT NULL
) STRICT;
INSERT INTO sync_clock (only, seq, hlc) VALUES (1, 0, '');

-- The other devices of the center, as this device knows them.
CREATE TABLE sync_devices (
    device_id    TEXT PRIMARY KEY,
    letter       TEXT NOT NULL,
    -- Their newest stamp this device has merged (a version vector entry).
    seen_hlc     TEXT NOT NULL DEFAULT '',
    -- Their change counter up to which this device holds all their changes.
    received_seq INTEGER NOT NULL DEFAULT -1,
    -- This device's change counter up to which they confirmed holding all its changes.
    acked_seq    INTEGER NOT NULL DEFAULT -1,
    last_import_at TEXT
) STRICT;

-- A field both sides changed without seeing the other's change. The merged value is the one
-- with the later stamp either way; the lead keeps it or chooses the other.
CREATE TABLE sync_conflicts (
    id            INTEGER PRIMARY KEY,
    tbl           TEXT NOT NULL,
    row_id        TEXT NOT NULL,
    field         TEXT NOT NULL,
    local_value   TEXT,
    local_stamp   TEXT NOT NULL,
    remote_value  TEXT,
    remote_stamp  TEXT NOT NULL,
    found_at      TEXT NOT NULL,
    resolved_at   TEXT,
    resolved_by   TEXT,
    UNIQUE (tbl, row_id, field, local_stamp, remote_stamp)
) STRICT;
CREATE INDEX sync_conflicts_open ON sync_conflicts(found_at) WHERE resolved_at IS NULL;


-- clients
ALTER TABLE clients ADD COLUMN _stamps TEXT NOT NULL DEFAULT '{}';
ALTER TABLE clients ADD COLUMN _seq INTEGER NOT NULL DEFAULT 0;
CREATE INDEX clients_seq ON clients(_seq);
CREATE TRIGGER clients_stamp_insert AFTER INSERT ON clients WHEN NOT ld_applying()
BEGIN
    UPDATE sync_clock SET seq = seq + 1, hlc = ld_stamp();
    UPDATE clients SET _seq = (SELECT seq FROM sync_clock), _stamps = json_object('*', (SELECT hlc FROM sync_clock)) WHERE id = NEW.id;
END;
CREATE TRIGGER clients_stamp_update AFTER UPDATE OF name, phone, birth_year, country, created_at, updated_at, deleted_at ON clients WHEN NOT ld_applying()
BEGIN
    UPDATE sync_clock SET seq = seq + 1, hlc = ld_stamp();
    UPDATE clients SET _seq = (SELECT seq FROM sync_clock), _stamps = json_set(_stamps,
        CASE WHEN NEW.name IS NOT OLD.name THEN '$.name' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.phone IS NOT OLD.phone THEN '$.phone' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.birth_year IS NOT OLD.birth_year THEN '$.birth_year' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.country IS NOT OLD.country THEN '$.country' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.created_at IS NOT OLD.created_at THEN '$.created_at' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.updated_at IS NOT OLD.updated_at THEN '$.updated_at' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.deleted_at IS NOT OLD.deleted_at THEN '$.deleted_at' ELSE '$.~' END, (SELECT hlc FROM sync_clock))
    WHERE id = NEW.id;
END;

-- outreach_events
ALTER TABLE outreach_events ADD COLUMN _stamps TEXT NOT NULL DEFAULT '{}';
ALTER TABLE outreach_events ADD COLUMN _seq INTEGER NOT NULL DEFAULT 0;
CREATE INDEX outreach_events_seq ON outreach_events(_seq);
CREATE TRIGGER outreach_events_stamp_insert AFTER INSERT ON outreach_events WHEN NOT ld_applying()
BEGIN
    UPDATE sync_clock SET seq = seq + 1, hlc = ld_stamp();
    UPDATE outreach_events SET _seq = (SELECT seq FROM sync_clock), _stamps = json_object('*', (SELECT hlc FROM sync_clock)) WHERE id = NEW.id;
END;
CREATE TRIGGER outreach_events_stamp_update AFTER UPDATE OF held_on, place, kind, visitor_count, note, created_at, updated_at, deleted_at ON outreach_events WHEN NOT ld_applying()
BEGIN
    UPDATE sync_clock SET seq = seq + 1, hlc = ld_stamp();
    UPDATE outreach_events SET _seq = (SELECT seq FROM sync_clock), _stamps = json_set(_stamps,
        CASE WHEN NEW.held_on IS NOT OLD.held_on THEN '$.held_on' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.place IS NOT OLD.place THEN '$.place' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.kind IS NOT OLD.kind THEN '$.kind' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.visitor_count IS NOT OLD.visitor_count THEN '$.visitor_count' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.note IS NOT OLD.note THEN '$.note' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.created_at IS NOT OLD.created_at THEN '$.created_at' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.updated_at IS NOT OLD.updated_at THEN '$.updated_at' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.deleted_at IS NOT OLD.deleted_at THEN '$.deleted_at' ELSE '$.~' END, (SELECT hlc FROM sync_clock))
    WHERE id = NEW.id;
END;

-- cases
ALTER TABLE cases ADD COLUMN _stamps TEXT NOT NULL DEFAULT '{}';
ALTER TABLE cases ADD COLUMN _seq INTEGER NOT NULL DEFAULT 0;
CREATE INDEX cases_seq ON cases(_seq);
CREATE TRIGGER cases_stamp_insert AFTER INSERT ON cases WHEN NOT ld_applying()
BEGIN
    UPDATE sync_clock SET seq = seq + 1, hlc = ld_stamp();
    UPDATE cases SET _seq = (SELECT seq FROM sync_clock), _stamps = json_object('*', (SELECT hlc FROM sync_clock)) WHERE id = NEW.id;
END;
CREATE TRIGGER cases_stamp_update AFTER UPDATE OF case_no, received_on, counselor_id, intake_method, outreach_event_id, client_id, client_role, gender, age_band, nationality, employment_type, workplace_size, industry, region, union_presence, workplace_name, primary_category, sub_type, summary, outcome, closed_on, hired_on, left_on, weekly_hours, monthly_wage, unpaid_amount, written_notice, injury_on, created_at, updated_at, deleted_at, consent_on, consent_method, sensitive_consent, referral_consent, guardian_consent ON cases WHEN NOT ld_applying()
BEGIN
    UPDATE sync_clock SET seq = seq + 1, hlc = ld_stamp();
    UPDATE cases SET _seq = (SELECT seq FROM sync_clock), _stamps = json_set(_stamps,
        CASE WHEN NEW.case_no IS NOT OLD.case_no THEN '$.case_no' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.received_on IS NOT OLD.received_on THEN '$.received_on' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.counselor_id IS NOT OLD.counselor_id THEN '$.counselor_id' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.intake_method IS NOT OLD.intake_method THEN '$.intake_method' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.outreach_event_id IS NOT OLD.outreach_event_id THEN '$.outreach_event_id' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.client_id IS NOT OLD.client_id THEN '$.client_id' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.client_role IS NOT OLD.client_role THEN '$.client_role' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.gender IS NOT OLD.gender THEN '$.gender' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.age_band IS NOT OLD.age_band THEN '$.age_band' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.nationality IS NOT OLD.nationality THEN '$.nationality' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.employment_type IS NOT OLD.employment_type THEN '$.employment_type' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.workplace_size IS NOT OLD.workplace_size THEN '$.workplace_size' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.industry IS NOT OLD.industry THEN '$.industry' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.region IS NOT OLD.region THEN '$.region' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.union_presence IS NOT OLD.union_presence THEN '$.union_presence' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.workplace_name IS NOT OLD.workplace_name THEN '$.workplace_name' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.primary_category IS NOT OLD.primary_category THEN '$.primary_category' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.sub_type IS NOT OLD.sub_type THEN '$.sub_type' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.summary IS NOT OLD.summary THEN '$.summary' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.outcome IS NOT OLD.outcome THEN '$.outcome' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.closed_on IS NOT OLD.closed_on THEN '$.closed_on' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.hired_on IS NOT OLD.hired_on THEN '$.hired_on' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.left_on IS NOT OLD.left_on THEN '$.left_on' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.weekly_hours IS NOT OLD.weekly_hours THEN '$.weekly_hours' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.monthly_wage IS NOT OLD.monthly_wage THEN '$.monthly_wage' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.unpaid_amount IS NOT OLD.unpaid_amount THEN '$.unpaid_amount' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.written_notice IS NOT OLD.written_notice THEN '$.written_notice' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.injury_on IS NOT OLD.injury_on THEN '$.injury_on' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.created_at IS NOT OLD.created_at THEN '$.created_at' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.updated_at IS NOT OLD.updated_at THEN '$.updated_at' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.deleted_at IS NOT OLD.deleted_at THEN '$.deleted_at' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.consent_on IS NOT OLD.consent_on THEN '$.consent_on' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.consent_method IS NOT OLD.consent_method THEN '$.consent_method' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.sensitive_consent IS NOT OLD.sensitive_consent THEN '$.sensitive_consent' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.referral_consent IS NOT OLD.referral_consent THEN '$.referral_consent' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.guardian_consent IS NOT OLD.guardian_consent THEN '$.guardian_consent' ELSE '$.~' END, (SELECT hlc FROM sync_clock))
    WHERE id = NEW.id;
END;

-- sessions
ALTER TABLE sessions ADD COLUMN _stamps TEXT NOT NULL DEFAULT '{}';
ALTER TABLE sessions ADD COLUMN _seq INTEGER NOT NULL DEFAULT 0;
CREATE INDEX sessions_seq ON sessions(_seq);
CREATE TRIGGER sessions_stamp_insert AFTER INSERT ON sessions WHEN NOT ld_applying()
BEGIN
    UPDATE sync_clock SET seq = seq + 1, hlc = ld_stamp();
    UPDATE sessions SET _seq = (SELECT seq FROM sync_clock), _stamps = json_object('*', (SELECT hlc FROM sync_clock)) WHERE id = NEW.id;
END;
CREATE TRIGGER sessions_stamp_update AFTER UPDATE OF case_id, held_on, method, counselor_id, minutes, notes, created_at, updated_at, deleted_at ON sessions WHEN NOT ld_applying()
BEGIN
    UPDATE sync_clock SET seq = seq + 1, hlc = ld_stamp();
    UPDATE sessions SET _seq = (SELECT seq FROM sync_clock), _stamps = json_set(_stamps,
        CASE WHEN NEW.case_id IS NOT OLD.case_id THEN '$.case_id' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.held_on IS NOT OLD.held_on THEN '$.held_on' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.method IS NOT OLD.method THEN '$.method' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.counselor_id IS NOT OLD.counselor_id THEN '$.counselor_id' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.minutes IS NOT OLD.minutes THEN '$.minutes' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.notes IS NOT OLD.notes THEN '$.notes' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.created_at IS NOT OLD.created_at THEN '$.created_at' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.updated_at IS NOT OLD.updated_at THEN '$.updated_at' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.deleted_at IS NOT OLD.deleted_at THEN '$.deleted_at' ELSE '$.~' END, (SELECT hlc FROM sync_clock))
    WHERE id = NEW.id;
END;

-- remedies
ALTER TABLE remedies ADD COLUMN _stamps TEXT NOT NULL DEFAULT '{}';
ALTER TABLE remedies ADD COLUMN _seq INTEGER NOT NULL DEFAULT 0;
CREATE INDEX remedies_seq ON remedies(_seq);
CREATE TRIGGER remedies_stamp_insert AFTER INSERT ON remedies WHEN NOT ld_applying()
BEGIN
    UPDATE sync_clock SET seq = seq + 1, hlc = ld_stamp();
    UPDATE remedies SET _seq = (SELECT seq FROM sync_clock), _stamps = json_object('*', (SELECT hlc FROM sync_clock)) WHERE id = NEW.id;
END;
CREATE TRIGGER remedies_stamp_update AFTER UPDATE OF case_id, channel, procedure, agency, filed_on, concluded_on, outcome, amount_claimed, amount_recovered, representative, next_deadline, created_at, updated_at, deleted_at ON remedies WHEN NOT ld_applying()
BEGIN
    UPDATE sync_clock SET seq = seq + 1, hlc = ld_stamp();
    UPDATE remedies SET _seq = (SELECT seq FROM sync_clock), _stamps = json_set(_stamps,
        CASE WHEN NEW.case_id IS NOT OLD.case_id THEN '$.case_id' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.channel IS NOT OLD.channel THEN '$.channel' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.procedure IS NOT OLD.procedure THEN '$.procedure' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.agency IS NOT OLD.agency THEN '$.agency' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.filed_on IS NOT OLD.filed_on THEN '$.filed_on' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.concluded_on IS NOT OLD.concluded_on THEN '$.concluded_on' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.outcome IS NOT OLD.outcome THEN '$.outcome' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.amount_claimed IS NOT OLD.amount_claimed THEN '$.amount_claimed' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.amount_recovered IS NOT OLD.amount_recovered THEN '$.amount_recovered' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.representative IS NOT OLD.representative THEN '$.representative' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.next_deadline IS NOT OLD.next_deadline THEN '$.next_deadline' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.created_at IS NOT OLD.created_at THEN '$.created_at' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.updated_at IS NOT OLD.updated_at THEN '$.updated_at' ELSE '$.~' END, (SELECT hlc FROM sync_clock),
        CASE WHEN NEW.deleted_at IS NOT OLD.deleted_at THEN '$.deleted_at' ELSE '$.~' END, (SELECT hlc FROM sync_clock))
    WHERE id = NEW.id;
END;

-- case_categories: the set is one field of cases, `secondary_categories`
CREATE TRIGGER case_categories_stamp_insert AFTER INSERT ON case_categories WHEN NOT ld_applying()
BEGIN
    UPDATE sync_clock SET seq = seq + 1, hlc = ld_stamp();
    UPDATE cases SET _seq = (SELECT seq FROM sync_clock), _stamps = json_set(_stamps, '$.secondary_categories', (SELECT hlc FROM sync_clock))
    WHERE id = NEW.case_id;
END;
CREATE TRIGGER case_categories_stamp_delete AFTER DELETE ON case_categories WHEN NOT ld_applying()
BEGIN
    UPDATE sync_clock SET seq = seq + 1, hlc = ld_stamp();
    UPDATE cases SET _seq = (SELECT seq FROM sync_clock), _stamps = json_set(_stamps, '$.secondary_categories', (SELECT hlc FROM sync_clock))
    WHERE id = OLD.case_id;
END;

-- outreach_event_counselors: the set is one field of outreach_events, `counselors`
CREATE TRIGGER outreach_event_counselors_stamp_insert AFTER INSERT ON outreach_event_counselors WHEN NOT ld_applying()
BEGIN
    UPDATE sync_clock SET seq = seq + 1, hlc = ld_stamp();
    UPDATE outreach_events SET _seq = (SELECT seq FROM sync_clock), _stamps = json_set(_stamps, '$.counselors', (SELECT hlc FROM sync_clock))
    WHERE id = NEW.event_id;
END;
CREATE TRIGGER outreach_event_counselors_stamp_delete AFTER DELETE ON outreach_event_counselors WHEN NOT ld_applying()
BEGIN
    UPDATE sync_clock SET seq = seq + 1, hlc = ld_stamp();
    UPDATE outreach_events SET _seq = (SELECT seq FROM sync_clock), _stamps = json_set(_stamps, '$.counselors', (SELECT hlc FROM sync_clock))
    WHERE id = OLD.event_id;
END;
