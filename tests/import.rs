//! Import format v1: all or nothing, row-numbered errors, re-import adds nothing, codes and
//! labels, BOM, quoted multi-line fields, CP949, XLSX equal to CSV.

use labordesk::domain::{CaseFilter, CaseSort, Category, IntakeMethod, SortColumn};
use labordesk::{Error, Store};

use crate::common::*;

const HEADER: &str = "case_no,received_on,counselor,intake_method,primary_category,secondary_categories,outcome,closed_on,gender,age_band,nationality,employment_type,workplace_size,industry,region,client_name,client_phone,outreach_event,summary";

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn all_cases(s: &Store) -> Vec<labordesk::domain::Case> {
    let page = s
        .list_cases(&CaseFilter {
            sort: CaseSort::by(SortColumn::CaseNo, false),
            limit: 1000,
            ..Default::default()
        })
        .unwrap();
    page.items
        .iter()
        .map(|c| s.get_case(&c.id).unwrap().case)
        .collect()
}

#[test]
fn the_example_files_import_and_a_second_import_adds_nothing() {
    let mut s = store();
    let r = s
        .import_cases(&repo_file("assets/examples/cases.csv"))
        .unwrap();
    assert_eq!((r.rows, r.added, r.skipped), (4, 4, 0));
    let r = s
        .import_remedies(&repo_file("assets/examples/remedies.csv"))
        .unwrap();
    assert_eq!((r.rows, r.added, r.skipped), (3, 3, 0));
    let r = s
        .import_cases(&repo_file("assets/examples/cases.csv"))
        .unwrap();
    assert_eq!((r.added, r.skipped), (0, 4), "cases match on case_no");
    let r = s
        .import_remedies(&repo_file("assets/examples/remedies.csv"))
        .unwrap();
    assert_eq!(
        (r.added, r.skipped),
        (0, 3),
        "remedies match on case, channel, procedure and filing date"
    );
    assert_eq!(s.count_cases().unwrap(), 4);
    let b1 = s
        .get_case(&s.find_case_by_no("2024-B0001").unwrap())
        .unwrap();
    assert_eq!(
        b1.remedies[0].amount_claimed,
        Some(4_500_000),
        "\"4,500,000\" is an amount"
    );
    assert_eq!(b1.case.counselor.as_deref(), Some("김상담"));
    assert!(
        s.counselors().unwrap().iter().any(|c| c.name == "박권익"),
        "an unknown counselor is created"
    );
}

#[test]
fn imported_numbers_are_never_handed_out_again_on_the_same_device_letter() {
    let mut s = store();
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        &dir,
        "c.csv",
        format!("{HEADER}\n2024-A0041,2024-03-04,,,other,,,,,,,,,,,,,,\n").as_bytes(),
    );
    s.import_cases(&f).unwrap();
    let next = s.create_case(&intake("2024-05-01", "other")).unwrap();
    assert_eq!(next.case_no, "2024-A0042");
}

#[test]
fn codes_and_korean_labels_are_both_accepted() {
    let mut s = store();
    s.import_cases(&repo_file("assets/examples/cases.csv"))
        .unwrap();
    let cases = all_cases(&s);
    assert_eq!(
        cases[0].primary_category,
        Category::WageArrears,
        "label 임금체불"
    );
    assert_eq!(
        cases[1].primary_category,
        Category::Dismissal,
        "code dismissal"
    );
    assert_eq!(cases[0].intake_method, IntakeMethod::Phone, "label 전화");
    assert_eq!(
        cases[3].intake_method,
        IntakeMethod::Messenger,
        "code messenger"
    );
    assert_eq!(
        cases[0].secondary_categories,
        [Category::Other],
        "기타;other is one category"
    );
}

#[test]
fn a_bom_quoted_commas_quotes_and_line_breaks_are_read() {
    let mut s = store();
    s.import_cases(&repo_file("assets/examples/cases.csv"))
        .unwrap();
    let cases = all_cases(&s);
    assert_eq!(
        cases[0].case_no, "2024-B0001",
        "the BOM is not part of the first header"
    );
    assert_eq!(
        cases[0].summary.as_deref(),
        Some("3개월분 임금 미지급, 사업주 연락 두절")
    );
    assert_eq!(
        cases[1].summary.as_deref(),
        Some("구두 해고 통보.\n해고 사유를 서면으로 받지 못함.")
    );
    assert_eq!(
        cases[2].summary.as_deref(),
        Some("팀장의 \"반복적인\" 폭언")
    );
    let events = s.outreach_events().unwrap();
    assert_eq!(
        (events[0].place.as_str(), events[0].case_count),
        ("신도림역 환승통로", 1),
        "outreach_event 'YYYY-MM-DD 장소'"
    );
}

#[test]
fn one_bad_row_writes_nothing_and_every_bad_row_is_reported_by_number() {
    let mut s = store();
    let dir = tempfile::tempdir().unwrap();
    let csv = format!(
        "{HEADER}\n\
         2024-A0001,2024-03-04,김상담,전화,임금체불,,,,,,,,,,,,,,ok\n\
         2024-A0002,2024-02-30,김상담,전화,임금체불,,,,,,,,,,,,,,impossible date\n\
         2024-A0003,2024-03-04,김상담,팩스,임금,,,,,,,,,,,,,,bad codes\n\
         2024-A0001,2024-03-05,김상담,전화,기타,,,,,,,,,,,,,,duplicate\n\
         ,2024-03-04,김상담,전화,기타,,,,,,,,,,,,,,no number\n"
    );
    let f = write(&dir, "bad.csv", csv.as_bytes());
    let Err(Error::ImportRows(rows)) = s.import_cases(&f) else {
        panic!("rows must be refused")
    };
    let lines: Vec<String> = rows.iter().map(ToString::to_string).collect();
    assert_eq!(
        rows.iter()
            .map(|r| (r.row, r.field.as_str()))
            .collect::<Vec<_>>(),
        [
            (2, "received_on"),
            (3, "intake_method"),
            (3, "primary_category"),
            (4, "case_no"),
            (5, "case_no"),
        ],
        "{lines:#?}"
    );
    assert!(
        lines[0].starts_with("row 2: received_on: 접수일 — 2024-02-30: 달력에 없는 날짜"),
        "{}",
        lines[0]
    );
    assert!(lines[3].contains("1행과 중복"), "{}", lines[3]);
    assert_eq!(s.count_cases().unwrap(), 0, "all or nothing");
    assert!(
        s.counselors().unwrap().is_empty(),
        "not even a counselor was created"
    );
}

#[test]
fn a_remedy_of_an_unknown_case_is_a_row_error() {
    let mut s = store();
    s.import_cases(&repo_file("assets/examples/cases.csv"))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        &dir,
        "r.csv",
        "case_no,channel,procedure,filed_on,concluded_on,outcome,amount_claimed,amount_recovered\n\
         2024-B0001,노동청,진정,2024-03-11,,,,\n\
         2024-Z9999,노동청,진정,2024-03-11,,,,\n\
         2024-B0002,노동위원회,구제신청,2024-04-01,2024-03-01,인정,열만원,\n"
            .as_bytes(),
    );
    let Err(Error::ImportRows(rows)) = s.import_remedies(&f) else {
        panic!("rows must be refused")
    };
    assert_eq!(
        rows.iter()
            .map(|r| (r.row, r.field.as_str()))
            .collect::<Vec<_>>(),
        [(2, "case_no"), (3, "amount_claimed"), (3, "concluded_on")]
    );
    let b1 = s.find_case_by_no("2024-B0001").unwrap();
    assert!(
        s.get_case(&b1).unwrap().remedies.is_empty(),
        "the good row was not written either"
    );
}

#[test]
fn unknown_or_missing_columns_refuse_the_file() {
    let mut s = store();
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        &dir,
        "typo.csv",
        "case_no,recieved_on,primary_category\n2024-A0001,2024-01-01,other\n".as_bytes(),
    );
    let err = s.import_cases(&f).unwrap_err();
    assert_eq!(err.code(), "import_file");
    assert!(
        err.to_string()
            .contains("알 수 없는 열이 있습니다: recieved_on"),
        "{err}"
    );
    let f = write(
        &dir,
        "few.csv",
        "case_no,primary_category\n2024-A0001,other\n".as_bytes(),
    );
    assert!(s
        .import_cases(&f)
        .unwrap_err()
        .to_string()
        .contains("필수 열이 없습니다: received_on"));
    let f = write(&dir, "x.ods", b"whatever");
    assert_eq!(s.import_cases(&f).unwrap_err().code(), "import_file");
}

#[test]
fn a_cp949_csv_from_korean_excel_is_read() {
    let mut s = store();
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{HEADER}\n2024-A0001,2024-03-04,김상담,전화,임금체불,,,,,,,,,,,홍길순,,,체불 상담\n"
    );
    let (bytes, _, _) = encoding_rs::EUC_KR.encode(&text);
    let f = write(&dir, "cp949.csv", &bytes);
    s.import_cases(&f).unwrap();
    let case = &all_cases(&s)[0];
    assert_eq!(
        (case.client.name.as_deref(), case.summary.as_deref()),
        (Some("홍길순"), Some("체불 상담"))
    );
}

#[test]
fn the_shipped_xlsx_example_imports_exactly_like_the_csv() {
    let (mut from_csv, mut from_xlsx) = (store(), store());
    from_csv
        .import_cases(&repo_file("assets/examples/cases.csv"))
        .unwrap();
    from_xlsx
        .import_cases(&repo_file("assets/examples/cases.xlsx"))
        .unwrap();
    from_csv
        .import_remedies(&repo_file("assets/examples/remedies.csv"))
        .unwrap();
    from_xlsx
        .import_remedies(&repo_file("assets/examples/remedies.xlsx"))
        .unwrap();
    let strip = |s: &Store| -> Vec<serde_json::Value> {
        all_cases(s)
            .into_iter()
            .map(|c| {
                let detail = s.get_case(&c.id).unwrap();
                let mut v = serde_json::to_value(&detail).unwrap();
                scrub(&mut v);
                v
            })
            .collect()
    };
    assert_eq!(strip(&from_csv), strip(&from_xlsx));
}

/// Ids and timestamps differ between two stores by design; everything else must not.
fn scrub(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            for key in [
                "id",
                "case_id",
                "outreach_event_id",
                "created_at",
                "updated_at",
            ] {
                if m.contains_key(key) {
                    m.insert(key.into(), serde_json::Value::Null);
                }
            }
            m.values_mut().for_each(scrub);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(scrub),
        _ => {}
    }
}

#[test]
fn xlsx_date_and_number_cells_are_read_as_dates_and_whole_numbers() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (col, h) in ["case_no", "channel", "filed_on", "amount_claimed"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, col as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "2024-B0001").unwrap();
    ws.write_string(1, 1, "노동청").unwrap();
    ws.write_datetime_with_format(1, 2, ExcelDateTime::from_ymd(2024, 3, 11).unwrap(), &date)
        .unwrap();
    ws.write_number(1, 3, 4_500_000.0).unwrap();
    wb.save(&path).unwrap();

    let mut s = store();
    s.import_cases(&repo_file("assets/examples/cases.csv"))
        .unwrap();
    s.import_remedies(&path).unwrap();
    let detail = s
        .get_case(&s.find_case_by_no("2024-B0001").unwrap())
        .unwrap();
    assert_eq!(detail.remedies[0].filed_on, d(2024, 3, 11));
    assert_eq!(detail.remedies[0].amount_claimed, Some(4_500_000));
}

#[test]
fn a_check_lists_every_row_error_and_writes_nothing() {
    use labordesk::import::ImportKind;
    let s = store();
    let dir = tempfile::tempdir().unwrap();
    let f = write(&dir, "bad.csv", format!("{HEADER}\n2024-A0001,2024-03-04,,,임금체불,,,,,,,,,,,,,,ok\n2024-A0002,2024-02-30,,,임금체불,,,,,,,,,,,,,,bad\n").as_bytes());
    let check = s.check_import(ImportKind::Cases, &f).unwrap();
    assert_eq!(check.rows, 2);
    assert_eq!(
        check
            .errors
            .iter()
            .map(|e| (e.row, e.field.as_str()))
            .collect::<Vec<_>>(),
        [(2, "received_on")]
    );
    assert_eq!(check.preview.len(), 2);
    assert_eq!(check.header[0], "case_no");
    assert_eq!(
        (check.would_add, check.would_skip),
        (0, 0),
        "nothing would be written while a row is bad"
    );
    assert_eq!(s.count_cases().unwrap(), 0);
}

#[test]
fn a_check_of_a_good_file_says_what_would_be_added_and_skipped() {
    use labordesk::import::ImportKind;
    let mut s = store();
    let example = repo_file("assets/examples/cases.csv");
    let check = s.check_import(ImportKind::Cases, &example).unwrap();
    assert_eq!(
        (
            check.rows,
            check.would_add,
            check.would_skip,
            check.errors.len()
        ),
        (4, 4, 0, 0)
    );
    s.import_cases(&example).unwrap();
    let again = s.check_import(ImportKind::Cases, &example).unwrap();
    assert_eq!((again.would_add, again.would_skip), (0, 4));
    let remedies = s
        .check_import(
            ImportKind::Remedies,
            &repo_file("assets/examples/remedies.csv"),
        )
        .unwrap();
    assert_eq!((remedies.would_add, remedies.errors.len()), (3, 0));
}

#[test]
fn an_import_reports_progress_up_to_the_total() {
    use labordesk::import::ImportKind;
    let mut s = store();
    let mut seen = Vec::new();
    s.import(
        ImportKind::Cases,
        &repo_file("assets/examples/cases.csv"),
        &mut |done, total| seen.push((done, total)),
    )
    .unwrap();
    assert_eq!(seen.first(), Some(&(0, 4)));
    assert_eq!(seen.last(), Some(&(4, 4)));
}

#[test]
fn a_remedy_row_naming_a_deleted_case_is_refused() {
    let mut s = store();
    s.import_cases(&repo_file("assets/examples/cases.csv"))
        .unwrap();
    let gone = s.find_case_by_no("2024-B0001").unwrap();
    s.delete_case(&gone).unwrap();
    let Err(Error::ImportRows(rows)) =
        s.import_remedies(&repo_file("assets/examples/remedies.csv"))
    else {
        panic!("must be refused")
    };
    assert_eq!((rows[0].row, rows[0].field.as_str()), (1, "case_no"));
    assert!(
        rows[0].message.contains("삭제된 사건"),
        "{}",
        rows[0].message
    );
    assert_eq!(
        s.t1(labordesk::report::Period::as_of(d(2024, 8, 31)))
            .unwrap()
            .remedies
            .total,
        0,
        "nothing counted"
    );
}

#[test]
fn two_rows_for_one_proceeding_key_are_refused_with_the_second_row_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store();
    s.import_cases(&repo_file("assets/examples/cases.csv"))
        .unwrap();
    // Same case, channel (once as a label, once as a code), procedure and filing day, but
    // different conclusions: two proceedings that a re-import could not tell apart.
    let file = write(
        &dir,
        "remedies.csv",
        "case_no,channel,procedure,filed_on,concluded_on,outcome\n\
         2024-B0001,노동청,진정,2024-03-11,2024-05-02,paid\n\
         2024-B0002,labor_commission,부당해고 구제신청,2024-04-01,,\n\
         2024-B0001,labor_office,진정,2024-03-11,2024-06-30,withdrawn\n"
            .as_bytes(),
    );
    match s.import_remedies(&file) {
        Err(Error::ImportRows(rows)) => {
            assert_eq!(rows.len(), 1, "{rows:?}");
            assert_eq!(rows[0].row, 3);
            assert!(rows[0].message.contains("1행"), "{}", rows[0].message);
        }
        other => panic!("expected a row error, got {other:?}"),
    }
    let b1 = s.find_case_by_no("2024-B0001").unwrap();
    assert!(
        s.get_case(&b1).unwrap().remedies.is_empty(),
        "all or nothing"
    );
}

#[test]
fn the_columns_t3_reads_are_imported_so_history_is_not_all_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store();
    let file = write(
        &dir,
        "cases.csv",
        "case_no,received_on,primary_category,client_role,union_presence,sub_type,birth_year,workplace_name\n\
         2023-B0001,2023-05-02,wage_arrears,노동자,no,퇴직금,1971,한빛물류\n"
            .as_bytes(),
    );
    s.import_cases(&file).unwrap();
    let case = s
        .get_case(&s.find_case_by_no("2023-B0001").unwrap())
        .unwrap()
        .case;
    assert_eq!(
        case.profile.client_role,
        labordesk::domain::ClientRole::Worker
    );
    assert_eq!(
        case.profile.union_presence,
        labordesk::domain::UnionPresence::No
    );
    assert_eq!(case.sub_type.as_deref(), Some("퇴직금"));
    assert_eq!(case.client.birth_year, Some(1971));
    assert_eq!(case.workplace_name.as_deref(), Some("한빛물류"));
    let t3 = s
        .t3(labordesk::report::Period::as_of(d(2023, 12, 31)))
        .unwrap();
    let role = t3.blocks.iter().find(|b| b.key == "client_role").unwrap();
    let worker = role.rows.iter().find(|r| r.key == "worker").unwrap();
    assert_eq!(worker.count, 1, "T3 counts the imported role, not 미상");
    let bad = write(
        &dir,
        "bad.csv",
        "case_no,received_on,primary_category,birth_year\n2023-B0002,2023-05-02,other,칠십일\n"
            .as_bytes(),
    );
    match s.import_cases(&bad) {
        Err(Error::ImportRows(rows)) => assert_eq!(rows[0].field, "birth_year"),
        other => panic!("expected a row error, got {other:?}"),
    }
}

/// The row errors of a refused import, as (row, field) pairs and the message lines.
fn refused_rows(s: &mut Store, f: &std::path::Path) -> (Vec<(usize, String)>, Vec<String>) {
    match s.import_cases(f) {
        Err(Error::ImportRows(rows)) => (
            rows.iter().map(|r| (r.row, r.field.clone())).collect(),
            rows.iter().map(ToString::to_string).collect(),
        ),
        other => panic!("the file must be refused row by row, got {other:?}"),
    }
}

const SHORT_HEADER: &str = "case_no,received_on,primary_category,summary";

#[test]
fn an_unterminated_quote_is_a_row_error_instead_of_swallowing_the_next_row() {
    let mut s = store();
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        &dir,
        "open.csv",
        format!(
            "{SHORT_HEADER}\n\
             2024-A0001,2024-03-04,wage_arrears,ok\n\
             2024-A0002,2024-03-04,wage_arrears,\"never closed\n\
             2024-A0003,2024-03-05,wage_arrears,would vanish into row 2\n"
        )
        .as_bytes(),
    );
    let (rows, lines) = refused_rows(&mut s, &f);
    assert_eq!(rows, [(2, "-".to_string())], "{lines:#?}");
    assert!(
        lines[0].contains("따옴표(\")가 닫히지 않았습니다"),
        "{}",
        lines[0]
    );
    let f = write(
        &dir,
        "stray.csv",
        format!("{SHORT_HEADER}\n2024-A0001,2024-03-04,wage_arrears,a 5\" screen\n").as_bytes(),
    );
    let (rows, _) = refused_rows(&mut s, &f);
    assert_eq!(
        rows,
        [(1, "-".to_string())],
        "a stray quote is not kept as text"
    );
    assert_eq!(s.count_cases().unwrap(), 0);
}

#[test]
fn a_row_with_more_or_fewer_cells_than_the_header_is_a_row_error() {
    let mut s = store();
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        &dir,
        "cells.csv",
        format!(
            "{SHORT_HEADER}\n\
             2024-A0001,2024-03-04,wage_arrears,paid late, then fired, then paid\n\
             2024-A0002,2024-03-04,wage_arrears\n\
             2024-A0003,2024-03-04,wage_arrears,a trailing empty cell is harmless,\n\
             2024-A0004,2024-03-04,wage_arrears,\"quoted, commas, are fine\"\n"
        )
        .as_bytes(),
    );
    let (rows, lines) = refused_rows(&mut s, &f);
    assert_eq!(
        rows,
        [(1, "-".to_string()), (2, "-".to_string())],
        "the summary split by unquoted commas and the short row: {lines:#?}"
    );
    assert!(
        lines[0].contains("칸이 6개로 머리글(4개)과 다릅니다"),
        "{}",
        lines[0]
    );
    assert!(lines[1].contains("칸이 3개로"), "{}", lines[1]);
}

#[test]
fn a_duplicated_or_blank_header_column_refuses_the_file_by_name() {
    let mut s = store();
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        &dir,
        "dup.csv",
        "case_no,received_on,primary_category,summary,summary\n2024-A0001,2024-03-04,wage_arrears,a,b\n"
            .as_bytes(),
    );
    let err = s.import_cases(&f).unwrap_err();
    assert_eq!(err.code(), "import_file");
    assert!(
        err.to_string()
            .contains("머리글에 'summary' 열이 두 번 있습니다 (4번째와 5번째 열)"),
        "{err}"
    );
    let f = write(
        &dir,
        "blank.csv",
        "case_no,received_on,primary_category,,summary\n2024-A0001,2024-03-04,wage_arrears,lost?,a\n"
            .as_bytes(),
    );
    let err = s.import_cases(&f).unwrap_err();
    assert!(
        err.to_string()
            .contains("4번째 열 이름이 비어 있는데 그 아래에 값이 있습니다"),
        "{err}"
    );
    let f = write(
        &dir,
        "trailing.csv",
        "case_no,received_on,primary_category,\n2024-A0001,2024-03-04,wage_arrears,\n".as_bytes(),
    );
    s.import_cases(&f)
        .expect("a blank header over empty cells loses nothing");
    assert_eq!(s.count_cases().unwrap(), 1);
}

#[test]
fn control_characters_in_text_are_row_errors_and_messages_never_echo_them() {
    let mut s = store();
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        &dir,
        "ctl.csv",
        format!(
            "{SHORT_HEADER},client_name\n\
             2024-A0001,2024-03-04,wage_arrears,nul \u{0} byte,\n\
             2024-A0002,2024-03-04,wage_arrears,fine,\u{1b}[2J\u{1b}[31mred\n\
             2024-A0003,2024-03-04,wage_arrears\u{1b}[0m,\"line\nbreak\tand tab are fine\",\n"
        )
        .as_bytes(),
    );
    let (rows, lines) = refused_rows(&mut s, &f);
    assert_eq!(
        rows,
        [
            (1, "summary".to_string()),
            (2, "client_name".to_string()),
            (3, "primary_category".to_string())
        ],
        "{lines:#?}"
    );
    assert!(lines[0].contains("제어 문자(U+0000)"), "{}", lines[0]);
    assert!(lines[1].contains("제어 문자(U+001B)"), "{}", lines[1]);
    assert!(
        lines.iter().all(|l| !l.chars().any(|c| c.is_control())),
        "no message carries a control character to the screen: {lines:?}"
    );
}

#[test]
fn a_huge_cell_is_a_row_error_that_quotes_at_most_fifty_characters() {
    let mut s = store();
    let dir = tempfile::tempdir().unwrap();
    let huge = "가".repeat(400_000);
    let f = write(
        &dir,
        "huge.csv",
        format!("{SHORT_HEADER}\n2024-A0001,2024-03-04,{huge},x\n").as_bytes(),
    );
    let (rows, lines) = refused_rows(&mut s, &f);
    assert_eq!(rows[0], (1, "primary_category".to_string()), "{lines:?}");
    assert!(
        lines[0].contains("값이 너무 깁니다 (400000자"),
        "{}",
        &lines[0][..200]
    );
    assert!(
        lines.iter().all(|l| l.chars().count() < 300),
        "no message echoes the cell whole: {:?}",
        lines.iter().map(|l| l.chars().count()).collect::<Vec<_>>()
    );
}

#[test]
fn an_amount_above_the_ceiling_is_a_row_error_so_reports_never_overflow() {
    let mut s = store();
    s.import_cases(&repo_file("assets/examples/cases.csv"))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        &dir,
        "max.csv",
        "case_no,channel,procedure,filed_on,concluded_on,outcome,amount_claimed,amount_recovered\n\
         2024-B0001,노동청,진정,2024-03-11,,,9223372036854775807,\n\
         2024-B0002,노동청,진정,2024-03-11,,,\"100,000,000,000\",\n\
         2024-B0002,노동청,고소,2024-03-11,,,100000000001,\n"
            .as_bytes(),
    );
    let Err(Error::ImportRows(rows)) = s.import_remedies(&f) else {
        panic!("amounts over ₩100,000,000,000 must be refused")
    };
    assert_eq!(
        rows.iter()
            .map(|r| (r.row, r.field.as_str()))
            .collect::<Vec<_>>(),
        [(1, "amount_claimed"), (3, "amount_claimed")],
        "exactly the ceiling is allowed"
    );
    assert!(
        rows[0].message.contains("1,000억 원을 넘는"),
        "{}",
        rows[0].message
    );
}

#[test]
fn amounts_stored_before_the_ceiling_existed_still_let_the_report_add_up() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, path) = file_store(&dir);
    let case = s
        .create_case(&intake("2024-03-04", "wage_arrears"))
        .unwrap();
    for procedure in ["진정", "고소"] {
        s.add_remedy(
            &case.id,
            &labordesk::domain::RemedyInput {
                channel: Some("노동청".into()),
                procedure: Some(procedure.into()),
                filed_on: Some("2024-03-11".into()),
                concluded_on: Some("2024-04-11".into()),
                outcome: Some("paid".into()),
                amount_claimed: Some(1),
                ..Default::default()
            },
        )
        .unwrap();
    }
    drop(s);
    // What an older version (or a damaged file) could hold: two amounts summing past i64.
    let conn = rusqlite::Connection::open(&path).unwrap();
    // Written as a sync applies rows, so the stamping triggers stand aside (SQLite still wants
    // every function they name).
    for (name, value) in [("ld_applying", "1"), ("ld_stamp", "")] {
        conn.create_scalar_function(
            name,
            0,
            rusqlite::functions::FunctionFlags::SQLITE_UTF8,
            move |_| Ok(value),
        )
        .unwrap();
    }
    conn.execute(
        "UPDATE remedies SET amount_claimed = 9223372036854775807",
        [],
    )
    .unwrap();
    drop(conn);
    let s = Store::open(&path).unwrap();
    let t4 = s
        .t4(labordesk::report::Period::as_of(d(2024, 8, 31)))
        .expect("the report is made, not failed by an overflow");
    assert_eq!(
        t4.total.values.amount_claimed,
        i64::MAX,
        "the sum saturates"
    );
}

/// An XLSX with the import header and one more cell far out in the sheet.
fn xlsx_with_a_far_cell(path: &std::path::Path, row: u32, column: u16) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (col, h) in SHORT_HEADER.split(',').enumerate() {
        ws.write_string(0, col as u16, h).unwrap();
    }
    ws.write_string(row, column, "x").unwrap();
    wb.save(path).unwrap();
}

#[test]
fn an_xlsx_with_a_cell_at_the_sheet_end_is_refused_naming_the_cell() {
    let mut s = store();
    let dir = tempfile::tempdir().unwrap();
    for (row, column, cell) in [
        (1_048_575, 16_383, "XFD1048576"),
        (299_999, 701, "ZZ300000"),
    ] {
        let path = dir.path().join(format!("{cell}.xlsx"));
        xlsx_with_a_far_cell(&path, row, column);
        let err = s.import_cases(&path).unwrap_err();
        assert_eq!(err.code(), "import_file", "{err}");
        assert!(
            err.to_string()
                .contains(&format!("{cell} 칸에 값이 있습니다")),
            "{err}"
        );
    }
    let path = dir.path().join("far-row.xlsx");
    xlsx_with_a_far_cell(&path, 1_000_001, 0);
    assert!(s
        .import_cases(&path)
        .unwrap_err()
        .to_string()
        .contains("행이 너무 많습니다"));
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
    let mut s = store();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.csv");
    let file = std::fs::File::create(&path).unwrap();
    // A sparse file: the size is checked before one byte is read.
    file.set_len(labordesk::import::MAX_FILE_BYTES + 1).unwrap();
    let err = s.import_cases(&path).unwrap_err();
    assert!(err.to_string().contains("파일이 너무 큽니다"), "{err}");
}
