//! Generated data for benchmarks and scale tests: `labordesk gen --cases N --seed S`.
//!
//! Realistic in shape (category and profile distributions like the published figures, 1–5
//! sessions per case, about 5% of cases with a remedy proceeding, spread over ten years) and
//! fast: rows are written straight through prepared statements in one transaction, bypassing
//! per-record validation, which the generator satisfies by construction.

use chrono::{Duration, NaiveDate};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use rusqlite::params;
use rusqlite::types::ToSql;

use crate::domain::*;
use crate::error::Result;
use crate::store::{
    case_columns, format_case_no, insert_row, remedy_columns, session_columns, Store,
};

/// The ten generated years: 2016-01-01 ..= 2025-12-31.
pub const FIRST_DAY: (i32, u32, u32) = (2016, 1, 1);
pub const DAYS: i64 = 3653;

const CATEGORY_WEIGHTS: [(Category, u32); 7] = [
    (Category::WageArrears, 60),
    (Category::Dismissal, 58),
    (Category::Harassment, 62),
    (Category::Union, 7),
    (Category::SocialInsurance, 34),
    (Category::IndustrialAccident, 23),
    (Category::Other, 171),
];

fn pick<T: Copy>(rng: &mut SmallRng, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

/// One of `items`, drawn with probability proportional to its weight.
pub(crate) fn weighted<T: Copy>(rng: &mut SmallRng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut n = rng.random_range(0..total);
    for (item, w) in items {
        if n < *w {
            return *item;
        }
        n -= w;
    }
    items[items.len() - 1].0
}

const WORDS: [&str; 16] = [
    "임금",
    "체불",
    "해고",
    "통보",
    "퇴직금",
    "괴롭힘",
    "폭언",
    "산재",
    "실업급여",
    "근로계약서",
    "연차",
    "주휴수당",
    "최저임금",
    "계약만료",
    "4대보험",
    "야간수당",
];
const SURNAMES: [&str; 10] = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임"];
const SYLLABLES: [&str; 12] = [
    "민", "서", "지", "현", "수", "영", "준", "우", "은", "하", "도", "연",
];
const PLACES: [&str; 8] = [
    "한빛", "새솔", "다온", "푸른", "미래", "대한", "성진", "우리",
];
const KINDS: [&str; 8] = [
    "식당",
    "물류",
    "건설",
    "마트",
    "정밀",
    "요양원",
    "학원",
    "용역",
];

/// Writes `cases` generated cases (with clients, sessions and remedies) under device letter
/// `G`, in one transaction. Returns the number of cases written.
pub fn generate(store: &mut Store, cases: usize, seed: u64) -> Result<usize> {
    store.require(crate::store::accounts::Permission::Import)?;
    // Generated cases would mix into a center's real statistics.
    if store.count_cases()? > 0 {
        return Err(crate::Error::InvalidState(
            "생성 데이터는 사건이 없는 빈 데이터베이스에만 쓸 수 있습니다. 새 파일을 지정해 주세요(--db).".into(),
        ));
    }
    let mut rng = SmallRng::seed_from_u64(seed);
    let first = NaiveDate::from_ymd_opt(FIRST_DAY.0, FIRST_DAY.1, FIRST_DAY.2).expect("valid");
    // Dates in order, so case numbers run with the calendar as they would on a real device.
    let mut days: Vec<i64> = (0..cases).map(|_| rng.random_range(0..DAYS)).collect();
    days.sort_unstable();
    let bulk = store.bulk().clone();
    store.atomically(|store| {
        let clock = store.clock();
        store.write(|conn, _| bulk.run(conn, || {
            let now = clock.stamp();
            let counselor_ids: Vec<String> = (0..12)
                .map(|i| crate::store::counselor_id(conn, clock, &format!("상담원{:02}", i + 1)))
                .collect::<Result<_>>()?;
            let mut insert_client = conn.prepare(
                "INSERT INTO clients (id, name, phone, birth_year, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            )?;
            let mut insert_secondary = conn.prepare("INSERT OR IGNORE INTO case_categories (case_id, category) VALUES (?1, ?2)")?;
            let mut seq_year = 0;
            let mut seq = 0;
            let mut last_client: Option<String> = None;
            for &offset in &days {
                let received = first + Duration::days(offset);
                let year = chrono::Datelike::year(&received);
                if year != seq_year {
                    if seq_year > 0 {
                        crate::store::note_case_no(conn, &format_case_no(seq_year, 'G', seq))?;
                    }
                    seq_year = year;
                    seq = 0;
                }
                seq += 1;
                let id = crate::store::new_id();
                // One client in ten comes back with another problem (실인원 < 건수).
                let client_id = match (&last_client, rng.random_range(0..10)) {
                    (Some(c), 0) => Some(c.clone()),
                    (_, 1) => None, // anonymous
                    _ => {
                        let cid = crate::store::new_id();
                        let name = format!("{}{}{}", pick(&mut rng, &SURNAMES), pick(&mut rng, &SYLLABLES), pick(&mut rng, &SYLLABLES));
                        let phone = format!("010-{:04}-{:04}", rng.random_range(0..10_000), rng.random_range(0..10_000));
                        insert_client.execute(params![cid, name, phone, rng.random_range(1950..2008), now])?;
                        last_client = Some(cid.clone());
                        Some(cid)
                    }
                };
                let category = weighted(&mut rng, &CATEGORY_WEIGHTS);
                let closed = (received + Duration::days(rng.random_range(0..40))).min(first + Duration::days(DAYS - 1));
                let is_closed = rng.random_bool(0.9);
                let summary = format!(
                    "{} {} {} 관련 상담 {}",
                    pick(&mut rng, &WORDS),
                    pick(&mut rng, &WORDS),
                    pick(&mut rng, &WORDS),
                    rng.random_range(0..100_000)
                );
                let workplace = format!("{}{}", pick(&mut rng, &PLACES), pick(&mut rng, &KINDS));
                let counselor = &counselor_ids[rng.random_range(0..counselor_ids.len())];
                let intake = weighted(&mut rng, &[(IntakeMethod::Phone, 45), (IntakeMethod::Visit, 28), (IntakeMethod::Online, 12), (IntakeMethod::Messenger, 9), (IntakeMethod::Outreach, 4), (IntakeMethod::Unknown, 2)]);
                // Struct fields are evaluated in the order written: the draws keep their order.
                let fields = CaseFields {
                    received_on: received,
                    counselor: None,
                    intake_method: intake,
                    outreach_event_id: None,
                    client: Client::default(),
                    profile: Profile {
                        client_role: weighted(&mut rng, &[(ClientRole::Worker, 90), (ClientRole::Employer, 5), (ClientRole::Family, 3), (ClientRole::Unknown, 2)]),
                        gender: weighted(&mut rng, &[(Gender::Male, 46), (Gender::Female, 48), (Gender::Unknown, 6)]),
                        age_band: pick(&mut rng, AgeBand::ALL),
                        nationality: weighted(&mut rng, &[(Nationality::Korean, 88), (Nationality::Foreign, 8), (Nationality::Unknown, 4)]),
                        employment_type: pick(&mut rng, EmploymentType::ALL),
                        workplace_size: pick(&mut rng, WorkplaceSize::ALL),
                        industry: pick(&mut rng, Industry::ALL),
                        region: weighted(&mut rng, &[(Region::Local, 72), (Region::Outside, 22), (Region::Unknown, 6)]),
                        union_presence: pick(&mut rng, UnionPresence::ALL),
                    },
                    workplace_name: Some(workplace),
                    employer: Employer::default(),
                    primary_category: category,
                    sub_type: None,
                    secondary_categories: Vec::new(),
                    summary: Some(summary),
                    outcome: is_closed.then(|| pick(&mut rng, Outcome::ALL)),
                    closed_on: is_closed.then_some(closed),
                    facts: LaborFacts::default(),
                    consent: Consent::default(),
                };
                let counselor_id = Some(counselor.clone());
                let columns = case_columns(&fields, &counselor_id, &client_id);
                let case_no = format_case_no(year, 'G', seq);
                let keys: [(&str, &dyn ToSql); 2] = [("id", &id), ("case_no", &case_no)];
                insert_row(conn, "cases", &keys, &columns, &now)?;
                if rng.random_bool(0.2) {
                    // A secondary category equal to the primary is never stored (T5 counts
                    // on it): such a draw adds none.
                    let secondary = weighted(&mut rng, &CATEGORY_WEIGHTS);
                    if secondary != category {
                        insert_secondary.execute(params![id, secondary])?;
                    }
                }
                let mut held = received;
                for i in 0..rng.random_range(1..=5) {
                    if i > 0 {
                        held += Duration::days(rng.random_range(1..15));
                    }
                    let session = SessionFields {
                        held_on: held,
                        method: intake,
                        counselor: None,
                        minutes: Some(rng.random_range(1..12) * 5),
                        notes: None,
                    };
                    let session_id = crate::store::new_id();
                    let keys: [(&str, &dyn ToSql); 2] = [("id", &session_id), ("case_id", &id)];
                    insert_row(conn, "sessions", &keys, &session_columns(&session, &counselor_id), &now)?;
                }
                if rng.random_bool(0.05) {
                    let filed = received + Duration::days(rng.random_range(0..30));
                    let concluded = rng.random_bool(0.7).then(|| filed + Duration::days(rng.random_range(20..300)));
                    let claimed = rng.random_range(10..2000) * 100_000i64;
                    // Struct fields are evaluated in the order written: the draws keep their order.
                    let remedy = RemedyFields {
                        channel: pick(&mut rng, RemedyChannel::ALL),
                        procedure: Some("진정".into()),
                        agency: None,
                        filed_on: filed,
                        concluded_on: concluded,
                        outcome: concluded.map(|_| pick(&mut rng, RemedyOutcome::ALL)),
                        amount_claimed: Some(claimed),
                        amount_recovered: concluded.map(|_| claimed / 2),
                        representative: None,
                        next_deadline: None,
                        decision_on: None,
                        deadline_reason: None,
                    };
                    let remedy_id = crate::store::new_id();
                    let keys: [(&str, &dyn ToSql); 2] = [("id", &remedy_id), ("case_id", &id)];
                    insert_row(conn, "remedies", &keys, &remedy_columns(&remedy), &now)?;
                }
            }
            if seq_year > 0 {
                crate::store::note_case_no(conn, &format_case_no(seq_year, 'G', seq))?;
            }
            Ok(days.len())
        }))
    })
}
