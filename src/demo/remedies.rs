//! The demo's scripted proceedings: the published T1 figures depend on exactly these dates.

use chrono::NaiveDate;

use crate::domain::*;

/// One scripted proceeding: the figures above depend on exactly these dates.
pub(super) struct ScriptedRemedy {
    pub(super) channel: RemedyChannel,
    pub(super) procedure: &'static str,
    pub(super) category: Category,
    pub(super) filed_on: NaiveDate,
    pub(super) concluded_on: Option<NaiveDate>,
    pub(super) outcome: Option<RemedyOutcome>,
    pub(super) claimed: Option<i64>,
    pub(super) recovered: Option<i64>,
    pub(super) on_deleted_case: bool,
}

use Category as C;
use RemedyChannel as Ch;
use RemedyOutcome as O;

/// The scripted proceedings, one a line: channel, procedure, category of the case, filed,
/// concluded, outcome, claimed, recovered, and whether the case is deleted.
#[rustfmt::skip]
const SCRIPTED_REMEDIES: &[ScriptedRow] = &[
    // 완료 in the period (14); the first concluded on 1 January exactly.
    (Ch::LaborOffice, "진정", C::WageArrears, "2023-11-06", Some("2024-01-01"), Some(O::Paid), Some(3_200_000), Some(3_200_000), false),
    (Ch::LaborOffice, "진정", C::WageArrears, "2023-12-11", Some("2024-02-20"), Some(O::Paid), Some(5_400_000), Some(4_000_000), false),
    (Ch::LaborCommission, "부당해고 구제신청", C::Dismissal, "2023-12-04", Some("2024-03-15"), Some(O::Recognized), None, None, false),
    (Ch::LaborOffice, "진정", C::WageArrears, "2024-01-22", Some("2024-03-29"), Some(O::Paid), Some(2_100_000), Some(2_100_000), false),
    (Ch::LaborOffice, "진정", C::WageArrears, "2024-02-13", Some("2024-04-30"), Some(O::Withdrawn), Some(1_800_000), None, false),
    (Ch::LaborOffice, "고소", C::WageArrears, "2024-03-05", Some("2024-06-21"), Some(O::Prosecuted), Some(9_600_000), None, false),
    (Ch::LaborOffice, "진정(직장 내 괴롭힘)", C::Harassment, "2024-04-08", Some("2024-07-12"), Some(O::Recognized), None, None, false),
    (Ch::LaborCommission, "부당해고 구제신청", C::Dismissal, "2024-02-26", Some("2024-05-24"), Some(O::Settled), Some(6_000_000), Some(4_500_000), false),
    (Ch::LaborCommission, "부당해고 구제신청", C::Dismissal, "2024-04-15", Some("2024-07-30"), Some(O::Dismissed), None, None, false),
    (Ch::WelfareInsurance, "산재 요양급여 신청", C::IndustrialAccident, "2024-01-30", Some("2024-05-10"), Some(O::Approved), None, None, false),
    (Ch::WelfareInsurance, "간이대지급금 신청", C::WageArrears, "2024-03-18", Some("2024-06-07"), Some(O::Paid), Some(7_800_000), Some(7_800_000), false),
    (Ch::WelfareInsurance, "산재 불승인 심사청구", C::IndustrialAccident, "2024-05-02", Some("2024-08-23"), Some(O::Denied), None, None, false),
    (Ch::Other, "지급명령", C::WageArrears, "2024-02-05", Some("2024-04-03"), Some(O::Recognized), Some(4_300_000), Some(4_300_000), false),
    (Ch::Other, "소송구조(대한법률구조공단)", C::WageArrears, "2023-10-16", Some("2024-08-30"), Some(O::Partial), Some(12_000_000), Some(8_000_000), false),
    // 진행 on 31 August (7): 노동청 신규 2 · 이월 1, 노동위원회 신규 1 · 이월 2, 기타 이월 1.
    (Ch::LaborOffice, "진정", C::WageArrears, "2024-05-13", None, None, Some(2_750_000), None, false),
    (Ch::LaborOffice, "진정", C::WageArrears, "2024-07-22", None, None, Some(1_430_000), None, false),
    (Ch::LaborOffice, "고소", C::WageArrears, "2023-11-20", None, None, Some(15_000_000), None, false),
    // Concluded after the as-of date: still 진행 on 31 August.
    (Ch::LaborCommission, "부당해고 구제신청", C::Dismissal, "2024-08-12", Some("2024-09-10"), Some(O::Settled), Some(3_000_000), Some(3_000_000), false),
    (Ch::LaborCommission, "재심 신청(중앙노동위원회)", C::Dismissal, "2023-10-05", None, None, None, None, false),
    (Ch::LaborCommission, "부당노동행위 구제신청", C::Union, "2023-12-18", None, None, None, None, false),
    (Ch::Other, "민사소송(임금)", C::WageArrears, "2023-09-01", None, None, Some(21_000_000), None, false),
    // Must not count: concluded before 1 January, filed after 31 August.
    (Ch::LaborOffice, "진정", C::WageArrears, "2023-06-12", Some("2023-09-08"), Some(O::Paid), Some(1_900_000), Some(1_900_000), false),
    (Ch::WelfareInsurance, "실업급여 수급자격 확인", C::SocialInsurance, "2023-08-01", Some("2023-12-29"), Some(O::Approved), None, None, false),
    (Ch::LaborOffice, "진정", C::WageArrears, "2024-09-05", None, None, Some(3_300_000), None, false),
    (Ch::LaborCommission, "부당해고 구제신청", C::Dismissal, "2024-10-14", None, None, None, None, false),
    // Must not count: the proceeding of a deleted case.
    (Ch::LaborOffice, "진정", C::WageArrears, "2024-04-10", None, None, Some(800_000), None, true),
];

type ScriptedRow = (
    RemedyChannel,
    &'static str,
    Category,
    &'static str,
    Option<&'static str>,
    Option<RemedyOutcome>,
    Option<i64>,
    Option<i64>,
    bool,
);

pub(super) fn scripted_remedies() -> Vec<ScriptedRemedy> {
    let date = |text: &str| -> NaiveDate { text.parse().expect("a scripted date is a real day") };
    SCRIPTED_REMEDIES
        .iter()
        .map(
            |&(
                channel,
                procedure,
                category,
                filed,
                concluded,
                outcome,
                claimed,
                recovered,
                on_deleted_case,
            )| {
                ScriptedRemedy {
                    channel,
                    procedure,
                    category,
                    filed_on: date(filed),
                    concluded_on: concluded.map(date),
                    outcome,
                    claimed,
                    recovered,
                    on_deleted_case,
                }
            },
        )
        .collect()
}
