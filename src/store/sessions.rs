//! 상담 회차: the counseling contacts of a case (counted in 회).

use rusqlite::types::ToSql;
use rusqlite::{named_params, Connection};

use super::accounts::Permission;
use super::case_records::load_case;
use super::columns::insert_row;
use super::counselors::counselor_id;
use super::{new_id, Clock, Store};
use crate::domain::validate;
use crate::domain::*;
use crate::error::Result;

pub(crate) fn insert_session(
    conn: &Connection,
    clock: Clock,
    case_id: &str,
    s: &SessionFields,
) -> Result<String> {
    let id = new_id();
    let counselor = s
        .counselor
        .as_deref()
        .map(|n| counselor_id(conn, clock, n))
        .transpose()?;
    let now = clock.stamp();
    let keys: [(&str, &dyn ToSql); 2] = [("id", &id), ("case_id", &case_id)];
    insert_row(
        conn,
        "sessions",
        &keys,
        &session_columns(s, &counselor),
        &now,
    )?;
    Ok(id)
}

/// The columns of `sessions` a session's fields fill, with their values (the counselor by id).
pub(crate) fn session_columns<'a>(
    s: &'a SessionFields,
    counselor_id: &'a Option<String>,
) -> [(&'static str, &'a dyn ToSql); 5] {
    [
        ("held_on", &s.held_on),
        ("method", &s.method),
        ("counselor_id", counselor_id),
        ("minutes", &s.minutes),
        ("notes", &s.notes),
    ]
}

pub(crate) fn case_sessions(conn: &Connection, case_id: &str) -> Result<Vec<Session>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.case_id, s.held_on, s.method, co.name AS counselor, s.minutes, s.notes
         FROM sessions s LEFT JOIN counselors co ON co.id = s.counselor_id
         WHERE s.case_id = :case_id AND s.deleted_at IS NULL
         ORDER BY s.held_on, s.created_at",
    )?;
    let rows = stmt.query_map(named_params! {":case_id": case_id}, |r| {
        Ok(Session {
            id: r.get("id")?,
            case_id: r.get("case_id")?,
            held_on: r.get("held_on")?,
            method: r.get("method")?,
            counselor: r.get("counselor")?,
            minutes: r.get("minutes")?,
            notes: r.get("notes")?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// Adds a counseling session (상담 회차) to a case; not before the case was received.
    pub fn add_session(&mut self, case_id: &str, input: &SessionInput) -> Result<Session> {
        self.require(Permission::EditCases)?;
        let case = load_case(&self.conn, case_id)?;
        let fields = validate::session_fields(input, case.received_on, self.clock.today())?;
        let id = self.write_logged(|conn, clock, log| {
            let id = insert_session(conn, clock, case_id, &fields)?;
            log(AccessAction::Update, Some(case_id), Some("상담 회차 추가"))?;
            conn.execute(
                "UPDATE cases SET updated_at = :now WHERE id = :id",
                named_params! {":now": clock.stamp(), ":id": case_id},
            )?;
            Ok(id)
        })?;
        let sessions = case_sessions(&self.conn, case_id)?;
        Ok(sessions
            .into_iter()
            .find(|s| s.id == id)
            .expect("just inserted"))
    }
}
