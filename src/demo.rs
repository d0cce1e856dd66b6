//! The demo data set: a year and a half of a mid-sized center's work, through the core API.
//!
//! Built so that T1 as of 2024-08-31 reproduces the city's published figures exactly
//! (../shared/reports.md): 415 cases (60 58 62 7 34 23 171) and 21 remedies (14 완료 + 7 진행;
//! 노동청 2/1, 노동위원회 1/2, 공단 0/0, 기타 0/1), while also holding every kind of record that
//! must not count: cases received in 2023 or after August, deleted cases, remedies concluded
//! before 1 January, remedies filed after the as-of date and a remedy of a deleted case.
//! Everything else (profiles, sessions, outcomes, amounts, outreach) is drawn from a fixed seed,
//! so every run writes the same data.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use rand::rngs::SmallRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};

use crate::domain::*;
use crate::error::{Error, Result};
use crate::gen::weighted;
use crate::store::Store;

/// Cases received 2024-01-01..2024-08-31 by primary category, as published.
pub const PUBLISHED_2024_08_31: [(Category, usize); 7] = [
    (Category::WageArrears, 60),
    (Category::Dismissal, 58),
    (Category::Harassment, 62),
    (Category::Union, 7),
    (Category::SocialInsurance, 34),
    (Category::IndustrialAccident, 23),
    (Category::Other, 171),
];

/// The day the demo center's data stops: cases after August 2024 exist, as they would.
pub const DEMO_LAST_DAY: (i32, u32, u32) = (2024, 11, 29);

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid demo date")
}

/// What `labordesk demo` wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct DemoSummary {
    pub cases: usize,
    pub deleted_cases: usize,
    pub remedies: usize,
    pub outreach_events: usize,
}

struct Planned {
    received_on: NaiveDate,
    category: Category,
    deleted: bool,
}

struct Written {
    id: String,
    received_on: NaiveDate,
    category: Category,
    deleted: bool,
    has_remedy: bool,
}

/// One scripted proceeding: the figures above depend on exactly these dates.
struct ScriptedRemedy {
    channel: RemedyChannel,
    procedure: &'static str,
    category: Category,
    filed_on: NaiveDate,
    concluded_on: Option<NaiveDate>,
    outcome: Option<RemedyOutcome>,
    claimed: Option<i64>,
    recovered: Option<i64>,
    on_deleted_case: bool,
}

fn scripted_remedies() -> Vec<ScriptedRemedy> {
    use Category as C;
    use RemedyChannel::*;
    use RemedyOutcome as O;
    let r = |channel, procedure, category, filed_on, concluded_on, outcome, claimed, recovered| {
        ScriptedRemedy {
            channel,
            procedure,
            category,
            filed_on,
            concluded_on,
            outcome,
            claimed,
            recovered,
            on_deleted_case: false,
        }
    };
    let mut all = vec![
        // 완료 in the period (14); the first concluded on 1 January exactly.
        r(
            LaborOffice,
            "진정",
            C::WageArrears,
            day(2023, 11, 6),
            Some(day(2024, 1, 1)),
            Some(O::Paid),
            Some(3_200_000),
            Some(3_200_000),
        ),
        r(
            LaborOffice,
            "진정",
            C::WageArrears,
            day(2023, 12, 11),
            Some(day(2024, 2, 20)),
            Some(O::Paid),
            Some(5_400_000),
            Some(4_000_000),
        ),
        r(
            LaborCommission,
            "부당해고 구제신청",
            C::Dismissal,
            day(2023, 12, 4),
            Some(day(2024, 3, 15)),
            Some(O::Recognized),
            None,
            None,
        ),
        r(
            LaborOffice,
            "진정",
            C::WageArrears,
            day(2024, 1, 22),
            Some(day(2024, 3, 29)),
            Some(O::Paid),
            Some(2_100_000),
            Some(2_100_000),
        ),
        r(
            LaborOffice,
            "진정",
            C::WageArrears,
            day(2024, 2, 13),
            Some(day(2024, 4, 30)),
            Some(O::Withdrawn),
            Some(1_800_000),
            None,
        ),
        r(
            LaborOffice,
            "고소",
            C::WageArrears,
            day(2024, 3, 5),
            Some(day(2024, 6, 21)),
            Some(O::Prosecuted),
            Some(9_600_000),
            None,
        ),
        r(
            LaborOffice,
            "진정(직장 내 괴롭힘)",
            C::Harassment,
            day(2024, 4, 8),
            Some(day(2024, 7, 12)),
            Some(O::Recognized),
            None,
            None,
        ),
        r(
            LaborCommission,
            "부당해고 구제신청",
            C::Dismissal,
            day(2024, 2, 26),
            Some(day(2024, 5, 24)),
            Some(O::Settled),
            Some(6_000_000),
            Some(4_500_000),
        ),
        r(
            LaborCommission,
            "부당해고 구제신청",
            C::Dismissal,
            day(2024, 4, 15),
            Some(day(2024, 7, 30)),
            Some(O::Dismissed),
            None,
            None,
        ),
        r(
            WelfareInsurance,
            "산재 요양급여 신청",
            C::IndustrialAccident,
            day(2024, 1, 30),
            Some(day(2024, 5, 10)),
            Some(O::Approved),
            None,
            None,
        ),
        r(
            WelfareInsurance,
            "간이대지급금 신청",
            C::WageArrears,
            day(2024, 3, 18),
            Some(day(2024, 6, 7)),
            Some(O::Paid),
            Some(7_800_000),
            Some(7_800_000),
        ),
        r(
            WelfareInsurance,
            "산재 불승인 심사청구",
            C::IndustrialAccident,
            day(2024, 5, 2),
            Some(day(2024, 8, 23)),
            Some(O::Denied),
            None,
            None,
        ),
        r(
            Other,
            "지급명령",
            C::WageArrears,
            day(2024, 2, 5),
            Some(day(2024, 4, 3)),
            Some(O::Recognized),
            Some(4_300_000),
            Some(4_300_000),
        ),
        r(
            Other,
            "소송구조(대한법률구조공단)",
            C::WageArrears,
            day(2023, 10, 16),
            Some(day(2024, 8, 30)),
            Some(O::Partial),
            Some(12_000_000),
            Some(8_000_000),
        ),
        // 진행 on 31 August (7): 노동청 신규 2 · 이월 1, 노동위원회 신규 1 · 이월 2, 기타 이월 1.
        r(
            LaborOffice,
            "진정",
            C::WageArrears,
            day(2024, 5, 13),
            None,
            None,
            Some(2_750_000),
            None,
        ),
        r(
            LaborOffice,
            "진정",
            C::WageArrears,
            day(2024, 7, 22),
            None,
            None,
            Some(1_430_000),
            None,
        ),
        r(
            LaborOffice,
            "고소",
            C::WageArrears,
            day(2023, 11, 20),
            None,
            None,
            Some(15_000_000),
            None,
        ),
        // Concluded after the as-of date: still 진행 on 31 August.
        r(
            LaborCommission,
            "부당해고 구제신청",
            C::Dismissal,
            day(2024, 8, 12),
            Some(day(2024, 9, 10)),
            Some(O::Settled),
            Some(3_000_000),
            Some(3_000_000),
        ),
        r(
            LaborCommission,
            "재심 신청(중앙노동위원회)",
            C::Dismissal,
            day(2023, 10, 5),
            None,
            None,
            None,
            None,
        ),
        r(
            LaborCommission,
            "부당노동행위 구제신청",
            C::Union,
            day(2023, 12, 18),
            None,
            None,
            None,
            None,
        ),
        r(
            Other,
            "민사소송(임금)",
            C::WageArrears,
            day(2023, 9, 1),
            None,
            None,
            Some(21_000_000),
            None,
        ),
        // Must not count: concluded before 1 January, filed after 31 August.
        r(
            LaborOffice,
            "진정",
            C::WageArrears,
            day(2023, 6, 12),
            Some(day(2023, 9, 8)),
            Some(O::Paid),
            Some(1_900_000),
            Some(1_900_000),
        ),
        r(
            WelfareInsurance,
            "실업급여 수급자격 확인",
            C::SocialInsurance,
            day(2023, 8, 1),
            Some(day(2023, 12, 29)),
            Some(O::Approved),
            None,
            None,
        ),
        r(
            LaborOffice,
            "진정",
            C::WageArrears,
            day(2024, 9, 5),
            None,
            None,
            Some(3_300_000),
            None,
        ),
        r(
            LaborCommission,
            "부당해고 구제신청",
            C::Dismissal,
            day(2024, 10, 14),
            None,
            None,
            None,
            None,
        ),
    ];
    // Must not count: the proceeding of a deleted case.
    let mut on_deleted = r(
        LaborOffice,
        "진정",
        C::WageArrears,
        day(2024, 4, 10),
        None,
        None,
        Some(800_000),
        None,
    );
    on_deleted.on_deleted_case = true;
    all.push(on_deleted);
    all
}

/// A realistic spread of categories for years other than the published one.
const CATEGORY_WEIGHTS: [(Category, u32); 7] = [
    (Category::WageArrears, 16),
    (Category::Dismissal, 14),
    (Category::Harassment, 14),
    (Category::Union, 2),
    (Category::SocialInsurance, 8),
    (Category::IndustrialAccident, 6),
    (Category::Other, 40),
];

/// A working day between `from` and `to`: centers open Monday to Friday, booths on Saturdays.
fn working_day(rng: &mut SmallRng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    let span = (to - from).num_days();
    loop {
        let d = from + Duration::days(rng.random_range(0..=span));
        if d.weekday() != Weekday::Sun && (d.weekday() != Weekday::Sat || rng.random_bool(0.3)) {
            return d;
        }
    }
}

fn plan_cases(rng: &mut SmallRng, event_days: &[NaiveDate]) -> Vec<Planned> {
    let mut plan = Vec::new();
    let add = |plan: &mut Vec<Planned>, rng: &mut SmallRng, from, to, category, deleted| {
        plan.push(Planned {
            received_on: working_day(rng, from, to),
            category,
            deleted,
        });
    };
    for (category, count) in PUBLISHED_2024_08_31 {
        for _ in 0..count {
            add(
                &mut plan,
                rng,
                day(2024, 1, 1),
                day(2024, 8, 31),
                category,
                false,
            );
        }
    }
    for _ in 0..612 {
        let c = weighted(rng, &CATEGORY_WEIGHTS);
        add(&mut plan, rng, day(2023, 1, 2), day(2023, 12, 29), c, false);
    }
    for _ in 0..163 {
        let c = weighted(rng, &CATEGORY_WEIGHTS);
        add(
            &mut plan,
            rng,
            day(2024, 9, 2),
            day(DEMO_LAST_DAY.0, DEMO_LAST_DAY.1, DEMO_LAST_DAY.2),
            c,
            false,
        );
    }
    // Entered by mistake and deleted: never counted.
    for _ in 0..9 {
        let c = weighted(rng, &CATEGORY_WEIGHTS);
        add(&mut plan, rng, day(2024, 1, 8), day(2024, 8, 30), c, true);
    }
    // The deleted case that carries a remedy (scripted above).
    plan.push(Planned {
        received_on: day(2024, 4, 2),
        category: Category::WageArrears,
        deleted: true,
    });
    // Booth days: a handful of the month's cases were taken at the event. Moving them within
    // their month keeps every period count as planned.
    for &d in event_days {
        let same_month: Vec<usize> = (0..plan.len())
            .filter(|&i| {
                !plan[i].deleted
                    && plan[i].received_on.year() == d.year()
                    && plan[i].received_on.month() == d.month()
            })
            .collect();
        let n = rng.random_range(4..=8);
        let chosen: Vec<usize> = same_month.choose_multiple(rng, n).copied().collect();
        for i in chosen {
            plan[i].received_on = d;
        }
    }
    plan.sort_by_key(|p| p.received_on);
    plan
}

const SURNAMES: [&str; 20] = [
    "김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권", "황",
    "안", "송", "류", "홍",
];
const SYLLABLES: [&str; 20] = [
    "민", "서", "지", "현", "수", "영", "준", "우", "은", "하", "도", "연", "예", "진", "원", "재",
    "유", "성", "혜", "경",
];
const FOREIGN_NAMES: [(&str, &str); 6] = [
    ("NGUYEN VAN HUNG", "베트남"),
    ("TRAN THI LAN", "베트남"),
    ("BATBAYAR GANBOLD", "몽골"),
    ("SITI RAHMA", "인도네시아"),
    ("SOMCHAI PRASERT", "태국"),
    ("ZHANG WEI", "중국"),
];
const COUNSELORS: [&str; 5] = ["김상담", "이노무", "박권익", "최지원", "정다온"];
const WORKPLACE_PREFIX: [&str; 12] = [
    "한빛",
    "새솔",
    "다온",
    "푸른",
    "미래",
    "대한",
    "성진",
    "우리",
    "하나로",
    "동방",
    "라온",
    "청솔",
];

fn sub_type_and_summary(rng: &mut SmallRng, category: Category) -> (&'static str, String) {
    let months = rng.random_range(1..=6);
    let amount = rng.random_range(12..=900) * 10;
    let (sub, text): (&str, String) = match category {
        Category::WageArrears => [
            ("정기임금", format!("{months}개월분 임금 약 {amount}만원을 받지 못함. 사업주는 경영난을 이유로 지급을 미룸.")),
            ("퇴직금", format!("{}년 근무 후 퇴사했으나 퇴직금 약 {amount}만원 미지급.", months)),
            ("최저임금 미달", "시급이 최저임금에 못 미침. 근로계약서 미작성.".to_string()),
            ("주휴수당", "주 15시간 이상 근무했으나 주휴수당을 받은 적이 없음.".to_string()),
            ("연차수당", "퇴사 시 미사용 연차수당 정산을 거부당함.".to_string()),
        ]
        .choose(rng)
        .expect("non-empty").clone(),
        Category::Dismissal => [
            ("해고", "구두로 내일부터 나오지 말라는 통보를 받음. 해고 사유와 시기를 서면으로 받지 못함.".to_string()),
            ("계약만료·갱신거절", "계약 갱신 기대권이 있었으나 갱신을 거절당함.".to_string()),
            ("권고사직", "권고사직을 거부하자 업무 배제와 대기발령을 받음.".to_string()),
            ("징계", "사소한 지각을 이유로 정직 1개월의 징계를 받음.".to_string()),
            ("해고예고수당", "30일 전 예고 없이 해고되어 해고예고수당을 문의함.".to_string()),
        ]
        .choose(rng)
        .expect("non-empty").clone(),
        Category::Harassment => [
            ("직장 내 괴롭힘", "팀장의 반복적인 폭언과 업무 배제. 회사에 신고했으나 조사가 진행되지 않음.".to_string()),
            ("성희롱", "회식 자리에서 상급자의 성적 발언. 신고 후 불리한 처우를 걱정함.".to_string()),
            ("고객 폭언·감정노동", "고객 응대 중 폭언이 반복되나 회사가 보호 조치를 하지 않음.".to_string()),
        ]
        .choose(rng)
        .expect("non-empty").clone(),
        Category::Union => [
            ("설립·운영", "노동조합 설립 절차와 설립신고 서류를 문의함.".to_string()),
            ("부당노동행위", "노조 가입 직후 부서 이동과 승진 누락을 겪음.".to_string()),
            ("교섭·단체협약", "교섭 요구 사실 공고 절차를 문의함.".to_string()),
        ]
        .choose(rng)
        .expect("non-empty").clone(),
        Category::SocialInsurance => [
            ("실업급여", "자진 퇴사로 처리되어 실업급여를 받을 수 있는지 문의함.".to_string()),
            ("고용보험 자격", "고용보험 미가입 상태로 근무해 피보험자격 확인을 원함.".to_string()),
            ("출산·육아휴직 급여", "육아휴직 급여 신청 요건을 문의함.".to_string()),
        ]
        .choose(rng)
        .expect("non-empty").clone(),
        Category::IndustrialAccident => [
            ("업무상 사고", "작업 중 넘어져 골절. 회사가 공상 처리를 권유함.".to_string()),
            ("업무상 질병", "장시간 반복 작업으로 허리 디스크 진단. 산재 신청 방법 문의.".to_string()),
            ("출퇴근 재해", "출근길 교통사고의 산재 인정 여부 문의.".to_string()),
            ("불승인·장해등급 불복", "산재 불승인 결정에 대한 심사청구 절차 문의.".to_string()),
        ]
        .choose(rng)
        .expect("non-empty").clone(),
        Category::Other => [
            ("근로계약", "근로계약서를 받지 못했고 근로조건이 구두 약속과 다름.".to_string()),
            ("근로시간·휴게", "하루 12시간 근무에 휴게시간이 보장되지 않음.".to_string()),
            ("휴일·휴가·휴직", "연차휴가 사용을 거부당함.".to_string()),
            ("비정규직 차별", "같은 일을 하는 정규직과 상여금 차별.".to_string()),
            ("근로자성(특고·플랫폼)", "배달 플랫폼 종사자로 근로자성 인정 여부 문의.".to_string()),
            ("이주노동", "사업장 변경 신청 절차 문의.".to_string()),
            ("사용자 노무상담", "소규모 사업장 사용자가 취업규칙 작성 방법을 문의함.".to_string()),
            ("생활법률", "임대차 보증금 반환 문제 문의(노동 외 상담).".to_string()),
        ]
        .choose(rng)
        .expect("non-empty").clone(),
    };
    (sub, text)
}

fn code<T: CodeList>(v: T) -> Option<String> {
    Some(v.code().to_string())
}

fn case_input(
    rng: &mut SmallRng,
    p: &Planned,
    event: Option<&OutreachEvent>,
    returning: &mut Vec<(String, String)>,
) -> CaseInput {
    use AgeBand as A;
    use EmploymentType as E;
    use WorkplaceSize as W;
    let foreign = rng.random_bool(0.07);
    let anonymous = rng.random_bool(0.12);
    let (client_name, country) = if anonymous {
        (None, None)
    } else if foreign {
        let (n, c) = FOREIGN_NAMES.choose(rng).expect("non-empty");
        (Some(n.to_string()), Some(c.to_string()))
    } else {
        let name = format!(
            "{}{}{}",
            SURNAMES.choose(rng).expect("non-empty"),
            SYLLABLES.choose(rng).expect("non-empty"),
            SYLLABLES.choose(rng).expect("non-empty")
        );
        (Some(name), None)
    };
    let mut phone = client_name.as_ref().map(|_| {
        format!(
            "010-{:04}-{:04}",
            rng.random_range(2000..9999),
            rng.random_range(0..9999)
        )
    });
    let mut client_name = client_name;
    // About one client in twelve comes back with another problem: one person (명), two cases (건).
    if !anonymous && !foreign && !returning.is_empty() && rng.random_bool(0.08) {
        let (name, known_phone) = returning.choose(rng).expect("non-empty").clone();
        client_name = Some(name);
        phone = Some(known_phone);
    } else if let (false, Some(name), Some(known_phone)) = (foreign, &client_name, &phone) {
        returning.push((name.clone(), known_phone.clone()));
    }
    let industry = weighted(
        rng,
        &[
            (Industry::C, 14),
            (Industry::F, 9),
            (Industry::G, 12),
            (Industry::H, 8),
            (Industry::I, 14),
            (Industry::J, 5),
            (Industry::N, 10),
            (Industry::P, 5),
            (Industry::Q, 10),
            (Industry::S, 5),
            (Industry::M, 3),
            (Industry::Unknown, 5),
        ],
    );
    let workplace_suffix = match industry {
        Industry::C => "정밀",
        Industry::F => "건설",
        Industry::G => "마트",
        Industry::H => "물류",
        Industry::I => "식당",
        Industry::J => "소프트",
        Industry::N => "용역",
        Industry::P => "학원",
        Industry::Q => "요양원",
        _ => "상사",
    };
    let workplace = rng.random_bool(0.85).then(|| {
        format!(
            "{}{}",
            WORKPLACE_PREFIX.choose(rng).expect("non-empty"),
            workplace_suffix
        )
    });
    let (sub_type, summary) = sub_type_and_summary(rng, p.category);
    let intake = match event {
        Some(_) => IntakeMethod::Outreach,
        None => weighted(
            rng,
            &[
                (IntakeMethod::Phone, 45),
                (IntakeMethod::Visit, 28),
                (IntakeMethod::Online, 12),
                (IntakeMethod::Messenger, 10),
                (IntakeMethod::Other, 2),
                (IntakeMethod::Unknown, 3),
            ],
        ),
    };
    let secondary = if rng.random_bool(0.2) {
        let c = weighted(rng, &CATEGORY_WEIGHTS);
        if c != p.category {
            vec![c.code().to_string()]
        } else {
            Vec::new()
        }
    } else {
        Vec::new()
    };
    let size = weighted(
        rng,
        &[
            (W::Under5, 24),
            (W::From5To9, 16),
            (W::From10To29, 18),
            (W::From30To99, 14),
            (W::From100To299, 8),
            (W::From300, 8),
            (W::Unknown, 12),
        ],
    );
    let hired_on = rng
        .random_bool(0.6)
        .then(|| p.received_on - Duration::days(rng.random_range(40..2500)));
    let left_on = hired_on.filter(|_| rng.random_bool(0.6)).map(|hired| {
        (p.received_on - Duration::days(rng.random_range(1..80)))
            .max(hired + Duration::days(30))
            .min(p.received_on)
    });
    CaseInput {
        received_on: Some(p.received_on.to_string()),
        counselor: Some(COUNSELORS.choose(rng).expect("non-empty").to_string()),
        intake_method: code(intake),
        outreach_event_id: event.map(|e| e.id.clone()),
        client_name,
        client_phone: phone,
        client_birth_year: rng.random_bool(0.5).then(|| rng.random_range(1955..2006)),
        client_country: country,
        client_role: code(weighted(
            rng,
            &[
                (ClientRole::Worker, 86),
                (ClientRole::Employer, 5),
                (ClientRole::Family, 5),
                (ClientRole::Union, 2),
                (ClientRole::Unknown, 2),
            ],
        )),
        gender: code(weighted(
            rng,
            &[
                (Gender::Male, 46),
                (Gender::Female, 48),
                (Gender::Unknown, 6),
            ],
        )),
        age_band: code(weighted(
            rng,
            &[
                (A::Teens, 3),
                (A::Twenties, 22),
                (A::Thirties, 21),
                (A::Forties, 18),
                (A::Fifties, 17),
                (A::Sixties, 10),
                (A::SeventyPlus, 3),
                (A::Unknown, 6),
            ],
        )),
        nationality: code(if foreign {
            Nationality::Foreign
        } else if anonymous && rng.random_bool(0.3) {
            Nationality::Unknown
        } else {
            Nationality::Korean
        }),
        employment_type: code(weighted(
            rng,
            &[
                (E::Regular, 38),
                (E::FixedTerm, 17),
                (E::PartTime, 16),
                (E::Dispatched, 3),
                (E::Outsourced, 6),
                (E::Daily, 5),
                (E::Platform, 5),
                (E::Freelance, 3),
                (E::Unknown, 7),
            ],
        )),
        workplace_size: code(size),
        industry: code(industry),
        region: code(weighted(
            rng,
            &[
                (Region::Local, 72),
                (Region::Outside, 22),
                (Region::Unknown, 6),
            ],
        )),
        union_presence: code(weighted(
            rng,
            &[
                (UnionPresence::No, 62),
                (UnionPresence::Yes, 10),
                (UnionPresence::Unknown, 28),
            ],
        )),
        workplace_name: workplace,
        primary_category: code(p.category),
        sub_type: Some(sub_type.to_string()),
        secondary_categories: secondary,
        summary: Some(summary),
        hired_on: hired_on.map(|d| d.to_string()),
        left_on: left_on.map(|d| d.to_string()),
        weekly_hours: rng
            .random_bool(0.5)
            .then(|| f64::from(rng.random_range(8..=60))),
        monthly_wage: rng
            .random_bool(0.5)
            .then(|| rng.random_range(90..=450) * 10_000),
        unpaid_amount: (p.category == Category::WageArrears)
            .then(|| rng.random_range(20..=1500) * 10_000),
        written_notice: (p.category == Category::Dismissal).then(|| rng.random_bool(0.3)),
        ..CaseInput::default()
    }
}

fn outreach_inputs() -> Vec<OutreachEventInput> {
    let e = |d: NaiveDate, place: &str, kind: OutreachKind, visitors: i64, who: [&str; 2]| {
        OutreachEventInput {
            held_on: Some(d.to_string()),
            place: Some(place.to_string()),
            kind: Some(kind.code().to_string()),
            visitor_count: Some(visitors),
            counselors: who.iter().map(|s| s.to_string()).collect(),
            note: None,
        }
    };
    vec![
        e(
            day(2023, 5, 1),
            "노동절 기념 광장 행사",
            OutreachKind::Festival,
            140,
            ["김상담", "이노무"],
        ),
        e(
            day(2023, 10, 12),
            "구로디지털단지역",
            OutreachKind::Subway,
            60,
            ["박권익", "최지원"],
        ),
        e(
            day(2024, 3, 14),
            "신도림역 환승통로",
            OutreachKind::Subway,
            55,
            ["김상담", "정다온"],
        ),
        e(
            day(2024, 4, 18),
            "가산디지털단지 상담차",
            OutreachKind::Van,
            38,
            ["이노무", "박권익"],
        ),
        e(
            day(2024, 5, 1),
            "노동절 기념 광장 행사",
            OutreachKind::Festival,
            160,
            ["김상담", "최지원"],
        ),
        e(
            day(2024, 5, 23),
            "전통시장 상인회관",
            OutreachKind::Workplace,
            25,
            ["정다온", "이노무"],
        ),
        e(
            day(2024, 6, 20),
            "대학가 청년 노동상담 푸드트럭",
            OutreachKind::FoodTruck,
            72,
            ["최지원", "박권익"],
        ),
        e(
            day(2024, 7, 11),
            "물류센터 앞 상담차",
            OutreachKind::Van,
            44,
            ["김상담", "박권익"],
        ),
        e(
            day(2024, 8, 22),
            "여름 청소년 알바 캠페인 부스",
            OutreachKind::Festival,
            90,
            ["정다온", "최지원"],
        ),
        e(
            day(2024, 10, 10),
            "구로디지털단지역",
            OutreachKind::Subway,
            48,
            ["이노무", "정다온"],
        ),
    ]
}

/// Writes the demo data set into an empty store (and names the center if it has no name yet),
/// in one transaction: a failure leaves the store as it was.
pub fn write_demo(store: &mut Store) -> Result<DemoSummary> {
    store.require(crate::store::accounts::Permission::Import)?;
    store.atomically(write_demo_unguarded)
}

fn write_demo_unguarded(store: &mut Store) -> Result<DemoSummary> {
    if store.count_cases()? > 0 {
        return Err(Error::InvalidState(
            "데모 데이터는 사건이 없는 빈 데이터베이스에만 쓸 수 있습니다. 새 파일을 지정해 주세요(--db).".into(),
        ));
    }
    if !store.is_initialized()? {
        store.update_settings(&Settings {
            center_name: "데모 노동권익센터".into(),
            device_letter: "A".into(),
        })?;
    }
    let mut rng = SmallRng::seed_from_u64(0x1abd_e5c0);
    let events: Vec<OutreachEvent> = outreach_inputs()
        .iter()
        .map(|e| store.create_outreach_event(e))
        .collect::<Result<_>>()?;

    let mut written: Vec<Written> = Vec::new();
    let mut returning = Vec::new();
    let event_days: Vec<NaiveDate> = events.iter().map(|e| e.held_on).collect();
    for p in plan_cases(&mut rng, &event_days) {
        let event = events
            .iter()
            .find(|e| e.held_on == p.received_on)
            .filter(|_| !p.deleted);
        let input = case_input(&mut rng, &p, event, &mut returning);
        let case = store.create_case(&input)?;
        written.push(Written {
            id: case.id,
            received_on: p.received_on,
            category: p.category,
            deleted: p.deleted,
            has_remedy: false,
        });
    }
    let last_day = day(DEMO_LAST_DAY.0, DEMO_LAST_DAY.1, DEMO_LAST_DAY.2);
    let mut remedies = 0;
    let mut remedy_case_ids = Vec::new();
    for s in scripted_remedies() {
        // The proceeding belongs to the latest fitting case received before it was filed.
        let w = written
            .iter_mut()
            .filter(|w| {
                w.deleted == s.on_deleted_case
                    && !w.has_remedy
                    && w.category == s.category
                    && w.received_on <= s.filed_on
            })
            .max_by_key(|w| w.received_on)
            .expect("the demo plan has a fitting case for every scripted remedy");
        w.has_remedy = true;
        let deadline = s
            .concluded_on
            .is_none()
            .then(|| (s.filed_on + Duration::days(rng.random_range(60..200))).to_string());
        store.add_remedy(
            &w.id,
            &RemedyInput {
                channel: code(s.channel),
                procedure: Some(s.procedure.to_string()),
                agency: Some(
                    match s.channel {
                        RemedyChannel::LaborOffice => "서울관악지청",
                        RemedyChannel::LaborCommission => "서울지방노동위원회",
                        RemedyChannel::WelfareInsurance => "근로복지공단 서울남부지사",
                        RemedyChannel::Other => "서울남부지방법원",
                    }
                    .to_string(),
                ),
                filed_on: Some(s.filed_on.to_string()),
                concluded_on: s.concluded_on.map(|d| d.to_string()),
                outcome: s.outcome.map(|o| o.code().to_string()),
                amount_claimed: s.claimed,
                amount_recovered: s.recovered,
                representative: Some(COUNSELORS[remedies % COUNSELORS.len()].to_string()),
                next_deadline: deadline,
            },
        )?;
        remedies += 1;
        let closes_on = s
            .concluded_on
            .map(|d| d + Duration::days(7))
            .filter(|d| *d <= last_day);
        remedy_case_ids.push((w.id.clone(), closes_on));
    }

    // Sessions after intake, and closings: most cases end within a month, some run on.
    for w in written.iter().filter(|w| !w.deleted) {
        let extra = weighted(&mut rng, &[(0u32, 45), (1, 30), (2, 15), (3, 7), (4, 3)]);
        let mut on = w.received_on;
        for _ in 0..extra {
            on = (on + Duration::days(rng.random_range(1..20))).min(last_day);
            store.add_session(
                &w.id,
                &SessionInput {
                    held_on: Some(on.to_string()),
                    method: code(weighted(
                        &mut rng,
                        &[
                            (IntakeMethod::Phone, 55),
                            (IntakeMethod::Visit, 35),
                            (IntakeMethod::Messenger, 10),
                        ],
                    )),
                    counselor: Some(COUNSELORS.choose(&mut rng).expect("non-empty").to_string()),
                    minutes: Some(rng.random_range(2..=12) * 5),
                    notes: Some("추가 상담: 진행 상황 확인 및 자료 검토".into()),
                },
            )?;
        }
        if let Some((_, closes_on)) = remedy_case_ids.iter().find(|(id, _)| *id == w.id) {
            if let Some(d) = closes_on {
                store.close_case(&w.id, Outcome::Remedy.code(), Some(&d.to_string()))?;
            }
            continue;
        }
        let closes_on = on + Duration::days(rng.random_range(0..30));
        if closes_on <= last_day && rng.random_bool(0.9) {
            let outcome = weighted(
                &mut rng,
                &[
                    (Outcome::Info, 52),
                    (Outcome::DocumentReview, 12),
                    (Outcome::WritingSupport, 10),
                    (Outcome::Opinion, 3),
                    (Outcome::Mediation, 5),
                    (Outcome::Referral, 14),
                    (Outcome::Ongoing, 4),
                ],
            );
            store.close_case(&w.id, outcome.code(), Some(&closes_on.to_string()))?;
        }
    }
    let deleted: Vec<&Written> = written.iter().filter(|w| w.deleted).collect();
    for w in &deleted {
        store.delete_case(&w.id)?;
    }
    Ok(DemoSummary {
        cases: written.len() - deleted.len(),
        deleted_cases: deleted.len(),
        remedies,
        outreach_events: events.len(),
    })
}
