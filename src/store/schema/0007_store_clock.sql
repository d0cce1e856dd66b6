-- Schema version 7: the two-year rule of the access log reads the store's clock (`ld_now()`),
-- not SQLite's wall clock: a report, a test or a restored file on a fixed clock sees the same
-- "now" in SQL as in Rust, whatever day the machine thinks it is.

DROP TRIGGER access_log_kept_two_years;
CREATE TRIGGER access_log_kept_two_years BEFORE DELETE ON access_log
    WHEN old.at > strftime('%Y-%m-%dT%H:%M:%fZ', ld_now(), '-2 years')
BEGIN
    SELECT RAISE(ABORT, 'access_log entries are kept for two years');
END;
