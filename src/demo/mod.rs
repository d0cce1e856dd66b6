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

mod records;
mod remedies;
mod text;

use records::{case_input, code, outreach_inputs};

use remedies::scripted_remedies;
use text::*;

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
                // A commission's or the welfare service's conclusion is a decision, received
                // the day it is recorded.
                decision_on: matches!(
                    s.channel,
                    RemedyChannel::LaborCommission | RemedyChannel::WelfareInsurance
                )
                .then_some(s.concluded_on)
                .flatten()
                .map(|d| d.to_string()),
                deadline_reason: None,
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
