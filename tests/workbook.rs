//! The workbook, read back with calamine: sheet names, headers, merged ranges and numbers.

use calamine::{Data, Dimensions, Reader, Xlsx};
use labordesk::export::{write_workbook, WorkbookOptions, SHEET_NAMES};
use labordesk::report::Period;

use crate::common::*;

fn demo_workbook(options: WorkbookOptions) -> (tempfile::TempDir, std::path::PathBuf) {
    let mut s = store();
    labordesk::demo::write_demo(&mut s).unwrap();
    let report = s.report(Period::as_of(d(2024, 8, 31))).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("통계.xlsx");
    write_workbook(&s, &report, &path, &options).unwrap();
    (dir, path)
}

fn cell(range: &calamine::Range<Data>, row: u32, col: u32) -> Data {
    range.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

fn text(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
    match cell(range, row, col) {
        Data::String(s) => s,
        other => panic!("expected text at ({row},{col}), found {other:?}"),
    }
}

fn num(range: &calamine::Range<Data>, row: u32, col: u32) -> f64 {
    match cell(range, row, col) {
        Data::Float(f) => f,
        Data::Int(i) => i as f64,
        other => panic!("expected a number (not text) at ({row},{col}), found {other:?}"),
    }
}

/// Rows are found by their header text, so the test states the layout, not offsets.
fn row_of(range: &calamine::Range<Data>, col: u32, needle: &str) -> u32 {
    (0..range.height() as u32)
        .find(|&r| matches!(cell(range, r, col), Data::String(ref s) if s == needle))
        .unwrap_or_else(|| panic!("no row with '{needle}' in column {col}"))
}

#[test]
fn the_workbook_has_one_korean_sheet_per_table_with_t1_first() {
    let (_dir, path) = demo_workbook(WorkbookOptions::default());
    let book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), SHEET_NAMES.map(String::from).to_vec());
    assert_eq!(SHEET_NAMES[0], "법률상담 및 구제");
}

#[test]
fn t1_reads_back_with_the_published_figures_headers_and_merged_cells() {
    let (_dir, path) = demo_workbook(WorkbookOptions::default());
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let ws = book.worksheet_range(SHEET_NAMES[0]).unwrap();
    assert_eq!(text(&ws, 0, 0), "노동관련 법률상담 및 구제");
    assert!(
        ws.rows()
            .flatten()
            .any(|c| matches!(c, Data::String(s) if s == "(8.31. 기준/단위 : 건)")),
        "title unit line"
    );
    assert!(
        text(&ws, 1, 0).starts_with("테스트 노동권익센터"),
        "center name on the sheet"
    );

    let h1 = row_of(&ws, 0, "합계");
    let headers: Vec<String> = (0..8).map(|c| text(&ws, h1, c)).collect();
    assert_eq!(
        headers,
        [
            "합계",
            "임금체불",
            "부당해고 등",
            "직장내 괴롭힘",
            "노동조합",
            "4대보험",
            "산업재해",
            "기타"
        ]
    );
    let block1: Vec<f64> = (0..8).map(|c| num(&ws, h1 + 1, c)).collect();
    assert_eq!(
        block1,
        [415.0, 60.0, 58.0, 62.0, 7.0, 34.0, 23.0, 171.0],
        "published cases as of 8.31."
    );

    let top = row_of(&ws, 0, "권리구제");
    assert_eq!(
        (
            text(&ws, top + 1, 0),
            text(&ws, top + 1, 1),
            text(&ws, top + 1, 2),
            text(&ws, top + 1, 3)
        ),
        (
            "합계".into(),
            "완료".into(),
            "진행".into(),
            "진행 중".into()
        )
    );
    let channels: Vec<String> = (0..4).map(|i| text(&ws, top + 2, 3 + 2 * i)).collect();
    assert_eq!(
        channels,
        ["노동청", "노동위원회", "고용복지센터/4대보험 공단", "기타"]
    );
    let sub: Vec<String> = (3..11).map(|c| text(&ws, top + 3, c)).collect();
    assert_eq!(
        sub,
        ["신규", "이월", "신규", "이월", "신규", "이월", "신규", "이월"]
    );
    let block2: Vec<f64> = (0..11).map(|c| num(&ws, top + 4, c)).collect();
    assert_eq!(
        block2,
        [21.0, 14.0, 7.0, 2.0, 1.0, 1.0, 2.0, 0.0, 0.0, 0.0, 1.0],
        "published remedies as of 8.31."
    );

    book.load_merged_regions().unwrap();
    let merged: Vec<Dimensions> = book
        .merged_regions_by_sheet(SHEET_NAMES[0])
        .into_iter()
        .map(|(_, _, d)| *d)
        .collect();
    let m = |r1: u32, c1: u32, r2: u32, c2: u32| Dimensions {
        start: (r1, c1),
        end: (r2, c2),
    };
    for expected in [
        m(top, 0, top, 10),         // 권리구제 over every column
        m(top + 1, 0, top + 3, 0),  // 합계 down three rows
        m(top + 1, 1, top + 3, 1),  // 완료
        m(top + 1, 2, top + 3, 2),  // 진행
        m(top + 1, 3, top + 1, 10), // 진행 중 over the channels
        m(top + 2, 3, top + 2, 4),  // 노동청 over 신규 | 이월
        m(top + 2, 9, top + 2, 10), // 기타 over 신규 | 이월
        m(0, 0, 0, 10),             // the title
    ] {
        assert!(
            merged.contains(&expected),
            "missing merge {expected:?} in {merged:?}"
        );
    }
}

#[test]
fn t2_reads_back_with_blank_future_months_and_its_totals() {
    let (_dir, path) = demo_workbook(WorkbookOptions::default());
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let ws = book.worksheet_range(SHEET_NAMES[1]).unwrap();
    let header = row_of(&ws, 0, "구분");
    let labels: Vec<String> = (0..16).map(|c| text(&ws, header, c)).collect();
    assert_eq!(labels[0], "구분");
    assert_eq!(labels[1], "1월");
    assert_eq!(labels[12], "12월");
    assert_eq!(&labels[13..], ["누계", "전년 동기", "증감"]);
    let total = row_of(&ws, 0, "합계");
    let months: f64 = (1..=8).map(|c| num(&ws, total, c)).sum();
    assert_eq!(months, 415.0, "January to August add up to the T1 total");
    assert_eq!(num(&ws, total, 13), 415.0, "누계");
    assert_eq!(
        cell(&ws, total, 9),
        Data::Empty,
        "September is blank, not zero"
    );
}

#[test]
fn t2_has_a_native_chart_of_monthly_totals() {
    let (_dir, path) = demo_workbook(WorkbookOptions::default());
    let mut zip = zip_entries(&path);
    zip.sort();
    assert!(
        zip.iter().any(|n| n.starts_with("xl/charts/chart")),
        "{zip:?}"
    );
}

fn zip_entries(path: &std::path::Path) -> Vec<String> {
    // The xlsx container lists its parts; a chart is its own part.
    let bytes = std::fs::read(path).unwrap();
    let mut names = Vec::new();
    let sig = b"PK\x01\x02";
    let mut i = 0;
    while let Some(pos) = bytes[i..].windows(4).position(|w| w == sig) {
        let at = i + pos;
        let len = u16::from_le_bytes([bytes[at + 28], bytes[at + 29]]) as usize;
        names.push(String::from_utf8_lossy(&bytes[at + 46..at + 46 + len]).into_owned());
        i = at + 4;
    }
    names
}

#[test]
fn every_table_sheet_reads_back_with_its_headers_and_numbers_as_numbers() {
    let (_dir, path) = demo_workbook(WorkbookOptions::default());
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let t3 = book.worksheet_range(SHEET_NAMES[2]).unwrap();
    let g = row_of(&t3, 0, "성별");
    assert_eq!(
        (
            text(&t3, g + 1, 0),
            text(&t3, g + 1, 1),
            text(&t3, g + 1, 2)
        ),
        ("구분".into(), "건수".into(), "비율(%)".into())
    );
    for block in [
        "연령대",
        "국적",
        "고용형태",
        "사업장 규모",
        "업종",
        "지역",
        "노조 유무",
        "내담자 구분",
    ] {
        row_of(&t3, 0, block);
    }
    let t4 = book.worksheet_range(SHEET_NAMES[3]).unwrap();
    let h = row_of(&t4, 0, "구분");
    let cols: Vec<String> = (0..14).map(|c| text(&t4, h, c)).collect();
    assert_eq!(
        cols,
        [
            "구분",
            "이월",
            "신규",
            "계",
            "완료",
            "진행",
            "인정",
            "일부인정",
            "기각·각하",
            "화해·합의",
            "취하",
            "기타",
            "청구액(원)",
            "회수액(원)"
        ]
    );
    let total = row_of(&t4, 0, "합계");
    assert_eq!(
        (num(&t4, total, 3), num(&t4, total, 4), num(&t4, total, 5)),
        (21.0, 14.0, 7.0)
    );
    let t5 = book.worksheet_range(SHEET_NAMES[4]).unwrap();
    let h = row_of(&t5, 0, "구분");
    assert_eq!(
        (text(&t5, h, 1), text(&t5, h, 2)),
        ("주 유형(건)".into(), "복수 유형 포함(건)".into())
    );
    assert_eq!(num(&t5, h + 1, 1), 60.0, "임금체불 as primary");
    let t6 = book.worksheet_range(SHEET_NAMES[5]).unwrap();
    let h = row_of(&t6, 0, "일자");
    let cols: Vec<String> = (0..5).map(|c| text(&t6, h, c)).collect();
    assert_eq!(
        cols,
        [
            "일자",
            "장소",
            "운영 형태",
            "상담 인원(명)",
            "상담 건수(건)"
        ]
    );
}

#[test]
fn the_case_list_sheet_is_off_by_default_and_never_carries_names() {
    let (_dir, path) = demo_workbook(WorkbookOptions {
        case_list: true,
        personal_data_reason: None,
    });
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names().len(), 7);
    let list = book.worksheet_range("사건 목록").unwrap();
    let h = row_of(&list, 0, "사건번호");
    assert_eq!(
        list.height() as u32 - h - 1,
        415,
        "one row per case of the period"
    );
    let mut s = store();
    labordesk::demo::write_demo(&mut s).unwrap();
    let page = s
        .list_cases(&labordesk::domain::CaseFilter {
            limit: 1000,
            ..Default::default()
        })
        .unwrap();
    let names: std::collections::HashSet<String> = page
        .items
        .iter()
        .filter_map(|c| c.client_name.clone())
        .collect();
    assert!(!names.is_empty());
    assert!(
        list.rows()
            .flatten()
            .all(|c| !matches!(c, Data::String(s) if names.contains(s))),
        "no client name in the sheet"
    );
}

#[test]
fn a_failed_write_leaves_no_file_behind() {
    let s = store();
    let report = s.report(Period::as_of(d(2024, 8, 31))).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-such-folder").join("통계.xlsx");
    let err = write_workbook(&s, &report, &path, &WorkbookOptions::default()).unwrap_err();
    assert_eq!(err.code(), "io");
    assert!(!path.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no temporary file left"
    );
}

#[test]
fn names_in_the_case_list_need_a_reason_which_the_access_log_keeps() {
    use labordesk::domain::AccessAction;
    use labordesk::store::accounts::AccessLogFilter;
    let mut s = store();
    s.create_case(&labordesk::CaseInput {
        client_name: Some("내보낼이름".into()),
        ..intake("2024-05-02", "other")
    })
    .unwrap();
    let report = s.report(Period::as_of(d(2024, 8, 31))).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("명단.xlsx");
    let blank = WorkbookOptions {
        case_list: true,
        personal_data_reason: Some("  ".into()),
    };
    assert_eq!(
        write_workbook(&s, &report, &path, &blank)
            .unwrap_err()
            .code(),
        "invalid"
    );
    assert!(!path.exists());
    let with_reason = WorkbookOptions {
        case_list: true,
        personal_data_reason: Some("노동청 진정 대리 자료".into()),
    };
    write_workbook(&s, &report, &path, &with_reason).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let list = book.worksheet_range("사건 목록").unwrap();
    assert!(list
        .rows()
        .flatten()
        .any(|c| matches!(c, Data::String(v) if v == "내보낼이름")));
    let exports = s
        .access_log(&AccessLogFilter {
            action: Some(AccessAction::Export),
            ..Default::default()
        })
        .unwrap();
    assert!(
        exports[0]
            .detail
            .as_deref()
            .unwrap()
            .contains("사유: 노동청 진정 대리 자료"),
        "{exports:?}"
    );
}

#[test]
fn the_case_list_export_streams_every_case_without_names_to_excel_and_csv() {
    use labordesk::export::{CaseListExport, CASE_LIST_COLUMNS};
    let mut s = store();
    labordesk::demo::write_demo(&mut s).unwrap();
    let mine = s
        .create_case(&labordesk::CaseInput {
            client_name: Some("목록에없을이름".into()),
            client_phone: Some("010-4444-5555".into()),
            ..intake("2024-11-02", "harassment")
        })
        .unwrap();
    let live = s.count_cases().unwrap();
    let dir = tempfile::tempdir().unwrap();

    let xlsx = dir.path().join("사건목록.xlsx");
    let n = s
        .export_case_list(&CaseListExport::default(), &xlsx)
        .unwrap();
    assert_eq!(n, live);
    let mut book: Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let sheet = book.worksheet_range("사건 목록").unwrap();
    assert_eq!(sheet.height() as u64, live + 1);
    assert_eq!(text(&sheet, 0, 0), "사건번호");
    let at = (1..sheet.height() as u32)
        .find(|&r| text(&sheet, r, 0) == mine.case_no)
        .unwrap();
    assert_eq!(text(&sheet, at, 4), "직장내 괴롭힘", "labels");
    assert!(matches!(cell(&sheet, at, 1), Data::DateTime(_)));
    let received: Vec<String> = (1..sheet.height() as u32)
        .map(|r| cell(&sheet, r, 1).to_string())
        .collect();
    assert!(received.windows(2).all(|w| w[0] <= w[1]), "oldest first");
    let bytes = std::fs::read(&xlsx).unwrap();
    drop(book);

    let csv = dir.path().join("cases.csv");
    let limited = CaseListExport {
        received_from: Some(d(2024, 1, 1)),
        limit: Some(5),
        ..Default::default()
    };
    assert_eq!(s.export_case_list(&limited, &csv).unwrap(), 5);
    let text_csv = std::fs::read_to_string(&csv).unwrap();
    let header: Vec<&str> = text_csv.lines().next().unwrap().split(',').collect();
    let keys: Vec<&str> = CASE_LIST_COLUMNS.iter().map(|c| c.0).collect();
    assert_eq!(header, keys);
    assert_eq!(text_csv.lines().count(), 6);
    assert!(text_csv.lines().nth(1).unwrap().contains(",2024-"));

    let all_csv = dir.path().join("all.csv");
    s.export_case_list(&CaseListExport::default(), &all_csv)
        .unwrap();
    let all = std::fs::read_to_string(&all_csv).unwrap();
    for secret in ["목록에없을이름", "010-4444-5555"] {
        assert!(!all.contains(secret), "{secret} in the CSV");
    }
    assert!(all
        .lines()
        .any(|l| l.starts_with(&mine.case_no) && l.contains(",harassment,")));
    // The xlsx is compressed: look for the name in the sheet's cells instead.
    let mut book: Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let sheet = book.worksheet_range("사건 목록").unwrap();
    assert!(sheet
        .cells()
        .all(|(_, _, v)| !v.to_string().contains("목록에없을이름")));
    assert!(!bytes.is_empty());

    // A folder that does not exist: a Korean error and no file anywhere.
    let e = s
        .export_case_list(&CaseListExport::default(), &dir.path().join("없음/x.xlsx"))
        .unwrap_err();
    assert_eq!(e.code(), "io");
    let exports = s
        .access_log(&labordesk::store::accounts::AccessLogFilter {
            action: Some(labordesk::domain::AccessAction::Export),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        exports.len(),
        3,
        "each written export is logged, the failed one not"
    );
}
