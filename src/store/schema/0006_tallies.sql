-- Schema version 6: report tallies kept by triggers (see src/report/tallies.rs), and a search
-- index an import fills once at its end.
--
-- The reports count the live cases of a period. Scanning a province's million cases for every
-- report costs a third of a second; these tables hold the counts per day instead, so a report
-- reads a few thousand small rows. Each `*_expected` view is the definition of its table: what
-- a full scan gives. The migration fills the tables from the views, `labordesk check-tallies`
-- compares them, and the triggers keep them equal on every write (sync merges included).

-- Live cases received per day, by each dimension a report counts: `category` (primary),
-- `secondary` (복수 유형, case_categories), `method`, `anonymous` (cases without a client: each
-- is its own person; value ''), and the client profile columns of T3 by their column names.
CREATE TABLE case_tally (
    dim   TEXT NOT NULL,
    day   TEXT NOT NULL,
    value TEXT NOT NULL,
    n     INTEGER NOT NULL,
    PRIMARY KEY (dim, day, value)
) STRICT, WITHOUT ROWID;

CREATE VIEW case_tally_expected (dim, day, value, n) AS
          SELECT 'category', received_on, primary_category, count(*) FROM cases WHERE deleted_at IS NULL GROUP BY 2, 3
UNION ALL SELECT 'method', received_on, intake_method, count(*) FROM cases WHERE deleted_at IS NULL GROUP BY 2, 3
UNION ALL SELECT 'anonymous', received_on, '', count(*) FROM cases WHERE deleted_at IS NULL AND client_id IS NULL GROUP BY 2
UNION ALL SELECT 'gender', received_on, gender, count(*) FROM cases WHERE deleted_at IS NULL GROUP BY 2, 3
UNION ALL SELECT 'age_band', received_on, age_band, count(*) FROM cases WHERE deleted_at IS NULL GROUP BY 2, 3
UNION ALL SELECT 'nationality', received_on, nationality, count(*) FROM cases WHERE deleted_at IS NULL GROUP BY 2, 3
UNION ALL SELECT 'employment_type', received_on, employment_type, count(*) FROM cases WHERE deleted_at IS NULL GROUP BY 2, 3
UNION ALL SELECT 'workplace_size', received_on, workplace_size, count(*) FROM cases WHERE deleted_at IS NULL GROUP BY 2, 3
UNION ALL SELECT 'industry', received_on, industry, count(*) FROM cases WHERE deleted_at IS NULL GROUP BY 2, 3
UNION ALL SELECT 'region', received_on, region, count(*) FROM cases WHERE deleted_at IS NULL GROUP BY 2, 3
UNION ALL SELECT 'union_presence', received_on, union_presence, count(*) FROM cases WHERE deleted_at IS NULL GROUP BY 2, 3
UNION ALL SELECT 'client_role', received_on, client_role, count(*) FROM cases WHERE deleted_at IS NULL GROUP BY 2, 3
UNION ALL SELECT 'secondary', c.received_on, cc.category, count(*)
          FROM case_categories cc JOIN cases c ON c.id = cc.case_id WHERE c.deleted_at IS NULL GROUP BY 2, 3;

-- Closed live cases by received month, closing day and outcome. A case closed by the as-of date
-- was received by it, so "month ≤ the as-of month and closed_on ≤ the as-of date" is exact for
-- any as-of date. Open cases and closed ones without an outcome are what T2 shows as 미종결.
CREATE TABLE outcome_tally (
    month     TEXT NOT NULL,
    closed_on TEXT NOT NULL,
    outcome   TEXT NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (month, closed_on, outcome)
) STRICT, WITHOUT ROWID;

CREATE VIEW outcome_tally_expected (month, closed_on, outcome, n) AS
SELECT substr(received_on, 1, 7), closed_on, outcome, count(*) FROM cases
WHERE deleted_at IS NULL AND closed_on IS NOT NULL AND outcome IS NOT NULL GROUP BY 1, 2, 3;

-- Live sessions held per day (상담 횟수). Deleting a case deletes its sessions.
CREATE TABLE session_tally (
    day TEXT PRIMARY KEY,
    n   INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE VIEW session_tally_expected (day, n) AS
SELECT held_on, count(*) FROM sessions WHERE deleted_at IS NULL GROUP BY 1;

-- 실인원: for each client and each year ('YYYY') and month ('YYYY-MM') they had live cases in,
-- the first day of those cases and how many there are. The distinct clients received from
-- 1 January to day D are the clients whose first day of that year is on or before D; the same
-- for a month. `person_tally` counts those first days, so a report adds up a few hundred rows.
CREATE TABLE client_periods (
    client_id TEXT NOT NULL,
    period    TEXT NOT NULL,
    first_day TEXT NOT NULL,
    cases     INTEGER NOT NULL,
    PRIMARY KEY (client_id, period)
) STRICT, WITHOUT ROWID;

CREATE VIEW client_periods_expected (client_id, period, first_day, cases) AS
          SELECT client_id, substr(received_on, 1, 4), min(received_on), count(*) FROM cases
          WHERE deleted_at IS NULL AND client_id IS NOT NULL GROUP BY 1, 2
UNION ALL SELECT client_id, substr(received_on, 1, 7), min(received_on), count(*) FROM cases
          WHERE deleted_at IS NULL AND client_id IS NOT NULL GROUP BY 1, 2;

-- scope: 'year' or 'month', the kind of period whose first days are counted.
CREATE TABLE person_tally (
    scope TEXT NOT NULL,
    day   TEXT NOT NULL,
    n     INTEGER NOT NULL,
    PRIMARY KEY (scope, day)
) STRICT, WITHOUT ROWID;

CREATE VIEW person_tally_expected (scope, day, n) AS
SELECT CASE length(period) WHEN 4 THEN 'year' ELSE 'month' END, first_day, count(*)
FROM client_periods_expected GROUP BY 1, 2;

INSERT INTO case_tally SELECT * FROM case_tally_expected;
INSERT INTO outcome_tally SELECT * FROM outcome_tally_expected;
INSERT INTO session_tally SELECT * FROM session_tally_expected;
INSERT INTO client_periods SELECT * FROM client_periods_expected;
INSERT INTO person_tally SELECT * FROM person_tally_expected;

-- What one case adds to the tallies (sign 1) or takes away (sign -1). The triggers on cases
-- insert into this view; its INSTEAD OF trigger is the one place that counts.
--
-- An import inserts thousands of cases in one transaction (`ld_bulk()` true, see below): the
-- insert triggers then leave its cases, sessions and secondary categories out, and the import
-- counts them all at its end with one statement each (src/store/search.rs, `Bulk`), which
-- costs a fraction of counting them one statement at a time.
CREATE VIEW case_tally_change AS
SELECT 0 AS sign, id, received_on, primary_category, intake_method, client_id, outcome, closed_on,
       gender, age_band, nationality, employment_type, workplace_size, industry, region,
       union_presence, client_role
FROM cases WHERE 0;

CREATE TRIGGER case_tally_change INSTEAD OF INSERT ON case_tally_change
BEGIN
    INSERT INTO case_tally (dim, day, value, n)
    SELECT dim, NEW.received_on, value, NEW.sign FROM (
                  SELECT 'category' AS dim, NEW.primary_category AS value
        UNION ALL SELECT 'method', NEW.intake_method
        UNION ALL SELECT 'anonymous', CASE WHEN NEW.client_id IS NULL THEN '' END
        UNION ALL SELECT 'gender', NEW.gender
        UNION ALL SELECT 'age_band', NEW.age_band
        UNION ALL SELECT 'nationality', NEW.nationality
        UNION ALL SELECT 'employment_type', NEW.employment_type
        UNION ALL SELECT 'workplace_size', NEW.workplace_size
        UNION ALL SELECT 'industry', NEW.industry
        UNION ALL SELECT 'region', NEW.region
        UNION ALL SELECT 'union_presence', NEW.union_presence
        UNION ALL SELECT 'client_role', NEW.client_role)
    WHERE value IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + excluded.n;

    INSERT INTO case_tally (dim, day, value, n)
    SELECT 'secondary', NEW.received_on, category, NEW.sign FROM case_categories WHERE case_id = NEW.id
    ON CONFLICT DO UPDATE SET n = n + excluded.n;

    INSERT INTO outcome_tally (month, closed_on, outcome, n)
    SELECT substr(NEW.received_on, 1, 7), NEW.closed_on, NEW.outcome, NEW.sign
    WHERE NEW.closed_on IS NOT NULL AND NEW.outcome IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + excluded.n;

    -- A client leaving a period: their first day is found again among their live cases (by
    -- the client index; a client has a handful), and the period goes with their last case.
    -- Both read the cases as they are, so a count already wrong cannot block the edit.
    UPDATE client_periods SET cases = cases - 1, first_day = coalesce((
        SELECT min(c.received_on) FROM cases c
        WHERE c.client_id = client_periods.client_id AND c.deleted_at IS NULL
          AND substr(c.received_on, 1, length(client_periods.period)) = client_periods.period), first_day)
    WHERE NEW.sign < 0 AND client_id = NEW.client_id
      AND period IN (substr(NEW.received_on, 1, 4), substr(NEW.received_on, 1, 7));
    DELETE FROM client_periods
    WHERE NEW.sign < 0 AND client_id = NEW.client_id
      AND period IN (substr(NEW.received_on, 1, 4), substr(NEW.received_on, 1, 7))
      AND NOT EXISTS (SELECT 1 FROM cases c
          WHERE c.client_id = client_periods.client_id AND c.deleted_at IS NULL
            AND substr(c.received_on, 1, length(client_periods.period)) = client_periods.period);
    INSERT INTO client_periods (client_id, period, first_day, cases)
    SELECT NEW.client_id, period, NEW.received_on, 1
    FROM (SELECT substr(NEW.received_on, 1, 4) AS period UNION ALL SELECT substr(NEW.received_on, 1, 7))
    WHERE NEW.sign > 0 AND NEW.client_id IS NOT NULL
    ON CONFLICT DO UPDATE SET cases = cases + 1, first_day = min(first_day, excluded.first_day);
END;

CREATE TRIGGER cases_tally_insert AFTER INSERT ON cases WHEN NEW.deleted_at IS NULL AND NOT ld_bulk()
BEGIN
    INSERT INTO case_tally_change VALUES (1, NEW.id, NEW.received_on, NEW.primary_category,
        NEW.intake_method, NEW.client_id, NEW.outcome, NEW.closed_on, NEW.gender, NEW.age_band,
        NEW.nationality, NEW.employment_type, NEW.workplace_size, NEW.industry, NEW.region,
        NEW.union_presence, NEW.client_role);
END;

CREATE TRIGGER cases_tally_update AFTER UPDATE ON cases
    WHEN (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL) OR (NEW.deleted_at IS NULL AND (
        OLD.received_on IS NOT NEW.received_on OR OLD.primary_category IS NOT NEW.primary_category
        OR OLD.intake_method IS NOT NEW.intake_method OR OLD.client_id IS NOT NEW.client_id
        OR OLD.outcome IS NOT NEW.outcome OR OLD.closed_on IS NOT NEW.closed_on
        OR OLD.gender IS NOT NEW.gender OR OLD.age_band IS NOT NEW.age_band
        OR OLD.nationality IS NOT NEW.nationality OR OLD.employment_type IS NOT NEW.employment_type
        OR OLD.workplace_size IS NOT NEW.workplace_size OR OLD.industry IS NOT NEW.industry
        OR OLD.region IS NOT NEW.region OR OLD.union_presence IS NOT NEW.union_presence
        OR OLD.client_role IS NOT NEW.client_role))
BEGIN
    INSERT INTO case_tally_change SELECT -1, OLD.id, OLD.received_on, OLD.primary_category,
        OLD.intake_method, OLD.client_id, OLD.outcome, OLD.closed_on, OLD.gender, OLD.age_band,
        OLD.nationality, OLD.employment_type, OLD.workplace_size, OLD.industry, OLD.region,
        OLD.union_presence, OLD.client_role
    WHERE OLD.deleted_at IS NULL;
    INSERT INTO case_tally_change SELECT 1, NEW.id, NEW.received_on, NEW.primary_category,
        NEW.intake_method, NEW.client_id, NEW.outcome, NEW.closed_on, NEW.gender, NEW.age_band,
        NEW.nationality, NEW.employment_type, NEW.workplace_size, NEW.industry, NEW.region,
        NEW.union_presence, NEW.client_role
    WHERE NEW.deleted_at IS NULL;
END;

CREATE TRIGGER cases_tally_delete AFTER DELETE ON cases WHEN OLD.deleted_at IS NULL
BEGIN
    INSERT INTO case_tally_change VALUES (-1, OLD.id, OLD.received_on, OLD.primary_category,
        OLD.intake_method, OLD.client_id, OLD.outcome, OLD.closed_on, OLD.gender, OLD.age_band,
        OLD.nationality, OLD.employment_type, OLD.workplace_size, OLD.industry, OLD.region,
        OLD.union_presence, OLD.client_role);
END;

-- A secondary category added to or removed from a live case.
CREATE TRIGGER case_categories_tally_insert AFTER INSERT ON case_categories WHEN NOT ld_bulk()
BEGIN
    INSERT INTO case_tally (dim, day, value, n)
    SELECT 'secondary', received_on, NEW.category, 1 FROM cases WHERE id = NEW.case_id AND deleted_at IS NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_categories_tally_delete AFTER DELETE ON case_categories
BEGIN
    UPDATE case_tally SET n = n - 1
    WHERE dim = 'secondary' AND value = OLD.category
      AND day = (SELECT received_on FROM cases WHERE id = OLD.case_id AND deleted_at IS NULL);
END;

CREATE TRIGGER sessions_tally_insert AFTER INSERT ON sessions WHEN NEW.deleted_at IS NULL AND NOT ld_bulk()
BEGIN
    INSERT INTO session_tally (day, n) VALUES (NEW.held_on, 1) ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER sessions_tally_update AFTER UPDATE OF held_on, deleted_at ON sessions
    WHEN OLD.held_on IS NOT NEW.held_on OR (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)
BEGIN
    UPDATE session_tally SET n = n - 1 WHERE day = OLD.held_on AND OLD.deleted_at IS NULL;
    INSERT INTO session_tally (day, n) SELECT NEW.held_on, 1 WHERE NEW.deleted_at IS NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER sessions_tally_delete AFTER DELETE ON sessions WHEN OLD.deleted_at IS NULL
BEGIN
    UPDATE session_tally SET n = n - 1 WHERE day = OLD.held_on;
END;

CREATE TRIGGER client_periods_tally_insert AFTER INSERT ON client_periods
BEGIN
    INSERT INTO person_tally (scope, day, n)
    VALUES (CASE length(NEW.period) WHEN 4 THEN 'year' ELSE 'month' END, NEW.first_day, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER client_periods_tally_update AFTER UPDATE OF first_day ON client_periods
    WHEN OLD.first_day <> NEW.first_day
BEGIN
    UPDATE person_tally SET n = n - 1
    WHERE scope = CASE length(OLD.period) WHEN 4 THEN 'year' ELSE 'month' END AND day = OLD.first_day;
    INSERT INTO person_tally (scope, day, n)
    VALUES (CASE length(NEW.period) WHEN 4 THEN 'year' ELSE 'month' END, NEW.first_day, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER client_periods_tally_delete AFTER DELETE ON client_periods
BEGIN
    UPDATE person_tally SET n = n - 1
    WHERE scope = CASE length(OLD.period) WHEN 4 THEN 'year' ELSE 'month' END AND day = OLD.first_day;
END;

-- The search index, likewise: FTS5 writes its pending entries to disk at every statement
-- savepoint, so indexing each case of an import as it is inserted makes one tiny segment per
-- case and merges them over and over. While `ld_bulk()` is true the trigger leaves new cases
-- out, and the import indexes them all at its end in one statement.
DROP TRIGGER cases_search_insert;
CREATE TRIGGER cases_search_insert AFTER INSERT ON cases
BEGIN
    INSERT INTO case_search_ids (case_id) VALUES (NEW.id);
    INSERT INTO case_search (rowid, case_no, client_name, workplace_name, summary)
    SELECT (SELECT rowid FROM case_search_ids WHERE case_id = NEW.id), ld_bigrams(NEW.case_no),
           ld_bigrams((SELECT name FROM clients WHERE id = NEW.client_id)),
           ld_bigrams(NEW.workplace_name), ld_bigrams(NEW.summary)
    WHERE NEW.deleted_at IS NULL AND NOT ld_bulk();
END;
