//! T6 찾아가는 상담: the outreach events of the period, people counseled and cases.

use chrono::NaiveDate;
use rusqlite::named_params;
use serde::Serialize;

use super::Period;
use crate::domain::*;
use crate::error::Result;
use crate::store::Store;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct T6Row {
    pub held_on: NaiveDate,
    pub place: String,
    pub kind: OutreachKind,
    pub kind_label: String,
    /// 상담 인원(명): the people counseled at the event as recorded for it, never fewer than the
    /// distinct clients of its cases; those distinct clients when nothing was recorded.
    pub persons: u64,
    /// 상담 건수(건): cases logged at the event.
    pub cases: u64,
}

/// T6 찾아가는 상담.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct T6 {
    pub rows: Vec<T6Row>,
    /// 운영 횟수(회).
    pub events: u64,
    pub persons: u64,
    pub cases: u64,
}

impl Store {
    pub fn t6(&self, period: Period) -> Result<T6> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT e.held_on, e.place, e.kind, e.visitor_count,
                    count(c.id), count(DISTINCT coalesce(c.client_id, c.id))
             FROM outreach_events e LEFT JOIN cases c ON c.outreach_event_id = e.id AND c.deleted_at IS NULL
             WHERE e.deleted_at IS NULL AND e.held_on BETWEEN :start AND :as_of
             GROUP BY e.id ORDER BY e.held_on, e.place",
        )?;
        let rows: Vec<T6Row> = stmt
            .query_map(
                named_params! {":start": period.start, ":as_of": period.as_of},
                |r| {
                    let kind: OutreachKind = r.get(2)?;
                    let visitors: Option<u64> = r.get(3)?;
                    let distinct: u64 = r.get(5)?;
                    Ok(T6Row {
                        held_on: r.get(0)?,
                        place: r.get(1)?,
                        kind,
                        kind_label: kind.label().into(),
                        persons: visitors.map_or(distinct, |v| v.max(distinct)),
                        cases: r.get(4)?,
                    })
                },
            )?
            .collect::<rusqlite::Result<_>>()?;
        Ok(T6 {
            events: rows.len() as u64,
            persons: rows.iter().map(|r| r.persons).sum(),
            cases: rows.iter().map(|r| r.cases).sum(),
            rows,
        })
    }
}
