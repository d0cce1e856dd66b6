-- The access log's chain (접근 기록 위변조 탐지). Each entry's `chain` is a MAC, under a key that
-- moves on after every entry, over the entry and the previous entry's `chain`. `log_seal` keeps
-- what the next entry needs (its seq, its key, the previous `chain`): anyone with the database
-- key can append, nobody can rewrite what came before without the lead-only key.
-- `checkpoint` and `genesis` are sealed under the lead-only key (where a lead last verified,
-- and where the chain began); `roles_mac` authenticates every account's role and state.
ALTER TABLE access_log ADD COLUMN chain TEXT;

CREATE TABLE log_seal (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    next_seq   INTEGER NOT NULL,
    key        TEXT NOT NULL,
    last_chain TEXT NOT NULL,
    genesis    TEXT NOT NULL,
    checkpoint TEXT NOT NULL,
    roles_mac  TEXT NOT NULL
) STRICT;
