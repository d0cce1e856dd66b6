//! 상담원: the names cases and sessions are logged under.

use rusqlite::{named_params, Connection, OptionalExtension};

use super::accounts::Permission;
use super::{new_id, Clock, Store};
use crate::domain::Counselor;
use crate::error::{Error, Result};

/// The id of the counselor named `name`, added to the list when new.
pub(crate) fn counselor_id(conn: &Connection, clock: Clock, name: &str) -> Result<String> {
    let found: Option<String> = conn
        .prepare_cached("SELECT id FROM counselors WHERE name = :name AND deleted_at IS NULL")?
        .query_row(named_params! {":name": name}, |r| r.get("id"))
        .optional()?;
    if let Some(id) = found {
        return Ok(id);
    }
    let id = new_id();
    let now = clock.stamp();
    conn.prepare_cached(
        "INSERT INTO counselors (id, name, created_at, updated_at) VALUES (:id, :name, :now, :now)",
    )?
    .execute(named_params! {":id": id, ":name": name, ":now": now})?;
    Ok(id)
}

impl Store {
    /// Active counselors first, then by name.
    pub fn counselors(&self) -> Result<Vec<Counselor>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, name, active FROM counselors WHERE deleted_at IS NULL ORDER BY active DESC, name",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Counselor {
                id: r.get("id")?,
                name: r.get("name")?,
                active: r.get("active")?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn add_counselor(&mut self, name: &str) -> Result<Counselor> {
        self.require(Permission::ManageSettings)?;
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::invalid("counselor", "상담원 — 이름을 입력해 주세요"));
        }
        let id = self.write(|conn, clock| counselor_id(conn, clock, name))?;
        Ok(Counselor {
            id,
            name: name.to_string(),
            active: true,
        })
    }

    /// Marks a counselor as no longer working here; their cases keep their name.
    pub fn set_counselor_active(&mut self, id: &str, active: bool) -> Result<()> {
        self.require(Permission::ManageSettings)?;
        let changed = self.write(|conn, clock| {
            Ok(conn.execute(
                "UPDATE counselors SET active = :active, updated_at = :now WHERE id = :id AND deleted_at IS NULL",
                named_params! {":active": active, ":now": clock.stamp(), ":id": id},
            )?)
        })?;
        if changed == 0 {
            return Err(Error::not_found("상담원"));
        }
        Ok(())
    }
}
