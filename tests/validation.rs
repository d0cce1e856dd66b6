//! Every validation rule, with the Korean message naming the field, and nothing half-saved.

use labordesk::domain::{RemedyConclusion, RemedyInput, SessionInput};
use labordesk::{CaseInput, Error};

use crate::common::*;

fn fields(err: Error) -> Vec<String> {
    match err {
        Error::Invalid(f) => f.into_iter().map(|f| f.field).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[test]
fn received_on_and_primary_category_are_required() {
    let mut s = store();
    let err = s.create_case(&CaseInput::default()).unwrap_err();
    assert_eq!(err.code(), "invalid");
    let msg = err.to_string();
    assert!(
        msg.contains("접수일 — 필수 항목입니다") && msg.contains("상담유형 — 필수 항목입니다"),
        "{msg}"
    );
    assert_eq!(fields(err), ["received_on", "primary_category"]);
    assert_eq!(s.count_cases().unwrap(), 0, "nothing saved");
}

#[test]
fn a_date_after_tomorrow_is_refused_but_tomorrow_is_accepted() {
    let mut s = store(); // today is 2024-11-30
    let err = s.create_case(&intake("2024-12-02", "other")).unwrap_err();
    assert!(err.to_string().contains("내일 이후"), "{err}");
    assert!(
        s.create_case(&intake("2024-12-01", "other")).is_ok(),
        "a booth laptop a day behind still saves"
    );
}

#[test]
fn an_impossible_or_malformed_date_is_named() {
    let mut s = store();
    let err = s.create_case(&intake("2024-02-30", "other")).unwrap_err();
    assert!(
        err.to_string().contains("2024-02-30: 달력에 없는 날짜"),
        "{err}"
    );
    let err = s.create_case(&intake("24/3/1", "other")).unwrap_err();
    assert!(err.to_string().contains("YYYY-MM-DD"), "{err}");
}

#[test]
fn closed_on_may_not_precede_received_on() {
    let mut s = store();
    let mut c = intake("2024-05-10", "other");
    c.closed_on = Some("2024-05-09".into());
    c.outcome = Some("info".into());
    assert_eq!(fields(s.create_case(&c).unwrap_err()), ["closed_on"]);
    let case = s.create_case(&intake("2024-05-10", "other")).unwrap();
    let err = s
        .close_case(&case.id, "info", Some("2024-05-01"))
        .unwrap_err();
    assert!(err.to_string().contains("종결일"), "{err}");
    assert!(
        s.get_case(&case.id).unwrap().case.closed_on.is_none(),
        "still open"
    );
}

#[test]
fn codes_must_come_from_the_lists_and_the_message_lists_them() {
    let mut s = store();
    let mut c = intake("2024-05-10", "임금");
    c.gender = Some("x".into());
    let err = s.create_case(&c).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("'임금'은(는) 목록에 없는 값입니다") && msg.contains("wage_arrears(임금체불)"),
        "{msg}"
    );
    assert_eq!(fields(err), ["primary_category", "gender"]);
}

#[test]
fn amounts_must_not_be_negative() {
    let mut s = store();
    let mut c = intake("2024-05-10", "wage_arrears");
    c.unpaid_amount = Some(-1);
    assert_eq!(fields(s.create_case(&c).unwrap_err()), ["unpaid_amount"]);
    let case = s
        .create_case(&intake("2024-05-10", "wage_arrears"))
        .unwrap();
    let r = RemedyInput {
        channel: Some("노동청".into()),
        filed_on: Some("2024-05-20".into()),
        amount_claimed: Some(-5),
        ..RemedyInput::default()
    };
    assert_eq!(
        fields(s.add_remedy(&case.id, &r).unwrap_err()),
        ["amount_claimed"]
    );
    assert!(
        s.get_case(&case.id).unwrap().remedies.is_empty(),
        "nothing half-saved"
    );
}

#[test]
fn a_remedy_cannot_conclude_before_it_was_filed() {
    let mut s = store();
    let case = s.create_case(&intake("2024-05-10", "dismissal")).unwrap();
    let bad = RemedyInput {
        channel: Some("labor_commission".into()),
        filed_on: Some("2024-06-01".into()),
        concluded_on: Some("2024-05-31".into()),
        outcome: Some("인정".into()),
        ..RemedyInput::default()
    };
    assert_eq!(
        fields(s.add_remedy(&case.id, &bad).unwrap_err()),
        ["concluded_on"]
    );
    let ok = RemedyInput {
        concluded_on: None,
        outcome: None,
        ..bad
    };
    let remedy = s.add_remedy(&case.id, &ok).unwrap();
    let err = s
        .conclude_remedy(
            &remedy.id,
            &RemedyConclusion {
                concluded_on: Some("2024-05-01".into()),
                outcome: Some("recognized".into()),
                amount_recovered: None,
                decision_on: None,
            },
        )
        .unwrap_err();
    assert_eq!(fields(err), ["concluded_on"]);
}

#[test]
fn a_session_cannot_precede_its_case() {
    let mut s = store();
    let case = s.create_case(&intake("2024-05-10", "other")).unwrap();
    let err = s
        .add_session(
            &case.id,
            &SessionInput {
                held_on: Some("2024-05-01".into()),
                ..SessionInput::default()
            },
        )
        .unwrap_err();
    assert_eq!(fields(err), ["held_on"]);
    assert_eq!(
        s.get_case(&case.id).unwrap().sessions.len(),
        1,
        "only the intake session"
    );
}

#[test]
fn the_serialized_error_is_what_the_ui_branches_on() {
    let mut s = store();
    let err = s.create_case(&intake("2024-13-01", "other")).unwrap_err();
    let json = serde_json::to_value(&err).unwrap();
    assert_eq!(json["code"], "invalid");
    assert_eq!(json["fields"][0]["field"], "received_on");
    assert!(json["fields"][0]["message"]
        .as_str()
        .unwrap()
        .starts_with("접수일 — "));
}

#[test]
fn a_child_under_14_is_recorded_by_name_only_with_a_guardians_consent() {
    let mut s = store();
    let child = CaseInput {
        client_name: Some("김어린".into()),
        client_birth_year: Some(2012),
        ..intake("2024-11-01", "wage_arrears")
    };
    assert_eq!(
        fields(s.create_case(&child).unwrap_err()),
        ["guardian_consent"]
    );
    let anonymous = CaseInput {
        client_name: None,
        ..child.clone()
    };
    assert!(
        s.create_case(&anonymous).is_ok(),
        "a child may be counseled anonymously"
    );
    let with_consent = CaseInput {
        guardian_consent: Some(true),
        consent_method: Some("서면".into()),
        ..child
    };
    let case = s.create_case(&with_consent).unwrap();
    assert_eq!(case.consent.guardian, Some(true));
    assert_eq!(
        case.consent.consent_on,
        Some(d(2024, 11, 1)),
        "consent dated the day received by default"
    );
    assert_eq!(
        case.consent.method,
        Some(labordesk::domain::ConsentMethod::Written)
    );
}

#[test]
fn an_employers_registration_number_is_checked_and_its_headcount_sets_the_size() {
    let mut s = store();
    let case = s
        .create_case(&CaseInput {
            employer_reg_no: Some("124 81 00998".into()),
            employer_headcount: Some(7),
            ..intake("2024-11-01", "wage_arrears")
        })
        .unwrap();
    assert_eq!(case.employer.reg_no.as_deref(), Some("124-81-00998"));
    assert_eq!(
        case.profile.workplace_size,
        labordesk::domain::WorkplaceSize::From5To9,
        "the band follows the headcount when it was left unknown"
    );
    for (bad, says) in [
        ("124-81-00997", "검증번호가 맞지 않습니다"),
        ("124-81-0099", "숫자 10자리여야 합니다 (9자리)"),
        ("12a-81-00998", "숫자 10자리여야 합니다"),
    ] {
        let err = s
            .create_case(&CaseInput {
                employer_reg_no: Some(bad.into()),
                ..intake("2024-11-01", "wage_arrears")
            })
            .unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("사업자등록번호") && msg.contains(says),
            "{bad}: {msg}"
        );
    }
    let err = s
        .create_case(&CaseInput {
            employer_headcount: Some(-1),
            ..intake("2024-11-01", "wage_arrears")
        })
        .unwrap_err();
    assert!(err.to_string().contains("상시근로자 수"), "{err}");
    // A size the counselor chose stays, whatever the headcount.
    let chosen = s
        .create_case(&CaseInput {
            workplace_size: Some("under5".into()),
            employer_headcount: Some(7),
            ..intake("2024-11-01", "wage_arrears")
        })
        .unwrap();
    assert_eq!(
        chosen.profile.workplace_size,
        labordesk::domain::WorkplaceSize::Under5
    );
}
