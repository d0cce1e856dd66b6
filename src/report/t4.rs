//! T4 권리구제 상세: proceedings by channel, 이월/신규, outcomes and amounts, as of D.

use std::collections::HashMap;

use rusqlite::named_params;
use serde::Serialize;

use super::t1::{REMEDIES_AS_OF, REMEDY_IN_PERIOD, REMEDY_START};
use super::Period;
use crate::domain::*;
use crate::error::Result;
use crate::store::Store;

/// One row of T4 (a channel, or 합계).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct RemedyDetailRow {
    /// 이월: filed before the period start and still open at it.
    pub carried: u64,
    /// 신규: filed in the period.
    pub new: u64,
    /// 계 = 이월 + 신규.
    pub subtotal: u64,
    /// 완료: concluded in the period.
    pub concluded: u64,
    /// 진행: not concluded on the as-of date.
    pub in_progress: u64,
    pub recognized: u64,
    pub partial: u64,
    pub dismissed_or_rejected: u64,
    pub settled: u64,
    pub withdrawn: u64,
    /// Every other outcome, and a concluded proceeding without one.
    pub other_outcome: u64,
    /// 청구액(원) of the proceedings concluded in the period.
    pub amount_claimed: i64,
    /// 회수액(원) of the proceedings concluded in the period.
    pub amount_recovered: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct T4Row {
    pub key: String,
    pub label: String,
    #[serde(flatten)]
    pub values: RemedyDetailRow,
}

/// T4 권리구제 상세.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct T4 {
    pub rows: Vec<T4Row>,
    pub total: T4Row,
}

fn add_detail(total: &mut RemedyDetailRow, v: &RemedyDetailRow) {
    total.carried += v.carried;
    total.new += v.new;
    total.subtotal += v.subtotal;
    total.concluded += v.concluded;
    total.in_progress += v.in_progress;
    total.recognized += v.recognized;
    total.partial += v.partial;
    total.dismissed_or_rejected += v.dismissed_or_rejected;
    total.settled += v.settled;
    total.withdrawn += v.withdrawn;
    total.other_outcome += v.other_outcome;
    total.amount_claimed = total.amount_claimed.saturating_add(v.amount_claimed);
    total.amount_recovered = total.amount_recovered.saturating_add(v.amount_recovered);
}

impl Store {
    pub fn t4(&self, period: Period) -> Result<T4> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT r.channel, {REMEDY_START} < :start, r.concluded_on IS NOT NULL AND r.concluded_on <= :as_of,
                    r.outcome, r.outcome = 'paid' AND r.amount_recovered >= r.amount_claimed,
                    count(*), CAST(total(r.amount_claimed) AS INTEGER), CAST(total(r.amount_recovered) AS INTEGER)
             FROM {REMEDIES_AS_OF} JOIN cases c ON c.id = r.case_id WHERE {REMEDY_IN_PERIOD}
             GROUP BY 1, 2, 3, 4, 5"
        ))?;
        let mut by_channel: HashMap<RemedyChannel, RemedyDetailRow> = HashMap::new();
        let mut rows =
            stmt.query(named_params! {":start": period.start, ":as_of": period.as_of})?;
        while let Some(row) = rows.next()? {
            let channel: RemedyChannel = row.get(0)?;
            let (carried, concluded): (bool, bool) = (row.get(1)?, row.get(2)?);
            let outcome: Option<RemedyOutcome> = row.get(3)?;
            let paid_in_full: Option<bool> = row.get(4)?;
            let (n, claimed, recovered): (u64, i64, i64) = (row.get(5)?, row.get(6)?, row.get(7)?);
            let r = by_channel.entry(channel).or_default();
            if carried {
                r.carried += n
            } else {
                r.new += n
            }
            if !concluded {
                r.in_progress += n;
                continue;
            }
            r.concluded += n;
            // Saturating, as SQL's total() is: amounts from before their ceiling, or from a
            // damaged file, must not make the report fail.
            r.amount_claimed = r.amount_claimed.saturating_add(claimed);
            r.amount_recovered = r.amount_recovered.saturating_add(recovered);
            // The city's outcome columns: 인정 takes every outcome that upheld the claim; 청산
            // is 인정 when the whole claim was recovered, 일부인정 when only part of it was (or
            // the amounts do not show that all of it was).
            let slot = match outcome {
                Some(
                    RemedyOutcome::Recognized | RemedyOutcome::Approved | RemedyOutcome::Prosecuted,
                ) => &mut r.recognized,
                Some(RemedyOutcome::Paid) if paid_in_full == Some(true) => &mut r.recognized,
                Some(RemedyOutcome::Partial | RemedyOutcome::Paid) => &mut r.partial,
                Some(
                    RemedyOutcome::Dismissed | RemedyOutcome::Rejected | RemedyOutcome::Denied,
                ) => &mut r.dismissed_or_rejected,
                Some(RemedyOutcome::Settled) => &mut r.settled,
                Some(RemedyOutcome::Withdrawn) => &mut r.withdrawn,
                Some(RemedyOutcome::Other) | None => &mut r.other_outcome,
            };
            *slot += n;
        }
        let mut total = RemedyDetailRow::default();
        let rows = RemedyChannel::ALL
            .iter()
            .map(|&c| {
                let mut v = by_channel.get(&c).copied().unwrap_or_default();
                v.subtotal = v.carried + v.new;
                add_detail(&mut total, &v);
                T4Row {
                    key: c.code().into(),
                    label: c.label().into(),
                    values: v,
                }
            })
            .collect();
        Ok(T4 {
            rows,
            total: T4Row {
                key: "total".into(),
                label: "합계".into(),
                values: total,
            },
        })
    }
}
