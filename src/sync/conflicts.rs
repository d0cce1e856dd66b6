//! Fields two devices changed without seeing each other's change, for the lead to settle.

use rusqlite::named_params;
use serde::Serialize;
use ts_rs::TS;

use crate::domain::AccessAction;
use crate::error::{Error, Result};
use crate::store::accounts::Permission;
use crate::store::changes::device_of;
use crate::Store;

use super::merge::{self, TABLES};

/// A field two devices changed without seeing each other's change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Conflict {
    pub id: i64,
    pub table: String,
    pub row_id: String,
    /// The case number of the record's case, when it has one.
    pub case_no: Option<String>,
    pub field: String,
    /// The values as JSON text (a string is quoted).
    pub local_value: String,
    pub remote_value: String,
    pub local_device: String,
    pub remote_device: String,
    /// The value the merge kept (the later stamp): "local" or "remote".
    pub kept: String,
    pub found_at: String,
}

impl Store {
    /// Conflicts not yet resolved, oldest first.
    pub fn sync_conflicts(&self) -> Result<Vec<Conflict>> {
        self.require(Permission::ResolveConflicts)?;
        let mut stmt = self.conn().prepare(
            "SELECT k.id, k.tbl, k.row_id, k.field, k.local_value, k.remote_value, k.local_stamp, k.remote_stamp, k.found_at,
                    (SELECT case_no FROM cases c WHERE c.id = k.row_id
                        OR c.id = (SELECT case_id FROM sessions WHERE id = k.row_id)
                        OR c.id = (SELECT case_id FROM remedies WHERE id = k.row_id)
                        OR c.client_id = k.row_id LIMIT 1)
             FROM sync_conflicts k WHERE k.resolved_at IS NULL ORDER BY k.id",
        )?;
        let rows = stmt.query_map([], |r| {
            let local_stamp: String = r.get(6)?;
            let remote_stamp: String = r.get(7)?;
            Ok(Conflict {
                id: r.get(0)?,
                table: r.get(1)?,
                row_id: r.get(2)?,
                field: r.get(3)?,
                local_value: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                remote_value: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
                local_device: device_of(&local_stamp).to_string(),
                remote_device: device_of(&remote_stamp).to_string(),
                kept: if remote_stamp > local_stamp {
                    "remote"
                } else {
                    "local"
                }
                .to_string(),
                found_at: r.get(8)?,
                case_no: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Resolves a conflict: keeps the merged value, or (`use_other`) writes the value the merge
    /// did not keep, as a new change that travels to the other devices with the next sync.
    pub fn resolve_conflict(&mut self, id: i64, use_other: bool) -> Result<()> {
        let conflict = self
            .sync_conflicts()?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or_else(|| Error::not_found(format!("동기화 충돌 {id}")))?;
        let who = self.actor().username.clone();
        self.write_logged(|conn, clock, log| {
            if use_other {
                let other = if conflict.kept == "remote" {
                    &conflict.local_value
                } else {
                    &conflict.remote_value
                };
                let value: serde_json::Value = serde_json::from_str(other).unwrap_or_default();
                let cols = merge::columns(conn, &conflict.table)?;
                if !TABLES.contains(&conflict.table.as_str()) {
                    return Err(Error::InvalidState("알 수 없는 표입니다.".into()));
                }
                merge::write_field(
                    conn,
                    clock,
                    &conflict.table,
                    &cols,
                    &conflict.row_id,
                    &conflict.field,
                    &value,
                )?;
            }
            conn.execute(
                "UPDATE sync_conflicts SET resolved_at = :at, resolved_by = :who WHERE id = :id",
                named_params! {":at": clock.stamp(), ":who": who, ":id": id},
            )?;
            log(
                AccessAction::Update,
                Some(&conflict.row_id),
                Some(&format!(
                    "동기화 충돌 해결: {} {}",
                    conflict.field,
                    if use_other {
                        "다른 값 선택"
                    } else {
                        "병합된 값 유지"
                    }
                )),
            )
        })
    }
}
