//! The case API: create, update, close, reopen, delete, sessions, remedies, lists.

use labordesk::domain::*;
use labordesk::CaseInput;

use crate::common::*;

#[test]
fn a_new_case_has_its_number_and_the_intake_session() {
    let mut s = store();
    let mut input = intake("2024-03-04", "임금체불");
    input.client_name = Some("홍길순".into());
    input.secondary_categories = vec!["기타".into(), "wage_arrears".into()];
    let case = s.create_case(&input).unwrap();
    assert_eq!(case.case_no, "2024-A0001");
    assert_eq!(case.primary_category, Category::WageArrears);
    assert_eq!(
        case.secondary_categories,
        [Category::Other],
        "the primary is not repeated as secondary"
    );
    let detail = s.get_case(&case.id).unwrap();
    assert_eq!(
        detail.sessions.len(),
        1,
        "the first session is made with the case"
    );
    assert_eq!(detail.sessions[0].held_on, d(2024, 3, 4));
    assert_eq!(detail.case.client.name.as_deref(), Some("홍길순"));
}

#[test]
fn updating_a_case_replaces_its_details_and_keeps_its_number() {
    let mut s = store();
    let case = s.create_case(&intake("2024-03-04", "other")).unwrap();
    let mut input = intake("2024-03-05", "harassment");
    input.client_phone = Some("010-1111-2222".into());
    input.workplace_name = Some("새솔물류".into());
    let updated = s.update_case(&case.id, &input).unwrap();
    assert_eq!(updated.case_no, case.case_no);
    assert_eq!(updated.primary_category, Category::Harassment);
    assert_eq!(updated.client.phone.as_deref(), Some("010-1111-2222"));
    assert_eq!(s.count_cases().unwrap(), 1);
}

#[test]
fn closing_and_reopening_a_case() {
    let mut s = store();
    let case = s.create_case(&intake("2024-03-04", "other")).unwrap();
    let closed = s.close_case(&case.id, "정보제공", None).unwrap();
    assert_eq!(
        closed.closed_on,
        Some(d(2024, 11, 30)),
        "closed today by default"
    );
    assert_eq!(closed.outcome, Some(Outcome::Info));
    assert_eq!(
        s.close_case(&case.id, "info", None).unwrap_err().code(),
        "invalid_state"
    );
    let reopened = s.reopen_case(&case.id).unwrap();
    assert!(reopened.closed_on.is_none());
    assert_eq!(s.reopen_case(&case.id).unwrap_err().code(), "invalid_state");
}

#[test]
fn soft_deleted_cases_are_absent_from_lists_and_lookups() {
    let mut s = store();
    let keep = s.create_case(&intake("2024-03-04", "other")).unwrap();
    let gone = s.create_case(&intake("2024-03-05", "other")).unwrap();
    s.delete_case(&gone.id).unwrap();
    let page = s.list_cases(&CaseFilter::default()).unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.items[0].id, keep.id);
    assert_eq!(s.count_cases().unwrap(), 1);
    assert_eq!(s.get_case(&gone.id).unwrap_err().code(), "not_found");
    assert_eq!(
        s.find_case_by_no(&gone.case_no).unwrap_err().code(),
        "not_found"
    );
    assert_eq!(
        s.delete_case(&gone.id).unwrap_err().code(),
        "not_found",
        "deleting twice is an error"
    );
    let next = s.create_case(&intake("2024-03-06", "other")).unwrap();
    assert_eq!(
        next.case_no, "2024-A0003",
        "a deleted case's number is never reused"
    );
}

#[test]
fn remedies_are_added_updated_and_concluded() {
    let mut s = store();
    let case = s
        .create_case(&intake("2024-03-04", "wage_arrears"))
        .unwrap();
    let input = RemedyInput {
        channel: Some("노동청".into()),
        procedure: Some("진정".into()),
        filed_on: Some("2024-02-20".into()),
        amount_claimed: Some(3_000_000),
        ..RemedyInput::default()
    };
    let r = s.add_remedy(&case.id, &input).unwrap();
    assert_eq!(r.status, RemedyStatus::InProgress);
    assert_eq!(
        r.filed_on,
        d(2024, 2, 20),
        "a remedy may be filed before the case reached the center"
    );
    let r = s
        .update_remedy(
            &r.id,
            &RemedyInput {
                next_deadline: Some("2025-01-15".into()),
                ..input
            },
        )
        .unwrap();
    assert_eq!(
        r.next_deadline,
        Some(d(2025, 1, 15)),
        "a deadline may lie in the future"
    );
    let r = s
        .conclude_remedy(
            &r.id,
            &RemedyConclusion {
                concluded_on: Some("2024-06-01".into()),
                outcome: Some("청산".into()),
                amount_recovered: Some(2_500_000),
                decision_on: None,
            },
        )
        .unwrap();
    assert_eq!(
        (r.status, r.outcome, r.amount_recovered),
        (
            RemedyStatus::Concluded,
            Some(RemedyOutcome::Paid),
            Some(2_500_000)
        )
    );
    assert_eq!(
        r.next_deadline, None,
        "a concluded proceeding has no deadline"
    );
    assert_eq!(
        s.conclude_remedy(&r.id, &RemedyConclusion::default())
            .unwrap_err()
            .code(),
        "invalid_state"
    );
}

#[test]
fn sessions_are_listed_in_date_order() {
    let mut s = store();
    let case = s.create_case(&intake("2024-03-04", "other")).unwrap();
    for day in ["2024-03-20", "2024-03-10"] {
        s.add_session(
            &case.id,
            &SessionInput {
                held_on: Some(day.into()),
                method: Some("visit".into()),
                minutes: Some(30),
                ..SessionInput::default()
            },
        )
        .unwrap();
    }
    let dates: Vec<_> = s
        .get_case(&case.id)
        .unwrap()
        .sessions
        .iter()
        .map(|x| x.held_on)
        .collect();
    assert_eq!(dates, [d(2024, 3, 4), d(2024, 3, 10), d(2024, 3, 20)]);
}

fn seed_list(s: &mut labordesk::Store) {
    let rows = [
        (
            "2024-01-10",
            "wage_arrears",
            "김상담",
            "홍길순",
            "한빛식당",
            "3개월 임금 체불",
        ),
        (
            "2024-02-10",
            "dismissal",
            "이노무",
            "김민수",
            "새솔물류",
            "구두 해고 통보",
        ),
        (
            "2024-03-10",
            "wage_arrears",
            "이노무",
            "박서연",
            "푸른마트",
            "퇴직금 미지급 100%",
        ),
        (
            "2023-12-10",
            "other",
            "김상담",
            "이지은",
            "대한건설",
            "근로계약서 미작성",
        ),
    ];
    for (day, cat, counselor, name, workplace, summary) in rows {
        let input = CaseInput {
            counselor: Some(counselor.into()),
            client_name: Some(name.into()),
            workplace_name: Some(workplace.into()),
            summary: Some(summary.into()),
            ..intake(day, cat)
        };
        s.create_case(&input).unwrap();
    }
}

fn case_nos(s: &labordesk::Store, filter: CaseFilter) -> Vec<String> {
    s.list_cases(&filter)
        .unwrap()
        .items
        .into_iter()
        .map(|c| c.case_no)
        .collect()
}

#[test]
fn the_case_list_filters_by_period_category_status_counselor_channel_and_text() {
    let mut s = store();
    seed_list(&mut s);
    let all = |f: CaseFilter| CaseFilter {
        sort: CaseSort::by(SortColumn::ReceivedOn, false),
        ..f
    };
    assert_eq!(
        case_nos(
            &s,
            all(CaseFilter {
                received_from: Some(d(2024, 1, 1)),
                received_to: Some(d(2024, 2, 29)),
                ..Default::default()
            })
        ),
        ["2024-A0001", "2024-A0002"]
    );
    assert_eq!(
        case_nos(
            &s,
            all(CaseFilter {
                category: Some(Category::WageArrears),
                ..Default::default()
            })
        ),
        ["2024-A0001", "2024-A0003"]
    );
    assert_eq!(
        case_nos(
            &s,
            all(CaseFilter {
                counselor: Some("김상담".into()),
                ..Default::default()
            })
        ),
        ["2023-A0001", "2024-A0001"]
    );
    assert_eq!(
        case_nos(
            &s,
            all(CaseFilter {
                text: Some("해고".into()),
                ..Default::default()
            })
        ),
        ["2024-A0002"],
        "summary substring"
    );
    assert_eq!(
        case_nos(
            &s,
            all(CaseFilter {
                text: Some("길순".into()),
                ..Default::default()
            })
        ),
        ["2024-A0001"],
        "client name substring"
    );
    assert_eq!(
        case_nos(
            &s,
            all(CaseFilter {
                text: Some("푸른".into()),
                ..Default::default()
            })
        ),
        ["2024-A0003"],
        "workplace substring"
    );
    assert_eq!(
        case_nos(
            &s,
            all(CaseFilter {
                text: Some("100%".into()),
                ..Default::default()
            })
        ),
        ["2024-A0003"],
        "punctuation matches punctuation"
    );
    assert_eq!(
        case_nos(
            &s,
            all(CaseFilter {
                text: Some("2023-A".into()),
                ..Default::default()
            })
        ),
        ["2023-A0001"],
        "case number"
    );

    let id = s.find_case_by_no("2024-A0002").unwrap();
    s.add_remedy(
        &id,
        &RemedyInput {
            channel: Some("노동위원회".into()),
            filed_on: Some("2024-03-01".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        case_nos(
            &s,
            all(CaseFilter {
                remedy_channel: Some(RemedyChannel::LaborCommission),
                ..Default::default()
            })
        ),
        ["2024-A0002"]
    );
    assert!(case_nos(
        &s,
        all(CaseFilter {
            remedy_channel: Some(RemedyChannel::LaborOffice),
            ..Default::default()
        })
    )
    .is_empty());

    s.close_case(&id, "remedy", Some("2024-06-01")).unwrap();
    assert_eq!(
        case_nos(
            &s,
            all(CaseFilter {
                status: CaseStatus::Closed,
                ..Default::default()
            })
        ),
        ["2024-A0002"]
    );
    assert_eq!(
        case_nos(
            &s,
            all(CaseFilter {
                status: CaseStatus::Open,
                ..Default::default()
            })
        )
        .len(),
        3
    );
}

#[test]
fn the_case_list_pages_and_sorts() {
    let mut s = store();
    seed_list(&mut s);
    let page = s
        .list_cases(&CaseFilter {
            limit: 2,
            offset: 0,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.total, 4, "total counts every match, not the page");
    assert_eq!(
        page.items
            .iter()
            .map(|c| c.case_no.as_str())
            .collect::<Vec<_>>(),
        ["2024-A0003", "2024-A0002"],
        "newest first by default"
    );
    let page2 = s
        .list_cases(&CaseFilter {
            limit: 2,
            offset: 2,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        page2
            .items
            .iter()
            .map(|c| c.case_no.as_str())
            .collect::<Vec<_>>(),
        ["2024-A0001", "2023-A0001"]
    );
    assert_eq!(
        case_nos(
            &s,
            CaseFilter {
                sort: CaseSort::by(SortColumn::CaseNo, false),
                ..Default::default()
            }
        )[0],
        "2023-A0001"
    );
    let by_client = case_nos(
        &s,
        CaseFilter {
            sort: CaseSort::by(SortColumn::ClientName, false),
            ..Default::default()
        },
    );
    assert_eq!(
        by_client,
        ["2024-A0002", "2024-A0003", "2023-A0001", "2024-A0001"],
        "가나다 order: 김민수, 박서연, 이지은, 홍길순"
    );
}

#[test]
fn outreach_events_count_their_cases() {
    let mut s = store();
    let event = s
        .create_outreach_event(&OutreachEventInput {
            held_on: Some("2024-03-14".into()),
            place: Some("신도림역".into()),
            kind: Some("subway".into()),
            visitor_count: Some(40),
            counselors: vec!["김상담".into(), "이노무".into()],
            note: None,
        })
        .unwrap();
    let mut input = intake("2024-03-14", "other");
    input.outreach_event_id = Some(event.id.clone());
    s.create_case(&input).unwrap();
    let listed = s.outreach_events().unwrap();
    assert_eq!(listed[0].case_count, 1);
    assert_eq!(listed[0].counselors, ["김상담", "이노무"]);
    input.outreach_event_id = Some("no-such-event".into());
    assert_eq!(s.create_case(&input).unwrap_err().code(), "invalid");
}

#[test]
fn editing_one_case_never_rewrites_the_client_of_another() {
    let mut s = store();
    let person = CaseInput {
        client_name: Some("홍길순".into()),
        client_phone: Some("010-1234-5678".into()),
        ..intake("2024-03-04", "wage_arrears")
    };
    let a = s.create_case(&person).unwrap();
    let b = s
        .create_case(&CaseInput {
            received_on: Some("2024-05-06".into()),
            ..person.clone()
        })
        .unwrap();
    let persons = |s: &labordesk::Store| {
        s.t2(labordesk::report::Period::as_of(d(2024, 8, 31)))
            .unwrap()
            .units
            .rows[1]
            .cumulative
    };
    assert_eq!(persons(&s), 1, "one person, two cases");
    s.update_case(
        &b.id,
        &CaseInput {
            client_phone: Some("010-9999-0000".into()),
            ..CaseInput {
                received_on: Some("2024-05-06".into()),
                ..person.clone()
            }
        },
    )
    .unwrap();
    assert_eq!(
        s.get_case(&a.id).unwrap().case.client.phone.as_deref(),
        Some("010-1234-5678"),
        "case A keeps its client's phone"
    );
    assert_eq!(
        s.get_case(&b.id).unwrap().case.client.phone.as_deref(),
        Some("010-9999-0000")
    );
    s.update_case(
        &a.id,
        &CaseInput {
            client_name: None,
            client_phone: None,
            ..person
        },
    )
    .unwrap();
    assert_eq!(
        s.get_case(&b.id).unwrap().case.client.name.as_deref(),
        Some("홍길순"),
        "anonymising A leaves B's client"
    );
}

/// Case numbers the search `text` finds, in case-number order.
fn found(s: &labordesk::Store, text: &str) -> Vec<String> {
    let mut v: Vec<String> = s
        .list_cases(&CaseFilter {
            text: Some(text.into()),
            limit: 1000,
            ..Default::default()
        })
        .unwrap()
        .items
        .into_iter()
        .map(|c| c.case_no)
        .collect();
    v.sort();
    v
}

#[test]
fn the_search_index_follows_every_edit_delete_and_short_query() {
    let mut s = store();
    let a = s
        .create_case(&CaseInput {
            client_name: Some("김민수".into()),
            workplace_name: Some("ABC상사".into()),
            summary: Some("해고, 통보 없이 퇴사 처리".into()),
            ..intake("2024-03-04", "dismissal")
        })
        .unwrap();
    let b = s
        .create_case(&CaseInput {
            client_name: Some("박지민".into()),
            summary: Some("임금 체불".into()),
            ..intake("2024-03-05", "wage_arrears")
        })
        .unwrap();
    assert_eq!(
        found(&s, "민수"),
        std::slice::from_ref(&a.case_no),
        "two syllables"
    );
    assert_eq!(
        found(&s, "abc"),
        std::slice::from_ref(&a.case_no),
        "letters in any case"
    );
    assert_eq!(
        found(&s, "해고 통보"),
        std::slice::from_ref(&a.case_no),
        "spaces and commas alike"
    );
    assert_eq!(
        found(&s, "민"),
        [a.case_no.clone(), b.case_no.clone()],
        "one character: a scan"
    );
    assert!(found(&s, "민수씨").is_empty());

    // A new name: found by it, no longer by the old one.
    let mut edit = CaseInput {
        client_name: Some("이영희".into()),
        workplace_name: Some("ABC상사".into()),
        summary: Some("해고, 통보 없이 퇴사 처리".into()),
        ..intake("2024-03-04", "dismissal")
    };
    s.update_case(&a.id, &edit).unwrap();
    assert!(found(&s, "민수").is_empty());
    assert_eq!(found(&s, "영희"), std::slice::from_ref(&a.case_no));
    edit.summary = Some("권고사직".into());
    s.update_case(&a.id, &edit).unwrap();
    assert!(found(&s, "해고").is_empty());
    assert_eq!(found(&s, "권고"), std::slice::from_ref(&a.case_no));
    s.delete_case(&a.id).unwrap();
    assert!(found(&s, "영희").is_empty(), "a deleted case is not found");
    assert_eq!(found(&s, "체불"), [b.case_no]);
}

#[test]
fn an_upgraded_store_builds_its_search_index_from_the_cases_it_has() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, path) = file_store(&dir);
    let case = s
        .create_case(&CaseInput {
            client_name: Some("홍길순".into()),
            ..intake("2024-03-04", "wage_arrears")
        })
        .unwrap();
    drop(s);
    // The store as schema 4 left it: no index yet (and no tallies of schema 6).
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "DROP TRIGGER cases_tally_insert; DROP TRIGGER cases_tally_update; DROP TRIGGER cases_tally_delete;
         DROP TRIGGER case_categories_tally_insert; DROP TRIGGER case_categories_tally_delete;
         DROP TRIGGER sessions_tally_insert; DROP TRIGGER sessions_tally_update;
         DROP TRIGGER sessions_tally_delete; DROP VIEW case_tally_change;
         DROP VIEW case_tally_expected; DROP VIEW outcome_tally_expected;
         DROP VIEW session_tally_expected; DROP VIEW person_tally_expected;
         DROP VIEW client_periods_expected; DROP TABLE case_tally; DROP TABLE outcome_tally;
         DROP TABLE session_tally; DROP TABLE client_periods; DROP TABLE person_tally;
         DROP TRIGGER cases_search_insert; DROP TRIGGER cases_search_update;
         DROP TRIGGER clients_search_update; DROP TABLE case_search; DROP TABLE case_search_ids;
         DROP TRIGGER cases_count_insert; DROP TRIGGER cases_count_update; DROP TABLE case_count;
         DROP INDEX cases_reopened; DROP TRIGGER cases_closings_stamp;
         DROP TRIGGER remedies_conclusions_stamp; ALTER TABLE cases DROP COLUMN closings;
         ALTER TABLE remedies DROP COLUMN conclusions;
         DROP TABLE sync_enrollments; ALTER TABLE sync_devices DROP COLUMN public_key;
         ALTER TABLE sync_devices DROP COLUMN enrollment_id;
         DROP TABLE log_seal; ALTER TABLE access_log DROP COLUMN chain;
         DROP TRIGGER cases_stamp_update; DROP TRIGGER remedies_stamp_update; DROP INDEX cases_open_left;
         ALTER TABLE cases DROP COLUMN employer_representative;
         ALTER TABLE cases DROP COLUMN employer_reg_no; ALTER TABLE cases DROP COLUMN employer_address;
         ALTER TABLE cases DROP COLUMN employer_phone; ALTER TABLE cases DROP COLUMN employer_headcount;
         ALTER TABLE cases DROP COLUMN work_site; ALTER TABLE remedies DROP COLUMN decision_on;
         ALTER TABLE remedies DROP COLUMN deadline_reason;
         PRAGMA user_version = 4;",
    )
    .unwrap();
    drop(conn);
    let s = labordesk::Store::open(&path).unwrap();
    assert_eq!(found(&s, "길순"), [case.case_no]);
    assert_eq!(s.list_cases(&CaseFilter::default()).unwrap().total, 1);
}

#[test]
fn the_unfiltered_total_is_the_number_of_live_cases() {
    let mut s = store();
    let ids: Vec<String> = (1..=4)
        .map(|day| {
            s.create_case(&intake(&format!("2024-03-0{day}"), "other"))
                .unwrap()
                .id
        })
        .collect();
    s.delete_case(&ids[1]).unwrap();
    let total = |f: CaseFilter| s.list_cases(&f).unwrap().total;
    assert_eq!(total(CaseFilter::default()), 3);
    assert_eq!(
        total(CaseFilter {
            received_from: Some(d(2000, 1, 1)),
            ..Default::default()
        }),
        3,
        "the kept count and a counted one agree"
    );
}

#[test]
fn a_search_matching_most_cases_pages_newest_first_like_any_other() {
    // 40 matches of 42 cases: more than 5·√42, so the list reads the date index in order.
    let mut s = store();
    for day in 0..42u32 {
        s.create_case(&CaseInput {
            summary: Some(
                if day % 21 == 0 {
                    "해고"
                } else {
                    "임금 체불"
                }
                .into(),
            ),
            ..intake(
                &format!("2024-{:02}-{:02}", 1 + day / 28, 1 + day % 28),
                "wage_arrears",
            )
        })
        .unwrap();
    }
    let page = |text: Option<&str>, offset| {
        s.list_cases(&CaseFilter {
            text: text.map(str::to_string),
            limit: 15,
            offset,
            ..Default::default()
        })
        .unwrap()
    };
    let mut searched = Vec::new();
    for offset in [0, 15, 30] {
        let p = page(Some("체불"), offset);
        assert_eq!(p.total, 40);
        searched.extend(p.items.into_iter().map(|c| c.case_no));
    }
    let mut expected = Vec::new();
    for offset in [0, 15, 30] {
        expected.extend(
            page(None, offset)
                .items
                .into_iter()
                .filter(|c| c.summary.as_deref() == Some("임금 체불"))
                .map(|c| c.case_no),
        );
    }
    assert_eq!(searched, expected);
}

#[test]
fn a_search_matching_more_cases_than_it_counts_says_at_least() {
    use labordesk::store::SEARCH_COUNT_LIMIT;
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = file_store(&dir);
    let many = SEARCH_COUNT_LIMIT as usize + 5;
    let columns = labordesk::import::CASE_COLUMNS;
    let mut csv = columns.join(",") + "\n";
    for i in 0..many + 1 {
        let value = |column: &str| match column {
            "case_no" => format!("2024-B{:05}", i + 1),
            "received_on" => format!("2023-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
            "counselor" => "상담원01".into(),
            "primary_category" => if i % 2 == 0 { "임금체불" } else { "기타" }.into(),
            "summary" => if i < many {
                "퇴직금 미지급"
            } else {
                "해고 통보"
            }
            .into(),
            _ => String::new(),
        };
        csv += &(columns
            .iter()
            .map(|c| value(c))
            .collect::<Vec<_>>()
            .join(",")
            + "\n");
    }
    let path = dir.path().join("many.csv");
    std::fs::write(&path, csv).unwrap();
    s.import_cases(&path).unwrap();

    let search = |text: &str, category: Option<Category>| {
        s.list_cases(&CaseFilter {
            text: Some(text.into()),
            category,
            limit: 100,
            ..Default::default()
        })
        .unwrap()
    };
    let page = search("퇴직금", None);
    assert_eq!(
        (page.total, page.total_is_lower_bound),
        (SEARCH_COUNT_LIMIT, true)
    );
    assert_eq!(page.items.len(), 100);
    assert!(page
        .items
        .iter()
        .all(|c| c.summary.as_deref() == Some("퇴직금 미지급")));
    let days: Vec<chrono::NaiveDate> = page.items.iter().map(|c| c.received_on).collect();
    assert!(days.windows(2).all(|w| w[0] >= w[1]), "newest first");
    assert_eq!(days[0], d(2023, 12, 28));

    let half = search("퇴직금", Some(Category::WageArrears));
    assert_eq!(
        (half.total, half.total_is_lower_bound),
        (many as u64 / 2 + 1, false),
        "counted exactly under the limit"
    );
    let one = search("해고 통보", None);
    assert_eq!((one.total, one.total_is_lower_bound), (1, false));
    let all = s.list_cases(&CaseFilter::default()).unwrap();
    assert_eq!(
        (all.total, all.total_is_lower_bound),
        (many as u64 + 1, false),
        "a list without search counts every case"
    );
}

#[test]
fn a_list_that_shows_names_is_logged_once_per_query_and_one_without_names_is_not() {
    use labordesk::domain::{AccessAction, CaseFilter};
    use labordesk::store::accounts::AccessLogFilter;
    let mut s = store();
    for name in [None, Some("홍길동"), Some("김철수")] {
        s.create_case(&CaseInput {
            client_name: name.map(Into::into),
            ..intake("2024-11-01", "other")
        })
        .unwrap();
    }
    let views = |s: &labordesk::Store| {
        s.access_log(&AccessLogFilter {
            action: Some(AccessAction::View),
            ..Default::default()
        })
        .unwrap()
    };
    s.list_cases(&CaseFilter {
        limit: 100,
        ..Default::default()
    })
    .unwrap();
    let after_list = views(&s);
    assert_eq!(
        after_list.len(),
        1,
        "one entry for the query, not one per row"
    );
    let detail = after_list[0].detail.as_deref().unwrap();
    assert!(detail.contains("이름이 보이는 사건 2건"), "{detail}");
    s.list_cases(&CaseFilter {
        text: Some("홍길동".into()),
        limit: 100,
        ..Default::default()
    })
    .unwrap();
    let after_search = views(&s);
    assert_eq!(after_search.len(), 2);
    let detail = after_search
        .iter()
        .find(|e| e.seq != after_list[0].seq)
        .and_then(|e| e.detail.as_deref())
        .unwrap();
    assert!(
        detail.starts_with("사건 목록 검색") && !detail.contains("홍길동"),
        "the search text, itself a name, stays out of the log: {detail}"
    );
    s.list_cases(&CaseFilter {
        text: Some("없는 사람".into()),
        limit: 100,
        ..Default::default()
    })
    .unwrap();
    assert_eq!(
        views(&s).len(),
        2,
        "a list that shows no name is not logged"
    );
}
