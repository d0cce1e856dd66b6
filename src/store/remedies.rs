//! 권리구제 절차: the proceedings a center supports for a case.

use chrono::NaiveDate;
use rusqlite::types::ToSql;
use rusqlite::{named_params, Connection, OptionalExtension, Row};

use super::accounts::Permission;
use super::case_records::load_case;
use super::columns::{insert_row, update_row};
use super::{new_id, Clock, Store};
use crate::domain::deadlines;
use crate::domain::validate::{self};
use crate::domain::*;
use crate::error::{Error, Result};

const REMEDY_SELECT: &str =
    "SELECT id, case_id, channel, procedure, agency, filed_on, concluded_on, outcome,
        amount_claimed, amount_recovered, representative, next_deadline, decision_on,
        deadline_reason FROM remedies ";

fn remedy_from_row(r: &Row<'_>) -> rusqlite::Result<Remedy> {
    let concluded_on: Option<chrono::NaiveDate> = r.get("concluded_on")?;
    Ok(Remedy {
        id: r.get("id")?,
        case_id: r.get("case_id")?,
        channel: r.get("channel")?,
        procedure: r.get("procedure")?,
        agency: r.get("agency")?,
        filed_on: r.get("filed_on")?,
        concluded_on,
        status: if concluded_on.is_some() {
            RemedyStatus::Concluded
        } else {
            RemedyStatus::InProgress
        },
        outcome: r.get("outcome")?,
        amount_claimed: r.get("amount_claimed")?,
        amount_recovered: r.get("amount_recovered")?,
        representative: r.get("representative")?,
        next_deadline: r.get("next_deadline")?,
        decision_on: r.get("decision_on")?,
        deadline_reason: r.get("deadline_reason")?,
        deadline: None,
    })
}

/// Whether a later proceeding of the case was filed on or after the day `remedy`'s decision
/// was received: the step its rule asks for has been taken.
fn followed(remedy: &Remedy, all: &[Remedy]) -> bool {
    remedy
        .decision_on
        .is_some_and(|on| all.iter().any(|r| r.id != remedy.id && r.filed_on >= on))
}

/// Fills each proceeding's deadline in force; `all` are the live proceedings of one case.
fn with_deadlines(mut all: Vec<Remedy>) -> Vec<Remedy> {
    let deadlines: Vec<_> = all
        .iter()
        .map(|r| {
            deadlines::next_deadline(
                &r.facts(),
                r.next_deadline,
                r.deadline_reason.as_deref(),
                followed(r, &all),
            )
        })
        .collect();
    for (r, deadline) in all.iter_mut().zip(deadlines) {
        r.deadline = deadline;
    }
    all
}

pub(crate) fn insert_remedy(
    conn: &Connection,
    clock: Clock,
    case_id: &str,
    f: &RemedyFields,
) -> Result<String> {
    let (id, now) = (new_id(), clock.stamp());
    let keys: [(&str, &dyn ToSql); 2] = [("id", &id), ("case_id", &case_id)];
    insert_row(conn, "remedies", &keys, &remedy_columns(f), &now)?;
    Ok(id)
}

/// The columns of `remedies` a proceeding's fields fill, with their values: the one list its
/// INSERT (entry, import, the generator) and its UPDATE are built from.
pub(crate) fn remedy_columns(f: &RemedyFields) -> [(&'static str, &dyn ToSql); 12] {
    [
        ("channel", &f.channel),
        ("procedure", &f.procedure),
        ("agency", &f.agency),
        ("filed_on", &f.filed_on),
        ("concluded_on", &f.concluded_on),
        ("outcome", &f.outcome),
        ("amount_claimed", &f.amount_claimed),
        ("amount_recovered", &f.amount_recovered),
        ("representative", &f.representative),
        ("next_deadline", &f.next_deadline),
        ("decision_on", &f.decision_on),
        ("deadline_reason", &f.deadline_reason),
    ]
}

/// Whether the case already has this proceeding (same channel, procedure and filing date):
/// what makes a re-imported remedies file add nothing.
pub(crate) fn remedy_exists(conn: &Connection, case_id: &str, f: &RemedyFields) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM remedies WHERE case_id = :case_id AND channel = :channel
               AND procedure IS :procedure AND filed_on = :filed_on AND deleted_at IS NULL",
        )?
        .query_row(
            named_params! {":case_id": case_id, ":channel": f.channel, ":procedure": f.procedure, ":filed_on": f.filed_on},
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

pub(crate) fn case_remedies(conn: &Connection, case_id: &str) -> Result<Vec<Remedy>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{REMEDY_SELECT} WHERE case_id = :case_id AND deleted_at IS NULL ORDER BY filed_on, created_at"
    ))?;
    let rows = stmt.query_map(named_params! {":case_id": case_id}, remedy_from_row)?;
    Ok(with_deadlines(rows.collect::<rusqlite::Result<_>>()?))
}

fn load_remedy(conn: &Connection, id: &str) -> Result<Remedy> {
    let case_id: String = conn
        .prepare_cached("SELECT case_id FROM remedies WHERE id = :id AND deleted_at IS NULL")?
        .query_row(named_params! {":id": id}, |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::not_found("권리구제 절차"))?;
    case_remedies(conn, &case_id)?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or_else(|| Error::not_found("권리구제 절차"))
}

impl Store {
    /// Adds a proceeding to a live case. It may have been filed before the case reached the
    /// center, so `filed_on` is not tied to `received_on`.
    pub fn add_remedy(&mut self, case_id: &str, input: &RemedyInput) -> Result<Remedy> {
        self.require(Permission::EditCases)?;
        load_case(&self.conn, case_id)?;
        let fields = validate::remedy_fields(input, self.clock.today())?;
        if fields.concluded_on.is_some() {
            self.require(Permission::ConcludeRemedies)?;
        }
        if fields.deadline_reason.is_some() {
            self.require(Permission::OverrideDeadlines)?;
        }
        let id = self.write_logged(|conn, clock, log| {
            let id = insert_remedy(conn, clock, case_id, &fields)?;
            log(AccessAction::Update, Some(case_id), Some("권리구제 추가"))?;
            Ok(id)
        })?;
        load_remedy(&self.conn, &id)
    }

    /// Replaces a proceeding's details.
    pub fn update_remedy(&mut self, id: &str, input: &RemedyInput) -> Result<Remedy> {
        self.require(Permission::EditCases)?;
        let before = load_remedy(&self.conn, id)?;
        let today = self.clock.today();
        let f = validate::remedy_fields(input, today)?;
        if f.concluded_on != before.concluded_on || f.outcome != before.outcome {
            self.require(Permission::ConcludeRemedies)?;
        }
        // Setting, moving or lifting a lead's override is the lead's.
        let overridden = f.deadline_reason.is_some() || before.deadline_reason.is_some();
        if overridden
            && (f.next_deadline, &f.deadline_reason)
                != (before.next_deadline, &before.deadline_reason)
        {
            self.require(Permission::OverrideDeadlines)?;
        }
        validate::concluded_after_undoing(f.concluded_on, last_undone_on(&self.conn, id)?, today)?;
        self.write_logged(|conn, clock, log| {
            log(
                AccessAction::Update,
                Some(&before.case_id),
                Some("권리구제 수정"),
            )?;
            // A conclusion cleared is undone today, not erased: it stays in `conclusions`, and
            // a report for a day it stood on still counts the proceeding concluded (schema 8).
            if before.concluded_on.is_some() && f.concluded_on.is_none() {
                conn.execute(
                    "UPDATE remedies SET conclusions = json_insert(conclusions, '$[#]', json_object(
                        'concluded_on', concluded_on, 'outcome', outcome,
                        'amount_recovered', amount_recovered, 'undone_on', :today))
                     WHERE id = :id",
                    named_params! {":id": id, ":today": today},
                )?;
            }
            update_row(conn, "remedies", id, &remedy_columns(&f), &clock.stamp())?;
            Ok(())
        })?;
        load_remedy(&self.conn, id)
    }

    /// Concludes an open proceeding (완료) with its outcome; `concluded_on` defaults to today.
    pub fn conclude_remedy(&mut self, id: &str, conclusion: &RemedyConclusion) -> Result<Remedy> {
        self.require(Permission::ConcludeRemedies)?;
        let remedy = load_remedy(&self.conn, id)?;
        if remedy.concluded_on.is_some() {
            return Err(Error::InvalidState(
                "이미 완료된 권리구제 절차입니다.".into(),
            ));
        }
        let done = validate::conclusion(
            conclusion,
            remedy.filed_on,
            last_undone_on(&self.conn, id)?,
            self.clock.today(),
        )?;
        self.write_logged(|conn, clock, log| {
            log(
                AccessAction::Update,
                Some(&remedy.case_id),
                Some("권리구제 완료"),
            )?;
            conn.execute(
                "UPDATE remedies SET concluded_on = :concluded_on, outcome = :outcome,
                    amount_recovered = coalesce(:recovered, amount_recovered),
                    decision_on = coalesce(:decision_on, decision_on),
                    next_deadline = NULL, deadline_reason = NULL, updated_at = :now
                 WHERE id = :id",
                named_params! {
                    ":concluded_on": done.concluded_on, ":outcome": done.outcome,
                    ":recovered": done.recovered, ":decision_on": done.decision_on,
                    ":now": clock.stamp(), ":id": id,
                },
            )?;
            Ok(())
        })?;
        load_remedy(&self.conn, id)
    }
}

/// The day a proceeding's conclusion was last undone (schema 8's `conclusions`), if ever.
fn last_undone_on(conn: &Connection, id: &str) -> Result<Option<NaiveDate>> {
    Ok(conn
        .query_row(
            "SELECT conclusions ->> '$[#-1].undone_on' AS undone_on FROM remedies WHERE id = :id",
            named_params! {":id": id},
            |r| r.get("undone_on"),
        )
        .optional()?
        .flatten())
}
