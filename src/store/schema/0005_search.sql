-- Schema version 5: the search index (see src/store/search.rs).
--
-- `case_search` holds, per live case, the two-character windows of its case number, client
-- name, workplace name and summary (`ld_bigrams`, a function the store registers). It keeps no
-- copy of the text (contentless). Its rowid is `case_search_ids.rowid`, an INTEGER PRIMARY KEY
-- that VACUUM keeps, unlike the implicit rowid of `cases`.

CREATE TABLE case_search_ids (
    rowid   INTEGER PRIMARY KEY,
    case_id TEXT NOT NULL UNIQUE REFERENCES cases(id)
) STRICT;

CREATE VIRTUAL TABLE case_search USING fts5(
    case_no, client_name, workplace_name, summary,
    content = '', contentless_delete = 1, tokenize = "unicode61 tokenchars '_'"
);

INSERT INTO case_search_ids (case_id) SELECT id FROM cases;
INSERT INTO case_search (rowid, case_no, client_name, workplace_name, summary)
SELECT s.rowid, ld_bigrams(c.case_no), ld_bigrams(cl.name), ld_bigrams(c.workplace_name), ld_bigrams(c.summary)
FROM cases c JOIN case_search_ids s ON s.case_id = c.id LEFT JOIN clients cl ON cl.id = c.client_id
WHERE c.deleted_at IS NULL;

CREATE TRIGGER cases_search_insert AFTER INSERT ON cases
BEGIN
    INSERT INTO case_search_ids (case_id) VALUES (NEW.id);
    INSERT INTO case_search (rowid, case_no, client_name, workplace_name, summary)
    SELECT (SELECT rowid FROM case_search_ids WHERE case_id = NEW.id), ld_bigrams(NEW.case_no),
           ld_bigrams((SELECT name FROM clients WHERE id = NEW.client_id)),
           ld_bigrams(NEW.workplace_name), ld_bigrams(NEW.summary)
    WHERE NEW.deleted_at IS NULL;
END;

CREATE TRIGGER cases_search_update AFTER UPDATE OF case_no, client_id, workplace_name, summary, deleted_at ON cases
BEGIN
    DELETE FROM case_search WHERE rowid = (SELECT rowid FROM case_search_ids WHERE case_id = OLD.id);
    INSERT INTO case_search (rowid, case_no, client_name, workplace_name, summary)
    SELECT s.rowid, ld_bigrams(NEW.case_no),
           ld_bigrams((SELECT name FROM clients WHERE id = NEW.client_id)),
           ld_bigrams(NEW.workplace_name), ld_bigrams(NEW.summary)
    FROM case_search_ids s WHERE s.case_id = NEW.id AND NEW.deleted_at IS NULL;
END;

CREATE TRIGGER clients_search_update AFTER UPDATE OF name ON clients
BEGIN
    DELETE FROM case_search WHERE rowid IN
        (SELECT s.rowid FROM case_search_ids s JOIN cases c ON c.id = s.case_id WHERE c.client_id = NEW.id);
    INSERT INTO case_search (rowid, case_no, client_name, workplace_name, summary)
    SELECT s.rowid, ld_bigrams(c.case_no), ld_bigrams(NEW.name), ld_bigrams(c.workplace_name), ld_bigrams(c.summary)
    FROM cases c JOIN case_search_ids s ON s.case_id = c.id
    WHERE c.client_id = NEW.id AND c.deleted_at IS NULL;
END;

-- The number of live cases, for the unfiltered case list: counting a million index entries for
-- every page would take longer than the page itself.
CREATE TABLE case_count (
    only INTEGER PRIMARY KEY CHECK (only = 1),
    live INTEGER NOT NULL
) STRICT;
INSERT INTO case_count (only, live) SELECT 1, count(*) FROM cases WHERE deleted_at IS NULL;

CREATE TRIGGER cases_count_insert AFTER INSERT ON cases WHEN NEW.deleted_at IS NULL
BEGIN
    UPDATE case_count SET live = live + 1;
END;

CREATE TRIGGER cases_count_update AFTER UPDATE OF deleted_at ON cases
    WHEN (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)
BEGIN
    UPDATE case_count SET live = live + CASE WHEN NEW.deleted_at IS NULL THEN 1 ELSE -1 END;
END;
