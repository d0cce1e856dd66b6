//! The field-by-field merge (records as they travel are in `rows`).
//!
//! A record travels whole: every field with its value and its stamp. The receiving side keeps,
//! field by field, the value with the later stamp, so merging is idempotent and the order of
//! files does not matter. Counselors travel by name (each device has its own counselor ids);
//! a case's secondary categories and an outreach event's counselors travel as one set-valued
//! field each.

use std::collections::BTreeMap;

use rusqlite::types::Value as Sql;
use rusqlite::{named_params, params_from_iter, Connection, OptionalExtension};
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::store::changes::device_of;
use crate::store::Clock;

pub use super::rows::*;

/// Fields that a rule spans merge as one unit: the side whose newest stamp among them is later
/// wins all of them, so a merged record satisfies every rule a local edit does (closed on or
/// after receipt with an outcome, concluded on or after filing, the primary category not among
/// the secondary ones, left after hired), on every device whatever the order of files. Field by
/// field, device A moving `received_on` past the day device B closed the case would make a
/// record no device could store, and every later file would fail.
const GROUPS: [(&str, &[&str]); 4] = [
    (
        "cases",
        &["received_on", "closed_on", "outcome", "closings"],
    ),
    ("cases", &["primary_category", "secondary_categories"]),
    ("cases", &["hired_on", "left_on"]),
    (
        "remedies",
        // The decision and its deadline too: a date other than the rule's, which follows the
        // decision and the outcome, needs its reason.
        &[
            "filed_on",
            "concluded_on",
            "outcome",
            "conclusions",
            "decision_on",
            "next_deadline",
            "deadline_reason",
        ],
    ),
];

/// The fields that merge with `field` as one unit (itself alone when no rule spans it).
fn unit<'f>(table: &str, field: &'f str) -> Vec<&'f str>
where
    'static: 'f,
{
    GROUPS
        .iter()
        .find(|(t, fields)| *t == table && fields.contains(&field))
        .map_or_else(|| vec![field], |(_, fields)| fields.to_vec())
}

/// The newest stamp of a row among `fields`.
fn newest<'r>(row: &'r Row, fields: &[&str]) -> &'r str {
    fields
        .iter()
        .map(|g| stamp_of(&row.s, g))
        .max()
        .unwrap_or("")
}

/// A row's values of `fields` as text, the tie-break between equal stamps.
fn unit_values(row: &Row, fields: &[&str]) -> Vec<String> {
    fields
        .iter()
        .map(|g| canonical(row.v.get(*g).unwrap_or(&Value::Null)))
        .collect()
}

/// Fields whose differences are bookkeeping, never a conflict a lead should see.
const NOT_CONFLICTS: [&str; 2] = ["created_at", "updated_at"];

/// What merging one file did.
#[derive(Debug, Default, Clone)]
pub struct Tally {
    pub new: BTreeMap<&'static str, u32>,
    pub updated: BTreeMap<&'static str, u32>,
    pub unchanged: u32,
    pub conflicts: u32,
}

/// Everything the merge of one file needs to know.
pub struct Merge<'c> {
    pub conn: &'c Connection,
    pub counselors: Counselors<'c>,
    /// What the sending device had seen, per device (its newest stamp of each).
    pub sender_seen: BTreeMap<String, String>,
    /// What this device had seen before this file.
    pub local_seen: BTreeMap<String, String>,
    pub seq: i64,
    pub found_at: String,
    pub tally: Tally,
}

fn seen(vv: &BTreeMap<String, String>, stamp: &str) -> bool {
    vv.get(device_of(stamp))
        .is_some_and(|newest| stamp <= newest.as_str())
}

fn canonical(v: &Value) -> String {
    v.to_string()
}

impl Merge<'_> {
    fn local(&self, table: &'static str, cols: &[String], id: &str) -> Result<Option<Row>> {
        let sql = format!(
            "SELECT _stamps, {} FROM {table} WHERE id = ?1",
            cols.join(", ")
        );
        let found = self
            .conn
            .prepare_cached(&sql)?
            .query_row([id], |r| {
                let stamps: String = r.get(0)?;
                let mut v = Map::new();
                for (i, c) in cols.iter().enumerate() {
                    v.insert(c.clone(), to_json(r.get_ref(i + 1)?));
                }
                Ok((stamps, v))
            })
            .optional()?;
        let Some((stamps, mut v)) = found else {
            return Ok(None);
        };
        for c in cols.iter().filter(|c| is_counselor(c)) {
            let name = self.counselors.name(&v[c.as_str()]);
            v.insert(c.clone(), name);
        }
        for set in SET_FIELDS.iter().filter(|s| s.table == table) {
            let mut items: Vec<String> = self
                .conn
                .prepare_cached(&format!(
                    "SELECT {} FROM {} WHERE {} = ?1",
                    set.value, set.child, set.key
                ))?
                .query_map([id], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<_>>()?;
            if set.counselor {
                items = items
                    .iter()
                    .filter_map(|i| self.counselors.names.get(i).cloned())
                    .collect();
            }
            items.sort();
            v.insert(set.name.into(), Value::from(items));
        }
        let mut s: Map<String, Value> = serde_json::from_str(&stamps).unwrap_or_default();
        s.remove("~");
        Ok(Some(Row {
            id: id.to_string(),
            v,
            s,
        }))
    }

    /// Merges one record of `table`.
    pub fn apply(&mut self, table: &'static str, cols: &[String], remote: &Row) -> Result<()> {
        for f in remote.v.keys() {
            let known = cols.contains(f)
                || SET_FIELDS
                    .iter()
                    .any(|s| s.table == table && s.name == f.as_str());
            if !known {
                return Err(Error::InvalidState(format!(
                    "알 수 없는 항목 {table}.{f}: 더 새 버전의 LaborDesk가 만든 파일입니다. 이 기기의 LaborDesk를 업데이트해 주세요."
                )));
            }
        }
        match self.local(table, cols, &remote.id)? {
            None => self.insert(table, remote),
            Some(local) => self.update(table, &local, remote),
        }
    }

    fn insert(&mut self, table: &'static str, remote: &Row) -> Result<()> {
        if table == "cases" {
            let case_no = remote
                .v
                .get("case_no")
                .and_then(Value::as_str)
                .unwrap_or("");
            let taken: Option<String> = self
                .conn
                .prepare_cached("SELECT id FROM cases WHERE case_no = ?1")?
                .query_row([case_no], |r| r.get(0))
                .optional()?;
            if taken.is_some() {
                return Err(Error::InvalidState(format!(
                    "사건번호 {case_no}이(가) 이 기기의 다른 사건과 겹칩니다. 두 기기가 같은 기기 문자를 쓰고 있습니다. 센터장이 기기 문자를 확인해야 합니다."
                )));
            }
        }
        let mut names = Vec::new();
        let mut values = Vec::new();
        for (f, v) in &remote.v {
            if SET_FIELDS.iter().any(|s| s.table == table && s.name == f) {
                continue;
            }
            names.push(f.clone());
            values.push(if is_counselor(f) {
                to_sql(&self.counselors.id(v)?)
            } else {
                to_sql(v)
            });
        }
        let sql = format!(
            "INSERT INTO {table} (id, _stamps, _seq, {}) VALUES (?, ?, ?, {})",
            names.join(", "),
            vec!["?"; names.len()].join(", ")
        );
        let mut params = vec![
            Sql::Text(remote.id.clone()),
            Sql::Text(Value::Object(remote.s.clone()).to_string()),
            Sql::Integer(self.seq),
        ];
        params.extend(values);
        self.conn
            .prepare_cached(&sql)?
            .execute(params_from_iter(params))?;
        for set in SET_FIELDS.iter().filter(|s| s.table == table) {
            if let Some(items) = remote.v.get(set.name) {
                self.replace_set(set, &remote.id, items)?;
            }
        }
        *self.tally.new.entry(table).or_default() += 1;
        Ok(())
    }

    fn update(&mut self, table: &'static str, local: &Row, remote: &Row) -> Result<()> {
        let mut stamps = local.s.clone();
        let mut changed: Vec<(&str, &Value)> = Vec::new();
        let mut stamped = false;
        // The same record inserted on two devices (one person's client record, whose id both
        // derive from name and phone): the later insert stamp is the record's on both, with
        // each field keeping the stamp it has until the merge below decides it.
        let (local_insert, remote_insert) = (stamp_of(&local.s, "*"), stamp_of(&remote.s, "*"));
        if remote_insert > local_insert {
            for f in local.v.keys() {
                stamps
                    .entry(f.clone())
                    .or_insert_with(|| Value::from(local_insert));
            }
            stamps.insert("*".into(), Value::from(remote_insert));
            stamped = true;
        }
        for (f, rv) in &remote.v {
            let rs = stamp_of(&remote.s, f);
            let ls = stamp_of(&local.s, f);
            let lv = local.v.get(f).unwrap_or(&Value::Null);
            let differs = lv != rv;
            // The unit's newest stamps and values decide for every field of it alike.
            let fields = unit(table, f);
            let (unit_rs, unit_ls) = (newest(remote, &fields), newest(local, &fields));
            let take = unit_rs > unit_ls
                || (unit_rs == unit_ls
                    && fields.iter().any(|g| remote.v.get(*g) != local.v.get(*g))
                    && unit_values(remote, &fields) > unit_values(local, &fields));
            let (cs, cl) = (unit_rs, unit_ls);
            if differs
                && !NOT_CONFLICTS.contains(&f.as_str())
                && !cl.is_empty()
                && !cs.is_empty()
                && !cl.ends_with('~')
                && !cs.ends_with('~')
                && !seen(&self.sender_seen, cl)
                && !seen(&self.local_seen, cs)
            {
                self.conflict(table, &local.id, f, lv, ls, rv, rs)?;
            }
            if take {
                stamps.insert(f.clone(), Value::from(rs));
                stamped |= rs != ls;
                if differs {
                    changed.push((f, rv));
                }
            }
        }
        if changed.is_empty() && !stamped {
            self.tally.unchanged += 1;
            return Ok(());
        }
        let mut sets = vec!["_stamps = ?".to_string(), "_seq = ?".to_string()];
        let mut params = vec![
            Sql::Text(Value::Object(stamps).to_string()),
            Sql::Integer(self.seq),
        ];
        for (f, v) in &changed {
            if let Some(set) = SET_FIELDS.iter().find(|s| s.table == table && s.name == *f) {
                self.replace_set(set, &local.id, v)?;
                continue;
            }
            sets.push(format!("{f} = ?"));
            params.push(if is_counselor(f) {
                to_sql(&self.counselors.id(v)?)
            } else {
                to_sql(v)
            });
        }
        params.push(Sql::Text(local.id.clone()));
        self.conn
            .prepare_cached(&format!(
                "UPDATE {table} SET {} WHERE id = ?",
                sets.join(", ")
            ))?
            .execute(params_from_iter(params))?;
        if changed.is_empty() {
            self.tally.unchanged += 1;
        } else {
            *self.tally.updated.entry(table).or_default() += 1;
        }
        Ok(())
    }

    fn replace_set(&mut self, set: &SetField, id: &str, items: &Value) -> Result<()> {
        self.conn
            .prepare_cached(&format!("DELETE FROM {} WHERE {} = ?1", set.child, set.key))?
            .execute([id])?;
        let insert = format!(
            "INSERT OR IGNORE INTO {} ({}, {}) VALUES (?1, ?2)",
            set.child, set.key, set.value
        );
        for item in items.as_array().into_iter().flatten() {
            let value = if set.counselor {
                self.counselors.id(item)?
            } else {
                item.clone()
            };
            self.conn
                .prepare_cached(&insert)?
                .execute(params_from_iter([Sql::Text(id.into()), to_sql(&value)]))?;
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn conflict(
        &mut self,
        table: &str,
        id: &str,
        field: &str,
        local: &Value,
        local_stamp: &str,
        remote: &Value,
        remote_stamp: &str,
    ) -> Result<()> {
        let added = self.conn.prepare_cached(
            "INSERT OR IGNORE INTO sync_conflicts (tbl, row_id, field, local_value, local_stamp, remote_value, remote_stamp, found_at)
             VALUES (:t, :id, :f, :lv, :ls, :rv, :rs, :at)",
        )?
        .execute(named_params! {
            ":t": table, ":id": id, ":f": field, ":lv": local.to_string(), ":ls": local_stamp,
            ":rv": remote.to_string(), ":rs": remote_stamp, ":at": self.found_at,
        })?;
        self.tally.conflicts += added as u32;
        Ok(())
    }
}

/// Writes one field as a local change (the triggers stamp it), for a lead resolving a conflict.
pub fn write_field(
    conn: &Connection,
    clock: Clock,
    table: &str,
    cols: &[String],
    id: &str,
    field: &str,
    value: &Value,
) -> Result<()> {
    let mut counselors = Counselors::new(conn, clock)?;
    if let Some(set) = SET_FIELDS
        .iter()
        .find(|s| s.table == table && s.name == field)
    {
        conn.execute(
            &format!("DELETE FROM {} WHERE {} = ?1", set.child, set.key),
            [id],
        )?;
        for item in value.as_array().into_iter().flatten() {
            let item = if set.counselor {
                counselors.id(item)?
            } else {
                item.clone()
            };
            conn.execute(
                &format!(
                    "INSERT OR IGNORE INTO {} ({}, {}) VALUES (?1, ?2)",
                    set.child, set.key, set.value
                ),
                params_from_iter([Sql::Text(id.into()), to_sql(&item)]),
            )?;
        }
    } else if cols.iter().any(|c| c == field) {
        let value = if is_counselor(field) {
            counselors.id(value)?
        } else {
            value.clone()
        };
        conn.execute(
            &format!("UPDATE {table} SET {field} = ?1, updated_at = ?2 WHERE id = ?3"),
            params_from_iter([
                to_sql(&value),
                Sql::Text(clock.stamp()),
                Sql::Text(id.into()),
            ]),
        )?;
    } else {
        return Err(Error::InvalidState(format!(
            "알 수 없는 항목입니다: {table}.{field}"
        )));
    }
    Ok(())
}
