//! Date rules: report periods (../shared/reports.md), "N years earlier", the last day of a
//! month, "N months after". Used by the reports, the review, retention and the eligibility rules.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::error::{Error, Result};

/// A report period: 1 January of the as-of date's year up to the as-of date, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Period {
    pub start: NaiveDate,
    pub as_of: NaiveDate,
}

impl Period {
    pub fn as_of(as_of: NaiveDate) -> Period {
        Period {
            start: NaiveDate::from_ymd_opt(as_of.year(), 1, 1).expect("1 January exists"),
            as_of,
        }
    }

    /// The period as of a date written `YYYY-MM-DD` (the statistics screen, `report --as-of`):
    /// a malformed or impossible date is refused on the field `as_of`.
    pub fn parse_as_of(text: &str) -> Result<Period> {
        crate::domain::validate::parse_date(text.trim())
            .map(Period::as_of)
            .map_err(|msg| Error::invalid("as_of", format!("기준일 — {msg}")))
    }

    /// The period that closes month `YYYY-MM`: as of its last day.
    pub fn closing_month(text: &str) -> Result<Period> {
        let bad = || {
            Error::invalid(
                "month",
                format!("마감 월 — '{text}': YYYY-MM 형식이어야 합니다"),
            )
        };
        let (y, m) = text.trim().split_once('-').ok_or_else(bad)?;
        let (y, m): (i32, u32) = (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        let first_of_next = if m == 12 {
            NaiveDate::from_ymd_opt(y + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(y, m + 1, 1)
        };
        let last = first_of_next
            .and_then(|d| d.pred_opt())
            .filter(|_| (1..=12).contains(&m))
            .ok_or_else(bad)?;
        Ok(Period::as_of(last))
    }

    /// The same period one year earlier (전년 동기). A period closing a month compares with the
    /// whole of that month a year earlier: as of 28 February 2025 it ends on 29 February 2024.
    /// Otherwise it ends on the same day (28 February for a 29 February).
    pub fn year_before(&self) -> Period {
        let earlier = years_before(self.as_of, 1);
        if self.as_of.succ_opt().is_some_and(|next| next.day() == 1) {
            Period::as_of(last_of_month(earlier))
        } else {
            Period::as_of(earlier)
        }
    }

    /// `M.D.` as the city's titles write it: `(8.31. 기준/단위 : 건)`.
    pub fn title_date(&self) -> String {
        format!("{}.{}.", self.as_of.month(), self.as_of.day())
    }
}

/// The last day of `day`'s month.
pub fn last_of_month(day: NaiveDate) -> NaiveDate {
    let first = day.with_day(1).expect("every month has a first day");
    (first + chrono::Months::new(1))
        .pred_opt()
        .expect("within chrono's range")
}

/// The same day `months` months later; a day the later month lacks falls back to its last day.
pub fn months_after(day: NaiveDate, months: u32) -> NaiveDate {
    day.checked_add_months(chrono::Months::new(months))
        .unwrap_or(day)
}

/// The same day `years` years earlier; 29 February falls back to the 28th.
pub fn years_before(day: NaiveDate, years: u32) -> NaiveDate {
    day.checked_sub_months(chrono::Months::new(12 * years))
        .expect("within chrono's range")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_a_month_reports_as_of_its_last_day() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            Period::closing_month("2024-02").unwrap().as_of,
            d(2024, 2, 29),
            "leap year"
        );
        assert_eq!(
            Period::closing_month("2024-12").unwrap().as_of,
            d(2024, 12, 31)
        );
        assert!(Period::closing_month("2024-13").is_err());
        assert_eq!(
            Period::as_of(d(2024, 8, 31)).year_before().as_of,
            d(2023, 8, 31)
        );
        assert_eq!(
            Period::as_of(d(2024, 2, 29)).year_before().as_of,
            d(2023, 2, 28),
            "no 29 February in 2023"
        );
        assert_eq!(
            Period::closing_month("2025-02").unwrap().year_before(),
            Period {
                start: d(2024, 1, 1),
                as_of: d(2024, 2, 29)
            },
            "closing February 2025 compares with the whole of February 2024, leap day included"
        );
        assert_eq!(
            Period::as_of(d(2025, 2, 27)).year_before().as_of,
            d(2024, 2, 27),
            "a day inside a month compares with the same day"
        );
        assert_eq!(
            Period::as_of(d(2025, 4, 30)).year_before().as_of,
            d(2024, 4, 30)
        );
        assert_eq!(Period::as_of(d(2024, 8, 31)).title_date(), "8.31.");
    }
}
