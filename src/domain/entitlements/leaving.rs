//! What is owed when employment ends: 퇴직금 (퇴직급여보장법 제4·8·9조), 해고예고수당 (근로기준법
//! 제26조) and 지연이자 on what was not paid within 14 days (근로기준법 제37조).

use chrono::NaiveDate;
use serde::Serialize;

use super::average_wage::{amount, average_wage, AverageWageInput};
use super::{basis, group_digits, group_jeon, whole_months, whole_years, Basis};
use crate::error::{Error, Result};

/// 금품청산 (근로기준법 제36조, 퇴직급여보장법 제9조): what is owed at leaving is due within
/// 14 days of the 퇴직일.
const DAYS_TO_PAY: i64 = 14;

/// 지연이자 rate, percent a year (근로기준법 시행령 제17조, since 2005).
const DELAY_INTEREST_PERCENT: i64 = 20;

/// What 퇴직금 is computed from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SeveranceInput {
    pub hired_on: NaiveDate,
    /// 퇴직일: the day after the last day worked.
    pub left_on: NaiveDate,
    /// Wages of the three calendar months before `left_on`, in won.
    pub wages: i64,
    pub yearly_bonus: i64,
    pub yearly_leave_pay: i64,
    pub ordinary_daily: Option<i64>,
    /// 4주 평균 1주 소정근로시간, when known: under 15 hours there is no severance.
    pub weekly_hours: Option<f64>,
}

/// 퇴직금 and how it was reached.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Severance {
    /// 재직일수 = 퇴직일 − 입사일.
    pub days_employed: i64,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub period_days: i64,
    /// 1일 평균임금 in won, to the 전.
    pub daily_average_wage: f64,
    pub ordinary_wage_used: bool,
    /// One year of continuous service at 15 or more weekly hours.
    pub eligible: bool,
    /// In won; 0 when not eligible.
    pub amount: i64,
    /// The last day to pay it: 14 days after the 퇴직일.
    pub due_on: NaiveDate,
    pub basis: Vec<Basis>,
}

/// 퇴직금: 1일 평균임금 × 30 × 재직일수 ÷ 365, for one year or more of continuous service at
/// 15 or more weekly hours (퇴직급여보장법 제4조①, 제8조①).
pub fn severance(input: &SeveranceInput) -> Result<Severance> {
    if input.left_on <= input.hired_on {
        return Err(Error::invalid(
            "left",
            format!(
                "퇴직일 — 입사일({})보다 뒤여야 합니다 ({})",
                input.hired_on, input.left_on
            ),
        ));
    }
    let average = average_wage(&AverageWageInput {
        event_on: input.left_on,
        wages: input.wages,
        yearly_bonus: input.yearly_bonus,
        yearly_leave_pay: input.yearly_leave_pay,
        ordinary_daily: input.ordinary_daily,
    })?;
    let days = (input.left_on - input.hired_on).num_days();
    let due_on = input.left_on + chrono::Duration::days(DAYS_TO_PAY);
    let mut steps = vec![basis(
        "퇴직급여보장법 제8조①",
        format!(
            "재직일수 {}일 = 퇴직일 {} − 입사일 {}",
            group_digits(days),
            input.left_on,
            input.hired_on
        ),
    )];
    let a_year = whole_years(input.hired_on, input.left_on) >= 1;
    let enough_hours = input.weekly_hours.is_none_or(|h| h >= 15.0);
    if !a_year {
        steps.push(basis(
            "퇴직급여보장법 제4조①",
            "계속근로기간이 1년 미만이라 퇴직금이 발생하지 않습니다",
        ));
    }
    if let Some(h) = input.weekly_hours.filter(|_| !enough_hours) {
        steps.push(basis(
            "퇴직급여보장법 제4조①, 근로기준법 제18조③",
            format!("4주 평균 주 {h}시간(15시간 미만): 퇴직금이 발생하지 않습니다"),
        ));
    }
    let eligible = a_year && enough_hours;
    steps.extend(average.basis.iter().cloned());
    let amount = if eligible {
        let won = i128::from(average.daily_jeon) * 30 * i128::from(days) / 365 / 100;
        steps.push(basis(
            "퇴직급여보장법 제8조①",
            format!(
                "{}원 × 30일 × {}일 ÷ 365 = 퇴직금 {}원 (원 미만 버림)",
                group_jeon(average.daily_jeon),
                group_digits(days),
                group_digits(won as i64)
            ),
        ));
        steps.push(basis(
            "퇴직급여보장법 제9조",
            format!("지급기한: 퇴직일부터 14일 이내 ({due_on}까지). 넘기면 지연이자 연 20%"),
        ));
        won as i64
    } else {
        0
    };
    Ok(Severance {
        days_employed: days,
        period_start: average.period_start,
        period_end: average.period_end,
        period_days: average.period_days,
        daily_average_wage: average.daily_average_wage,
        ordinary_wage_used: average.ordinary_wage_used,
        eligible,
        amount,
        due_on,
        basis: steps,
    })
}

/// 해고예고수당 and whether it is owed.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct DismissalNotice {
    /// Whole months of continuous service up to the dismissal.
    pub months_employed: u32,
    pub owed: bool,
    /// 30 days of 통상임금, in won; 0 when not owed.
    pub amount: i64,
    pub basis: Vec<Basis>,
}

/// 해고예고수당 (근로기준법 제26조): a dismissal without 30 days' notice owes 30 days of
/// 통상임금, except under three months of continuous service (단서 1호). The other exceptions
/// (천재·사변, 고의로 사업에 막대한 지장 …, 시행규칙 별표) are the counselor's to judge.
pub fn dismissal_notice(
    hired_on: NaiveDate,
    dismissed_on: NaiveDate,
    ordinary_daily: i64,
) -> Result<DismissalNotice> {
    if dismissed_on < hired_on {
        return Err(Error::invalid(
            "dismissed",
            format!("해고일 — 입사일({hired_on})보다 앞설 수 없습니다 ({dismissed_on})"),
        ));
    }
    let ordinary = amount("ordinary_daily", "1일 통상임금", ordinary_daily)?;
    let months = whole_months(hired_on, dismissed_on);
    let owed = months >= 3;
    let amount = if owed { ordinary * 30 } else { 0 };
    let text = if owed {
        format!(
            "계속근로 {months}개월: 30일 전에 예고하지 않은 해고라면 1일 통상임금 {}원 × 30일 = {}원",
            group_digits(ordinary),
            group_digits(amount)
        )
    } else {
        format!("계속근로 {months}개월(3개월 미만): 해고예고수당이 발생하지 않습니다")
    };
    Ok(DismissalNotice {
        months_employed: months,
        owed,
        amount,
        basis: vec![basis("근로기준법 제26조", text)],
    })
}

/// 지연이자 on an amount owed at leaving.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct DelayInterest {
    /// The first day it runs: the 15th day after the 퇴직일.
    pub from: NaiveDate,
    /// Days from `from` to the day paid, both included; 0 when paid in time.
    pub days: i64,
    pub rate_percent: i64,
    /// In won, below one dropped.
    pub amount: i64,
    pub basis: Vec<Basis>,
}

/// 지연이자 (근로기준법 제37조①, 시행령 제17조): 20% a year on wages and severance unpaid 14
/// days after leaving, from the next day until the day paid. Not for a worker still employed
/// (상법·민법 rates apply then), and not for the days 제37조② and 시행령 제18조 exclude
/// (천재·사변, 파산, 회생 …).
pub fn delay_interest(owed: i64, left_on: NaiveDate, paid_on: NaiveDate) -> Result<DelayInterest> {
    let owed = amount("amount", "체불액", owed)?;
    let from = left_on + chrono::Duration::days(DAYS_TO_PAY + 1);
    let days = ((paid_on - from).num_days() + 1).max(0);
    let interest = (i128::from(owed) * i128::from(DELAY_INTEREST_PERCENT) * i128::from(days)
        / (100 * 365)) as i64;
    let text = if days == 0 {
        format!("퇴직일({left_on})부터 14일 안에 지급({paid_on}): 지연이자가 없습니다")
    } else {
        format!(
            "{}원 × 연 {DELAY_INTEREST_PERCENT}% × {}일({from} ~ {paid_on}) ÷ 365 = {}원 (원 미만 버림)",
            group_digits(owed),
            group_digits(days),
            group_digits(interest)
        )
    };
    Ok(DelayInterest {
        from,
        days,
        rate_percent: DELAY_INTEREST_PERCENT,
        amount: interest,
        basis: vec![basis("근로기준법 제37조①, 시행령 제17조", text)],
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::d;
    use super::*;
    use proptest::prelude::*;

    fn input(hired_on: NaiveDate, left_on: NaiveDate, wages: i64) -> SeveranceInput {
        SeveranceInput {
            hired_on,
            left_on,
            wages,
            yearly_bonus: 0,
            yearly_leave_pay: 0,
            ordinary_daily: None,
            weekly_hours: None,
        }
    }

    #[test]
    fn the_ministrys_severance_example() {
        let s = severance(&SeveranceInput {
            yearly_bonus: 4_000_000,
            yearly_leave_pay: 300_000,
            ..input(d(2014, 10, 2), d(2017, 9, 16), 7_080_000)
        })
        .unwrap();
        assert_eq!(s.days_employed, 1_080, "2014-10-02 to 2017-09-16");
        assert_eq!(s.period_days, 92);
        assert_eq!(s.daily_average_wage, 88_641.30);
        assert!(s.eligible);
        assert_eq!(
            s.amount, 7_868_433,
            "88,641.30 × 30 × 1,080 ÷ 365 = 7,868,433.2"
        );
        assert_eq!(s.due_on, d(2017, 9, 30), "14 days after the 퇴직일");
        assert!(s
            .basis
            .iter()
            .any(|b| b.law == "퇴직급여보장법 제8조①" && b.text.contains("퇴직금 7,868,433원")));
    }

    #[test]
    fn exactly_one_year_earns_severance_and_a_day_less_does_not() {
        // 3,000,000 a month; 10 May 2023 to 9 May 2024 worked, 퇴직일 10 May 2024.
        let year = severance(&input(d(2023, 5, 10), d(2024, 5, 10), 9_000_000)).unwrap();
        assert!(year.eligible);
        assert_eq!(year.days_employed, 366, "February 2024 has 29 days");
        assert_eq!(
            year.period_days, 90,
            "10 February – 9 May 2024: 20 + 31 + 30 + 9"
        );
        assert_eq!(year.daily_average_wage, 100_000.0);
        assert_eq!(year.amount, 3_008_219, "100,000 × 30 × 366 ÷ 365");
        let short = severance(&input(d(2023, 5, 10), d(2024, 5, 9), 9_000_000)).unwrap();
        assert_eq!(
            short.days_employed, 365,
            "365 days, yet not a year of service"
        );
        assert!(!short.eligible);
        assert_eq!(short.amount, 0);
        assert!(
            short.basis[1].text.contains("1년 미만"),
            "{:?}",
            short.basis
        );
    }

    #[test]
    fn under_fifteen_weekly_hours_there_is_no_severance() {
        let s = severance(&SeveranceInput {
            weekly_hours: Some(14.5),
            ..input(d(2020, 1, 1), d(2024, 1, 1), 3_000_000)
        })
        .unwrap();
        assert!(!s.eligible);
        assert_eq!(s.amount, 0);
        assert!(s.basis.iter().any(|b| b.text.contains("15시간 미만")));
    }

    #[test]
    fn a_leaving_day_not_after_the_hiring_day_is_refused() {
        let e = severance(&input(d(2024, 1, 1), d(2024, 1, 1), 0)).unwrap_err();
        assert!(e.to_string().contains("퇴직일"), "{e}");
    }

    #[test]
    fn the_dismissal_notice_allowance_needs_three_months() {
        let owed = dismissal_notice(d(2024, 1, 10), d(2024, 4, 10), 80_000).unwrap();
        assert!(owed.owed, "three whole months on 10 April");
        assert_eq!(owed.amount, 2_400_000, "30 days × 80,000");
        let not = dismissal_notice(d(2024, 1, 10), d(2024, 4, 9), 80_000).unwrap();
        assert_eq!((not.months_employed, not.owed, not.amount), (2, false, 0));
        assert!(dismissal_notice(d(2024, 4, 10), d(2024, 1, 10), 80_000).is_err());
    }

    #[test]
    fn delay_interest_runs_from_the_fifteenth_day_after_leaving() {
        // 퇴직일 1 January 2024: due by 15 January, interest from the 16th; paid 1 March is
        // 16 + 29 + 1 = 46 days.
        let i = delay_interest(10_000_000, d(2024, 1, 1), d(2024, 3, 1)).unwrap();
        assert_eq!(i.from, d(2024, 1, 16));
        assert_eq!(i.days, 46);
        assert_eq!(
            i.amount, 252_054,
            "10,000,000 × 20% × 46 ÷ 365 = 252,054.79"
        );
        let in_time = delay_interest(10_000_000, d(2024, 1, 1), d(2024, 1, 15)).unwrap();
        assert_eq!(
            (in_time.days, in_time.amount),
            (0, 0),
            "paid on the 14th day after"
        );
        let a_day = delay_interest(3_650_000, d(2024, 1, 1), d(2024, 1, 16)).unwrap();
        assert_eq!((a_day.days, a_day.amount), (1, 2_000), "one day late");
    }

    proptest! {
        #[test]
        fn severance_grows_with_service_and_wages_and_is_zero_under_a_year(
            hired in 0i64..3_000,
            days in 1i64..4_000,
            more_days in 0i64..400,
            daily in 0i64..500_000,
            wages in 0i64..30_000_000,
            more_wages in 0i64..5_000_000,
        ) {
            let hired = d(2010, 1, 1) + chrono::Duration::days(hired);
            let left = |days: i64| hired + chrono::Duration::days(days);
            // The same 1일 평균임금 whatever the period (통상임금 over no wages): longer service
            // never earns less.
            let at_daily = |days: i64| {
                severance(&SeveranceInput {
                    ordinary_daily: Some(daily),
                    ..input(hired, left(days), 0)
                })
                .unwrap()
            };
            prop_assert!(at_daily(days + more_days).amount >= at_daily(days).amount);
            // The same dates: more wages never earn less.
            let at_wages = |wages: i64| severance(&input(hired, left(days), wages)).unwrap();
            let base = at_wages(wages);
            prop_assert!(at_wages(wages + more_wages).amount >= base.amount);
            if whole_years(hired, left(days)) == 0 {
                prop_assert_eq!(base.amount, 0);
                prop_assert!(!base.eligible);
            } else {
                prop_assert!(base.eligible);
            }
        }
    }
}
