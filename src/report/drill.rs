//! The records behind a number: clicking a T1 cell lists exactly the cases or proceedings it
//! counts, by the same period rules.

use chrono::NaiveDate;
use rusqlite::named_params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::t1::{REMEDIES_AS_OF, REMEDY_IN_PERIOD, REMEDY_START};
use super::Period;
use crate::domain::{Category, RemedyChannel};
use crate::error::Result;
use crate::store::Store;

/// A cell of T1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum T1Cell {
    /// Block 1: cases of one category, or all of them (합계) when `category` is null.
    Consultations { category: Option<Category> },
    /// 권리구제 합계.
    Remedies,
    /// 완료.
    Concluded,
    /// 진행.
    InProgress,
    /// 진행 중 in one channel: 이월 when `carried`, else 신규.
    Channel {
        channel: RemedyChannel,
        carried: bool,
    },
}

/// One line behind a number: a case, and the proceeding when the number counts proceedings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DrillRow {
    pub case_id: String,
    pub case_no: String,
    pub received_on: NaiveDate,
    pub primary_category: Category,
    pub counselor: Option<String>,
    pub remedy_id: Option<String>,
    pub channel: Option<RemedyChannel>,
    pub procedure: Option<String>,
    pub filed_on: Option<NaiveDate>,
    pub concluded_on: Option<NaiveDate>,
}

impl Store {
    /// The cases or proceedings that T1 counts in `cell`, in case-number order.
    pub fn t1_cell(&self, period: Period, cell: T1Cell) -> Result<Vec<DrillRow>> {
        self.require(crate::store::accounts::Permission::ViewCases)?;
        let (category, which, channel, carried) = match cell {
            T1Cell::Consultations { category } => (category, "cases", None, None),
            T1Cell::Remedies => (None, "all", None, None),
            T1Cell::Concluded => (None, "concluded", None, None),
            T1Cell::InProgress => (None, "in_progress", None, None),
            T1Cell::Channel { channel, carried } => {
                (None, "in_progress", Some(channel), Some(carried))
            }
        };
        let params = named_params! {
            ":start": period.start, ":as_of": period.as_of, ":category": category,
            ":which": which, ":channel": channel, ":carried": carried,
        };
        let map = |r: &rusqlite::Row<'_>| -> rusqlite::Result<DrillRow> {
            Ok(DrillRow {
                case_id: r.get(0)?,
                case_no: r.get(1)?,
                received_on: r.get(2)?,
                primary_category: r.get(3)?,
                counselor: r.get(4)?,
                remedy_id: r.get(5)?,
                channel: r.get(6)?,
                procedure: r.get(7)?,
                filed_on: r.get(8)?,
                concluded_on: r.get(9)?,
            })
        };
        if which == "cases" {
            let mut stmt = self.conn().prepare_cached(
                "SELECT c.id, c.case_no, c.received_on, c.primary_category, co.name,
                        NULL, NULL, NULL, NULL, NULL
                 FROM cases c LEFT JOIN counselors co ON co.id = c.counselor_id
                 WHERE c.deleted_at IS NULL AND c.received_on BETWEEN :start AND :as_of
                   AND (:category IS NULL OR c.primary_category = :category)
                   AND :which = 'cases' AND :channel IS NULL AND :carried IS NULL
                 ORDER BY c.case_no",
            )?;
            let rows = stmt
                .query_map(params, map)?
                .collect::<rusqlite::Result<_>>()?;
            return Ok(rows);
        }
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT c.id, c.case_no, c.received_on, c.primary_category, co.name,
                    r.id, r.channel, r.procedure, r.filed_on, r.concluded_on
             FROM {REMEDIES_AS_OF} JOIN cases c ON c.id = r.case_id LEFT JOIN counselors co ON co.id = c.counselor_id
             WHERE {REMEDY_IN_PERIOD}
               AND :category IS NULL
               AND (:which = 'all'
                    OR (:which = 'concluded' AND r.concluded_on <= :as_of)
                    OR (:which = 'in_progress' AND (r.concluded_on IS NULL OR r.concluded_on > :as_of)))
               AND (:channel IS NULL OR r.channel = :channel)
               AND (:carried IS NULL OR ({REMEDY_START} < :start) = :carried)
             ORDER BY c.case_no, r.filed_on"
        ))?;
        let rows = stmt
            .query_map(params, map)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}
