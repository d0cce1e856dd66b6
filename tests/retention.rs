//! Retention: personal data destroyed on schedule, report numbers unchanged, names gone from
//! the file.

use labordesk::report::Period;
use labordesk::CaseInput;

use crate::common::*;

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

fn file_bytes(path: &std::path::Path) -> Vec<u8> {
    let mut all = std::fs::read(path).unwrap();
    all.extend(std::fs::read(format!("{}-wal", path.display())).unwrap_or_default());
    all
}

#[test]
fn retention_destroys_old_personal_data_keeps_every_report_number_and_leaves_no_trace_in_the_file()
{
    let dir = tempfile::tempdir().unwrap();
    let (mut s, path) = file_store(&dir); // today 2024-11-30; 3 years: closed before 2021-11-30
    let old = s
        .create_case(&CaseInput {
            client_name: Some("파기될이름".into()),
            client_phone: Some("010-1111-0000".into()),
            workplace_name: Some("오래된사업장".into()),
            summary: Some("오래된 상담 내용".into()),
            ..intake("2020-03-02", "wage_arrears")
        })
        .unwrap();
    s.close_case(&old.id, "info", Some("2020-04-01")).unwrap();
    let recent = s
        .create_case(&CaseInput {
            client_name: Some("남을이름".into()),
            ..intake("2024-03-02", "dismissal")
        })
        .unwrap();
    s.close_case(&recent.id, "info", Some("2024-04-01"))
        .unwrap();
    // A returning client: an old closed case and a current one. Their name must stay.
    let returning = CaseInput {
        client_name: Some("돌아온이름".into()),
        client_phone: Some("010-2222-0000".into()),
        ..intake("2020-05-04", "other")
    };
    let r_old = s.create_case(&returning).unwrap();
    s.close_case(&r_old.id, "info", Some("2020-05-20")).unwrap();
    s.create_case(&CaseInput {
        received_on: Some("2024-10-01".into()),
        ..returning
    })
    .unwrap();

    let periods = [
        Period::as_of(d(2020, 12, 31)),
        Period::as_of(d(2024, 11, 30)),
    ];
    let before: Vec<_> = periods.iter().map(|p| s.report(*p).unwrap()).collect();
    assert!(
        contains(&file_bytes(&path), "파기될이름"),
        "the name is on disk before retention"
    );
    // The search index holds the name's two-character windows.
    assert!(contains(&file_bytes(&path), "될이"));

    assert_eq!(
        s.retention_cutoff().unwrap(),
        d(2021, 11, 30),
        "what the settings screen shows before running it"
    );
    let done = s.destroy_expired_personal_data().unwrap();
    assert_eq!(done.cutoff, d(2021, 11, 30));
    assert_eq!(
        (done.cases, done.clients),
        (1, 1),
        "one case lost its free text and one client their data; the returning client's old case had no free text and their name stays"
    );

    let after: Vec<_> = periods.iter().map(|p| s.report(*p).unwrap()).collect();
    assert_eq!(
        after, before,
        "every report number is the same, 실인원 included"
    );
    let old_case = s.get_case(&old.id).unwrap().case;
    assert_eq!(
        (
            old_case.client.name,
            old_case.client.phone,
            old_case.summary,
            old_case.workplace_name
        ),
        (None, None, None, None)
    );
    assert_eq!(
        s.get_case(&recent.id).unwrap().case.client.name.as_deref(),
        Some("남을이름")
    );
    assert_eq!(
        s.get_case(&r_old.id).unwrap().case.client.name.as_deref(),
        Some("돌아온이름")
    );
    drop(s);
    let bytes = file_bytes(&path);
    for gone in [
        "파기될이름",
        "010-1111-0000",
        "오래된사업장",
        "오래된 상담 내용",
    ] {
        assert!(!contains(&bytes, gone), "'{gone}' survives in the file");
    }
    assert!(
        !contains(&bytes, "될이"),
        "the name survives in the search index"
    );
    assert!(contains(&bytes, "남을이름"));
}

#[test]
fn only_a_lead_sets_the_period_and_it_stays_within_bounds() {
    let mut s = store();
    assert_eq!(s.retention_years().unwrap(), 3);
    s.set_retention_years(5).unwrap();
    assert_eq!(s.retention_years().unwrap(), 5);
    assert_eq!(s.set_retention_years(0).unwrap_err().code(), "invalid");
}

#[test]
fn retention_deletes_unfinished_forms_older_than_thirty_days() {
    use chrono::TimeZone;
    let mut s = store();
    let seoul = chrono::FixedOffset::east_opt(9 * 3600).unwrap();
    let at = |m, d| labordesk::Clock::Fixed(seoul.with_ymd_and_hms(2024, m, d, 10, 0, 0).unwrap());
    s.set_clock(at(10, 1));
    s.save_draft("intake", &serde_json::json!({"client_name": "잊힌초안"}))
        .unwrap();
    s.set_clock(at(11, 20));
    s.save_draft("intake-2", &serde_json::json!({"client_name": "최근초안"}))
        .unwrap();
    s.set_clock(at(11, 30));
    let done = s.destroy_expired_personal_data().unwrap();
    assert_eq!(done.drafts, 1);
    assert_eq!(s.draft("intake").unwrap(), None);
    assert!(s.draft("intake-2").unwrap().is_some());
}

#[test]
fn retention_keeps_a_registered_employer_but_not_the_persons_it_names() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, path) = file_store(&dir); // today 2024-11-30: closed before 2021-11-30 expires
    let business = s
        .create_case(&CaseInput {
            workplace_name: Some("상습체불건설(주)".into()),
            employer_representative: Some("대표자홍길동".into()),
            employer_reg_no: Some("1248100998".into()),
            employer_address: Some("서울특별시 관악구 관악로 1".into()),
            employer_phone: Some("010-3333-4444".into()),
            employer_headcount: Some(12),
            work_site: Some("봉천동 현장".into()),
            ..intake("2020-03-02", "wage_arrears")
        })
        .unwrap();
    s.close_case(&business.id, "info", Some("2020-04-01"))
        .unwrap();
    let household = s
        .create_case(&CaseInput {
            workplace_name: Some("개인가정집".into()),
            employer_representative: Some("고용주이순신".into()),
            employer_address: Some("가정집주소 12-3".into()),
            employer_phone: Some("02-555-6666".into()),
            employer_headcount: Some(1),
            ..intake("2020-03-02", "wage_arrears")
        })
        .unwrap();
    s.close_case(&household.id, "info", Some("2020-04-01"))
        .unwrap();
    let landline = s
        .create_case(&CaseInput {
            workplace_name: Some("대표전화상사".into()),
            employer_reg_no: Some("124-81-00998".into()),
            employer_phone: Some("02-777-8888".into()),
            ..intake("2020-03-02", "other")
        })
        .unwrap();
    s.close_case(&landline.id, "info", Some("2020-04-01"))
        .unwrap();

    let done = s.destroy_expired_personal_data().unwrap();
    assert_eq!(done.cases, 2, "the landline business had nothing personal");
    let kept = s.get_case(&business.id).unwrap().case;
    assert_eq!(kept.workplace_name.as_deref(), Some("상습체불건설(주)"));
    assert_eq!(
        (
            kept.employer.reg_no.as_deref(),
            kept.employer.address.as_deref(),
            kept.employer.headcount,
            kept.employer.work_site.as_deref()
        ),
        (
            Some("124-81-00998"),
            Some("서울특별시 관악구 관악로 1"),
            Some(12),
            Some("봉천동 현장")
        )
    );
    assert_eq!(
        (kept.employer.representative, kept.employer.phone),
        (None, None),
        "a name and a mobile number are a person's"
    );
    let person = s.get_case(&household.id).unwrap().case;
    assert_eq!(
        (
            person.workplace_name,
            person.employer.representative,
            person.employer.address,
            person.employer.phone,
            person.employer.headcount
        ),
        (None, None, None, None, Some(1))
    );
    let landline = s.get_case(&landline.id).unwrap().case;
    assert_eq!(landline.employer.phone.as_deref(), Some("02-777-8888"));
    drop(s);
    let bytes = file_bytes(&path);
    for gone in [
        "대표자홍길동",
        "010-3333-4444",
        "고용주이순신",
        "가정집주소 12-3",
        "개인가정집",
    ] {
        assert!(!contains(&bytes, gone), "'{gone}' survives in the file");
    }
}
