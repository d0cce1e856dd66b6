//! 자격·기한 안내: eligibility hints and deadlines a counselor sees on a case, computed from its
//! labor facts. Hints inform; they never block a save or change a record.
//!
//! Thresholds live in `RULES`, dated, so a case is judged by the rule in force on its date
//! (minimum wage by year) and a change of law is one new row, not a code change.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::codes::*;
use super::dates::months_after;
use super::entitlements::{
    group_digits, hourly_wage, minimum_wage, substitute_ceilings, substitute_payment, whole_months,
};
use super::records::{Case, Remedy};

/// The thresholds of the referral hints.
#[derive(Debug, Clone, Copy)]
pub struct Rules {
    /// 노동위원회 권리구제 업무대행 (노동위원회법 제6조의2, 시행령 제2조의2: 월평균임금
    /// 300만원 미만, 부당해고 등): monthly wage under this many won.
    pub free_representation_wage: i64,
    /// 대한법률구조공단 임금체불 근로자 무료 법률구조 (법률구조법, 공단 법률구조사업규칙 별표:
    /// 월평균임금 400만원 미만): monthly wage under this many won.
    pub legal_aid_wage: i64,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            free_representation_wage: 3_000_000,
            legal_aid_wage: 4_000_000,
        }
    }
}

/// 만원 for a threshold in a sentence: 3,000,000 → "300만원".
fn man_won(won: i64) -> String {
    format!("{}만원", group_digits(won / 10_000))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum HintLevel {
    /// Something the law does not give this client.
    Warning,
    /// A time limit; `deadline` is set.
    Deadline,
    /// Something the client may be entitled to.
    Info,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Hint {
    /// Stable key, for the UI's message catalogue and for tests.
    pub code: &'static str,
    pub level: HintLevel,
    /// The Korean sentence a counselor reads.
    pub message: String,
    /// The provision it rests on.
    pub law: &'static str,
    pub deadline: Option<NaiveDate>,
    /// Days from today to the deadline (negative when past).
    pub days_left: Option<i64>,
}

fn deadline(
    code: &'static str,
    message: String,
    law: &'static str,
    due: NaiveDate,
    today: NaiveDate,
) -> Hint {
    Hint {
        code,
        level: HintLevel::Deadline,
        message,
        law,
        deadline: Some(due),
        days_left: Some((due - today).num_days()),
    }
}

fn note(
    code: &'static str,
    level: HintLevel,
    message: impl Into<String>,
    law: &'static str,
) -> Hint {
    Hint {
        code,
        level,
        message: message.into(),
        law,
        deadline: None,
        days_left: None,
    }
}

/// Every hint for `case` on `today`.
pub fn hints(case: &Case, remedies: &[Remedy], today: NaiveDate, rules: &Rules) -> Vec<Hint> {
    let mut out = Vec::new();
    let facts = &case.facts;
    let categories: Vec<Category> = std::iter::once(case.primary_category)
        .chain(case.secondary_categories.iter().copied())
        .collect();
    let about = |c: Category| categories.contains(&c);
    // A filing deadline is moot once the proceeding has been filed.
    let filed_with = |channel: RemedyChannel| remedies.iter().any(|r| r.channel == channel);

    if case.profile.workplace_size == WorkplaceSize::Under5 {
        out.push(note(
            "under5_exclusions",
            HintLevel::Warning,
            "상시 5인 미만 사업장: 부당해고 구제신청(제23조①·제28조), 해고 서면통지(제27조), 연장·야간·휴일 가산수당(제56조), 연차휴가(제60조), 직장 내 괴롭힘 조치의무(제76조의2·3)가 적용되지 않습니다.",
            "근로기준법 제11조, 시행령 별표1",
        ));
        out.push(note(
            "under5_still_applies",
            HintLevel::Info,
            "5인 미만이어도 해고예고(제26조), 금품청산(제36조), 주휴(제55조), 최저임금, 퇴직금은 적용됩니다.",
            "근로기준법 시행령 별표1",
        ));
    }

    if let Some(hours) = facts.weekly_hours.filter(|h| *h < 15.0) {
        out.push(note(
            "under15_hours",
            HintLevel::Warning,
            format!("주 {hours}시간(15시간 미만): 주휴수당, 연차휴가, 퇴직금이 적용되지 않습니다."),
            "근로기준법 제18조③",
        ));
    }

    if let Some(left) = facts.left_on {
        if about(Category::Dismissal)
            && case.profile.workplace_size != WorkplaceSize::Under5
            && !filed_with(RemedyChannel::LaborCommission)
        {
            // 민법 제157·160조: the first day is not counted and the period ends the day before
            // the matching day of the month after the start, i.e. on left_on + 3 months.
            let due = months_after(left, 3);
            out.push(deadline(
                "dismissal_remedy_deadline",
                format!("부당해고 구제신청 기한: 해고일({left})부터 3개월 이내 ({due}까지)"),
                "근로기준법 제28조②",
                due,
                today,
            ));
        }
        if about(Category::WageArrears) {
            let due = months_after(left, 36);
            out.push(deadline(
                "wage_prescription",
                format!("임금·퇴직금 청구권 소멸시효 3년: 퇴직일({left}) 기준 {due}까지 (각 임금의 지급일부터 진행하므로 오래된 임금은 더 빠릅니다)"),
                "근로기준법 제49조, 퇴직급여법 제10조",
                due,
                today,
            ));
            let due = months_after(left, 12);
            if !filed_with(RemedyChannel::LaborOffice)
                && !filed_with(RemedyChannel::WelfareInsurance)
            {
                out.push(deadline(
                    "simplified_substitute_payment",
                    format!("간이대지급금: 퇴직일({left})부터 1년 이내 진정 제기 ({due}까지)"),
                    "임금채권보장법 시행령 제24조",
                    due,
                    today,
                ));
            }
            if let Some(caps) = substitute_ceilings(left) {
                let paid = facts
                    .unpaid_amount
                    .map(|unpaid| (unpaid, substitute_payment(unpaid, 0, left)));
                let owed = match paid {
                    Some((unpaid, Ok(paid))) => format!(
                        " 체불액 {}원이 모두 최종 3개월분 임금이라면 {}원까지.",
                        group_digits(unpaid),
                        group_digits(paid.total)
                    ),
                    _ => String::new(),
                };
                out.push(note(
                    "substitute_payment_referral",
                    HintLevel::Info,
                    format!(
                        "퇴직자 간이대지급금: 최종 3개월분 임금과 최종 3년분 퇴직금 중 체불액을 국가가 먼저 지급합니다(임금 {}, 퇴직금 {}, 합계 {} 한도). 진정 후 노동청의 체불임금등·사업주확인서를 받아 6개월 이내에 근로복지공단에 신청합니다.{owed}",
                        man_won(caps.wages),
                        man_won(caps.severance),
                        man_won(caps.total)
                    ),
                    "임금채권보장법 제7조①4, 시행령 제7조의2",
                ));
            }
        }
    }

    if let Some(hired) = facts.hired_on {
        let until = facts.left_on.unwrap_or(today);
        let months = whole_months(hired, until);
        match facts.weekly_hours {
            Some(h) if h >= 15.0 && months >= 12 => out.push(note(
                "severance_eligible",
                HintLevel::Info,
                format!(
                    "퇴직금 대상: 계속근로 {}년 {}개월, 주 {h}시간(4주 평균 15시간 이상)",
                    months / 12,
                    months % 12
                ),
                "퇴직급여법 제4조",
            )),
            Some(h) if h >= 15.0 => out.push(note(
                "severance_not_yet",
                HintLevel::Warning,
                format!("계속근로 {months}개월: 1년 미만이라 퇴직금이 발생하지 않습니다."),
                "퇴직급여법 제4조",
            )),
            _ => {}
        }
        if about(Category::Dismissal) && months >= 3 {
            out.push(note(
                "dismissal_notice_allowance",
                HintLevel::Info,
                "계속근로 3개월 이상: 30일 전에 예고하지 않은 해고라면 30일분 통상임금(해고예고수당)을 청구할 수 있습니다.",
                "근로기준법 제26조",
            ));
        }
    }

    if about(Category::Dismissal)
        && facts.written_notice == Some(false)
        && case.profile.workplace_size != WorkplaceSize::Under5
    {
        out.push(note(
            "no_written_notice",
            HintLevel::Info,
            "해고 사유와 시기를 서면으로 통지받지 못했다면 그 해고는 효력이 없습니다.",
            "근로기준법 제27조",
        ));
    }

    if let Some(injury) = facts.injury_on {
        let due = months_after(injury, 36);
        out.push(deadline(
            "accident_claim",
            format!("산재 보험급여 청구: 재해일({injury})부터 3년 이내 ({due}까지)"),
            "산업재해보상보험법 제112조",
            due,
            today,
        ));
    }
    for r in remedies {
        if let (RemedyChannel::WelfareInsurance, Some(RemedyOutcome::Denied), Some(decided)) =
            (r.channel, r.outcome, r.concluded_on)
        {
            let due = decided + chrono::Duration::days(90);
            out.push(deadline(
                "accident_appeal",
                format!("불승인 결정({decided})에 대한 심사청구: 90일 이내 ({due}까지)"),
                "산업재해보상보험법 제103조",
                due,
                today,
            ));
        }
    }

    if case.sub_type.as_deref() == Some("비정규직 차별") {
        out.push(note(
            "discrimination_window",
            HintLevel::Warning,
            "차별시정 신청은 차별적 처우가 있은 날(계속되는 경우 종료일)부터 6개월 이내입니다.",
            "기간제법 제9조",
        ));
    }

    if let Some(wage) = facts.monthly_wage {
        if about(Category::Dismissal) && wage < rules.free_representation_wage {
            out.push(note(
                "free_representation",
                HintLevel::Info,
                format!(
                    "월 임금 {}원({} 미만): 노동위원회 권리구제 업무대행(무료 공인노무사)을 신청할 수 있습니다.",
                    group_digits(wage),
                    man_won(rules.free_representation_wage)
                ),
                "노동위원회법 제6조의2",
            ));
        }
        if about(Category::WageArrears) && wage < rules.legal_aid_wage {
            out.push(note(
                "legal_aid_litigation",
                HintLevel::Info,
                format!(
                    "월 임금 {}원({} 미만): 대한법률구조공단의 체불임금 무료 소송(법률구조)을 받을 수 있습니다. 노동청의 체불임금등·사업주확인서가 필요합니다.",
                    group_digits(wage),
                    man_won(rules.legal_aid_wage)
                ),
                "법률구조법, 대한법률구조공단 법률구조사업규칙",
            ));
        }
        let on = facts.left_on.unwrap_or(case.received_on);
        if let (Some(hours), Some(minimum)) = (facts.weekly_hours, minimum_wage(on)) {
            if let Some(hourly) = hourly_wage(wage, hours).filter(|h| *h < minimum) {
                out.push(note(
                    "below_minimum_wage",
                    HintLevel::Warning,
                    format!(
                        "시간급 환산 약 {}원: {}년 최저임금 {}원에 못 미칩니다.",
                        group_digits(hourly),
                        on.year(),
                        group_digits(minimum)
                    ),
                    "최저임금법 제6조",
                ));
            }
        }
    }
    out
}
