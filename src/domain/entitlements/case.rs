//! Everything a case's labor facts allow: the calculator panel's starting values and
//! `labordesk calc CASE_NO`. The case holds one monthly wage, so the three months' wages are
//! three of it and no bonus; the counselor refines them in the panel.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

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
    /// The day interest is counted to: the day paid when the panel gives one, else the day of
    /// the calculation (also the day leave is counted to for a worker who has not left).
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

/// The calculator panel's inputs: a case's facts to start with, each one editable. Amounts in
/// won; an input left empty is taken from the others where it can be (three months' wages
/// from the monthly wage, 통상임금 from the wage and hours, interest to the day of the
/// calculation).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export, optional_fields)]
#[serde(default)]
pub struct CalculatorInput {
    pub hired_on: Option<NaiveDate>,
    /// 퇴직일: the day after the last day worked.
    pub left_on: Option<NaiveDate>,
    pub monthly_wage: Option<i64>,
    pub weekly_hours: Option<f64>,
    /// 3개월 임금총액; three times the monthly wage when empty.
    pub three_month_wages: Option<i64>,
    /// 연간 상여금.
    pub yearly_bonus: Option<i64>,
    /// 연차수당 (a year's annual-leave allowance).
    pub yearly_leave_pay: Option<i64>,
    /// 1일 통상임금; from the monthly wage and hours when empty.
    pub ordinary_daily: Option<i64>,
    /// 상시근로자 수.
    pub workers: Option<u32>,
    /// 체불액: what interest and 간이대지급금 are counted on.
    pub unpaid: Option<i64>,
    /// The day it is (or will be) paid, for 지연이자; the day of the calculation when empty.
    pub paid_on: Option<NaiveDate>,
    /// A dismissal: 해고예고수당 is reckoned.
    pub dismissal: bool,
}

impl CalculatorInput {
    /// A case's facts as the panel starts with them.
    pub fn from_case(case: &Case) -> Self {
        let f = &case.facts;
        CalculatorInput {
            hired_on: f.hired_on,
            left_on: f.left_on,
            monthly_wage: f.monthly_wage,
            weekly_hours: f.weekly_hours,
            workers: case
                .employer
                .headcount
                .and_then(|n| u32::try_from(n).ok())
                .or_else(|| workers(case.profile.workplace_size)),
            unpaid: f.unpaid_amount,
            dismissal: case.primary_category == Category::Dismissal
                || case.secondary_categories.contains(&Category::Dismissal),
            ..CalculatorInput::default()
        }
    }
}

/// The calculator panel of a case: its facts as the panel's inputs, and what they give.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct CaseCalculator {
    pub input: CalculatorInput,
    pub result: CaseCalculations,
}

/// Every calculation `case` has the facts for, on `today`.
pub fn for_case(case: &Case, today: NaiveDate) -> CaseCalculations {
    calculate(&CalculatorInput::from_case(case), &case.case_no, today)
}

/// Every calculation the inputs allow, on `today`.
pub fn calculate(input: &CalculatorInput, case_no: &str, today: NaiveDate) -> CaseCalculations {
    let f = input;
    let mut missing = Vec::new();
    let mut need = |label: &str, present: bool| {
        if !present && !missing.iter().any(|m| m == label) {
            missing.push(label.to_string());
        }
    };
    need("입사일", f.hired_on.is_some());
    need("퇴직일", f.left_on.is_some());
    need(
        "월 임금",
        f.monthly_wage.is_some() || f.three_month_wages.is_some(),
    );
    need("주 소정근로시간", f.weekly_hours.is_some());
    let ordinary = f.ordinary_daily.or_else(|| {
        f.monthly_wage
            .zip(f.weekly_hours)
            .and_then(|(wage, hours)| ordinary_daily(wage, hours))
    });
    let wages = f
        .three_month_wages
        .or_else(|| f.monthly_wage.map(|w| w.saturating_mul(3)));

    let severance = match (f.hired_on, f.left_on, wages) {
        (Some(hired_on), Some(left_on), Some(wages)) => severance(&SeveranceInput {
            hired_on,
            left_on,
            wages,
            yearly_bonus: f.yearly_bonus.unwrap_or(0),
            yearly_leave_pay: f.yearly_leave_pay.unwrap_or(0),
            ordinary_daily: ordinary,
            weekly_hours: f.weekly_hours,
        })
        .ok(),
        _ => None,
    };
    let notice = match (f.hired_on, f.left_on, ordinary) {
        (Some(hired), Some(left), Some(o)) if f.dismissal => dismissal_notice(hired, left, o).ok(),
        _ => None,
    };
    // For a worker who left, the last day worked; else the day of the calculation.
    let employed_on = f.left_on.and_then(|left| left.pred_opt()).unwrap_or(today);
    let leave = f.hired_on.and_then(|hired_on| {
        annual_leave(&LeaveInput {
            hired_on,
            on: employed_on,
            workers: f.workers,
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
    need("체불액", f.unpaid.is_some());
    let paid_on = f.paid_on.unwrap_or(today);
    let (interest, substitute) = match (f.unpaid, f.left_on) {
        (Some(unpaid), Some(left)) => (
            delay_interest(unpaid, left, paid_on).ok(),
            substitute_payment(unpaid, 0, left).ok(),
        ),
        _ => (None, None),
    };
    CaseCalculations {
        case_no: case_no.to_string(),
        on: paid_on,
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
            employer: Default::default(),
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

    #[test]
    fn the_panels_inputs_replace_what_the_case_gives() {
        // The Ministry's severance example, typed into the panel.
        let input = CalculatorInput {
            hired_on: Some(d(2014, 10, 2)),
            left_on: Some(d(2017, 9, 16)),
            three_month_wages: Some(7_080_000),
            yearly_bonus: Some(4_000_000),
            yearly_leave_pay: Some(300_000),
            weekly_hours: Some(40.0),
            unpaid: Some(1_000_000),
            paid_on: Some(d(2017, 12, 31)),
            ..CalculatorInput::default()
        };
        let calc = calculate(&input, "2017-A0001", d(2024, 11, 30));
        let severance = calc.severance.unwrap();
        assert_eq!(format!("{:.2}", severance.daily_average_wage), "88641.30");
        assert_eq!(severance.days_employed, 1_080);
        let interest = calc.delay_interest.unwrap();
        assert_eq!(
            interest.from,
            d(2017, 10, 1),
            "the day after the 14 days from leaving"
        );
        assert_eq!(calc.on, d(2017, 12, 31), "interest to the day it is paid");
        assert!(calc.dismissal_notice.is_none(), "not a dismissal");
        assert!(
            !calc.missing.contains(&"월 임금".to_string()),
            "the three months' wages stand in"
        );
    }
}
