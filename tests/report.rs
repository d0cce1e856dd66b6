//! Period rules at their edges, invariants on random data, and reproducibility.

use chrono::{Datelike, Duration, FixedOffset, TimeZone};
use labordesk::domain::{Category, CodeList, RemedyChannel, RemedyInput};
use labordesk::report::Period;
use labordesk::{CaseInput, Clock, Store};
use proptest::prelude::*;

use crate::common::*;

fn remedy(s: &mut Store, case_id: &str, channel: &str, filed: &str, concluded: Option<&str>) {
    s.add_remedy(
        case_id,
        &RemedyInput {
            channel: Some(channel.into()),
            filed_on: Some(filed.into()),
            concluded_on: concluded.map(Into::into),
            outcome: concluded.map(|_| "recognized".into()),
            ..RemedyInput::default()
        },
    )
    .unwrap();
}

fn as_of_aug_31() -> Period {
    Period::as_of(d(2024, 8, 31))
}

#[test]
fn a_remedy_concluded_exactly_on_1_january_counts_as_concluded() {
    let mut s = store();
    let case = s
        .create_case(&intake("2023-10-02", "wage_arrears"))
        .unwrap();
    remedy(
        &mut s,
        &case.id,
        "labor_office",
        "2023-10-10",
        Some("2024-01-01"),
    );
    let r = s.t1(as_of_aug_31()).unwrap().remedies;
    assert_eq!(
        (r.total, r.concluded, r.in_progress),
        (1, 1, 0),
        "concluded_on = period start is in the period"
    );
}

#[test]
fn a_remedy_concluded_on_31_december_before_does_not_count() {
    let mut s = store();
    let case = s
        .create_case(&intake("2023-10-02", "wage_arrears"))
        .unwrap();
    remedy(
        &mut s,
        &case.id,
        "labor_office",
        "2023-10-10",
        Some("2023-12-31"),
    );
    assert_eq!(s.t1(as_of_aug_31()).unwrap().remedies.total, 0);
}

#[test]
fn a_remedy_filed_exactly_on_the_as_of_date_counts_as_new() {
    let mut s = store();
    let case = s.create_case(&intake("2024-08-01", "dismissal")).unwrap();
    remedy(&mut s, &case.id, "labor_commission", "2024-08-31", None);
    let r = s.t1(as_of_aug_31()).unwrap().remedies;
    assert_eq!(
        r.in_progress_by_channel
            .get(RemedyChannel::LaborCommission)
            .new,
        1
    );
    assert_eq!(r.total, 1);
}

#[test]
fn a_remedy_filed_the_day_after_does_not_count() {
    let mut s = store();
    let case = s.create_case(&intake("2024-08-01", "dismissal")).unwrap();
    remedy(&mut s, &case.id, "labor_commission", "2024-09-01", None);
    assert_eq!(s.t1(as_of_aug_31()).unwrap().remedies.total, 0);
}

#[test]
fn a_remedy_concluded_after_the_as_of_date_is_still_in_progress_on_it() {
    let mut s = store();
    let case = s.create_case(&intake("2023-11-01", "dismissal")).unwrap();
    remedy(&mut s, &case.id, "other", "2023-11-02", Some("2024-09-10"));
    let r = s.t1(as_of_aug_31()).unwrap().remedies;
    assert_eq!((r.concluded, r.in_progress), (0, 1));
    assert_eq!(
        r.in_progress_by_channel.get(RemedyChannel::Other).carried,
        1,
        "filed before the period: 이월"
    );
}

#[test]
fn a_deleted_case_never_counts_nor_do_its_remedies() {
    let mut s = store();
    let case = s
        .create_case(&intake("2024-03-01", "wage_arrears"))
        .unwrap();
    remedy(&mut s, &case.id, "labor_office", "2024-03-05", None);
    s.delete_case(&case.id).unwrap();
    let t1 = s.t1(as_of_aug_31()).unwrap();
    assert_eq!((t1.consultations.total, t1.remedies.total), (0, 0));
    let t2 = s.t2(as_of_aug_31()).unwrap();
    assert_eq!(t2.by_category.total.unwrap().cumulative, 0);
    assert_eq!(
        t2.units.rows[2].cumulative, 0,
        "its sessions are deleted with it"
    );
    assert_eq!(
        s.t5(as_of_aug_31())
            .unwrap()
            .rows
            .iter()
            .map(|r| r.with_secondary)
            .sum::<u64>(),
        0
    );
}

#[test]
fn months_after_the_as_of_month_are_blank_not_zero() {
    let mut s = store();
    s.create_case(&intake("2024-03-01", "other")).unwrap();
    let t2 = s.t2(Period::as_of(d(2024, 4, 15))).unwrap();
    let total = t2.by_category.total.unwrap();
    assert_eq!(
        &total.months[..5],
        &[Some(0), Some(0), Some(1), Some(0), None]
    );
    assert!(total.months[4..].iter().all(Option::is_none));
}

#[test]
fn the_year_before_and_the_change_are_counted_over_the_same_period() {
    let mut s = store();
    for day in ["2023-02-01", "2023-08-31", "2023-09-01", "2024-01-05"] {
        s.create_case(&intake(day, "union")).unwrap();
    }
    let row = &s.t2(as_of_aug_31()).unwrap().by_category.rows[3];
    assert_eq!(row.key, "union");
    assert_eq!(
        (row.cumulative, row.previous_year, row.change),
        (1, 2, -1),
        "2023-09-01 is after the same day a year earlier"
    );
}

#[test]
fn a_person_with_three_cases_is_one_person_and_sessions_count_separately() {
    let mut s = store();
    for day in ["2024-01-05", "2024-02-05", "2024-02-20"] {
        let input = CaseInput {
            client_name: Some("홍길순".into()),
            client_phone: Some("010-1234-5678".into()),
            ..intake(day, "other")
        };
        s.create_case(&input).unwrap();
    }
    s.create_case(&intake("2024-02-21", "other")).unwrap(); // anonymous: its own person
    let units = s.t2(as_of_aug_31()).unwrap().units;
    let [cases, persons, sessions] = [&units.rows[0], &units.rows[1], &units.rows[2]];
    assert_eq!(cases.cumulative, 4, "건");
    assert_eq!(
        persons.cumulative, 2,
        "명: 홍길순 once, plus the anonymous case"
    );
    assert_eq!(
        persons.months[1],
        Some(2),
        "February: 홍길순 and the anonymous client"
    );
    assert_eq!(sessions.cumulative, 4, "회: one intake session per case");
}

#[test]
fn t3_blocks_always_carry_an_unknown_row_and_add_to_one_hundred() {
    let mut s = store();
    for (g, n) in [("male", 2), ("female", 1)] {
        for _ in 0..n {
            s.create_case(&CaseInput {
                gender: Some(g.into()),
                ..intake("2024-05-01", "other")
            })
            .unwrap();
        }
    }
    let t3 = s.t3(as_of_aug_31()).unwrap();
    let gender = &t3.blocks[0];
    assert_eq!(gender.title, "성별");
    assert_eq!(
        gender
            .rows
            .iter()
            .map(|r| (r.label.as_str(), r.count, r.percent))
            .collect::<Vec<_>>(),
        [("남", 2, 66.7), ("여", 1, 33.3), ("미상", 0, 0.0)]
    );
    for block in &t3.blocks {
        assert!(
            block.rows.iter().any(|r| r.label == "미상"),
            "{} has a 미상 row",
            block.title
        );
        assert_eq!(block.total, 3);
    }
}

#[test]
fn a_report_for_a_past_date_does_not_depend_on_today() {
    let mut s = store();
    labordesk::demo::write_demo(&mut s).unwrap();
    let before = s.report(as_of_aug_31()).unwrap();
    s.set_clock(Clock::Fixed(
        FixedOffset::east_opt(0)
            .unwrap()
            .with_ymd_and_hms(2031, 5, 5, 0, 0, 0)
            .unwrap(),
    ));
    assert_eq!(s.report(as_of_aug_31()).unwrap(), before);
}

#[test]
fn t4_outcome_columns_add_up_to_the_concluded_proceedings() {
    let mut s = store();
    labordesk::demo::write_demo(&mut s).unwrap();
    let t4 = s.t4(as_of_aug_31()).unwrap();
    let t = t4.total.values;
    assert_eq!(
        (t.subtotal, t.concluded, t.in_progress),
        (21, 14, 7),
        "T4 agrees with T1"
    );
    assert_eq!(
        t.recognized
            + t.partial
            + t.dismissed_or_rejected
            + t.settled
            + t.withdrawn
            + t.other_outcome,
        t.concluded
    );
    assert_eq!(t.carried + t.new, t.subtotal);
}

#[derive(Debug, Clone)]
struct RandomCase {
    received: i64,
    category: usize,
    secondary: Vec<usize>,
    deleted: bool,
    remedies: Vec<(usize, i64, Option<i64>)>,
}

const CHANNELS: [&str; 4] = [
    "labor_office",
    "labor_commission",
    "welfare_insurance",
    "other",
];

fn random_case() -> impl Strategy<Value = RandomCase> {
    (
        0i64..1100,
        0usize..7,
        proptest::collection::vec(0usize..7, 0..3),
        proptest::bool::weighted(0.1),
        proptest::collection::vec(
            (0usize..4, -200i64..400, proptest::option::of(0i64..500)),
            0..3,
        ),
    )
        .prop_map(
            |(received, category, secondary, deleted, remedies)| RandomCase {
                received,
                category,
                secondary,
                deleted,
                remedies,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn report_invariants_hold_on_random_data(cases in proptest::collection::vec(random_case(), 1..40), as_of_offset in 0i64..1100) {
        let mut s = store();
        s.set_clock(Clock::Fixed(FixedOffset::east_opt(0).unwrap().with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap()));
        let base = d(2023, 1, 1);
        for c in &cases {
            let received = base + Duration::days(c.received);
            let input = CaseInput {
                secondary_categories: c.secondary.iter().map(|i| Category::ALL[*i].code().to_string()).collect(),
                ..intake(&received.to_string(), Category::ALL[c.category].code())
            };
            let case = s.create_case(&input).unwrap();
            for (ch, filed, length) in &c.remedies {
                let filed_on = received + Duration::days(*filed);
                let concluded = length.map(|l| (filed_on + Duration::days(l)).to_string());
                remedy(&mut s, &case.id, CHANNELS[*ch], &filed_on.to_string(), concluded.as_deref());
            }
            if c.deleted {
                s.delete_case(&case.id).unwrap();
            }
        }
        let period = Period::as_of(base + Duration::days(as_of_offset));
        let r = s.report(period).unwrap();
        let c = r.t1.consultations;
        prop_assert_eq!(c.total, c.wage_arrears + c.dismissal + c.harassment + c.union + c.social_insurance + c.industrial_accident + c.other, "T1 합계 = sum of categories");
        let rem = r.t1.remedies;
        prop_assert_eq!(rem.total, rem.concluded + rem.in_progress, "권리구제 합계 = 완료 + 진행");
        let by = rem.in_progress_by_channel;
        let channels: u64 = [by.labor_office, by.labor_commission, by.welfare_insurance, by.other].iter().map(|s| s.new + s.carried).sum();
        prop_assert_eq!(channels, rem.in_progress, "channel cells sum to 진행");
        prop_assert_eq!(r.t2.by_category.total.as_ref().unwrap().cumulative, c.total, "T2 누계 = T1 consultations");
        for row in &r.t5.rows {
            prop_assert!(row.with_secondary >= row.primary, "T5 복수 ≥ 주 유형 for {}", row.label);
        }
        prop_assert_eq!(r.t4.total.values.subtotal, rem.total, "T4 계 = T1 권리구제 합계");
        // An independent count straight from the random plan.
        let live_in_period = cases.iter().filter(|x| {
            let day = base + Duration::days(x.received);
            !x.deleted && day >= period.start && day <= period.as_of
        }).count() as u64;
        prop_assert_eq!(c.total, live_in_period);
    }
}

#[test]
fn an_outcome_counts_in_t2_only_once_the_case_was_closed_by_the_as_of_date() {
    let mut s = store();
    let case = s.create_case(&intake("2024-08-20", "other")).unwrap();
    s.close_case(&case.id, "정보제공", Some("2024-09-03"))
        .unwrap();
    let row = |p: Period, key: &str| {
        s.t2(p)
            .unwrap()
            .by_outcome
            .rows
            .iter()
            .find(|r| r.key == key)
            .unwrap()
            .cumulative
    };
    assert_eq!(row(as_of_aug_31(), "info"), 0, "still open on 31 August");
    assert_eq!(row(as_of_aug_31(), "none"), 1);
    assert_eq!(row(Period::as_of(d(2024, 9, 30)), "info"), 1);
}

#[test]
fn a_proceeding_counts_from_the_day_its_case_was_received_not_its_earlier_filing() {
    let mut s = store();
    // The client filed with the labor office in July and came to the center in September.
    let case = s
        .create_case(&intake("2024-09-10", "wage_arrears"))
        .unwrap();
    remedy(&mut s, &case.id, "labor_office", "2024-07-15", None);
    assert_eq!(
        s.t1(as_of_aug_31()).unwrap().remedies.total,
        0,
        "the center took it on in September: the August report must not grow after August"
    );
    assert_eq!(
        s.t4(as_of_aug_31()).unwrap().total.values.subtotal,
        0,
        "T4 agrees"
    );
    let september = s.t1(Period::as_of(d(2024, 9, 30))).unwrap().remedies;
    assert_eq!(
        september
            .in_progress_by_channel
            .get(RemedyChannel::LaborOffice),
        labordesk::report::ChannelSplit { new: 1, carried: 0 },
        "신규 in September, the month the center took it on"
    );
    // A case received in 2023 whose proceeding was filed before it: 이월 in 2024.
    let old = s.create_case(&intake("2023-11-02", "dismissal")).unwrap();
    remedy(&mut s, &old.id, "labor_commission", "2023-10-20", None);
    let split = s
        .t1(as_of_aug_31())
        .unwrap()
        .remedies
        .in_progress_by_channel
        .get(RemedyChannel::LaborCommission);
    assert_eq!(
        split,
        labordesk::report::ChannelSplit { new: 0, carried: 1 }
    );
}

#[test]
fn closing_february_2025_compares_with_february_2024_leap_day_included() {
    let mut s = store();
    s.set_clock(Clock::Fixed(
        FixedOffset::east_opt(9 * 3600)
            .unwrap()
            .with_ymd_and_hms(2025, 3, 10, 10, 0, 0)
            .unwrap(),
    ));
    s.create_case(&intake("2024-02-29", "other")).unwrap();
    s.create_case(&intake("2025-02-28", "other")).unwrap();
    let t2 = s.t2(Period::closing_month("2025-02").unwrap()).unwrap();
    let other = t2
        .by_category
        .rows
        .iter()
        .find(|r| r.key == "other")
        .unwrap();
    assert_eq!(other.cumulative, 1);
    assert_eq!(
        other.previous_year, 1,
        "전년 동기 of a closed February runs to 29 February 2024"
    );
    let mid_month = s.t2(Period::as_of(d(2025, 2, 27))).unwrap();
    let other = mid_month
        .by_category
        .rows
        .iter()
        .find(|r| r.key == "other")
        .unwrap();
    assert_eq!(
        other.previous_year, 0,
        "as of the 27th, the same day a year earlier"
    );
}

#[test]
fn paid_in_full_is_recognized_and_paid_in_part_is_partly_recognized_in_t4() {
    let mut s = store();
    let case = s
        .create_case(&intake("2024-03-04", "wage_arrears"))
        .unwrap();
    for recovered in [3_000_000, 1_000_000] {
        s.add_remedy(
            &case.id,
            &RemedyInput {
                channel: Some("labor_office".into()),
                procedure: Some(format!("진정 {recovered}")),
                filed_on: Some("2024-03-10".into()),
                concluded_on: Some("2024-05-02".into()),
                outcome: Some("paid".into()),
                amount_claimed: Some(3_000_000),
                amount_recovered: Some(recovered),
                ..RemedyInput::default()
            },
        )
        .unwrap();
    }
    let t = s.t4(as_of_aug_31()).unwrap().total.values;
    assert_eq!(
        (t.recognized, t.partial),
        (1, 1),
        "청산 of the whole claim is 인정, of part of it 일부인정"
    );
}

#[test]
fn t6_counts_the_people_recorded_but_never_fewer_than_the_clients_of_its_cases() {
    let mut s = store();
    let event = |s: &mut Store, place: &str, visitors: Option<i64>| {
        s.create_outreach_event(&labordesk::domain::OutreachEventInput {
            held_on: Some("2024-05-01".into()),
            place: Some(place.into()),
            kind: Some("subway".into()),
            visitor_count: visitors,
            ..Default::default()
        })
        .unwrap()
    };
    let counted = event(&mut s, "구로디지털단지역", Some(40));
    let undercounted = event(&mut s, "신도림역", Some(1));
    let unrecorded = event(&mut s, "구로구청", None);
    for (e, n) in [(&counted, 3), (&undercounted, 3), (&unrecorded, 2)] {
        for i in 0..n {
            s.create_case(&CaseInput {
                outreach_event_id: Some(e.id.clone()),
                client_name: Some(format!("내담자{i}")),
                client_phone: Some(format!("010-0000-000{i}")),
                ..intake("2024-05-01", "other")
            })
            .unwrap();
        }
    }
    let t6 = s.t6(as_of_aug_31()).unwrap();
    let persons = |place: &str| t6.rows.iter().find(|r| r.place == place).unwrap().persons;
    assert_eq!(persons("구로디지털단지역"), 40, "as recorded at the booth");
    assert_eq!(persons("신도림역"), 3, "never fewer than its three clients");
    assert_eq!(persons("구로구청"), 2, "not recorded: its distinct clients");
    assert_eq!((t6.events, t6.persons), (3, 45));
}

#[test]
fn a_report_for_a_past_day_is_the_same_after_a_reopening_a_new_closing_and_an_undone_conclusion() {
    let mut s = store();
    labordesk::demo::write_demo(&mut s).unwrap();
    let april = Period::as_of(d(2024, 4, 30));
    let june = Period::as_of(d(2024, 6, 30));
    let json = |s: &Store, p: Period| serde_json::to_vec(&s.report(p).unwrap()).unwrap();
    // 2024-A0031, closed on 28 February with 정보제공: reopened in June, closed as 타기관 연계.
    let case = s.find_case_by_no("2024-A0031").unwrap();
    let a0031 = s.get_case(&case).unwrap().case;
    assert_eq!(a0031.closed_on, Some(d(2024, 2, 28)));
    let month = a0031.received_on.month0() as usize;
    let outcome = |s: &Store, p: Period, key: &str| {
        let t2 = s.t2(p).unwrap();
        let row = t2.by_outcome.rows.iter().find(|r| r.key == key).unwrap();
        row.months[month].unwrap()
    };
    let april_before = json(&s, april);
    let info_before = outcome(&s, april, "info");
    assert!(info_before > 0, "2024-A0031 is among its month's 정보제공");

    s.reopen_case_on(&case, Some("2024-06-10")).unwrap();
    let refused = s
        .close_case(&case, "referral", Some("2024-06-09"))
        .unwrap_err();
    assert!(refused.to_string().contains("재개일"), "{refused}");
    s.close_case(&case, "referral", Some("2024-06-20")).unwrap();

    // A proceeding concluded by 30 April: its conclusion undone today and made again today
    // with another outcome.
    let cases = s
        .list_cases(&labordesk::domain::CaseFilter {
            received_to: Some(d(2024, 4, 30)),
            limit: 1000,
            ..Default::default()
        })
        .unwrap();
    let remedy = cases
        .items
        .iter()
        .flat_map(|c| s.get_case(&c.id).unwrap().remedies)
        .find(|r| {
            r.concluded_on
                .is_some_and(|on| on >= d(2024, 1, 1) && on <= d(2024, 4, 30))
        })
        .expect("the demo has a proceeding concluded between January and April");
    let undone = RemedyInput {
        channel: Some(remedy.channel.code().into()),
        procedure: remedy.procedure.clone(),
        agency: remedy.agency.clone(),
        filed_on: Some(remedy.filed_on.to_string()),
        amount_claimed: remedy.amount_claimed,
        amount_recovered: remedy.amount_recovered,
        representative: remedy.representative.clone(),
        ..RemedyInput::default()
    };
    s.update_remedy(&remedy.id, &undone).unwrap();
    let again = labordesk::domain::RemedyConclusion {
        concluded_on: Some("2024-11-30".into()),
        outcome: Some("withdrawn".into()),
        amount_recovered: None,
        decision_on: None,
    };
    let early = labordesk::domain::RemedyConclusion {
        concluded_on: Some("2024-11-29".into()),
        ..again.clone()
    };
    let refused = s.conclude_remedy(&remedy.id, &early).unwrap_err();
    assert!(refused.to_string().contains("완료 취소일"), "{refused}");
    s.conclude_remedy(&remedy.id, &again).unwrap();

    assert_eq!(
        String::from_utf8(json(&s, april)).unwrap(),
        String::from_utf8(april_before).unwrap(),
        "T1 to T6 as of 30 April, byte for byte"
    );
    // The edits did change what is true later: in June the case was reopened and closed again.
    assert_eq!(outcome(&s, june, "info"), info_before - 1);
    assert_eq!(
        outcome(&s, june, "referral"),
        outcome(&s, april, "referral") + 1
    );
    // Between the reopening and the new closing it was open.
    let mid_june = Period::as_of(d(2024, 6, 15));
    assert_eq!(
        outcome(&s, mid_june, "referral"),
        outcome(&s, april, "referral")
    );
    assert_eq!(outcome(&s, mid_june, "info"), info_before - 1);
    // The proceeding was in progress from today's undoing until today's new conclusion:
    // a report as of today counts the new conclusion.
    let today = s.t4(Period::as_of(d(2024, 11, 30))).unwrap();
    assert!(today.rows.iter().any(|r| r.values.withdrawn > 0));
    assert!(s.check_tallies(false).unwrap().agree());
}

#[test]
fn an_as_of_date_is_read_the_same_way_by_every_shell() {
    assert_eq!(
        Period::parse_as_of(" 2024-08-31 ").unwrap(),
        Period::as_of(d(2024, 8, 31))
    );
    for (bad, says) in [("2024-8-31", "형식"), ("2024-02-30", "달력에 없는")] {
        let e = Period::parse_as_of(bad).unwrap_err();
        assert_eq!(e.code(), "invalid");
        let text = e.to_string();
        assert!(text.contains("기준일") && text.contains(says), "{text}");
    }
}
