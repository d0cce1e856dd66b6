//! The supervisor's review queue, the dashboard, and the records behind a T1 number.

use labordesk::domain::{RemedyChannel, RemedyInput, SessionInput};
use labordesk::report::{Period, T1Cell};
use labordesk::review::{ProblemKind, ReviewFilter, Urgency};
use labordesk::CaseInput;

use crate::common::*;

fn remedy(filed: &str, deadline: Option<&str>) -> RemedyInput {
    RemedyInput {
        channel: Some("labor_office".into()),
        filed_on: Some(filed.into()),
        next_deadline: deadline.map(Into::into),
        ..RemedyInput::default()
    }
}

#[test]
fn open_proceedings_are_ordered_by_nearest_deadline_then_age_and_flagged() {
    let mut s = store(); // today 2024-11-30
    let case = s
        .create_case(&intake("2024-09-01", "wage_arrears"))
        .unwrap();
    let far = s
        .add_remedy(&case.id, &remedy("2024-09-10", Some("2025-03-01")))
        .unwrap();
    let overdue = s
        .add_remedy(&case.id, &remedy("2024-10-01", Some("2024-11-20")))
        .unwrap();
    let near = s
        .add_remedy(&case.id, &remedy("2024-10-05", Some("2024-12-05")))
        .unwrap();
    let none_old = s.add_remedy(&case.id, &remedy("2024-09-02", None)).unwrap();
    let none_new = s.add_remedy(&case.id, &remedy("2024-11-01", None)).unwrap();
    let done = s
        .add_remedy(
            &case.id,
            &RemedyInput {
                concluded_on: Some("2024-11-01".into()),
                outcome: Some("paid".into()),
                ..remedy("2024-09-05", None)
            },
        )
        .unwrap();
    let review = s.review(&ReviewFilter::default()).unwrap();
    let order: Vec<&str> = review.open.iter().map(|r| r.remedy_id.as_str()).collect();
    assert_eq!(
        order,
        [&overdue.id, &near.id, &far.id, &none_old.id, &none_new.id].map(String::as_str),
        "deadline first, none last, then oldest"
    );
    assert!(
        !order.contains(&done.id.as_str()),
        "concluded proceedings are not in the queue"
    );
    assert_eq!(review.open[0].urgency, Urgency::Overdue);
    assert_eq!(review.open[0].days_to_deadline, Some(-10));
    assert_eq!(
        review.open[1].urgency,
        Urgency::Near,
        "5 days left is within 7"
    );
    assert_eq!(review.open[2].urgency, Urgency::Normal);
    assert_eq!(review.open[3].days_open, 89, "2024-09-02 to 2024-11-30");
}

#[test]
fn the_queue_filters_by_channel_and_counselor() {
    let mut s = store();
    let a = s.create_case(&intake("2024-09-01", "dismissal")).unwrap();
    let b = s
        .create_case(&CaseInput {
            counselor: Some("이노무".into()),
            ..intake("2024-09-01", "dismissal")
        })
        .unwrap();
    s.add_remedy(
        &a.id,
        &RemedyInput {
            channel: Some("노동위원회".into()),
            ..remedy("2024-09-10", None)
        },
    )
    .unwrap();
    s.add_remedy(&b.id, &remedy("2024-09-10", None)).unwrap();
    let by_channel = s
        .review(&ReviewFilter {
            channel: Some(RemedyChannel::LaborCommission),
            counselor: None,
        })
        .unwrap();
    assert_eq!(
        by_channel
            .open
            .iter()
            .map(|r| r.case_no.as_str())
            .collect::<Vec<_>>(),
        [a.case_no.as_str()]
    );
    let by_counselor = s
        .review(&ReviewFilter {
            channel: None,
            counselor: Some("이노무".into()),
        })
        .unwrap();
    assert_eq!(
        by_counselor
            .open
            .iter()
            .map(|r| r.case_no.as_str())
            .collect::<Vec<_>>(),
        [b.case_no.as_str()]
    );
}

#[test]
fn data_problems_are_listed_with_a_korean_message() {
    let mut s = store();
    // Concluded without an outcome (as an old log might hold).
    let c1 = s
        .create_case(&intake("2024-03-01", "wage_arrears"))
        .unwrap();
    let r1 = s.add_remedy(&c1.id, &remedy("2024-03-05", None)).unwrap();
    s.update_remedy(
        &r1.id,
        &RemedyInput {
            concluded_on: Some("2024-05-01".into()),
            ..remedy("2024-03-05", None)
        },
    )
    .unwrap();
    // Closed while a proceeding is open; and nothing recorded since March: stale.
    let c2 = s.create_case(&intake("2024-03-01", "dismissal")).unwrap();
    s.add_remedy(&c2.id, &remedy("2024-03-02", None)).unwrap();
    s.close_case(&c2.id, "remedy", Some("2024-03-03")).unwrap();
    // Open, but a session last month: not stale.
    let c3 = s.create_case(&intake("2024-03-01", "harassment")).unwrap();
    s.add_remedy(&c3.id, &remedy("2024-03-02", None)).unwrap();
    s.add_session(
        &c3.id,
        &SessionInput {
            held_on: Some("2024-11-01".into()),
            ..SessionInput::default()
        },
    )
    .unwrap();
    let problems = s.review(&ReviewFilter::default()).unwrap().problems;
    let kinds: Vec<(&str, ProblemKind)> = problems
        .iter()
        .map(|p| (p.case_no.as_str(), p.kind))
        .collect();
    assert!(
        kinds.contains(&(c1.case_no.as_str(), ProblemKind::ConcludedWithoutOutcome)),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&(c2.case_no.as_str(), ProblemKind::ClosedWithOpenRemedy)),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&(c2.case_no.as_str(), ProblemKind::Stale)),
        "{kinds:?}"
    );
    assert!(
        !kinds.iter().any(|(no, _)| *no == c3.case_no),
        "a recent session keeps a proceeding fresh: {kinds:?}"
    );
    assert!(
        problems[0].message.contains("결과가 입력되지 않았습니다")
            || problems
                .iter()
                .any(|p| p.message.contains("결과가 입력되지 않았습니다"))
    );
}

#[test]
fn the_dashboard_compares_this_month_with_the_same_days_last_year() {
    let mut s = store(); // today 2024-11-30
    for day in [
        "2024-11-01",
        "2024-11-29",
        "2024-10-31",
        "2023-11-15",
        "2023-12-01",
    ] {
        s.create_case(&intake(day, "other")).unwrap();
    }
    let case = s
        .create_case(&intake("2024-11-02", "wage_arrears"))
        .unwrap();
    s.add_remedy(&case.id, &remedy("2024-11-03", Some("2024-12-03")))
        .unwrap();
    s.add_remedy(&case.id, &remedy("2024-11-03", Some("2025-02-03")))
        .unwrap();
    let d = s.dashboard().unwrap();
    assert_eq!(
        (d.month_cases, d.month_cases_last_year),
        (3, 1),
        "November 1–30, this year and last"
    );
    assert_eq!(d.open_remedies, 2);
    assert_eq!(d.deadlines.len(), 1, "only the deadline within a week");
    assert_eq!(d.open_cases, 6);
}

#[test]
fn every_t1_number_of_the_demo_lists_exactly_that_many_records() {
    let mut s = store();
    labordesk::demo::write_demo(&mut s).unwrap();
    let period = Period::as_of(d(2024, 8, 31));
    let t1 = s.t1(period).unwrap();
    let n = |cell| s.t1_cell(period, cell).unwrap().len() as u64;
    assert_eq!(
        n(T1Cell::Consultations { category: None }),
        t1.consultations.total
    );
    for c in labordesk::demo::PUBLISHED_2024_08_31.map(|(c, _)| c) {
        assert_eq!(
            n(T1Cell::Consultations { category: Some(c) }),
            t1.consultations.get(c),
            "{c}"
        );
    }
    assert_eq!(n(T1Cell::Remedies), 21);
    assert_eq!(n(T1Cell::Concluded), 14);
    assert_eq!(n(T1Cell::InProgress), 7);
    for channel in [
        RemedyChannel::LaborOffice,
        RemedyChannel::LaborCommission,
        RemedyChannel::WelfareInsurance,
        RemedyChannel::Other,
    ] {
        let split = t1.remedies.in_progress_by_channel.get(channel);
        assert_eq!(
            n(T1Cell::Channel {
                channel,
                carried: false
            }),
            split.new,
            "{channel} 신규"
        );
        assert_eq!(
            n(T1Cell::Channel {
                channel,
                carried: true
            }),
            split.carried,
            "{channel} 이월"
        );
    }
    let rows = s
        .t1_cell(
            period,
            T1Cell::Channel {
                channel: RemedyChannel::Other,
                carried: true,
            },
        )
        .unwrap();
    assert!(rows[0].filed_on.unwrap() < d(2024, 1, 1) && rows[0].remedy_id.is_some());
}

#[test]
fn a_decision_received_puts_the_next_steps_window_in_the_queue_until_it_is_taken() {
    let mut s = store(); // today 2024-11-30
    let case = s.create_case(&intake("2024-08-01", "dismissal")).unwrap();
    let commission = |filed: &str| RemedyInput {
        channel: Some("labor_commission".into()),
        procedure: Some("부당해고 구제신청".into()),
        agency: Some("서울지방노동위원회".into()),
        filed_on: Some(filed.into()),
        ..RemedyInput::default()
    };
    let regional = s.add_remedy(&case.id, &commission("2024-08-05")).unwrap();
    let regional = s
        .conclude_remedy(
            &regional.id,
            &labordesk::domain::RemedyConclusion {
                concluded_on: Some("2024-11-25".into()),
                outcome: Some("dismissed".into()),
                decision_on: Some("2024-11-26".into()),
                ..Default::default()
            },
        )
        .unwrap();
    let deadline = regional.deadline.clone().expect("the 재심 window");
    assert_eq!(deadline.due, d(2024, 12, 6), "10 days from 26 November");
    assert_eq!(deadline.step, "중앙노동위원회 재심 신청");

    let review = s.review(&ReviewFilter::default()).unwrap();
    let row = &review.open[0];
    assert_eq!(
        row.remedy_id, regional.id,
        "concluded, but its window is open"
    );
    assert!(row.concluded);
    assert_eq!(
        (row.days_to_deadline, row.urgency),
        (Some(6), Urgency::Near)
    );
    let home = s.dashboard().unwrap();
    assert_eq!(home.open_remedies, 0, "not counted as open");
    assert_eq!(
        home.deadlines.len(),
        1,
        "but its deadline is on the home screen"
    );

    // The 재심 is filed: the window is used, and the new proceeding is what is open.
    let central = s
        .add_remedy(
            &case.id,
            &RemedyInput {
                procedure: Some("재심 신청(중앙노동위원회)".into()),
                agency: Some("중앙노동위원회".into()),
                ..commission("2024-11-29")
            },
        )
        .unwrap();
    let review = s.review(&ReviewFilter::default()).unwrap();
    let ids: Vec<&str> = review.open.iter().map(|r| r.remedy_id.as_str()).collect();
    assert_eq!(ids, [central.id.as_str()]);
    let case_remedies = s.get_case(&case.id).unwrap().remedies;
    assert_eq!(case_remedies[0].deadline, None, "the step was taken");
}

#[test]
fn a_window_that_has_closed_leaves_the_queue() {
    let mut s = store(); // today 2024-11-30
    let case = s.create_case(&intake("2024-06-01", "dismissal")).unwrap();
    s.add_remedy(
        &case.id,
        &RemedyInput {
            channel: Some("labor_commission".into()),
            procedure: Some("부당해고 구제신청".into()),
            filed_on: Some("2024-06-03".into()),
            concluded_on: Some("2024-11-10".into()),
            outcome: Some("dismissed".into()),
            decision_on: Some("2024-11-12".into()),
            ..RemedyInput::default()
        },
    )
    .unwrap();
    let review = s.review(&ReviewFilter::default()).unwrap();
    assert!(
        review.open.is_empty(),
        "22 November has passed: {:?}",
        review.open
    );
}

#[test]
fn the_dashboard_lists_the_case_limits_of_the_coming_week() {
    let mut s = store(); // today 2024-11-30
    let left = |day: &str, category: &str| CaseInput {
        left_on: Some(day.into()),
        workplace_size: Some("10to29".into()),
        ..intake("2024-06-03", category)
    };
    // 구제신청: three months from 2024-09-01 is 2024-12-01, tomorrow.
    let dismissed = s.create_case(&left("2024-09-01", "dismissal")).unwrap();
    // 간이대지급금: a year from 2023-12-05 is 2024-12-05; its 소멸시효 (2026) is far.
    let wages = s
        .create_case(&CaseInput {
            received_on: Some("2024-01-10".into()),
            ..left("2023-12-05", "wage_arrears")
        })
        .unwrap();
    // Not listed: ten days away, already filed, closed, and under five workers.
    s.create_case(&left("2024-09-10", "dismissal")).unwrap();
    let filed = s.create_case(&left("2024-09-02", "dismissal")).unwrap();
    s.add_remedy(
        &filed.id,
        &RemedyInput {
            channel: Some("labor_commission".into()),
            filed_on: Some("2024-10-01".into()),
            ..RemedyInput::default()
        },
    )
    .unwrap();
    let closed = s.create_case(&left("2024-09-03", "dismissal")).unwrap();
    s.close_case(&closed.id, "info", Some("2024-10-01"))
        .unwrap();
    s.create_case(&CaseInput {
        workplace_size: Some("under5".into()),
        ..left("2024-09-04", "dismissal")
    })
    .unwrap();

    let listed: Vec<(String, String, i64)> = s
        .dashboard()
        .unwrap()
        .case_deadlines
        .into_iter()
        .map(|d| (d.case_no, d.code, d.days_left))
        .collect();
    assert_eq!(
        listed,
        [
            (
                dismissed.case_no,
                "dismissal_remedy_deadline".to_string(),
                1
            ),
            (
                wages.case_no,
                "simplified_substitute_payment".to_string(),
                5
            ),
        ]
    );
}
