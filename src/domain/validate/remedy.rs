//! The rules of a rights-remedy proceeding (권리구제): its fields and its conclusion.

use chrono::NaiveDate;

use super::*;
use crate::domain::codes::*;
use crate::domain::deadlines::{rule_deadline, ProceedingFacts};
use crate::domain::records::*;
use crate::error::Result;

pub fn remedy_fields(input: &RemedyInput, today: NaiveDate) -> Result<RemedyFields> {
    let mut c = Checker::new(today);
    let channel = c.required_code::<RemedyChannel>("channel", &input.channel);
    let filed_on = c.required_date("filed_on", &input.filed_on);
    let concluded_on = c.date("concluded_on", &input.concluded_on);
    c.ordered(("filed_on", filed_on), ("concluded_on", concluded_on));
    let outcome = c.code::<RemedyOutcome>("outcome", &input.outcome);
    if outcome.is_some() && blank(&input.concluded_on).is_none() {
        c.fail("concluded_on", "결과가 있으면 완료일도 필요합니다");
    }
    let amount_claimed = c.amount("amount_claimed", input.amount_claimed);
    let amount_recovered = c.amount("amount_recovered", input.amount_recovered);
    let next_deadline = c.deadline("next_deadline", &input.next_deadline);
    let procedure = c.text("procedure", &input.procedure);
    let agency = c.text("agency", &input.agency);
    let representative = c.text("representative", &input.representative);
    let decision_on = c.date("decision_on", &input.decision_on);
    c.ordered(("filed_on", filed_on), ("decision_on", decision_on));
    let deadline_reason = c.text("deadline_reason", &input.deadline_reason);
    if deadline_reason.is_some() && next_deadline.is_none() {
        c.fail(
            "deadline_reason",
            "사유는 다음 기한을 직접 정할 때만 입력합니다",
        );
    }
    if let (Some(channel), Some(entered), None) = (channel, next_deadline, &deadline_reason) {
        let facts = ProceedingFacts {
            channel,
            procedure: procedure.as_deref(),
            agency: agency.as_deref(),
            outcome,
            decision_on,
        };
        if let Some(rule) = rule_deadline(&facts).filter(|rule| rule.due != entered) {
            c.fail(
                "next_deadline",
                format!(
                    "{entered}: 법정 기한({}, {})과 다른 날짜는 사유와 함께 입력합니다",
                    rule.due, rule.step
                ),
            );
        }
    }
    c.finish()?;
    Ok(RemedyFields {
        channel: channel.expect("checked"),
        procedure,
        agency,
        filed_on: filed_on.expect("checked"),
        concluded_on,
        outcome,
        amount_claimed,
        amount_recovered,
        representative,
        next_deadline,
        decision_on,
        deadline_reason,
    })
}

/// Concluding a proceeding (완료): its outcome, its day (`today` when not given) on or after
/// the filing and the last undoing of a conclusion, and the amount recovered, not negative.
pub fn conclusion(
    conclusion: &RemedyConclusion,
    filed_on: NaiveDate,
    last_undone: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Concluded> {
    let mut c = Checker::new(today);
    let outcome = c.required_code::<RemedyOutcome>("outcome", &conclusion.outcome);
    let concluded_on = match blank(&conclusion.concluded_on) {
        Some(_) => c.date("concluded_on", &conclusion.concluded_on),
        None => Some(today),
    };
    c.ordered(("filed_on", Some(filed_on)), ("concluded_on", concluded_on));
    c.ordered(("undone_on", last_undone), ("concluded_on", concluded_on));
    let recovered = c.amount("amount_recovered", conclusion.amount_recovered);
    let decision_on = c.date("decision_on", &conclusion.decision_on);
    c.ordered(("filed_on", Some(filed_on)), ("decision_on", decision_on));
    c.finish()?;
    Ok(Concluded {
        outcome: outcome.expect("checked"),
        concluded_on: concluded_on.expect("checked"),
        recovered,
        decision_on,
    })
}

/// A conclusion once checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Concluded {
    pub outcome: RemedyOutcome,
    pub concluded_on: NaiveDate,
    pub recovered: Option<i64>,
    pub decision_on: Option<NaiveDate>,
}

/// A conclusion day set by an edit: on or after the day a conclusion was last undone.
pub fn concluded_after_undoing(
    concluded_on: Option<NaiveDate>,
    last_undone: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<()> {
    let mut c = Checker::new(today);
    c.ordered(("undone_on", last_undone), ("concluded_on", concluded_on));
    c.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_conclusion_follows_the_filing_and_the_last_undoing() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let today = d(2024, 11, 30);
        let input = |on: &str| RemedyConclusion {
            concluded_on: Some(on.into()),
            outcome: Some("settled".into()),
            amount_recovered: Some(10),
            decision_on: None,
        };
        assert_eq!(
            conclusion(&input("2024-05-01"), d(2024, 4, 1), None, today).unwrap(),
            Concluded {
                outcome: RemedyOutcome::Settled,
                concluded_on: d(2024, 5, 1),
                recovered: Some(10),
                decision_on: None,
            }
        );
        assert!(conclusion(&input("2024-03-31"), d(2024, 4, 1), None, today).is_err());
        let err = conclusion(
            &input("2024-05-01"),
            d(2024, 4, 1),
            Some(d(2024, 6, 1)),
            today,
        )
        .unwrap_err();
        assert!(err.to_string().contains("완료 취소일"), "{err}");
        assert!(concluded_after_undoing(Some(d(2024, 5, 1)), Some(d(2024, 6, 1)), today).is_err());
    }

    #[test]
    fn a_date_other_than_the_rules_needs_a_reason() {
        let today = NaiveDate::from_ymd_opt(2024, 11, 30).unwrap();
        let input = |deadline: &str, reason: Option<&str>| RemedyInput {
            channel: Some("labor_commission".into()),
            procedure: Some("부당해고 구제신청".into()),
            filed_on: Some("2024-03-04".into()),
            concluded_on: Some("2024-05-03".into()),
            outcome: Some("dismissed".into()),
            decision_on: Some("2024-05-03".into()),
            next_deadline: Some(deadline.into()),
            deadline_reason: reason.map(Into::into),
            ..RemedyInput::default()
        };
        let err = remedy_fields(&input("2024-05-20", None), today).unwrap_err();
        assert!(
            err.to_string()
                .contains("법정 기한(2024-05-13, 중앙노동위원회 재심 신청)"),
            "{err}"
        );
        assert!(remedy_fields(&input("2024-05-13", None), today).is_ok());
        let f = remedy_fields(&input("2024-05-20", Some("송달일 정정")), today).unwrap();
        assert_eq!(f.deadline_reason.as_deref(), Some("송달일 정정"));
        let reason_alone = RemedyInput {
            next_deadline: None,
            ..input("", Some("사유"))
        };
        assert!(remedy_fields(&reason_alone, today).is_err());
        let before_filing = RemedyInput {
            decision_on: Some("2024-03-01".into()),
            ..input("2024-05-13", None)
        };
        let err = remedy_fields(&before_filing, today).unwrap_err();
        assert!(err.to_string().contains("결정서 수령일"), "{err}");
    }
}
