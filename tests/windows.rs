//! What differs on Windows, run by the Windows build under Wine (scripts/wine-test.sh): a file
//! another program holds open (Excel keeps a workbook it shows open and denies writing it),
//! replacing a file by rename, and the console. The import of DRM-wrapped files and the data
//! folder's move are tested on every system (drm.rs, data_folder.rs).

use std::path::Path;
use std::process::Command;

use labordesk::export::CaseListExport;

use crate::common::*;

/// The names in `dir`, sorted: a failed write must leave no temporary file behind.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A program that merely reads the file shares it for writing and deletion. Unix and Windows 10
/// (1607 and later, where Rust renames with POSIX semantics) replace it under the reader; Wine
/// and older Windows refuse to rename over an open file, and then the export says the file is
/// in use and leaves it as it was. Either way it is never half-written.
#[test]
fn an_export_over_a_file_a_reader_has_open_replaces_it_whole_or_says_it_is_in_use() {
    let mut s = store();
    s.create_case(&intake("2024-03-04", "wage_arrears"))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("사건목록.csv");
    std::fs::write(&path, "old").unwrap();
    let reader = std::fs::File::open(&path).unwrap();
    let result = s.export_case_list(&CaseListExport::default(), &path);
    drop(reader);
    let text = std::fs::read_to_string(&path).unwrap();
    match result {
        Ok(n) => {
            assert_eq!(n, 1);
            assert!(text.starts_with("case_no,"), "replaced whole: {text}");
        }
        Err(e) if cfg!(windows) => {
            assert_eq!(e.code(), "file_in_use", "{e}");
            assert_eq!(text, "old", "left as it was");
        }
        Err(e) => panic!("only Windows refuses: {e}"),
    }
    assert_eq!(
        names(dir.path()),
        ["사건목록.csv"],
        "no temporary file left"
    );
}

#[cfg(windows)]
mod held_open {
    use std::os::windows::fs::OpenOptionsExt;

    use labordesk::export::{write_workbook, WorkbookOptions};
    use labordesk::report::Period;

    use super::*;

    /// Opens `path` as Excel holds a workbook it shows: no other program may write, replace or
    /// delete it (share mode 0 denies reading too, as some DRM viewers do).
    fn hold(path: &Path) -> std::fs::File {
        std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .share_mode(0)
            .open(path)
            .unwrap()
    }

    fn assert_in_use(e: &labordesk::Error, file: &str) {
        assert_eq!(e.code(), "file_in_use", "{e}");
        let message = e.to_string();
        assert!(
            message.starts_with(
                "파일이 다른 프로그램(예: Excel)에서 열려 있습니다 — 닫고 다시 시도하세요"
            ),
            "{message}"
        );
        assert!(message.contains(file), "names the file: {message}");
    }

    #[test]
    fn wine_enforces_share_modes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("held.txt");
        std::fs::write(&path, "x").unwrap();
        let _held = hold(&path);
        let e = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap_err();
        assert_eq!(e.raw_os_error(), Some(32), "ERROR_SHARING_VIOLATION: {e}");
    }

    #[test]
    fn a_case_list_export_over_a_workbook_open_in_excel_says_so_and_leaves_it_whole() {
        let mut s = store();
        s.create_case(&intake("2024-03-04", "wage_arrears"))
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("사건목록.xlsx");
        std::fs::write(&path, "the workbook as Excel shows it").unwrap();
        let held = hold(&path);
        let e = s
            .export_case_list(&CaseListExport::default(), &path)
            .unwrap_err();
        drop(held);
        assert_in_use(&e, "사건목록.xlsx");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "the workbook as Excel shows it",
            "nothing half-written"
        );
        assert_eq!(
            names(dir.path()),
            ["사건목록.xlsx"],
            "no temporary file left"
        );
        let log = s
            .access_log(&labordesk::store::accounts::AccessLogFilter::default())
            .unwrap();
        assert!(
            !log.iter()
                .any(|e| e.detail.as_deref().unwrap_or("").contains("사건 목록")),
            "an export that did not happen is not logged"
        );
    }

    #[test]
    fn the_statistics_workbook_and_the_access_log_say_so_too() {
        let s = store();
        let report = s.report(Period::as_of(d(2024, 8, 31))).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("통계.xlsx");
        std::fs::write(&book, "old").unwrap();
        let held = hold(&book);
        let e = write_workbook(&s, &report, &book, &WorkbookOptions::default()).unwrap_err();
        drop(held);
        assert_in_use(&e, "통계.xlsx");
        assert_eq!(std::fs::read_to_string(&book).unwrap(), "old");

        let log = dir.path().join("접근기록.csv");
        std::fs::write(&log, "old").unwrap();
        let held = hold(&log);
        let e = s
            .export_access_log(
                &labordesk::store::accounts::AccessLogFilter::default(),
                &log,
            )
            .unwrap_err();
        drop(held);
        assert_in_use(&e, "접근기록.csv");
        assert_eq!(std::fs::read_to_string(&log).unwrap(), "old");
        assert_eq!(names(dir.path()), ["접근기록.csv", "통계.xlsx"]);
    }

    #[test]
    fn an_import_file_open_in_excel_says_so_and_imports_nothing() {
        let mut s = store();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("가져오기.csv");
        std::fs::copy(repo_file("assets/examples/cases.csv"), &path).unwrap();
        let held = hold(&path);
        let e = s.import_cases(&path).unwrap_err();
        drop(held);
        assert_in_use(&e, "가져오기.csv");
        assert_eq!(s.count_cases().unwrap(), 0, "nothing imported");
    }

    #[test]
    fn a_workbook_closed_during_the_pause_is_written_on_the_one_retry() {
        let mut s = store();
        s.create_case(&intake("2024-03-04", "wage_arrears"))
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("사건목록.csv");
        std::fs::write(&path, "old").unwrap();
        let held = hold(&path);
        // Closed well within the pause before the retry, as a counselor closes Excel.
        let closer = std::thread::spawn(move || {
            std::thread::sleep(labordesk::fs::IN_USE_RETRY_PAUSE / 4);
            drop(held);
        });
        let n = s
            .export_case_list(&CaseListExport::default(), &path)
            .unwrap();
        closer.join().unwrap();
        assert_eq!(n, 1);
        assert!(std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("case_no,"));
    }
}

/// Korean from the CLI arrives as UTF-8 whatever the console's code page (the CLI sets it to
/// UTF-8 at start on Windows): here through a pipe, as PowerShell or a batch file reads it.
#[test]
fn the_cli_prints_korean_as_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("센터.db");
    let out = Command::new(env!("CARGO_BIN_EXE_labordesk"))
        .arg("--db")
        .arg(&db)
        .args([
            "init",
            "--center",
            "한빛 노동권익센터",
            "--device",
            "A",
            "--unencrypted",
        ])
        .env_remove("LABORDESK_DB")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).expect("UTF-8 output");
    assert!(text.contains("한빛 노동권익센터"), "{text}");
}
