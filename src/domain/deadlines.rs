//! 기한: the next deadline of a proceeding, from the rules that follow a decision, or as entered.
//!
//! A decision received on a proceeding opens the next step's window: 중앙노동위원회 재심 within
//! 10 days of receiving the 지방노동위원회's decision, 행정소송 within 15 days of receiving the
//! 재심 decision, 심사청구 within 90 days of learning of a 근로복지공단 refusal. The case's own
//! time limits (구제신청 3개월, 소멸시효 3년, 간이대지급금 1년) are its eligibility hints
//! (`eligibility.rs`); both read the same facts.
//!
//! Days are counted as 민법 제157조 says (the first day is not counted, so 10 days from 3 May
//! end on 13 May). A period whose last day is a Saturday or a public holiday ends on the next
//! working day (민법 제161조); the date shown is the plain one, the earlier and safe day, and the
//! rule text says so. A calculation to help the counselor, not a legal decision.

use chrono::{Duration, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use super::codes::{RemedyChannel, RemedyOutcome};

/// Where a proceeding's next deadline comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineSource {
    /// A rule below, from the day the decision was received.
    Rule,
    /// A date the counselor entered where no rule applies (a hearing, a reply due).
    Entered,
    /// A lead's date in place of the rule's, with a reason.
    Override,
}

/// A proceeding's next deadline and why it is that day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Deadline {
    pub due: NaiveDate,
    pub source: DeadlineSource,
    /// What must be done by then, e.g. "중앙노동위원회 재심 신청"; empty for an entered date.
    pub step: String,
    /// The rule's sentence, or the lead's reason for an override.
    pub note: String,
    /// The provision, for a rule.
    pub law: Option<String>,
}

/// The step a decision opens, with its window in days from the day the decision was received.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Step {
    step: &'static str,
    days: i64,
    law: &'static str,
}

/// 지방노동위원회 → 중앙노동위원회 재심 (근로기준법 제31조①, 노동조합법 제85조①, 기간제법 제14조).
const REEXAMINATION: Step = Step {
    step: "중앙노동위원회 재심 신청",
    days: 10,
    law: "근로기준법 제31조①, 노동조합법 제85조①",
};
/// 중앙노동위원회 재심판정 → 행정소송 (근로기준법 제31조②, 노동조합법 제85조②).
const ADMINISTRATIVE_SUIT: Step = Step {
    step: "행정소송 제기",
    days: 15,
    law: "근로기준법 제31조②, 노동조합법 제85조②",
};
/// 근로복지공단의 불승인 → 심사청구 (산업재해보상보험법 제103조②, 고용보험법 제87조②).
const REVIEW_REQUEST: Step = Step {
    step: "심사청구",
    days: 90,
    law: "산업재해보상보험법 제103조②, 고용보험법 제87조②",
};
/// 심사청구 기각 → 재심사청구 (산업재해보상보험법 제106조②, 고용보험법 제87조②).
const SECOND_REVIEW: Step = Step {
    step: "재심사청구",
    days: 90,
    law: "산업재해보상보험법 제106조②, 고용보험법 제87조②",
};

/// The longest window of any rule: a proceeding whose decision is older than this has none.
pub const LONGEST_WINDOW_DAYS: i64 = 90;
const _: () = assert!(
    LONGEST_WINDOW_DAYS >= REEXAMINATION.days
        && LONGEST_WINDOW_DAYS >= ADMINISTRATIVE_SUIT.days
        && LONGEST_WINDOW_DAYS >= REVIEW_REQUEST.days
        && LONGEST_WINDOW_DAYS >= SECOND_REVIEW.days
);

/// What a proceeding is, as far as its next step goes.
#[derive(Debug, Clone, Copy)]
pub struct ProceedingFacts<'a> {
    pub channel: RemedyChannel,
    pub procedure: Option<&'a str>,
    pub agency: Option<&'a str>,
    pub outcome: Option<RemedyOutcome>,
    /// The day the decision was received (결정서 수령일).
    pub decision_on: Option<NaiveDate>,
}

fn mentions(text: Option<&str>, words: &[&str]) -> bool {
    text.is_some_and(|t| words.iter().any(|w| t.contains(w)))
}

/// The step a received decision opens for the worker, if any: none before a decision, none
/// once the worker won, settled or withdrew.
fn next_step(p: &ProceedingFacts<'_>) -> Option<Step> {
    p.decision_on?;
    let lost_or_unknown = matches!(
        p.outcome,
        None | Some(RemedyOutcome::Dismissed)
            | Some(RemedyOutcome::Rejected)
            | Some(RemedyOutcome::Partial)
            | Some(RemedyOutcome::Denied)
    );
    if !lost_or_unknown {
        return None;
    }
    match p.channel {
        RemedyChannel::LaborCommission => {
            let central = mentions(p.procedure, &["재심"])
                || mentions(p.agency, &["중앙노동위원회", "중노위"]);
            Some(if central {
                ADMINISTRATIVE_SUIT
            } else {
                REEXAMINATION
            })
        }
        // Only a refusal is appealed here; an open application has no window yet.
        RemedyChannel::WelfareInsurance if p.outcome == Some(RemedyOutcome::Denied) => {
            Some(if mentions(p.procedure, &["심사"]) {
                SECOND_REVIEW
            } else {
                REVIEW_REQUEST
            })
        }
        _ => None,
    }
}

/// The rule's deadline for a proceeding, from the day its decision was received.
pub fn rule_deadline(p: &ProceedingFacts<'_>) -> Option<Deadline> {
    let step = next_step(p)?;
    let received = p.decision_on?;
    let due = received + Duration::days(step.days);
    Some(Deadline {
        due,
        source: DeadlineSource::Rule,
        step: step.step.to_string(),
        note: format!(
            "{}: 결정서를 받은 날({received})부터 {}일 이내 ({due}까지). 말일이 토요일·공휴일이면 다음 날까지입니다(민법 제161조).",
            step.step, step.days
        ),
        law: Some(step.law.to_string()),
    })
}

/// The proceeding's next deadline: the lead's override (a date with a reason), else the rule's
/// unless a later proceeding of the case already took the step (`followed`), else the date the
/// counselor entered.
pub fn next_deadline(
    p: &ProceedingFacts<'_>,
    entered: Option<NaiveDate>,
    reason: Option<&str>,
    followed: bool,
) -> Option<Deadline> {
    let entered_deadline = |source, note: &str| {
        entered.map(|due| Deadline {
            due,
            source,
            step: String::new(),
            note: note.to_string(),
            law: None,
        })
    };
    if let Some(reason) = reason.filter(|r| !r.trim().is_empty()) {
        if entered.is_some() {
            return entered_deadline(DeadlineSource::Override, reason);
        }
    }
    match rule_deadline(p) {
        Some(rule) if !followed => Some(rule),
        _ => entered_deadline(DeadlineSource::Entered, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn commission<'a>(procedure: &'a str, outcome: Option<RemedyOutcome>) -> ProceedingFacts<'a> {
        ProceedingFacts {
            channel: RemedyChannel::LaborCommission,
            procedure: Some(procedure),
            agency: Some("서울지방노동위원회"),
            outcome,
            decision_on: Some(d(2024, 5, 3)),
        }
    }

    #[test]
    fn a_regional_decision_gives_ten_days_for_the_central_commission() {
        let rule = rule_deadline(&commission(
            "부당해고 구제신청",
            Some(RemedyOutcome::Dismissed),
        ))
        .unwrap();
        // 민법 제157조: 3 May is not counted; the tenth day is 13 May.
        assert_eq!(rule.due, d(2024, 5, 13));
        assert_eq!(rule.step, "중앙노동위원회 재심 신청");
        assert!(rule.law.unwrap().contains("제31조①"));
        assert!(rule.note.contains("10일 이내"), "{}", rule.note);
    }

    #[test]
    fn a_central_decision_gives_fifteen_days_for_a_suit() {
        let rule = rule_deadline(&commission(
            "재심 신청(중앙노동위원회)",
            Some(RemedyOutcome::Dismissed),
        ))
        .unwrap();
        assert_eq!(
            (rule.due, rule.step.as_str()),
            (d(2024, 5, 18), "행정소송 제기")
        );
        let by_agency = ProceedingFacts {
            agency: Some("중앙노동위원회"),
            procedure: Some("부당해고"),
            ..commission("", None)
        };
        assert_eq!(rule_deadline(&by_agency).unwrap().due, d(2024, 5, 18));
    }

    #[test]
    fn a_win_a_settlement_or_no_decision_opens_no_window() {
        for outcome in [
            RemedyOutcome::Recognized,
            RemedyOutcome::Settled,
            RemedyOutcome::Withdrawn,
        ] {
            assert_eq!(
                rule_deadline(&commission("부당해고 구제신청", Some(outcome))),
                None
            );
        }
        let undecided = ProceedingFacts {
            decision_on: None,
            ..commission("부당해고 구제신청", None)
        };
        assert_eq!(rule_deadline(&undecided), None);
        // Received but not yet recorded as won or lost: the window is shown.
        assert!(rule_deadline(&commission("부당해고 구제신청", None)).is_some());
        // A petition to the labor office has no statutory next step.
        let office = ProceedingFacts {
            channel: RemedyChannel::LaborOffice,
            ..commission("진정", Some(RemedyOutcome::Dismissed))
        };
        assert_eq!(rule_deadline(&office), None);
    }

    #[test]
    fn a_refusal_of_the_welfare_service_gives_ninety_days() {
        let refusal = ProceedingFacts {
            channel: RemedyChannel::WelfareInsurance,
            procedure: Some("산재 요양급여 신청"),
            agency: None,
            outcome: Some(RemedyOutcome::Denied),
            decision_on: Some(d(2024, 5, 10)),
        };
        let rule = rule_deadline(&refusal).unwrap();
        assert_eq!((rule.due, rule.step.as_str()), (d(2024, 8, 8), "심사청구"));
        let review = ProceedingFacts {
            procedure: Some("산재 불승인 심사청구"),
            ..refusal
        };
        assert_eq!(rule_deadline(&review).unwrap().step, "재심사청구");
        let approved = ProceedingFacts {
            outcome: Some(RemedyOutcome::Approved),
            ..refusal
        };
        assert_eq!(rule_deadline(&approved), None);
    }

    #[test]
    fn an_override_needs_a_reason_and_a_later_step_ends_the_rule() {
        let p = commission("부당해고 구제신청", Some(RemedyOutcome::Dismissed));
        let lead =
            next_deadline(&p, Some(d(2024, 5, 20)), Some("결정서 송달일 정정"), false).unwrap();
        assert_eq!(
            (lead.due, lead.source, lead.note.as_str()),
            (
                d(2024, 5, 20),
                DeadlineSource::Override,
                "결정서 송달일 정정"
            )
        );
        // Without a reason the rule stands over an old entered date.
        let rule = next_deadline(&p, Some(d(2024, 4, 1)), None, false).unwrap();
        assert_eq!(
            (rule.due, rule.source),
            (d(2024, 5, 13), DeadlineSource::Rule)
        );
        // 재심 filed: the window is used; an entered date remains.
        assert_eq!(next_deadline(&p, None, None, true), None);
        let entered = next_deadline(&p, Some(d(2024, 6, 1)), None, true).unwrap();
        assert_eq!(entered.source, DeadlineSource::Entered);
        // No rule: the entered date, whatever the reason field says.
        let office = ProceedingFacts {
            channel: RemedyChannel::LaborOffice,
            decision_on: None,
            ..p
        };
        assert_eq!(
            next_deadline(&office, Some(d(2024, 6, 1)), Some("  "), false).map(|d| d.source),
            Some(DeadlineSource::Entered)
        );
    }
}
