//! Writing a row from one list of its columns: a record's INSERT and UPDATE are built from the
//! same (column, value) pairs (`case_columns`, `remedy_columns`, `session_columns`,
//! `event_columns`), so each table's columns are named once.

use rusqlite::types::ToSql;
use rusqlite::Connection;

/// (column, value) pairs of one row.
pub(crate) type Columns<'a> = [(&'static str, &'a dyn ToSql)];

/// Inserts a row of `table`: its `keys` (id, parent), its `columns`, created and changed `now`.
pub(crate) fn insert_row(
    conn: &Connection,
    table: &str,
    keys: &Columns<'_>,
    columns: &Columns<'_>,
    now: &str,
) -> rusqlite::Result<usize> {
    let times: [(&str, &dyn ToSql); 2] = [("created_at", &now), ("updated_at", &now)];
    let all: Vec<&(&str, &dyn ToSql)> = keys.iter().chain(columns).chain(&times).collect();
    let names: Vec<&str> = all.iter().map(|(name, _)| *name).collect();
    let slots: Vec<String> = (1..=all.len()).map(|i| format!("?{i}")).collect();
    let sql = format!(
        "INSERT INTO {table} ({}) VALUES ({})",
        names.join(", "),
        slots.join(", ")
    );
    let values: Vec<&dyn ToSql> = all.iter().map(|(_, value)| *value).collect();
    conn.prepare_cached(&sql)?.execute(values.as_slice())
}

/// Replaces `columns` of the row of `table` with this id, changed `now`.
pub(crate) fn update_row(
    conn: &Connection,
    table: &str,
    id: &str,
    columns: &Columns<'_>,
    now: &str,
) -> rusqlite::Result<usize> {
    let sets: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(i, (name, _))| format!("{name} = ?{}", i + 3))
        .collect();
    let sql = format!(
        "UPDATE {table} SET updated_at = ?2, {} WHERE id = ?1",
        sets.join(", ")
    );
    let mut values: Vec<&dyn ToSql> = vec![&id, &now];
    values.extend(columns.iter().map(|(_, value)| *value));
    conn.prepare_cached(&sql)?.execute(values.as_slice())
}
