//! The rules of a rights-remedy proceeding (권리구제): its fields and its conclusion.

use chrono::NaiveDate;

use super::*;
use crate::domain::codes::*;
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
    })
}

/// Concluding a proceeding (완료): its outcome, its day (`today` when not given) on or after
/// the filing and the last undoing of a conclusion, and the amount recovered, not negative.
pub fn conclusion(
    conclusion: &RemedyConclusion,
    filed_on: NaiveDate,
    last_undone: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(RemedyOutcome, NaiveDate, Option<i64>)> {
    let mut c = Checker::new(today);
    let outcome = c.required_code::<RemedyOutcome>("outcome", &conclusion.outcome);
    let concluded_on = match blank(&conclusion.concluded_on) {
        Some(_) => c.date("concluded_on", &conclusion.concluded_on),
        None => Some(today),
    };
    c.ordered(("filed_on", Some(filed_on)), ("concluded_on", concluded_on));
    c.ordered(("undone_on", last_undone), ("concluded_on", concluded_on));
    let recovered = c.amount("amount_recovered", conclusion.amount_recovered);
    c.finish()?;
    Ok((
        outcome.expect("checked"),
        concluded_on.expect("checked"),
        recovered,
    ))
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
        };
        assert_eq!(
            conclusion(&input("2024-05-01"), d(2024, 4, 1), None, today).unwrap(),
            (RemedyOutcome::Settled, d(2024, 5, 1), Some(10))
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
}
