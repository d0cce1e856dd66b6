//! Everything a case's labor facts allow: the calculator panel's starting values and
//! `labordesk calc CASE_NO`. The case holds one monthly wage, so the three months' wages are
//! three of it and no bonus; the counselor refines them in the panel.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::leave::{annual_leave, AnnualLeave, LeaveInput};
use super::leaving::{
    delay_interest, dismissal_notice, severance, DelayInterest, DismissalNotice, Severance,
    SeveranceInput,
};
use super::minimum_wage::{minimum_wage_check, monthly_paid_hours, MinimumWageCheck};
use super::substitute::{substitute_payment, SubstitutePayment};
use crate::domain::{Case, Category, WorkplaceSize};

/// The calculations a case's facts allow, and the facts the others still need.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct CaseCalculations {
    pub case_no: String,
    /// The day interest and leave are counted to when the worker has not left: the day of the
    /// calculation.
    pub on: NaiveDate,
    /// 1일 통상임금 from the monthly wage: hourly × daily hours (a fifth of the week, at most 8).
    pub ordinary_daily: Option<i64>,
    pub severance: Option<Severance>,
    pub dismissal_notice: Option<DismissalNotice>,
    pub annual_leave: Option<AnnualLeave>,
    pub minimum_wage: Option<MinimumWageCheck>,
    /// On the unpaid amount, to `on` as if paid that day.
    pub delay_interest: Option<DelayInterest>,
    pub substitute_payment: Option<SubstitutePayment>,
    /// The facts a calculation above still needs, by the case form's labels.
    pub missing: Vec<String>,
}

/// 1일 통상임금 from a monthly wage: its hourly wage over the month's paid hours, times the
/// daily hours of a five-day week (at most 8).
pub fn ordinary_daily(monthly_wage: i64, weekly_hours: f64) -> Option<i64> {
    let hours = monthly_paid_hours(weekly_hours)?;
    let daily_hours = (weekly_hours / 5.0).min(8.0);
    Some((monthly_wage as f64 / hours as f64 * daily_hours).floor() as i64)
}

/// The lower bound of a workplace size, for the rules that turn on 5 workers.
fn workers(size: WorkplaceSize) -> Option<u32> {
    match size {
        WorkplaceSize::Under5 => Some(4),
        WorkplaceSize::Unknown => None,
        _ => Some(5),
    }
}

/// Every calculation `case` has the facts for, on `today`.
pub fn for_case(case: &Case, today: NaiveDate) -> CaseCalculations {
    let f = &case.facts;
    let mut missing = Vec::new();
    let mut need = |label: &str, present: bool| {
        if !present && !missing.iter().any(|m| m == label) {
            missing.push(label.to_string());
        }
    };
    need("입사일", f.hired_on.is_some());
    need("퇴직일", f.left_on.is_some());
    need("월 임금", f.monthly_wage.is_some());
    need("주 소정근로시간", f.weekly_hours.is_some());
    let ordinary = f
        .monthly_wage
        .zip(f.weekly_hours)
        .and_then(|(wage, hours)| ordinary_daily(wage, hours));
    let dismissal = case.primary_category == Category::Dismissal
        || case.secondary_categories.contains(&Category::Dismissal);

    let severance = match (f.hired_on, f.left_on, f.monthly_wage) {
        (Some(hired_on), Some(left_on), Some(wage)) => severance(&SeveranceInput {
            hired_on,
            left_on,
            wages: wage.saturating_mul(3),
            yearly_bonus: 0,
            yearly_leave_pay: 0,
            ordinary_daily: ordinary,
            weekly_hours: f.weekly_hours,
        })
        .ok(),
        _ => None,
    };
    let notice = match (f.hired_on, f.left_on, ordinary) {
        (Some(hired), Some(left), Some(o)) if dismissal => dismissal_notice(hired, left, o).ok(),
        _ => None,
    };
    // For a worker who left, the last day worked; else the day of the calculation.
    let employed_on = f.left_on.and_then(|left| left.pred_opt()).unwrap_or(today);
    let leave = f.hired_on.and_then(|hired_on| {
        annual_leave(&LeaveInput {
            hired_on,
            on: employed_on,
            workers: workers(case.profile.workplace_size),
            weekly_hours: f.weekly_hours,
            ordinary_daily: ordinary,
        })
        .ok()
    });
    // A year outside the minimum-wage table gives no check rather than another year's.
    let minimum = match (f.monthly_wage, f.weekly_hours) {
        (Some(wage), Some(hours)) => minimum_wage_check(wage, hours, employed_on.year()).ok(),
        _ => None,
    };
    need("체불액", f.unpaid_amount.is_some());
    let (interest, substitute) = match (f.unpaid_amount, f.left_on) {
        (Some(unpaid), Some(left)) => (
            delay_interest(unpaid, left, today).ok(),
            substitute_payment(unpaid, 0, left).ok(),
        ),
        _ => (None, None),
    };
    CaseCalculations {
        case_no: case.case_no.clone(),
        on: today,
        ordinary_daily: ordinary,
        severance,
        dismissal_notice: notice,
        annual_leave: leave,
        minimum_wage: minimum,
        delay_interest: interest,
        substitute_payment: substitute,
        missing,
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::d;
    use super::*;
    use crate::domain::LaborFacts;

    fn case(facts: LaborFacts) -> Case {
        Case {
            id: "1".into(),
            case_no: "2024-A0001".into(),
            received_on: d(2024, 7, 1),
            counselor: None,
            intake_method: crate::domain::codes::IntakeMethod::Visit,
            outreach_event_id: None,
            client: Default::default(),
            profile: Default::default(),
            workplace_name: None,
            primary_category: Category::WageArrears,
            sub_type: None,
            secondary_categories: vec![Category::Dismissal],
            summary: None,
            outcome: None,
            closed_on: None,
            facts,
            consent: Default::default(),
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    #[test]
    fn a_wage_case_with_its_facts_gets_every_calculation() {
        let c = case(LaborFacts {
            hired_on: Some(d(2021, 3, 2)),
            left_on: Some(d(2024, 6, 1)),
            weekly_hours: Some(40.0),
            monthly_wage: Some(2_508_000),
            unpaid_amount: Some(5_016_000),
            ..Default::default()
        });
        let calc = for_case(&c, d(2024, 9, 1));
        assert!(calc.missing.is_empty(), "{:?}", calc.missing);
        assert_eq!(calc.ordinary_daily, Some(96_000), "2,508,000 ÷ 209 × 8");
        let s = calc.severance.unwrap();
        assert!(s.eligible);
        assert_eq!(s.days_employed, 1_187, "2021-03-02 to 2024-06-01");
        assert_eq!(s.period_days, 92, "1 March to 31 May 2024");
        // 7,524,000 ÷ 92 = 81,782.60 a day, below 96,000 of ordinary wage: that is used.
        assert!(s.ordinary_wage_used);
        assert_eq!(s.amount, 96_000 * 30 * 1_187 / 365);
        assert_eq!(calc.dismissal_notice.unwrap().amount, 30 * 96_000);
        let leave = calc.annual_leave.unwrap();
        assert_eq!(
            (leave.years_of_service, leave.days),
            (3, 16),
            "the last day worked, 31 May 2024, is after the third anniversary"
        );
        assert!(!calc.minimum_wage.unwrap().below, "12,000 an hour in 2024");
        let i = calc.delay_interest.unwrap();
        assert_eq!(i.from, d(2024, 6, 16));
        assert_eq!(i.days, 78, "16 June to 1 September");
        assert_eq!(calc.substitute_payment.unwrap().total, 5_016_000);
    }

    #[test]
    fn missing_facts_are_named_and_nothing_is_guessed() {
        let calc = for_case(
            &case(LaborFacts {
                hired_on: Some(d(2021, 3, 2)),
                ..Default::default()
            }),
            d(2024, 9, 1),
        );
        assert_eq!(
            calc.missing,
            ["퇴직일", "월 임금", "주 소정근로시간", "체불액"]
        );
        assert!(calc.severance.is_none() && calc.delay_interest.is_none());
        assert!(calc.minimum_wage.is_none());
        let leave = calc.annual_leave.unwrap();
        assert_eq!(
            leave.days, 16,
            "still employed: counted to the day of the calculation"
        );
        assert!(
            leave.applies,
            "workplace size unknown: not taken as under 5"
        );
    }
}
