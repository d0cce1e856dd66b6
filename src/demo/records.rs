//! The demo's case and outreach inputs: drawn from the seed, entered through the core API.

use chrono::{Duration, NaiveDate};
use rand::rngs::SmallRng;
use rand::seq::IndexedRandom;
use rand::Rng;

use crate::gen::weighted;

use super::text::*;
use super::*;

pub(super) fn code<T: CodeList>(v: T) -> Option<String> {
    Some(v.code().to_string())
}

pub(super) fn case_input(
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

pub(super) fn outreach_inputs() -> Vec<OutreachEventInput> {
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
