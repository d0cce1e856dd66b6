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
