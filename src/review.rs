//! 권리구제 검토 and the home dashboard: what a supervisor and a counselor look at each day.
//! Everything here is a read; "today" is the store's clock, so tests fix it.

use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::{named_params, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::dates::years_before;
use crate::domain::{Category, RemedyChannel};
use crate::error::Result;
use crate::store::Store;

/// A proceeding is "near" its deadline within this many days.
pub const NEAR_DEADLINE_DAYS: i64 = 7;
/// An open proceeding with no activity for this many days is a data problem.
pub const STALE_DAYS: i64 = 90;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// The deadline has passed.
    Overdue,
    /// The deadline is within `NEAR_DEADLINE_DAYS`.
    Near,
    Normal,
}

/// One open proceeding in the review queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct OpenRemedy {
    pub remedy_id: String,
    pub case_id: String,
    pub case_no: String,
    pub counselor: Option<String>,
    pub primary_category: Category,
    pub channel: RemedyChannel,
    pub procedure: Option<String>,
    pub filed_on: NaiveDate,
    /// Days since filing.
    pub days_open: i64,
    pub next_deadline: Option<NaiveDate>,
    /// Days to the deadline (negative when past).
    pub days_to_deadline: Option<i64>,
    pub urgency: Urgency,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// 완료 without an outcome: T4 cannot place it.
    ConcludedWithoutOutcome,
    /// Open, and neither a filing nor a session in the last 90 days. The dates in the records
    /// count, not when they were typed in, so an imported old log is judged by its own dates.
    Stale,
    /// The case was closed while a proceeding is still open.
    ClosedWithOpenRemedy,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DataProblem {
    pub kind: ProblemKind,
    pub case_id: String,
    pub case_no: String,
    pub remedy_id: String,
    pub channel: RemedyChannel,
    /// The Korean sentence the supervisor reads.
    pub message: String,
}

/// Which open proceedings to review.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, TS)]
#[ts(export, optional_fields)]
#[serde(default)]
pub struct ReviewFilter {
    pub channel: Option<RemedyChannel>,
    /// The case's counselor.
    pub counselor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Review {
    /// Nearest deadline first (none last), then oldest first.
    pub open: Vec<OpenRemedy>,
    pub problems: Vec<DataProblem>,
}

/// The home screen's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Dashboard {
    pub today: NaiveDate,
    /// Cases received from the 1st of this month to today.
    pub month_cases: u64,
    /// The same days of the same month a year earlier.
    pub month_cases_last_year: u64,
    pub open_cases: u64,
    pub open_remedies: u64,
    /// Open proceedings whose deadline falls in the next 7 days (or has passed).
    pub deadlines: Vec<OpenRemedy>,
}

const OPEN_REMEDIES: &str = "SELECT r.id, r.case_id, c.case_no, co.name, c.primary_category, r.channel, r.procedure,
        r.filed_on, r.next_deadline
    FROM remedies r JOIN cases c ON c.id = r.case_id LEFT JOIN counselors co ON co.id = c.counselor_id
    WHERE r.deleted_at IS NULL AND r.concluded_on IS NULL
      AND (:channel IS NULL OR r.channel = :channel) AND (:counselor IS NULL OR co.name = :counselor)";

fn open_remedy(r: &Row<'_>, today: NaiveDate) -> rusqlite::Result<OpenRemedy> {
    let filed_on: NaiveDate = r.get(7)?;
    let next_deadline: Option<NaiveDate> = r.get(8)?;
    let days_to_deadline = next_deadline.map(|d| (d - today).num_days());
    Ok(OpenRemedy {
        remedy_id: r.get(0)?,
        case_id: r.get(1)?,
        case_no: r.get(2)?,
        counselor: r.get(3)?,
        primary_category: r.get(4)?,
        channel: r.get(5)?,
        procedure: r.get(6)?,
        filed_on,
        days_open: (today - filed_on).num_days(),
        next_deadline,
        days_to_deadline,
        urgency: match days_to_deadline {
            Some(d) if d < 0 => Urgency::Overdue,
            Some(d) if d <= NEAR_DEADLINE_DAYS => Urgency::Near,
            _ => Urgency::Normal,
        },
    })
}

impl Store {
    fn open_remedies(&self, filter: &ReviewFilter) -> Result<Vec<OpenRemedy>> {
        let today = self.clock().today();
        let mut stmt = self.conn().prepare_cached(OPEN_REMEDIES)?;
        let mut open: Vec<OpenRemedy> = stmt
            .query_map(
                named_params! {":channel": filter.channel, ":counselor": filter.counselor},
                |r| open_remedy(r, today),
            )?
            .collect::<rusqlite::Result<_>>()?;
        open.sort_by_key(|r| {
            (
                r.next_deadline.is_none(),
                r.next_deadline,
                r.filed_on,
                r.case_no.clone(),
            )
        });
        Ok(open)
    }

    /// The supervisor's queue: every open proceeding, and the data problems to fix.
    pub fn review(&self, filter: &ReviewFilter) -> Result<Review> {
        self.require(crate::store::accounts::Permission::Review)?;
        let today = self.clock().today();
        let stale_before = today - Duration::days(STALE_DAYS);
        let mut stmt = self.conn().prepare_cached(
            "SELECT r.id, r.case_id, c.case_no, r.channel,
                    r.concluded_on IS NOT NULL AND r.outcome IS NULL,
                    r.concluded_on IS NULL AND c.closed_on IS NOT NULL,
                    r.concluded_on IS NULL AND max(r.filed_on,
                        coalesce((SELECT max(s.held_on) FROM sessions s WHERE s.case_id = c.id AND s.deleted_at IS NULL), '')) < :stale_before
             FROM remedies r JOIN cases c ON c.id = r.case_id LEFT JOIN counselors co ON co.id = c.counselor_id
             WHERE r.deleted_at IS NULL
               AND (:channel IS NULL OR r.channel = :channel) AND (:counselor IS NULL OR co.name = :counselor)
             ORDER BY c.case_no, r.filed_on",
        )?;
        let mut problems = Vec::new();
        let mut rows = stmt.query(named_params! {
            ":stale_before": stale_before, ":channel": filter.channel, ":counselor": filter.counselor,
        })?;
        while let Some(row) = rows.next()? {
            let (no_outcome, closed_case, stale): (bool, bool, bool) =
                (row.get(4)?, row.get(5)?, row.get(6)?);
            let case_no: String = row.get(2)?;
            for (flag, kind, message) in [
                (
                    no_outcome,
                    ProblemKind::ConcludedWithoutOutcome,
                    format!("{case_no}: 완료된 권리구제에 결과가 입력되지 않았습니다."),
                ),
                (
                    closed_case,
                    ProblemKind::ClosedWithOpenRemedy,
                    format!("{case_no}: 사건은 종결되었으나 권리구제가 진행 중입니다."),
                ),
                (
                    stale,
                    ProblemKind::Stale,
                    format!("{case_no}: 진행 중인 권리구제에 {STALE_DAYS}일 넘게 기록이 없습니다."),
                ),
            ] {
                if flag {
                    problems.push(DataProblem {
                        kind,
                        case_id: row.get(1)?,
                        case_no: case_no.clone(),
                        remedy_id: row.get(0)?,
                        channel: row.get(3)?,
                        message,
                    });
                }
            }
        }
        Ok(Review {
            open: self.open_remedies(filter)?,
            problems,
        })
    }

    /// The home screen: this month against the same days a year earlier, open work, deadlines.
    pub fn dashboard(&self) -> Result<Dashboard> {
        let today = self.clock().today();
        let month_start = today.with_day(1).expect("the 1st exists");
        let count = |from: NaiveDate, to: NaiveDate| -> Result<u64> {
            Ok(self.conn().prepare_cached(
                "SELECT count(*) FROM cases WHERE deleted_at IS NULL AND received_on BETWEEN :from AND :to",
            )?
            .query_row(named_params! {":from": from, ":to": to}, |r| r.get(0))?)
        };
        let open = self.open_remedies(&ReviewFilter::default())?;
        Ok(Dashboard {
            today,
            month_cases: count(month_start, today)?,
            month_cases_last_year: count(years_before(month_start, 1), years_before(today, 1))?,
            open_cases: self.conn().query_row(
                "SELECT count(*) FROM cases WHERE deleted_at IS NULL AND closed_on IS NULL",
                [],
                |r| r.get(0),
            )?,
            open_remedies: open.len() as u64,
            deadlines: open
                .into_iter()
                .filter(|r| matches!(r.days_to_deadline, Some(d) if d <= NEAR_DEADLINE_DAYS))
                .collect(),
        })
    }
}
