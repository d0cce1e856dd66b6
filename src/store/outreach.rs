//! 찾아가는 상담: outreach events (booths, the counseling van) and the cases taken there.

use chrono::NaiveDate;
use rusqlite::types::ToSql;
use rusqlite::{named_params, Connection, OptionalExtension, Row};

use super::accounts::Permission;
use super::columns::{insert_row, update_row};
use super::counselors::counselor_id;
use super::{new_id, Clock, Store};
use crate::domain::validate::event_fields;
use crate::domain::*;
use crate::error::{Error, Result};

const EVENT_SELECT: &str = "SELECT e.id, e.held_on, e.place, e.kind, e.visitor_count, e.note,
        (SELECT group_concat(co.name, '\u{1f}') FROM outreach_event_counselors ec
            JOIN counselors co ON co.id = ec.counselor_id WHERE ec.event_id = e.id) AS counselor_names,
        (SELECT count(*) FROM cases c WHERE c.outreach_event_id = e.id AND c.deleted_at IS NULL) AS case_count
     FROM outreach_events e ";

fn event_from_row(r: &Row<'_>) -> rusqlite::Result<OutreachEvent> {
    let names: Option<String> = r.get("counselor_names")?;
    let mut counselors: Vec<String> = names
        .map(|n| n.split('\u{1f}').map(str::to_owned).collect())
        .unwrap_or_default();
    counselors.sort();
    Ok(OutreachEvent {
        id: r.get("id")?,
        held_on: r.get("held_on")?,
        place: r.get("place")?,
        kind: r.get("kind")?,
        visitor_count: r.get("visitor_count")?,
        note: r.get("note")?,
        counselors,
        case_count: r.get("case_count")?,
    })
}

/// The columns of `outreach_events` an event's fields fill, with their values (its counselors
/// are rows of `outreach_event_counselors`).
fn event_columns(f: &EventFields) -> [(&'static str, &dyn ToSql); 5] {
    [
        ("held_on", &f.held_on),
        ("place", &f.place),
        ("kind", &f.kind),
        ("visitor_count", &f.visitor_count),
        ("note", &f.note),
    ]
}

fn insert_event(conn: &Connection, clock: Clock, f: &EventFields) -> Result<String> {
    let (id, now) = (new_id(), clock.stamp());
    let keys: [(&str, &dyn ToSql); 1] = [("id", &id)];
    insert_row(conn, "outreach_events", &keys, &event_columns(f), &now)?;
    save_event_counselors(conn, clock, &id, &f.counselors)?;
    Ok(id)
}

fn save_event_counselors(
    conn: &Connection,
    clock: Clock,
    event_id: &str,
    names: &[String],
) -> Result<()> {
    conn.execute(
        "DELETE FROM outreach_event_counselors WHERE event_id = :id",
        named_params! {":id": event_id},
    )?;
    for name in names {
        let counselor = counselor_id(conn, clock, name)?;
        conn.execute(
            "INSERT OR IGNORE INTO outreach_event_counselors (event_id, counselor_id) VALUES (:e, :c)",
            named_params! {":e": event_id, ":c": counselor},
        )?;
    }
    Ok(())
}

/// The event held on `held_on` at `place`, created (kind 기타) when the import names a new one.
pub(crate) fn outreach_event_by_date_place(
    conn: &Connection,
    clock: Clock,
    held_on: NaiveDate,
    place: &str,
) -> Result<String> {
    let found: Option<String> = conn
        .prepare_cached("SELECT id FROM outreach_events WHERE held_on = :d AND place = :p AND deleted_at IS NULL")?
        .query_row(named_params! {":d": held_on, ":p": place}, |r| r.get("id"))
        .optional()?;
    match found {
        Some(id) => Ok(id),
        None => insert_event(
            conn,
            clock,
            &EventFields {
                held_on,
                place: place.to_string(),
                kind: OutreachKind::Other,
                visitor_count: None,
                counselors: Vec::new(),
                note: None,
            },
        ),
    }
}

impl Store {
    pub fn create_outreach_event(&mut self, input: &OutreachEventInput) -> Result<OutreachEvent> {
        self.require(Permission::EditCases)?;
        let f = event_fields(input, self.clock.today())?;
        let id = self.write_logged(|conn, clock, log| {
            let id = insert_event(conn, clock, &f)?;
            log(AccessAction::Create, Some(&id), Some("찾아가는 상담"))?;
            Ok(id)
        })?;
        self.outreach_event(&id)
    }

    pub fn update_outreach_event(
        &mut self,
        id: &str,
        input: &OutreachEventInput,
    ) -> Result<OutreachEvent> {
        self.require(Permission::EditCases)?;
        self.outreach_event(id)?;
        let f = event_fields(input, self.clock.today())?;
        self.write_logged(|conn, clock, log| {
            log(AccessAction::Update, Some(id), Some("찾아가는 상담"))?;
            update_row(
                conn,
                "outreach_events",
                id,
                &event_columns(&f),
                &clock.stamp(),
            )?;
            save_event_counselors(conn, clock, id, &f.counselors)
        })?;
        self.outreach_event(id)
    }

    pub fn outreach_event(&self, id: &str) -> Result<OutreachEvent> {
        self.conn
            .prepare_cached(&format!(
                "{EVENT_SELECT} WHERE e.id = :id AND e.deleted_at IS NULL"
            ))?
            .query_row(named_params! {":id": id}, event_from_row)
            .optional()?
            .ok_or_else(|| Error::not_found("찾아가는 상담 행사"))
    }

    /// Events, newest first.
    pub fn outreach_events(&self) -> Result<Vec<OutreachEvent>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{EVENT_SELECT} WHERE e.deleted_at IS NULL ORDER BY e.held_on DESC, e.place"
        ))?;
        let rows = stmt.query_map([], event_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
