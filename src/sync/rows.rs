//! Records as they travel: every field with its value and its stamp; counselors by name; a
//! case's secondary categories and an outreach event's counselors as one set-valued field each.

use std::collections::HashMap;

use rusqlite::types::{Value as Sql, ValueRef};
use rusqlite::{named_params, Connection};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::Result;
use crate::store::Clock;

/// The synced tables, parents before children.
pub const TABLES: [&str; 5] = [
    "clients",
    "outreach_events",
    "cases",
    "sessions",
    "remedies",
];

/// A field that is a set of rows of another table.
pub(super) struct SetField {
    pub(super) table: &'static str,
    pub(super) name: &'static str,
    pub(super) child: &'static str,
    pub(super) key: &'static str,
    pub(super) value: &'static str,
    pub(super) counselor: bool,
}

pub(super) const SET_FIELDS: [SetField; 2] = [
    SetField {
        table: "cases",
        name: "secondary_categories",
        child: "case_categories",
        key: "case_id",
        value: "category",
        counselor: false,
    },
    SetField {
        table: "outreach_events",
        name: "counselors",
        child: "outreach_event_counselors",
        key: "event_id",
        value: "counselor_id",
        counselor: true,
    },
];

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Row {
    pub id: String,
    /// Field values.
    pub v: Map<String, Value>,
    /// Field stamps; "*" is the stamp of every field not named.
    pub s: Map<String, Value>,
}

/// The data columns of a synced table: all but the id and the sync columns.
pub fn columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!("PRAGMA table_info({table})"))?;
    let names = stmt.query_map([], |r| r.get::<_, String>(1))?;
    let mut out = Vec::new();
    for name in names {
        let name = name?;
        if name != "id" && !name.starts_with('_') {
            out.push(name);
        }
    }
    Ok(out)
}

pub(super) fn to_json(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => Value::from(f),
        ValueRef::Text(t) => Value::from(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::from(hex::encode(b)),
    }
}

pub(super) fn to_sql(v: &Value) -> Sql {
    match v {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(i64::from(*b)),
        Value::Number(n) => n
            .as_i64()
            .map(Sql::Integer)
            .unwrap_or_else(|| Sql::Real(n.as_f64().unwrap_or_default())),
        Value::String(s) => Sql::Text(s.clone()),
        other => Sql::Text(other.to_string()),
    }
}

/// The stamp of field `f` in a stamps map.
pub fn stamp_of<'a>(stamps: &'a Map<String, Value>, f: &str) -> &'a str {
    stamps
        .get(f)
        .and_then(Value::as_str)
        .or_else(|| stamps.get("*").and_then(Value::as_str))
        .unwrap_or("")
}

/// Counselor ids and names, both ways.
pub struct Counselors<'c> {
    conn: &'c Connection,
    clock: Clock,
    pub(super) names: HashMap<String, String>,
}

impl<'c> Counselors<'c> {
    pub fn new(conn: &'c Connection, clock: Clock) -> Result<Self> {
        let mut stmt = conn.prepare("SELECT id, name FROM counselors")?;
        let names = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Counselors { conn, clock, names })
    }

    pub(super) fn name(&self, id: &Value) -> Value {
        id.as_str()
            .and_then(|id| self.names.get(id))
            .map_or(Value::Null, |n| Value::from(n.clone()))
    }

    pub(super) fn id(&mut self, name: &Value) -> Result<Value> {
        let Some(name) = name.as_str() else {
            return Ok(Value::Null);
        };
        let id = crate::store::counselors::counselor_id(self.conn, self.clock, name)?;
        self.names.insert(id.clone(), name.to_string());
        Ok(Value::from(id))
    }
}

pub(super) fn is_counselor(field: &str) -> bool {
    field == "counselor_id"
}

/// Reads records of `table` as they travel; `filter` is a WHERE clause over `:since`.
pub fn read_rows(
    conn: &Connection,
    counselors: &Counselors,
    table: &str,
    filter: &str,
    since: i64,
) -> Result<Vec<Row>> {
    let cols = columns(conn, table)?;
    let sql = format!(
        "SELECT id, _stamps, {} FROM {table} WHERE {filter} ORDER BY id",
        cols.join(", ")
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(named_params! {":since": since})?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        let stamps: String = r.get(1)?;
        let mut s: Map<String, Value> = serde_json::from_str(&stamps).unwrap_or_default();
        s.remove("~");
        let mut v = Map::new();
        for (i, c) in cols.iter().enumerate() {
            let value = to_json(r.get_ref(i + 2)?);
            let value = if is_counselor(c) {
                counselors.name(&value)
            } else {
                value
            };
            v.insert(c.clone(), value);
        }
        out.push(Row { id, v, s });
    }
    drop(rows);
    for set in SET_FIELDS.iter().filter(|s| s.table == table) {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {} FROM {} WHERE {} = ?1",
            set.value, set.child, set.key
        ))?;
        for row in &mut out {
            let mut items: Vec<String> = stmt
                .query_map([&row.id], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<_>>()?;
            if set.counselor {
                items = items
                    .iter()
                    .filter_map(|id| counselors.names.get(id).cloned())
                    .collect();
            }
            items.sort();
            row.v.insert(set.name.into(), Value::from(items));
        }
    }
    Ok(out)
}
