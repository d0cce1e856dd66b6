//! 최저임금 (최저임금법 제5·6조) and 주휴수당 (근로기준법 제55조): a monthly wage as an hourly one
//! over the paid hours of a month, checked against the minimum wage of its year.
//!
//! Limits: the monthly wage is taken to be all 최저임금 산입 임금 (제6조④: bonuses and
//! welfare pay above a share of the minimum are not counted, which the counselor deducts first);
//! 수습 (제5조②) and 감시·단속 workers are not handled.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::average_wage::amount;
use super::{basis, group_digits, Basis};
use crate::error::{Error, Result};

/// 최저임금 (원/시간) by year, from 1 January (고용노동부 고시 of each year).
pub const MINIMUM_WAGE: &[(i32, i64)] = &[
    (2020, 8_590),
    (2021, 8_720),
    (2022, 9_160),
    (2023, 9_620),
    (2024, 9_860),
    (2025, 10_030),
    (2026, 10_320),
];

/// Average weeks in a month: 365 ÷ 7 ÷ 12, as the Ministry rounds it.
const WEEKS_A_MONTH: f64 = 4.345;

/// The hourly minimum wage in force on `day`: the latest year the table has for a later day,
/// none before the table starts.
pub fn minimum_wage(day: NaiveDate) -> Option<i64> {
    MINIMUM_WAGE
        .iter()
        .rev()
        .find(|(year, _)| day.year() >= *year)
        .map(|(_, w)| *w)
}

/// Paid hours of a month: the weekly hours (at most 40) and paid weekly rest (주휴, a fifth of
/// them, for 15 hours or more, at most 8) over 4.345 weeks. A 40-hour week gives 209.
pub fn monthly_paid_hours(weekly_hours: f64) -> Option<i64> {
    if weekly_hours.is_nan() || weekly_hours <= 0.0 {
        return None;
    }
    let hours = weekly_hours.min(40.0);
    Some(((hours + weekly_rest_hours(hours)) * WEEKS_A_MONTH).round() as i64)
}

/// 주휴시간 of a week (근로기준법 제55조, 시행령 제30조): a fifth of the weekly hours, at most
/// 8, for 15 hours or more (제18조③).
fn weekly_rest_hours(weekly_hours: f64) -> f64 {
    if weekly_hours >= 15.0 {
        (weekly_hours / 5.0).min(8.0)
    } else {
        0.0
    }
}

/// An hourly wage from a monthly one, won below one dropped.
pub fn hourly_wage(monthly_wage: i64, weekly_hours: f64) -> Option<i64> {
    monthly_paid_hours(weekly_hours).map(|hours| monthly_wage / hours)
}

/// A monthly wage checked against the minimum wage.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct MinimumWageCheck {
    pub year: i32,
    /// 월 유급 근로시간: 209 for a 40-hour week.
    pub monthly_hours: i64,
    /// 시간급 환산액, won below one dropped.
    pub hourly: i64,
    /// The minimum wage of the year, per hour.
    pub minimum: i64,
    pub below: bool,
    /// What the month falls short of the minimum by; 0 when not below.
    pub shortfall: i64,
    /// 주휴시간 of a week and its pay at the worker's hourly wage (0 under 15 hours).
    pub weekly_rest_hours: f64,
    pub weekly_rest_pay: i64,
    pub basis: Vec<Basis>,
}

/// Is `monthly` below the minimum wage of `year` for `weekly_hours` a week?
pub fn minimum_wage_check(monthly: i64, weekly_hours: f64, year: i32) -> Result<MinimumWageCheck> {
    let monthly = amount("monthly", "월 임금", monthly)?;
    if !(weekly_hours > 0.0 && weekly_hours <= 168.0) {
        return Err(Error::invalid(
            "weekly_hours",
            format!("주 소정근로시간 — 0보다 크고 168 이하여야 합니다 ({weekly_hours})"),
        ));
    }
    let (first, last) = (MINIMUM_WAGE[0].0, MINIMUM_WAGE[MINIMUM_WAGE.len() - 1].0);
    let minimum = MINIMUM_WAGE
        .iter()
        .find(|(y, _)| *y == year)
        .map(|(_, w)| *w)
        .ok_or_else(|| {
            Error::invalid(
                "year",
                format!("연도 — {first}~{last}년의 최저임금만 있습니다 ({year})"),
            )
        })?;
    let hours = monthly_paid_hours(weekly_hours).expect("positive weekly hours");
    let hourly = monthly / hours;
    let below = hourly < minimum;
    let shortfall = (minimum * hours - monthly).max(0);
    let rest_hours = weekly_rest_hours(weekly_hours.min(40.0));
    let rest_pay = (rest_hours * hourly as f64).floor() as i64;
    let mut steps = vec![
        basis(
            "최저임금법 시행령 제5조①",
            format!(
                "월 유급 근로시간: (주 {} + 주휴 {rest_hours}시간) × 4.345주 = {hours}시간",
                weekly_hours.min(40.0)
            ),
        ),
        basis(
            "최저임금법 제6조",
            format!(
                "월 {}원 ÷ {hours}시간 = 시간급 {}원, {year}년 최저임금 {}원{}",
                group_digits(monthly),
                group_digits(hourly),
                group_digits(minimum),
                if below {
                    format!(
                        " 미달: 월 {}원 부족 (최저 월 {}원)",
                        group_digits(shortfall),
                        group_digits(minimum * hours)
                    )
                } else {
                    " 이상".to_string()
                }
            ),
        ),
    ];
    steps.push(basis(
        "근로기준법 제55조, 제18조③",
        if rest_hours > 0.0 {
            format!(
                "주휴수당: 1주 {rest_hours}시간 × 시간급 {}원 = {}원 (월급에는 포함된 것으로 봅니다)",
                group_digits(hourly),
                group_digits(rest_pay)
            )
        } else {
            "주 15시간 미만: 주휴수당이 없습니다".to_string()
        },
    ));
    Ok(MinimumWageCheck {
        year,
        monthly_hours: hours,
        hourly,
        minimum,
        below,
        shortfall,
        weekly_rest_hours: rest_hours,
        weekly_rest_pay: rest_pay,
        basis: steps,
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::d;
    use super::*;

    #[test]
    fn forty_hours_a_week_is_209_paid_hours_a_month() {
        assert_eq!(monthly_paid_hours(40.0), Some(209));
        assert_eq!(
            monthly_paid_hours(52.0),
            Some(209),
            "overtime is not 소정근로"
        );
        assert_eq!(
            monthly_paid_hours(20.0),
            Some(104),
            "(20 + 4) × 4.345 = 104.28"
        );
        assert_eq!(
            monthly_paid_hours(14.0),
            Some(61),
            "no 주휴 under 15 hours: 14 × 4.345"
        );
        assert_eq!(monthly_paid_hours(0.0), None);
        assert_eq!(
            hourly_wage(2_096_270, 40.0),
            Some(10_030),
            "the 2025 minimum monthly wage"
        );
    }

    #[test]
    fn the_minimum_wage_of_each_year() {
        let by_year: Vec<(i32, i64)> = (2020..=2026)
            .map(|y| (y, minimum_wage(d(y, 6, 1)).unwrap()))
            .collect();
        assert_eq!(
            by_year,
            [
                (2020, 8_590),
                (2021, 8_720),
                (2022, 9_160),
                (2023, 9_620),
                (2024, 9_860),
                (2025, 10_030),
                (2026, 10_320)
            ]
        );
        assert_eq!(minimum_wage(d(2026, 1, 1)), Some(10_320), "from 1 January");
        assert_eq!(minimum_wage(d(2019, 12, 31)), None, "before the table");
        for year in 2020..=2026 {
            let m = minimum_wage(d(year, 1, 1)).unwrap();
            let at = minimum_wage_check(m * 209, 40.0, year).unwrap();
            assert!(!at.below, "{year}: the minimum monthly wage is not below");
            let under = minimum_wage_check(m * 209 - 209, 40.0, year).unwrap();
            assert!(under.below, "{year}: a won an hour less is");
            assert_eq!(under.shortfall, 209);
        }
    }

    #[test]
    fn a_monthly_wage_below_the_minimum_is_shown_with_its_shortfall() {
        // 2,000,000 for 40 hours in 2025: 9,569 an hour against 10,030.
        let c = minimum_wage_check(2_000_000, 40.0, 2025).unwrap();
        assert_eq!((c.monthly_hours, c.hourly, c.minimum), (209, 9_569, 10_030));
        assert!(c.below);
        assert_eq!(c.shortfall, 10_030 * 209 - 2_000_000);
        assert_eq!(c.weekly_rest_hours, 8.0);
        assert_eq!(c.weekly_rest_pay, 8 * 9_569);
        let part = minimum_wage_check(1_100_000, 20.0, 2026).unwrap();
        assert_eq!((part.monthly_hours, part.hourly), (104, 10_576));
        assert!(!part.below);
        assert_eq!(part.weekly_rest_hours, 4.0);
        let e = minimum_wage_check(2_000_000, 40.0, 2019).unwrap_err();
        assert!(e.to_string().contains("2020~2026년"), "{e}");
        assert!(minimum_wage_check(2_000_000, 0.0, 2025).is_err());
    }
}
