//! Reports: the city's tables, computed by aggregation in SQLite over the indexed columns.
//!
//! A report depends only on its as-of date and the dates in the data, never on today, so a
//! report for a past date is reproducible. Deleted cases, and the proceedings of deleted cases,
//! never count. This module computes; `export` writes.

mod drill;
mod t1;
mod t2;
mod t3;
mod t4;
mod t5;
mod t6;
mod tallies;

use chrono::NaiveDate;
use serde::Serialize;

pub use crate::domain::dates::{years_before, Period};
pub use drill::{DrillRow, T1Cell};
pub use t1::{ChannelSplit, InProgressByChannel, T1Consultations, T1Remedies, T1};
pub use t2::{MonthlyRow, MonthlyTable, T2};
pub use t3::{ProfileBlock, ShareRow, T3};
pub use t4::{RemedyDetailRow, T4Row, T4};
pub use t5::{T5Row, T5};
pub use t6::{T6Row, T6};
pub use tallies::TallyCheck;

use crate::error::Result;
use crate::store::Store;

/// Every table for one as-of date: what `labordesk report --json` prints and the workbook holds.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Report {
    pub as_of: NaiveDate,
    pub period_start: NaiveDate,
    /// Shown on every sheet; not part of the JSON, whose shape the city fixed.
    #[serde(skip)]
    pub center_name: String,
    pub t1: T1,
    pub t2: T2,
    pub t3: T3,
    pub t4: T4,
    pub t5: T5,
    pub t6: T6,
}

impl Store {
    pub fn report(&self, period: Period) -> Result<Report> {
        Ok(Report {
            as_of: period.as_of,
            period_start: period.start,
            center_name: self.settings()?.center_name,
            t1: self.t1(period)?,
            t2: self.t2(period)?,
            t3: self.t3(period)?,
            t4: self.t4(period)?,
            t5: self.t5(period)?,
            t6: self.t6(period)?,
        })
    }
}
