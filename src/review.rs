//! 권리구제 검토 and the home dashboard: what a supervisor and a counselor look at each day.
//! Everything here is a read; "today" is the store's clock, so tests fix it.

use chrono::{Datelike, Duration, Months, NaiveDate};
use rusqlite::{named_params, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::dates::years_before;
use crate::domain::deadlines::{self, Deadline, ProceedingFacts};
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
    /// The deadline in force (`deadline`'s day).
    pub next_deadline: Option<NaiveDate>,
    /// Days to the deadline (negative when past).
    pub days_to_deadline: Option<i64>,
    pub urgency: Urgency,
    /// Concluded, with the window its decision opened still running (재심, 행정소송, 심사청구).
    pub concluded: bool,
    /// The deadline in force and where it comes from: the rule, an override, an entered date.
    pub deadline: Option<Deadline>,
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
    /// Open cases whose own time limit (구제신청, 간이대지급금, 소멸시효) falls in the next 7
    /// days, soonest first.
    pub case_deadlines: Vec<CaseDeadline>,
}

/// A case's own time limit, from its eligibility hints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CaseDeadline {
    pub case_id: String,
    pub case_no: String,
    pub counselor: Option<String>,
    /// The hint's code (`dismissal_remedy_deadline`, `simplified_substitute_payment`,
    /// `wage_prescription`).
    pub code: String,
    /// The hint's sentence.
    pub message: String,
    pub due: NaiveDate,
    pub days_left: i64,
}

/// The months from the leaving day to each time limit a case's hints count (eligibility.rs):
/// 구제신청 3, 간이대지급금 12, 소멸시효 36.
const CASE_LIMIT_MONTHS: [u32; 3] = [3, 12, 36];

/// Open proceedings, and concluded ones whose decision was received recently enough for its
/// next step's window to be open (a 지방노동위원회 dismissal waiting for its 재심).
const OPEN_REMEDIES: &str = "SELECT r.id, r.case_id, c.case_no, co.name, c.primary_category, r.channel, r.procedure,
        r.filed_on, r.next_deadline, r.agency, r.outcome, r.decision_on, r.deadline_reason,
        r.concluded_on IS NOT NULL AS concluded,
        EXISTS (SELECT 1 FROM remedies f WHERE f.case_id = r.case_id AND f.id <> r.id
                AND f.deleted_at IS NULL AND f.filed_on >= r.decision_on) AS followed
    FROM remedies r JOIN cases c ON c.id = r.case_id LEFT JOIN counselors co ON co.id = c.counselor_id
    WHERE r.deleted_at IS NULL AND (r.concluded_on IS NULL OR r.decision_on >= :decided_since)
      AND (:channel IS NULL OR r.channel = :channel) AND (:counselor IS NULL OR co.name = :counselor)";

/// One row of `OPEN_REMEDIES` with its deadline in force; `None` for a concluded proceeding
/// with no window open today.
fn open_remedy(r: &Row<'_>, today: NaiveDate) -> rusqlite::Result<Option<OpenRemedy>> {
    let filed_on: NaiveDate = r.get("filed_on")?;
    let procedure: Option<String> = r.get("procedure")?;
    let agency: Option<String> = r.get("agency")?;
    let reason: Option<String> = r.get("deadline_reason")?;
    let channel: RemedyChannel = r.get("channel")?;
    let facts = ProceedingFacts {
        channel,
        procedure: procedure.as_deref(),
        agency: agency.as_deref(),
        outcome: r.get("outcome")?,
        decision_on: r.get("decision_on")?,
    };
    let deadline = deadlines::next_deadline(
        &facts,
        r.get("next_deadline")?,
        reason.as_deref(),
        r.get("followed")?,
    );
    let concluded: bool = r.get("concluded")?;
    if concluded && deadline.as_ref().is_none_or(|d| d.due < today) {
        return Ok(None);
    }
    let next_deadline = deadline.as_ref().map(|d| d.due);
    let days_to_deadline = next_deadline.map(|d| (d - today).num_days());
    Ok(Some(OpenRemedy {
        remedy_id: r.get("id")?,
        case_id: r.get("case_id")?,
        case_no: r.get("case_no")?,
        counselor: r.get("name")?,
        primary_category: r.get("primary_category")?,
        channel,
        procedure,
        filed_on,
        days_open: (today - filed_on).num_days(),
        next_deadline,
        days_to_deadline,
        urgency: match days_to_deadline {
            Some(d) if d < 0 => Urgency::Overdue,
            Some(d) if d <= NEAR_DEADLINE_DAYS => Urgency::Near,
            _ => Urgency::Normal,
        },
        concluded,
        deadline,
    }))
}

impl Store {
    fn open_remedies(&self, filter: &ReviewFilter) -> Result<Vec<OpenRemedy>> {
        let today = self.clock().today();
        let mut stmt = self.conn().prepare_cached(OPEN_REMEDIES)?;
        let decided_since = today - Duration::days(deadlines::LONGEST_WINDOW_DAYS);
        let mut open: Vec<OpenRemedy> = stmt
            .query_map(
                named_params! {
                    ":channel": filter.channel, ":counselor": filter.counselor,
                    ":decided_since": decided_since,
                },
                |r| open_remedy(r, today),
            )?
            .filter_map(|row| row.transpose())
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
            open_remedies: open.iter().filter(|r| !r.concluded).count() as u64,
            deadlines: open
                .into_iter()
                .filter(|r| matches!(r.days_to_deadline, Some(d) if d <= NEAR_DEADLINE_DAYS))
                .collect(),
            case_deadlines: self.case_deadlines(today)?,
        })
    }

    /// The open cases whose own time limit falls within `NEAR_DEADLINE_DAYS`: those whose
    /// leaving day lies near 3, 12 or 36 months before the coming week (an index on the open
    /// cases' leaving day finds them), judged by their hints exactly.
    fn case_deadlines(&self, today: NaiveDate) -> Result<Vec<CaseDeadline>> {
        let last = today + Duration::days(NEAR_DEADLINE_DAYS);
        let mut stmt = self.conn().prepare_cached(
            "SELECT c.id FROM cases c
             WHERE c.closed_on IS NULL AND c.deleted_at IS NULL AND c.left_on IS NOT NULL
               AND c.left_on BETWEEN :from AND :to",
        )?;
        let mut ids = Vec::new();
        for months in CASE_LIMIT_MONTHS {
            // months_after clamps to a month's last day: a few days either side cover it.
            let from = today
                .checked_sub_months(Months::new(months))
                .unwrap_or(today)
                - Duration::days(3);
            let to =
                last.checked_sub_months(Months::new(months)).unwrap_or(last) + Duration::days(3);
            for id in stmt.query_map(named_params! {":from": from, ":to": to}, |r| {
                r.get::<_, String>(0)
            })? {
                let id = id?;
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        let rules = crate::domain::eligibility::Rules::default();
        let mut out = Vec::new();
        for id in ids {
            let detail = self.case_detail(&id)?;
            for hint in
                crate::domain::eligibility::hints(&detail.case, &detail.remedies, today, &rules)
            {
                if let (Some(due), Some(days_left)) = (hint.deadline, hint.days_left) {
                    if (0..=NEAR_DEADLINE_DAYS).contains(&days_left) {
                        out.push(CaseDeadline {
                            case_id: id.clone(),
                            case_no: detail.case.case_no.clone(),
                            counselor: detail.case.counselor.clone(),
                            code: hint.code.to_string(),
                            message: hint.message,
                            due,
                            days_left,
                        });
                    }
                }
            }
        }
        out.sort_by(|a, b| (a.due, &a.case_no).cmp(&(b.due, &b.case_no)));
        Ok(out)
    }
}
