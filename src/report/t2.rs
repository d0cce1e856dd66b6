//! T2 월별 상담 현황: months × categories, intake methods, outcomes and the counting units
//! (건/명/회), with 누계, 전년 동기 and 증감, from the tallies of schema 6.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::named_params;
use serde::Serialize;

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

fn add_months(total: &mut [u64; 12], months: &[u64; 12]) {
    for (t, m) in total.iter_mut().zip(months) {
        *t += m;
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
}
