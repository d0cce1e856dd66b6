//! 연차유급휴가 (근로기준법 제60조): how many days of annual leave a worker holds, and what the
//! unused days are worth (연차수당, 통상임금 per day).
//!
//! Limits, said in the result: attendance is taken to be 80% or more (below it, 제60조② gives a
//! day per month worked instead); 사용촉진 (제61조), which can end the allowance for unused
//! days, is the counselor's to check.

use chrono::NaiveDate;
use serde::Serialize;

use super::average_wage::amount;
use super::{basis, group_digits, whole_months, whole_years, Basis};
use crate::error::{Error, Result};

/// Leave of the first year: a day per whole month, at most this many (제60조②).
const FIRST_YEAR_MAX: u32 = 11;
/// Leave of each year from the first anniversary (제60조①).
const YEARLY: u32 = 15;
/// The most a year gives, with a day more for every two years after the first (제60조④).
const YEARLY_MAX: u32 = 25;

/// What annual leave is computed from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LeaveInput {
    pub hired_on: NaiveDate,
    /// A day the worker is employed: for one who left, the last day worked. Leave of a month
    /// or a year arises on its anniversary only if the worker is still employed that day
    /// (대법원 2021다227100: a one-year contract ending on its last day earns no 15 days).
    pub on: NaiveDate,
    /// 상시 근로자 수, when known: under 5, 제60조 does not apply (시행령 별표1).
    pub workers: Option<u32>,
    pub weekly_hours: Option<f64>,
    /// 1일 통상임금 in won, to price unused days.
    pub ordinary_daily: Option<i64>,
}

/// The annual leave held on a day.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct AnnualLeave {
    /// 제60조 applies (5 or more workers, 15 or more weekly hours).
    pub applies: bool,
    pub years_of_service: u32,
    pub months_of_service: u32,
    /// The days of the current leave year: a day per whole month in the first year, then the
    /// yearly days.
    pub days: u32,
    /// `days` × 1일 통상임금, when that was given: what they are worth if left unused.
    pub amount: Option<i64>,
    pub basis: Vec<Basis>,
}

/// The leave `input.on` falls in.
pub fn annual_leave(input: &LeaveInput) -> Result<AnnualLeave> {
    if input.on < input.hired_on {
        return Err(Error::invalid(
            "on",
            format!(
                "기준일 — 입사일({})보다 앞설 수 없습니다 ({})",
                input.hired_on, input.on
            ),
        ));
    }
    let ordinary = input
        .ordinary_daily
        .map(|w| amount("ordinary_daily", "1일 통상임금", w))
        .transpose()?;
    let months = whole_months(input.hired_on, input.on);
    let years = whole_years(input.hired_on, input.on);
    let mut steps = Vec::new();
    let small = input.workers.filter(|n| *n < 5);
    let few_hours = input.weekly_hours.filter(|h| *h < 15.0);
    if let Some(n) = small {
        steps.push(basis(
            "근로기준법 제11조, 시행령 별표1",
            format!("상시 {n}인(5인 미만) 사업장: 연차휴가 규정이 적용되지 않습니다"),
        ));
    }
    if let Some(h) = few_hours {
        steps.push(basis(
            "근로기준법 제18조③",
            format!("주 {h}시간(15시간 미만): 연차휴가가 없습니다"),
        ));
    }
    let applies = small.is_none() && few_hours.is_none();
    let days = if !applies {
        0
    } else if years == 0 {
        let days = months.min(FIRST_YEAR_MAX);
        steps.push(basis(
            "근로기준법 제60조②",
            format!("계속근로 1년 미만, 개근한 {months}개월: 1개월마다 1일, {days}일 (최대 11일)"),
        ));
        days
    } else {
        let extra = (years - 1) / 2;
        let days = (YEARLY + extra).min(YEARLY_MAX);
        steps.push(basis(
            "근로기준법 제60조①④",
            format!(
                "계속근로 {years}년, 출근율 80% 이상: 15일 + 최초 1년을 넘는 2년마다 1일({extra}일) = {days}일 (최대 25일)"
            ),
        ));
        days
    };
    let amount = ordinary.map(|o| o * i64::from(days));
    if let (Some(o), Some(won)) = (ordinary, amount.filter(|_| applies)) {
        steps.push(basis(
            "근로기준법 제60조⑤, 제61조",
            format!(
                "쓰지 못한 연차의 수당: {days}일 × 1일 통상임금 {}원 = {}원 (사용촉진을 했다면 없을 수 있습니다)",
                group_digits(o),
                group_digits(won)
            ),
        ));
    }
    Ok(AnnualLeave {
        applies,
        years_of_service: years,
        months_of_service: months,
        days,
        amount,
        basis: steps,
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::d;
    use super::*;

    fn on(hired_on: NaiveDate, on: NaiveDate) -> LeaveInput {
        LeaveInput {
            hired_on,
            on,
            workers: Some(10),
            weekly_hours: Some(40.0),
            ordinary_daily: None,
        }
    }

    #[test]
    fn the_first_year_gives_a_day_a_month_up_to_eleven() {
        let days = |day| annual_leave(&on(d(2024, 3, 1), day)).unwrap().days;
        assert_eq!(days(d(2024, 3, 31)), 0, "no whole month yet");
        assert_eq!(days(d(2024, 4, 1)), 1);
        assert_eq!(days(d(2024, 9, 15)), 6);
        assert_eq!(
            days(d(2025, 2, 28)),
            11,
            "the last day of a one-year contract: 11 days, not 26 (대법원 2021다227100)"
        );
    }

    #[test]
    fn fifteen_days_from_the_first_anniversary_and_a_day_more_every_two_years() {
        let days = |day| annual_leave(&on(d(2010, 3, 1), day)).unwrap().days;
        assert_eq!(days(d(2011, 3, 1)), 15, "one year");
        assert_eq!(days(d(2012, 3, 1)), 15, "two years");
        assert_eq!(days(d(2013, 3, 1)), 16, "three years");
        assert_eq!(
            days(d(2015, 2, 28)),
            16,
            "four years and a day short of five"
        );
        assert_eq!(days(d(2015, 3, 1)), 17, "five years");
        assert_eq!(days(d(2031, 3, 1)), 25, "twenty-one years: the most");
        assert_eq!(days(d(2040, 3, 1)), 25, "never more than 25");
    }

    #[test]
    fn under_five_workers_or_fifteen_hours_there_is_no_annual_leave() {
        let small = annual_leave(&LeaveInput {
            workers: Some(4),
            ..on(d(2020, 1, 1), d(2024, 1, 1))
        })
        .unwrap();
        assert_eq!((small.applies, small.days), (false, 0));
        assert!(small.basis[0].text.contains("5인 미만"));
        let five = annual_leave(&LeaveInput {
            workers: Some(5),
            ..on(d(2020, 1, 1), d(2024, 1, 1))
        })
        .unwrap();
        assert_eq!(
            (five.applies, five.days),
            (true, 16),
            "five workers: it applies"
        );
        let part_time = annual_leave(&LeaveInput {
            weekly_hours: Some(14.0),
            ..on(d(2020, 1, 1), d(2024, 1, 1))
        })
        .unwrap();
        assert_eq!((part_time.applies, part_time.days), (false, 0));
    }

    #[test]
    fn unused_days_are_worth_their_ordinary_wage() {
        let l = annual_leave(&LeaveInput {
            ordinary_daily: Some(82_560),
            ..on(d(2020, 1, 1), d(2023, 6, 1))
        })
        .unwrap();
        assert_eq!(l.days, 16, "three whole years");
        assert_eq!(l.amount, Some(16 * 82_560));
        assert!(annual_leave(&on(d(2024, 1, 1), d(2023, 1, 1))).is_err());
    }
}
