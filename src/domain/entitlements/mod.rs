//! 법정 수당 계산: the entitlements a counselor works out from a case's labor facts — 평균임금,
//! 퇴직금, 해고예고수당, 연차휴가, 주휴수당 and the minimum wage, 지연이자, 간이대지급금.
//!
//! Pure functions over dated parameter tables: no I/O, no clock (the day of the calculation
//! is a parameter). Every rule cites its provision; every result carries the steps that
//! produced it (`Basis`), for the counselor to read and check. Dates follow the Ministry of
//! Employment and Labor's calculators: 퇴직일 is the day after the last day worked,
//! 재직일수 = 퇴직일 − 입사일, and the three months of 평균임금 are the calendar months before
//! 퇴직일. A calculation helps the counselor; it is not a legal decision, and the limits of
//! each rule are said where it is.

mod average_wage;
mod case;
mod leave;
mod leaving;
mod minimum_wage;
mod substitute;

pub use average_wage::{average_wage, three_month_wages, AverageWage, AverageWageInput};
pub use case::{
    calculate, for_case, ordinary_daily, CalculatorInput, CaseCalculations, CaseCalculator,
};
pub use leave::{annual_leave, AnnualLeave, LeaveInput};
pub use leaving::{
    delay_interest, dismissal_notice, severance, DelayInterest, DismissalNotice, Severance,
    SeveranceInput,
};
pub use minimum_wage::{
    hourly_wage, minimum_wage, minimum_wage_check, monthly_paid_hours, MinimumWageCheck,
    MINIMUM_WAGE,
};
pub use substitute::{
    substitute_ceilings, substitute_payment, SubstituteCeilings, SubstitutePayment,
};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// One step of a calculation as the counselor reads it: the provision, and what it gave here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Basis {
    pub law: &'static str,
    pub text: String,
}

fn basis(law: &'static str, text: impl Into<String>) -> Basis {
    Basis {
        law,
        text: text.into(),
    }
}

/// Whole months from `from` to `on`: a month is complete on its anniversary day, and a day
/// the later month lacks falls on that month's last day (31 January + 1 month is the last day
/// of February). 0 when `on` is earlier.
pub(crate) fn whole_months(from: NaiveDate, on: NaiveDate) -> u32 {
    if on < from {
        return 0;
    }
    let calendar = (on.year() - from.year()) * 12 + on.month() as i32 - from.month() as i32;
    // `from` plus the calendar difference lands in `on`'s month: at most one month too many.
    let mut months = u32::try_from(calendar - 1).unwrap_or(0);
    while super::dates::months_after(from, months + 1) <= on {
        months += 1;
    }
    months
}

/// Whole years from `from` to `on`, complete on each anniversary day.
fn whole_years(from: NaiveDate, on: NaiveDate) -> u32 {
    whole_months(from, on) / 12
}

/// `3,000,000`: won as the forms write them.
pub fn group_digits(n: i64) -> String {
    let s = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// `88,641.30`: an amount kept in hundredths of a won (전), as the Ministry shows 1일 평균임금.
pub fn group_jeon(jeon: i64) -> String {
    format!("{}.{:02}", group_digits(jeon / 100), (jeon % 100).abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn whole_months_count_a_month_on_its_anniversary_day() {
        assert_eq!(whole_months(d(2023, 3, 15), d(2024, 3, 14)), 11);
        assert_eq!(whole_months(d(2023, 3, 15), d(2024, 3, 15)), 12);
        assert_eq!(
            whole_months(d(2024, 1, 31), d(2024, 2, 29)),
            1,
            "31 January's month ends with February's last day"
        );
        assert_eq!(
            whole_months(d(2024, 5, 1), d(2024, 4, 1)),
            0,
            "not yet hired"
        );
        assert_eq!(whole_years(d(2023, 5, 10), d(2024, 5, 10)), 1);
        assert_eq!(whole_years(d(2023, 5, 10), d(2024, 5, 9)), 0, "a day short");
        assert_eq!(
            whole_years(d(2024, 2, 29), d(2025, 2, 28)),
            1,
            "a leap day's anniversary is 28 February"
        );
    }

    #[test]
    fn amounts_are_grouped_as_the_forms_write_them() {
        assert_eq!(group_digits(3_000_000), "3,000,000");
        assert_eq!(group_digits(-1_500), "-1,500");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_jeon(8_864_130), "88,641.30");
        assert_eq!(group_jeon(5), "0.05");
    }
}
