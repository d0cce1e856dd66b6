//! The demo data set reproduces the city's published T1 as of 2024-08-31.

use labordesk::demo::{write_demo, PUBLISHED_2024_08_31};
use labordesk::domain::RemedyChannel;
use labordesk::report::Period;

use crate::common::*;

#[test]
fn demo_data_reproduces_the_published_t1_figures() {
    let mut s = store();
    write_demo(&mut s).unwrap();
    let t1 = s.t1(Period::as_of(d(2024, 8, 31))).unwrap();
    let c = t1.consultations;
    assert_eq!(
        [
            c.total,
            c.wage_arrears,
            c.dismissal,
            c.harassment,
            c.union,
            c.social_insurance,
            c.industrial_accident,
            c.other
        ],
        [415, 60, 58, 62, 7, 34, 23, 171],
        "cases received 2024-01-01..08-31 by primary category, deleted ones excluded"
    );
    for (category, n) in PUBLISHED_2024_08_31 {
        assert_eq!(c.get(category), n as u64, "{category}");
    }
    let r = t1.remedies;
    assert_eq!(
        (r.total, r.concluded, r.in_progress),
        (21, 14, 7),
        "합계 = 완료 + 진행"
    );
    let split = |ch| {
        let s = r.in_progress_by_channel.get(ch);
        (s.new, s.carried)
    };
    assert_eq!(split(RemedyChannel::LaborOffice), (2, 1));
    assert_eq!(split(RemedyChannel::LaborCommission), (1, 2));
    assert_eq!(split(RemedyChannel::WelfareInsurance), (0, 0));
    assert_eq!(split(RemedyChannel::Other), (0, 1));
}

#[test]
fn demo_data_holds_records_that_must_not_count() {
    let mut s = store();
    let summary = write_demo(&mut s).unwrap();
    assert!(summary.deleted_cases > 0, "deleted cases exist");
    let all_2024 = s.t1(Period::as_of(d(2024, 11, 29))).unwrap();
    assert!(
        all_2024.consultations.total > 415,
        "cases received after 31 August exist"
    );
    let y2023 = s.t1(Period::as_of(d(2023, 12, 31))).unwrap();
    assert!(
        y2023.consultations.total > 0,
        "cases received before 1 January exist"
    );
    assert!(
        all_2024.remedies.total > 21,
        "remedies filed after 31 August exist"
    );
    assert!(
        y2023.remedies.concluded > 0,
        "remedies concluded before 1 January exist"
    );
}

#[test]
fn demo_data_refuses_a_store_that_already_has_cases() {
    let mut s = store();
    s.create_case(&intake("2024-03-04", "other")).unwrap();
    assert_eq!(write_demo(&mut s).unwrap_err().code(), "invalid_state");
    assert_eq!(s.count_cases().unwrap(), 1);
}

#[test]
fn generated_data_refuses_a_store_that_already_has_cases() {
    let mut s = store();
    s.create_case(&intake("2024-03-04", "other")).unwrap();
    assert_eq!(
        labordesk::gen::generate(&mut s, 10, 1).unwrap_err().code(),
        "invalid_state"
    );
    assert_eq!(s.count_cases().unwrap(), 1);
}

#[test]
fn generated_data_is_indexed_counted_and_never_repeats_the_primary_category() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, path) = file_store(&dir);
    assert_eq!(labordesk::gen::generate(&mut s, 2_000, 7).unwrap(), 2_000);
    assert!(
        s.check_tallies(false).unwrap().agree(),
        "counted at the end of the bulk write"
    );
    let any_case = s
        .list_cases(&labordesk::domain::CaseFilter::default())
        .unwrap()
        .items
        .remove(0);
    let by_number = s
        .list_cases(&labordesk::domain::CaseFilter {
            text: Some(any_case.case_no.clone()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        by_number.items[0].case_no, any_case.case_no,
        "indexed for search"
    );
    let conn = rusqlite::Connection::open(&path).unwrap();
    let repeated: i64 = conn
        .query_row(
            "SELECT count(*) FROM case_categories cc JOIN cases c ON c.id = cc.case_id
             WHERE cc.category = c.primary_category",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(repeated, 0);
}
