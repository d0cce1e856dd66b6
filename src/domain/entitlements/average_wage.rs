//! 평균임금 (근로기준법 제2조①6, ②): the wages of the three calendar months before the event
//! divided by the days of those months, plus 3/12 of the year's bonus and of the annual-leave
//! allowance (고용노동부 「평균임금 산정」 지침); never below 통상임금.
//!
//! Limits, said in the result: a worker employed under three months (the period is then the
//! days employed) and the periods 시행령 제2조 leaves out (수습, 휴업, 출산휴가, 육아휴직, 업무상
//! 부상·질병 요양 …) are not handled: the counselor enters the wages and days by hand then.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::{basis, group_digits, group_jeon, Basis};
use crate::domain::dates::last_of_month;
use crate::error::{Error, Result};

/// What 평균임금 is computed from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AverageWageInput {
    /// 산정사유 발생일: for severance the 퇴직일, the day after the last day worked.
    pub event_on: NaiveDate,
    /// 임금총액: the wages for the three calendar months before `event_on`, in won.
    pub wages: i64,
    /// 상여금 paid in the twelve months before `event_on`: 3/12 of it counts.
    pub yearly_bonus: i64,
    /// 연차수당 (annual-leave allowance) of the year before: 3/12 of it counts.
    pub yearly_leave_pay: i64,
    /// 1일 통상임금 in won, when known: 평균임금 is never lower (제2조②).
    pub ordinary_daily: Option<i64>,
}

/// 1일 평균임금 and how it was reached.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct AverageWage {
    /// 산정기간: the three calendar months before the event, both days included.
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub period_days: i64,
    /// 1일 평균임금 in won, to the 전 (two decimals) as the Ministry's calculator shows it.
    pub daily_average_wage: f64,
    /// The same in 전 (hundredths of a won): what the arithmetic uses.
    #[serde(skip)]
    #[ts(skip)]
    pub daily_jeon: i64,
    /// 통상임금 was higher, and is used instead (제2조②).
    pub ordinary_wage_used: bool,
    pub basis: Vec<Basis>,
}

/// A won amount the counselor entered: refused when negative, on its field.
pub(super) fn amount(field: &str, label: &str, won: i64) -> Result<i64> {
    if won < 0 {
        return Err(Error::invalid(
            field,
            format!("{label} — 0원 이상이어야 합니다 ({won})"),
        ));
    }
    Ok(won)
}

/// The first day of the three calendar months before `event_on`: the same day number three
/// months earlier, or that month's last day if it has none (31 May → 28 or 29 February).
pub fn period_start(event_on: NaiveDate) -> NaiveDate {
    event_on
        .checked_sub_months(chrono::Months::new(3))
        .expect("within chrono's range")
}

/// 1일 평균임금 from the wages of the three months before `input.event_on`.
pub fn average_wage(input: &AverageWageInput) -> Result<AverageWage> {
    let wages = amount("wages", "3개월 임금총액", input.wages)?;
    let bonus = amount("bonus", "연간 상여금", input.yearly_bonus)?;
    let leave_pay = amount("leave_pay", "연차수당", input.yearly_leave_pay)?;
    let ordinary = input
        .ordinary_daily
        .map(|w| amount("ordinary_daily", "1일 통상임금", w))
        .transpose()?;
    let start = period_start(input.event_on);
    let end = input.event_on.pred_opt().expect("within chrono's range");
    let days = (input.event_on - start).num_days();

    // In twelfths of a won, so that 3/12 of a bonus stays exact until the one division.
    let twelfths = i128::from(wages) * 12 + i128::from(bonus) * 3 + i128::from(leave_pay) * 3;
    let average_jeon = (twelfths * 100 / (12 * i128::from(days))) as i64;
    let total = if twelfths % 12 == 0 {
        group_digits((twelfths / 12) as i64)
    } else {
        group_jeon((twelfths * 100 / 12) as i64)
    };

    let mut steps = vec![
        basis(
            "근로기준법 제2조①6",
            format!(
                "산정기간: 사유 발생일({}) 전 3개월, {start} ~ {end} ({days}일)",
                input.event_on
            ),
        ),
        basis(
            "근로기준법 제2조①6, 고용노동부 평균임금 산정 지침",
            format!(
                "임금총액 {}원 + 상여금 {}원 × 3/12 + 연차수당 {}원 × 3/12 = {total}원",
                group_digits(wages),
                group_digits(bonus),
                group_digits(leave_pay)
            ),
        ),
        basis(
            "근로기준법 제2조①6",
            format!(
                "{total}원 ÷ {days}일 = 1일 평균임금 {}원 (전 미만 버림)",
                group_jeon(average_jeon)
            ),
        ),
    ];
    let mut daily_jeon = average_jeon;
    let ordinary_wage_used = ordinary.is_some_and(|o| o * 100 > average_jeon);
    if let Some(o) = ordinary.filter(|_| ordinary_wage_used) {
        daily_jeon = o * 100;
        steps.push(basis(
            "근로기준법 제2조②",
            format!(
                "평균임금이 1일 통상임금 {}원보다 낮아 통상임금을 평균임금으로 합니다",
                group_digits(o)
            ),
        ));
    }
    Ok(AverageWage {
        period_start: start,
        period_end: end,
        period_days: days,
        daily_average_wage: daily_jeon as f64 / 100.0,
        daily_jeon,
        ordinary_wage_used,
        basis: steps,
    })
}

/// 3개월 임금총액 from a monthly wage that may change within the period: `monthly` lists each
/// monthly wage with the day it took effect, oldest first. A whole calendar month earns its
/// monthly wage; a part month earns it pro rata by calendar days.
pub fn three_month_wages(event_on: NaiveDate, monthly: &[(NaiveDate, i64)]) -> Result<i64> {
    let start = period_start(event_on);
    let refuse = |msg: String| Error::invalid("wages", format!("월 임금 — {msg}"));
    match monthly.first() {
        None => return Err(refuse("하나 이상 있어야 합니다".into())),
        Some((from, _)) if *from > start => {
            return Err(refuse(format!(
                "첫 임금의 적용일({from})이 산정기간 시작일({start})보다 늦습니다"
            )))
        }
        _ => {}
    }
    if monthly.windows(2).any(|w| w[1].0 <= w[0].0) {
        return Err(refuse("적용일이 오래된 것부터 차례로 와야 합니다".into()));
    }
    for (_, won) in monthly {
        amount("wages", "월 임금", *won)?;
    }
    // Every day earns monthly ÷ (days of its month). Over a common denominator of every month
    // length (28, 29, 30, 31) the sum stays exact; won below one are dropped at the end.
    const LENGTHS_LCM: i128 = 4 * 3 * 5 * 7 * 29 * 31;
    let mut sum: i128 = 0;
    let mut day = start;
    while day < event_on {
        let wage = monthly
            .iter()
            .rev()
            .find(|(from, _)| *from <= day)
            .map(|(_, w)| *w)
            .expect("the first wage applies from the period's start");
        let month_days = i128::from(last_of_month(day).day());
        sum += i128::from(wage) * (LENGTHS_LCM / month_days);
        day = day.succ_opt().expect("within chrono's range");
    }
    Ok((sum / LENGTHS_LCM) as i64)
}

#[cfg(test)]
mod tests {
    use super::super::tests::d;
    use super::*;

    fn input(event_on: NaiveDate, wages: i64) -> AverageWageInput {
        AverageWageInput {
            event_on,
            wages,
            yearly_bonus: 0,
            yearly_leave_pay: 0,
            ordinary_daily: None,
        }
    }

    #[test]
    fn the_ministrys_example_gives_88_641_30_won_a_day() {
        let a = average_wage(&AverageWageInput {
            yearly_bonus: 4_000_000,
            yearly_leave_pay: 300_000,
            ..input(d(2017, 9, 16), 7_080_000)
        })
        .unwrap();
        assert_eq!(
            (a.period_start, a.period_end),
            (d(2017, 6, 16), d(2017, 9, 15))
        );
        assert_eq!(a.period_days, 92, "16 June to 15 September");
        assert_eq!(a.daily_jeon, 8_864_130, "8,155,000 ÷ 92 = 88,641.304…");
        assert_eq!(a.daily_average_wage, 88_641.30);
        assert!(a.basis[1].text.contains("= 8,155,000원"), "{:?}", a.basis);
        assert!(!a.ordinary_wage_used);
    }

    #[test]
    fn ordinary_wage_is_the_floor_of_the_average() {
        // 6,000,000 over 92 days is 65,217.39 a day, below an ordinary wage of 70,000.
        let a = average_wage(&AverageWageInput {
            ordinary_daily: Some(70_000),
            ..input(d(2017, 9, 16), 6_000_000)
        })
        .unwrap();
        assert!(a.ordinary_wage_used);
        assert_eq!(a.daily_jeon, 7_000_000);
        let b = average_wage(&AverageWageInput {
            ordinary_daily: Some(60_000),
            ..input(d(2017, 9, 16), 6_000_000)
        })
        .unwrap();
        assert!(!b.ordinary_wage_used, "the average is higher: it stands");
        assert_eq!(b.daily_jeon, 6_521_739);
    }

    #[test]
    fn the_period_is_the_three_calendar_months_before_the_event() {
        let days = |event| average_wage(&input(event, 0)).unwrap().period_days;
        assert_eq!(
            days(d(2024, 4, 1)),
            31 + 29 + 31,
            "January to March of a leap year"
        );
        assert_eq!(days(d(2023, 4, 1)), 31 + 28 + 31);
        let a = average_wage(&input(d(2024, 5, 31), 0)).unwrap();
        assert_eq!(
            a.period_start,
            d(2024, 2, 29),
            "no 31 February: the period starts on February's last day"
        );
        assert_eq!(a.period_days, 92);
    }

    #[test]
    fn a_negative_amount_is_refused_on_its_field() {
        let e = average_wage(&input(d(2024, 5, 31), -1)).unwrap_err();
        assert_eq!(e.code(), "invalid");
        assert!(e.to_string().contains("3개월 임금총액"), "{e}");
    }

    #[test]
    fn a_raise_within_the_three_months_counts_each_day_at_its_wage() {
        // 16 June – 15 September 2017: half of June at 2,000,000, July at 2,000,000, August at
        // 2,300,000, half of September at 2,300,000.
        let wages = three_month_wages(
            d(2017, 9, 16),
            &[(d(2016, 1, 1), 2_000_000), (d(2017, 8, 1), 2_300_000)],
        )
        .unwrap();
        assert_eq!(wages, 1_000_000 + 2_000_000 + 2_300_000 + 1_150_000);
        assert_eq!(
            three_month_wages(d(2017, 9, 16), &[(d(2016, 1, 1), 2_360_000)]).unwrap(),
            7_080_000,
            "an unchanged monthly wage: three months of it, as in the Ministry's example"
        );
        assert!(
            three_month_wages(d(2017, 9, 16), &[(d(2017, 7, 1), 2_000_000)]).is_err(),
            "no wage known for the start of the period"
        );
    }
}
