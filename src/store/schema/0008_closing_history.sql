-- Schema version 8: a case's earlier closings and a proceeding's undone conclusions, so that a
-- report for a past day reads what was true on that day.
--
-- Reopening a case clears `closed_on`; the closing it ends is appended to `closings`, a JSON
-- array of {"closed_on", "outcome", "reopened_on"}, oldest first. Clearing a proceeding's
-- conclusion appends it to `conclusions`: {"concluded_on", "outcome", "amount_recovered",
-- "undone_on"}. As of day D a case is closed with the current closing when `closed_on` <= D,
-- else with the earlier closing for which `closed_on` <= D < `reopened_on`, if any; the same
-- for a proceeding (src/report/t1.rs, `REMEDIES_AS_OF`; src/report/tables.rs, T2).
--
-- Both are fields like any other for sync: stamped by the triggers below and merged as one
-- unit with the dates and outcome they belong to (src/sync/merge.rs, `GROUPS`).

ALTER TABLE cases ADD COLUMN closings TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(closings));
ALTER TABLE remedies ADD COLUMN conclusions TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(conclusions));

-- The few reopened cases, for T2 as of a past day.
CREATE INDEX cases_reopened ON cases(received_on) WHERE closings <> '[]';

CREATE TRIGGER cases_closings_stamp AFTER UPDATE OF closings ON cases
    WHEN NOT ld_applying() AND NEW.closings IS NOT OLD.closings
BEGIN
    UPDATE sync_clock SET seq = seq + 1, hlc = ld_stamp();
    UPDATE cases SET _seq = (SELECT seq FROM sync_clock), _stamps = json_set(_stamps, '$.closings', (SELECT hlc FROM sync_clock))
    WHERE id = NEW.id;
END;

CREATE TRIGGER remedies_conclusions_stamp AFTER UPDATE OF conclusions ON remedies
    WHEN NOT ld_applying() AND NEW.conclusions IS NOT OLD.conclusions
BEGIN
    UPDATE sync_clock SET seq = seq + 1, hlc = ld_stamp();
    UPDATE remedies SET _seq = (SELECT seq FROM sync_clock), _stamps = json_set(_stamps, '$.conclusions', (SELECT hlc FROM sync_clock))
    WHERE id = NEW.id;
END;
