//! T2–T6: monthly tallies, client profile, remedy detail, multi-category count, outreach.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::named_params;
use serde::Serialize;

use super::t1::{REMEDIES_AS_OF, REMEDY_IN_PERIOD, REMEDY_START};
use super::Period;
use crate::domain::*;
use crate::error::Result;
use crate::store::Store;

/// One row of a monthly table: months after the as-of month are `None` (blank, not zero).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct MonthlyRow {
    /// The code of the row (`wage_arrears`, `visit`, …), or `total`.
    pub key: String,
    pub label: String,
    pub months: [Option<u64>; 12],
    /// 누계: the months shown, added up (for 실인원: distinct persons over the period).
    pub cumulative: u64,
    /// 전년 동기: the same period one year earlier.
    pub previous_year: u64,
    /// 증감 = 누계 − 전년 동기.
    pub change: i64,
}

/// A monthly table: its rows, then `합계`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct MonthlyTable {
    pub title: String,
    pub rows: Vec<MonthlyRow>,
    pub total: Option<MonthlyRow>,
}

/// T2 월별 상담 현황 and its companion tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct T2 {
    pub by_category: MonthlyTable,
    pub by_intake_method: MonthlyTable,
    pub by_outcome: MonthlyTable,
    /// 상담 건수(건) | 내담자 실인원(명) | 상담 횟수(회); no 합계 row (the units differ).
    pub units: MonthlyTable,
}

/// One line of a profile block: 건수 and 비율(%) to one decimal.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ShareRow {
    pub key: String,
    pub label: String,
    pub count: u64,
    pub percent: f64,
}

/// One dimension of T3 (성별, 연령대, …): every value of the list, 미상 included, and 합계.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ProfileBlock {
    pub key: String,
    pub title: String,
    pub rows: Vec<ShareRow>,
    pub total: u64,
}

/// T3 내담자 현황: cases received in the period, by client profile.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct T3 {
    pub blocks: Vec<ProfileBlock>,
}

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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct T5Row {
    pub key: String,
    pub label: String,
    /// 주 유형(건).
    pub primary: u64,
    /// 복수 유형 포함(건): each case once in each of its categories.
    pub with_secondary: u64,
}

/// T5 유형별 복수집계.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct T5 {
    pub rows: Vec<T5Row>,
}

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

/// Tallies of (month, key) pairs into a monthly table.
#[derive(Default)]
struct MonthlyCounts {
    by_key: HashMap<String, [u64; 12]>,
    previous: HashMap<String, u64>,
}

fn month_of(d: NaiveDate) -> usize {
    d.month0() as usize
}

fn monthly_row(
    key: &str,
    label: &str,
    months: &[u64; 12],
    previous: u64,
    shown: usize,
) -> MonthlyRow {
    let mut out = [None; 12];
    for (m, slot) in out.iter_mut().enumerate().take(shown) {
        *slot = Some(months[m]);
    }
    let cumulative: u64 = months[..shown].iter().sum();
    MonthlyRow {
        key: key.into(),
        label: label.into(),
        months: out,
        cumulative,
        previous_year: previous,
        change: cumulative as i64 - previous as i64,
    }
}

fn monthly_table<T: CodeList>(
    title: &str,
    counts: &MonthlyCounts,
    extra: &[(&str, &str)],
    shown: usize,
) -> MonthlyTable {
    let keys: Vec<(&str, &str)> = T::ALL
        .iter()
        .map(|v| (v.code(), v.label()))
        .chain(extra.iter().copied())
        .collect();
    let zero = [0u64; 12];
    let rows: Vec<MonthlyRow> = keys
        .iter()
        .map(|(k, l)| {
            monthly_row(
                k,
                l,
                counts.by_key.get(*k).unwrap_or(&zero),
                *counts.previous.get(*k).unwrap_or(&0),
                shown,
            )
        })
        .collect();
    let mut total = [0u64; 12];
    for months in counts.by_key.values() {
        for (t, m) in total.iter_mut().zip(months) {
            *t += m;
        }
    }
    let previous = counts.previous.values().sum();
    MonthlyTable {
        title: title.into(),
        rows,
        total: Some(monthly_row("total", "합계", &total, previous, shown)),
    }
}

/// Largest-remainder rounding to one decimal, so a block's percentages add to exactly 100.0.
fn percentages(counts: &[u64]) -> Vec<f64> {
    let total: u64 = counts.iter().sum();
    if total == 0 {
        return vec![0.0; counts.len()];
    }
    let exact: Vec<f64> = counts
        .iter()
        .map(|&c| c as f64 * 1000.0 / total as f64)
        .collect();
    let mut tenths: Vec<u64> = exact.iter().map(|e| e.floor() as u64).collect();
    let mut order: Vec<usize> = (0..counts.len()).collect();
    order.sort_by(|&a, &b| {
        (exact[b] - exact[b].floor())
            .total_cmp(&(exact[a] - exact[a].floor()))
            .then(a.cmp(&b))
    });
    let missing = 1000 - tenths.iter().sum::<u64>();
    for &i in order.iter().take(missing as usize) {
        tenths[i] += 1;
    }
    tenths.into_iter().map(|t| t as f64 / 10.0).collect()
}

fn profile_block<T: CodeList>(key: &str, counts: &HashMap<String, u64>) -> ProfileBlock {
    let values: Vec<u64> = T::ALL
        .iter()
        .map(|v| *counts.get(v.code()).unwrap_or(&0))
        .collect();
    let shares = percentages(&values);
    ProfileBlock {
        key: key.into(),
        title: T::LIST_LABEL.into(),
        rows: T::ALL
            .iter()
            .zip(values.iter().zip(shares))
            .map(|(v, (&count, percent))| ShareRow {
                key: v.code().into(),
                label: v.label().into(),
                count,
                percent,
            })
            .collect(),
        total: values.iter().sum(),
    }
}

impl Store {
    /// Live cases received in `period` by one `case_tally` dimension (schema 6): per value, the
    /// cases of each month. `dim` is one of the fixed names of that table, never user text.
    fn cases_by(&self, dim: &str, period: Period) -> Result<HashMap<String, [u64; 12]>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT CAST(substr(day, 6, 2) AS INTEGER), value, sum(n) FROM case_tally
             WHERE dim = :dim AND day BETWEEN :start AND :as_of GROUP BY 1, 2",
        )?;
        let mut rows = stmt
            .query(named_params! {":dim": dim, ":start": period.start, ":as_of": period.as_of})?;
        let mut out: HashMap<String, [u64; 12]> = HashMap::new();
        while let Some(row) = rows.next()? {
            let (month, value, n): (usize, String, u64) = (row.get(0)?, row.get(1)?, row.get(2)?);
            out.entry(value).or_insert([0; 12])[month - 1] += n;
        }
        Ok(out)
    }

    /// `cases_by` over the whole period: per value, the cases received in it.
    pub(super) fn case_totals(&self, dim: &str, period: Period) -> Result<HashMap<String, u64>> {
        Ok(self
            .cases_by(dim, period)?
            .into_iter()
            .map(|(value, months)| (value, months.iter().sum()))
            .collect())
    }

    /// Per outcome, the cases received in `period` and closed with it on the as-of date, by
    /// received month: the current closings made by then (`outcome_tally`), and the earlier
    /// closings that stood on that day and were ended by a later reopening (schema 8,
    /// `closings`). A report for a past date does not change when a case is closed or reopened
    /// later.
    fn outcomes_by_month(&self, period: Period) -> Result<HashMap<String, [u64; 12]>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT CAST(substr(month, 6, 2) AS INTEGER), outcome, sum(n) FROM outcome_tally
             WHERE month BETWEEN substr(:start, 1, 7) AND substr(:as_of, 1, 7) AND closed_on <= :as_of
             GROUP BY 1, 2
             UNION ALL
             SELECT CAST(substr(c.received_on, 6, 2) AS INTEGER), p.value ->> '$.outcome', count(*)
             FROM cases c, json_each(c.closings) p
             WHERE c.closings <> '[]' AND c.deleted_at IS NULL
               AND c.received_on >= substr(:start, 1, 7) AND c.received_on <= :as_of
               AND p.value ->> '$.closed_on' <= :as_of AND p.value ->> '$.reopened_on' > :as_of
               AND p.value ->> '$.outcome' IS NOT NULL
             GROUP BY 1, 2",
        )?;
        let mut rows =
            stmt.query(named_params! {":start": period.start, ":as_of": period.as_of})?;
        let mut out: HashMap<String, [u64; 12]> = HashMap::new();
        while let Some(row) = rows.next()? {
            let (month, outcome, n): (usize, String, u64) = (row.get(0)?, row.get(1)?, row.get(2)?);
            out.entry(outcome).or_insert([0; 12])[month - 1] += n;
        }
        Ok(out)
    }

    /// Per month of `period`, the sum of a per-day tally (`session_tally`, `person_tally`).
    fn days_by_month(&self, sql: &str, period: Period) -> Result<[u64; 12]> {
        let mut months = [0u64; 12];
        let mut stmt = self.conn().prepare_cached(sql)?;
        let mut rows =
            stmt.query(named_params! {":start": period.start, ":as_of": period.as_of})?;
        while let Some(row) = rows.next()? {
            let (m, n): (usize, u64) = (row.get(0)?, row.get(1)?);
            months[m - 1] += n;
        }
        Ok(months)
    }

    /// T2's three case tables for `period` and the same period a year earlier: by category,
    /// by intake method, and by outcome (미종결·미입력 is what is left of each month's cases).
    fn monthly_tallies(&self, period: Period) -> Result<[MonthlyCounts; 3]> {
        let mut tallies: [MonthlyCounts; 3] = Default::default();
        for (current, p) in [(true, period), (false, period.year_before())] {
            let categories = self.cases_by("category", p)?;
            let mut received = [0u64; 12];
            for months in categories.values() {
                add_months(&mut received, months);
            }
            let mut outcomes = self.outcomes_by_month(p)?;
            let mut none = received;
            for months in outcomes.values() {
                for (left, m) in none.iter_mut().zip(months) {
                    // Never below zero: a closed case was received by its closing day. Only
                    // tallies edited outside the store could say otherwise
                    // (`labordesk check-tallies`).
                    *left = left.saturating_sub(*m);
                }
            }
            outcomes.insert("none".into(), none);
            for (tally, counts) in
                tallies
                    .iter_mut()
                    .zip([categories, self.cases_by("method", p)?, outcomes])
            {
                if current {
                    tally.by_key = counts;
                } else {
                    tally.previous = counts
                        .into_iter()
                        .map(|(k, months)| (k, months.iter().sum()))
                        .collect();
                }
            }
        }
        Ok(tallies)
    }

    /// Distinct persons (실인원) received in `period`: clients by their first day of the year,
    /// and each case without a client as its own person.
    fn persons_in(&self, period: Period) -> Result<u64> {
        // The tallies count first days from 1 January: a report period starts there.
        debug_assert_eq!(period, Period::as_of(period.as_of));
        let clients: u64 = self
            .conn()
            .prepare_cached(
                "SELECT coalesce(sum(n), 0) FROM person_tally
                 WHERE scope = 'year' AND day BETWEEN :start AND :as_of",
            )?
            .query_row(
                named_params! {":start": period.start, ":as_of": period.as_of},
                |r| r.get(0),
            )?;
        let anonymous: u64 = self.case_totals("anonymous", period)?.values().sum();
        Ok(clients + anonymous)
    }

    /// The counting units: cases (건), distinct clients (명; an anonymous case is its own person)
    /// and sessions (회) held in each month.
    fn units_table(
        &self,
        period: Period,
        cases: &MonthlyCounts,
        shown: usize,
    ) -> Result<MonthlyTable> {
        const SESSIONS: &str =
            "SELECT CAST(substr(day, 6, 2) AS INTEGER), sum(n) FROM session_tally
            WHERE day BETWEEN :start AND :as_of GROUP BY 1";
        // A client's first day in each month, counted in that month.
        const CLIENTS_BY_MONTH: &str =
            "SELECT CAST(substr(day, 6, 2) AS INTEGER), sum(n) FROM person_tally
            WHERE scope = 'month' AND day BETWEEN :start AND :as_of GROUP BY 1";
        let mut case_months = [0u64; 12];
        for months in cases.by_key.values() {
            add_months(&mut case_months, months);
        }
        let mut persons = self.days_by_month(CLIENTS_BY_MONTH, period)?;
        for months in self.cases_by("anonymous", period)?.values() {
            add_months(&mut persons, months);
        }
        let mut persons_row = monthly_row(
            "persons",
            "내담자 실인원(명)",
            &persons,
            self.persons_in(period.year_before())?,
            shown,
        );
        // A person counseled in two months is still one person: 누계 is distinct, not a sum.
        persons_row.cumulative = self.persons_in(period)?;
        persons_row.change = persons_row.cumulative as i64 - persons_row.previous_year as i64;
        let sessions_prev: u64 = self
            .days_by_month(SESSIONS, period.year_before())?
            .iter()
            .sum();
        Ok(MonthlyTable {
            title: "상담 단위별 현황".into(),
            rows: vec![
                monthly_row(
                    "cases",
                    "상담 건수(건)",
                    &case_months,
                    cases.previous.values().sum(),
                    shown,
                ),
                persons_row,
                monthly_row(
                    "sessions",
                    "상담 횟수(회)",
                    &self.days_by_month(SESSIONS, period)?,
                    sessions_prev,
                    shown,
                ),
            ],
            total: None,
        })
    }

    pub fn t2(&self, period: Period) -> Result<T2> {
        let shown = month_of(period.as_of) + 1;
        let [by_category, by_intake, by_outcome] = self.monthly_tallies(period)?;
        Ok(T2 {
            by_category: monthly_table::<Category>("월별 상담 현황", &by_category, &[], shown),
            by_intake_method: monthly_table::<IntakeMethod>(
                "상담방법별 현황",
                &by_intake,
                &[],
                shown,
            ),
            by_outcome: monthly_table::<Outcome>(
                "처리결과별 현황",
                &by_outcome,
                &[("none", "미종결·미입력")],
                shown,
            ),
            units: self.units_table(period, &by_category, shown)?,
        })
    }

    pub fn t3(&self, period: Period) -> Result<T3> {
        // Each block's dimension in `case_tally` is named by the block's key.
        let block = |key: &str| self.case_totals(key, period);
        Ok(T3 {
            blocks: vec![
                profile_block::<Gender>("gender", &block("gender")?),
                profile_block::<AgeBand>("age_band", &block("age_band")?),
                profile_block::<Nationality>("nationality", &block("nationality")?),
                profile_block::<EmploymentType>("employment_type", &block("employment_type")?),
                profile_block::<WorkplaceSize>("workplace_size", &block("workplace_size")?),
                profile_block::<Industry>("industry", &block("industry")?),
                profile_block::<Region>("region", &block("region")?),
                profile_block::<UnionPresence>("union_presence", &block("union_presence")?),
                profile_block::<ClientRole>("client_role", &block("client_role")?),
            ],
        })
    }

    pub fn t4(&self, period: Period) -> Result<T4> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT r.channel, {REMEDY_START} < :start, r.concluded_on IS NOT NULL AND r.concluded_on <= :as_of,
                    r.outcome, r.outcome = 'paid' AND r.amount_recovered >= r.amount_claimed,
                    count(*), sum(coalesce(r.amount_claimed, 0)), sum(coalesce(r.amount_recovered, 0))
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
            r.amount_claimed += claimed;
            r.amount_recovered += recovered;
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

    pub fn t5(&self, period: Period) -> Result<T5> {
        let primary = self.case_totals("category", period)?;
        // A secondary category equal to the primary is never stored, so the sum counts each
        // case once per category.
        let secondary = self.case_totals("secondary", period)?;
        Ok(T5 {
            rows: Category::ALL
                .iter()
                .map(|c| {
                    let p = *primary.get(c.code()).unwrap_or(&0);
                    T5Row {
                        key: c.code().into(),
                        label: c.label().into(),
                        primary: p,
                        with_secondary: p + secondary.get(c.code()).unwrap_or(&0),
                    }
                })
                .collect(),
        })
    }

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

fn add_months(total: &mut [u64; 12], months: &[u64; 12]) {
    for (t, m) in total.iter_mut().zip(months) {
        *t += m;
    }
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
    total.amount_claimed += v.amount_claimed;
    total.amount_recovered += v.amount_recovered;
}

#[cfg(test)]
mod tests {
    use super::percentages;

    #[test]
    fn percentages_add_to_exactly_one_hundred() {
        let p = percentages(&[1, 1, 1]);
        assert_eq!(p, [33.4, 33.3, 33.3]);
        assert_eq!(
            percentages(&[0, 0]),
            [0.0, 0.0],
            "an empty block shows zeros, not NaN"
        );
        let p = percentages(&[7, 13, 29, 1, 0, 50]);
        assert_eq!((p.iter().sum::<f64>() * 10.0).round(), 1000.0);
    }
}
