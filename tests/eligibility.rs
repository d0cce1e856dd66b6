//! Eligibility hints and deadlines on a case (today is 2024-11-30 in every test).

use labordesk::domain::eligibility::{Hint, HintLevel};
use labordesk::domain::RemedyInput;
use labordesk::CaseInput;

use crate::common::*;

fn hints_for(input: CaseInput) -> Vec<Hint> {
    let mut s = store();
    let case = s.create_case(&input).unwrap();
    s.case_hints(&case.id).unwrap()
}

fn codes(hints: &[Hint]) -> Vec<&'static str> {
    hints.iter().map(|h| h.code).collect()
}

#[test]
fn an_under_5_workplace_warns_of_what_does_not_apply_and_shows_no_dismissal_remedy_deadline() {
    let hints = hints_for(CaseInput {
        workplace_size: Some("5인 미만".into()),
        left_on: Some("2024-10-01".into()),
        ..intake("2024-10-05", "dismissal")
    });
    let c = codes(&hints);
    assert!(
        c.contains(&"under5_exclusions") && c.contains(&"under5_still_applies"),
        "{c:?}"
    );
    assert!(
        !c.contains(&"dismissal_remedy_deadline"),
        "제28조 does not apply under 5: {c:?}"
    );
}

#[test]
fn an_unfair_dismissal_application_is_due_three_months_after_the_dismissal() {
    let hints = hints_for(CaseInput {
        workplace_size: Some("10to29".into()),
        left_on: Some("2024-10-01".into()),
        ..intake("2024-10-05", "dismissal")
    });
    let h = hints
        .iter()
        .find(|h| h.code == "dismissal_remedy_deadline")
        .expect("a D-day");
    assert_eq!(h.level, HintLevel::Deadline);
    assert_eq!(
        h.deadline,
        Some(d(2025, 1, 1)),
        "민법 제157·160조: dismissed 10-01, due 01-01"
    );
    assert_eq!(h.days_left, Some(32), "D-32 from 2024-11-30");
}

#[test]
fn wage_claims_show_the_three_year_prescription_and_the_simplified_substitute_payment() {
    let hints = hints_for(CaseInput {
        left_on: Some("2024-06-30".into()),
        ..intake("2024-07-02", "wage_arrears")
    });
    let by = |code| {
        hints
            .iter()
            .find(|h| h.code == code)
            .and_then(|h| h.deadline)
    };
    assert_eq!(by("wage_prescription"), Some(d(2027, 6, 30)));
    assert_eq!(by("simplified_substitute_payment"), Some(d(2025, 6, 30)));
}

#[test]
fn severance_needs_a_year_of_service_and_fifteen_hours_a_week() {
    let eligible = hints_for(CaseInput {
        hired_on: Some("2022-01-03".into()),
        left_on: Some("2024-06-30".into()),
        weekly_hours: Some(40.0),
        ..intake("2024-07-02", "wage_arrears")
    });
    assert!(codes(&eligible).contains(&"severance_eligible"));
    let short = hints_for(CaseInput {
        hired_on: Some("2024-01-03".into()),
        left_on: Some("2024-06-30".into()),
        weekly_hours: Some(40.0),
        ..intake("2024-07-02", "wage_arrears")
    });
    assert!(codes(&short).contains(&"severance_not_yet"));
    let part_time = hints_for(CaseInput {
        hired_on: Some("2020-01-03".into()),
        weekly_hours: Some(12.0),
        ..intake("2024-07-02", "wage_arrears")
    });
    let c = codes(&part_time);
    assert!(
        c.contains(&"under15_hours") && !c.contains(&"severance_eligible"),
        "{c:?}"
    );
}

#[test]
fn a_wage_below_the_minimum_of_its_year_is_flagged() {
    let hints = hints_for(CaseInput {
        monthly_wage: Some(1_900_000),
        weekly_hours: Some(40.0),
        left_on: Some("2024-05-31".into()),
        ..intake("2024-06-03", "wage_arrears")
    });
    let h = hints
        .iter()
        .find(|h| h.code == "below_minimum_wage")
        .expect("1,900,000 / 209 h < 9,860");
    assert!(h.message.contains("9,860"), "{}", h.message);
    let fine = hints_for(CaseInput {
        monthly_wage: Some(2_100_000),
        weekly_hours: Some(40.0),
        ..intake("2024-06-03", "wage_arrears")
    });
    assert!(!codes(&fine).contains(&"below_minimum_wage"));
}

#[test]
fn a_denied_accident_claim_shows_the_ninety_day_appeal() {
    let mut s = store();
    let case = s
        .create_case(&CaseInput {
            injury_on: Some("2024-03-02".into()),
            ..intake("2024-03-10", "industrial_accident")
        })
        .unwrap();
    s.add_remedy(
        &case.id,
        &RemedyInput {
            channel: Some("welfare_insurance".into()),
            filed_on: Some("2024-04-01".into()),
            concluded_on: Some("2024-10-15".into()),
            outcome: Some("불승인".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let hints = s.case_hints(&case.id).unwrap();
    let by = |code| {
        hints
            .iter()
            .find(|h| h.code == code)
            .and_then(|h| h.deadline)
    };
    assert_eq!(by("accident_appeal"), Some(d(2025, 1, 13)));
    assert_eq!(by("accident_claim"), Some(d(2027, 3, 2)));
}

#[test]
fn a_dismissal_without_written_notice_and_a_low_wage_get_their_hints() {
    let hints = hints_for(CaseInput {
        workplace_size: Some("30to99".into()),
        written_notice: Some(false),
        monthly_wage: Some(2_500_000),
        hired_on: Some("2023-01-02".into()),
        left_on: Some("2024-11-01".into()),
        ..intake("2024-11-04", "dismissal")
    });
    let c = codes(&hints);
    for code in [
        "no_written_notice",
        "free_representation",
        "dismissal_notice_allowance",
        "dismissal_remedy_deadline",
    ] {
        assert!(c.contains(&code), "{code} missing from {c:?}");
    }
}

#[test]
fn a_filing_deadline_disappears_once_the_proceeding_is_filed() {
    let mut s = store();
    let case = s
        .create_case(&CaseInput {
            workplace_size: Some("10to29".into()),
            left_on: Some("2024-10-01".into()),
            ..intake("2024-10-05", "dismissal")
        })
        .unwrap();
    assert!(codes(&s.case_hints(&case.id).unwrap()).contains(&"dismissal_remedy_deadline"));
    s.add_remedy(
        &case.id,
        &RemedyInput {
            channel: Some("노동위원회".into()),
            filed_on: Some("2024-10-20".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(
        !codes(&s.case_hints(&case.id).unwrap()).contains(&"dismissal_remedy_deadline"),
        "filed: no D-day to chase"
    );
}

#[test]
fn a_low_paid_wage_claim_is_referred_to_free_litigation_and_the_substitute_payment() {
    let hints = hints_for(CaseInput {
        monthly_wage: Some(3_999_999),
        unpaid_amount: Some(9_000_000),
        left_on: Some("2024-06-30".into()),
        ..intake("2024-07-02", "wage_arrears")
    });
    let message = |code| {
        hints
            .iter()
            .find(|h| h.code == code)
            .map(|h| (h.level, h.message.clone()))
            .unwrap_or_else(|| panic!("{code} missing from {:?}", codes(&hints)))
    };
    let (level, aid) = message("legal_aid_litigation");
    assert_eq!(level, HintLevel::Info);
    assert!(
        aid.contains("3,999,999원(400만원 미만)"),
        "the condition is shown: {aid}"
    );
    let (_, paid) = message("substitute_payment_referral");
    assert!(
        paid.contains("합계 1,000만원")
            && paid.contains("체불액 9,000,000원")
            && paid.contains("7,000,000원까지"),
        "the ceilings and what they give: {paid}"
    );
}

#[test]
fn the_referrals_hold_to_their_thresholds() {
    // 400만원 is not under 400만원; a dismissal at 300만원 is not under 300만원.
    let at_limit = codes(&hints_for(CaseInput {
        monthly_wage: Some(4_000_000),
        left_on: Some("2024-06-30".into()),
        ..intake("2024-07-02", "wage_arrears")
    }));
    assert!(!at_limit.contains(&"legal_aid_litigation"), "{at_limit:?}");
    let dismissal = codes(&hints_for(CaseInput {
        workplace_size: Some("10to29".into()),
        monthly_wage: Some(3_000_000),
        left_on: Some("2024-10-01".into()),
        ..intake("2024-10-05", "dismissal")
    }));
    assert!(!dismissal.contains(&"free_representation"), "{dismissal:?}");
    assert!(
        !dismissal.contains(&"legal_aid_litigation"),
        "a dismissal without a wage claim: {dismissal:?}"
    );
    // 간이대지급금 ceilings exist for a 퇴직일 from 2021-10-14 only.
    let before = codes(&hints_for(CaseInput {
        left_on: Some("2021-10-13".into()),
        ..intake("2021-10-20", "wage_arrears")
    }));
    assert!(
        !before.contains(&"substitute_payment_referral"),
        "{before:?}"
    );
    let from = codes(&hints_for(CaseInput {
        left_on: Some("2021-10-14".into()),
        ..intake("2021-10-20", "wage_arrears")
    }));
    assert!(from.contains(&"substitute_payment_referral"), "{from:?}");
}
