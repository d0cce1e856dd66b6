//! What `make fuzz` found (fuzz/), each kept as a test: the input checked in under
//! tests/fixtures/fuzz/ or built here.
//!
//! The transfer-file findings (an unknown code, an impossible date, a multi-byte stamp, a
//! parser's message quoted whole) are tested with signed files in tests/sync/hostile.rs, the
//! enrollment-file ones (a short center id or key) in src/sync/enrollment.rs's unit tests.

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

use labordesk::import::ImportKind;
use labordesk::Error;

use crate::common::*;

/// Checks and imports `path` as a cases file and expects it refused as a whole file (exit 2 in
/// the CLI), with nothing written.
fn refused_as_a_file(path: &Path) -> String {
    let mut s = store();
    let e = s
        .check_import(ImportKind::Cases, path)
        .expect_err("the preview refuses the file");
    assert!(matches!(e, Error::ImportFile { .. }), "{e:?}");
    let e = s.import_cases(path).expect_err("the import refuses it");
    assert_eq!(e.code(), "import_file", "{e}");
    assert_eq!(s.count_cases().unwrap(), 0, "nothing written");
    e.to_string()
}

#[test]
fn a_workbook_damaged_by_the_fuzzer_is_refused_instead_of_crashing() {
    // fuzz target import_xlsx: the example cases.xlsx with a few bytes changed; among them,
    // two of the shared strings part's name (`xl/shaïedStrings.xml`), so that every text cell
    // names a string of an empty table. calamine 0.30 indexed that table without a check and
    // panicked ("index out of bounds: the len is 0 but the index is 0"), aborting the app at
    // the import preview. The cell address check now refuses it first (one of its attribute
    // values was damaged too); the test below reaches the shared strings alone.
    refused_as_a_file(&repo_file(
        "tests/fixtures/fuzz/shared-strings-part-renamed.xlsx",
    ));
}

/// The example cases.xlsx with its part `part` replaced by `body`.
fn example_with(dir: &tempfile::TempDir, part: &str, body: &str) -> PathBuf {
    let example = std::fs::read(repo_file("assets/examples/cases.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(example)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().to_owned();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name == part {
            bytes = body.as_bytes().to_vec();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&bytes).unwrap();
    }
    let path = dir.path().join("cases.xlsx");
    std::fs::write(&path, out.finish().unwrap().into_inner()).unwrap();
    path
}

#[test]
fn a_cell_naming_a_shared_string_past_the_end_of_the_table_is_refused_instead_of_crashing() {
    // fuzz target import_xlsx_sheet: a sheet whose text cells point past the shared strings
    // (here: one string left of the example's). calamine 0.30 panicked on the first such cell.
    let dir = tempfile::tempdir().unwrap();
    let path = example_with(
        &dir,
        "xl/sharedStrings.xml",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>case_no</t></si></sst>"#,
    );
    refused_as_a_file(&path);
}

const SHEET_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#;

#[test]
fn a_cell_address_with_ten_column_letters_is_refused_naming_it() {
    // fuzz target import_xlsx_sheet: `<c r="OOOOOOOOOOH2">`. calamine adds the column letters
    // up in a u32 without a check: a debug build panicked ("attempt to multiply with
    // overflow"), a release build wraps around and reads the value into another column.
    let dir = tempfile::tempdir().unwrap();
    let sheet = format!(
        r#"{SHEET_HEAD}<row r="1"><c r="A1" t="inlineStr"><is><t>case_no</t></is></c></row><row r="2"><c r="OOOOOOOOOOH2" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>"#
    );
    let path = example_with(&dir, "xl/worksheets/sheet1.xml", &sheet);
    let message = refused_as_a_file(&path);
    assert!(
        message.contains("OOOOOOOOOOH2") && message.contains("XFD1048576"),
        "names the address and Excel's last cell: {message}"
    );
}

#[test]
fn a_row_number_of_eleven_digits_is_refused_instead_of_wrapping_around() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = format!(
        r#"{SHEET_HEAD}<row r="1"><c r="A1" t="inlineStr"><is><t>case_no</t></is></c></row><row r="99999999999"><c t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>"#
    );
    let path = example_with(&dir, "xl/worksheets/sheet1.xml", &sheet);
    refused_as_a_file(&path);
}

#[test]
fn a_dimension_that_ends_before_it_starts_is_refused_instead_of_crashing() {
    // fuzz target import_xlsx_sheet (3-minute run): `<dimension ref="K1:H4"/>`; calamine
    // subtracts the corners unchecked ("attempt to subtract with overflow" in a debug build).
    let dir = tempfile::tempdir().unwrap();
    let sheet = format!(r#"{SHEET_HEAD}</sheetData></worksheet>"#)
        .replace("<sheetData>", r#"<dimension ref="K1:H4"/><sheetData>"#);
    let path = example_with(&dir, "xl/worksheets/sheet1.xml", &sheet);
    let message = refused_as_a_file(&path);
    assert!(message.contains("K1:H4"), "names the range: {message}");
}

#[test]
fn a_broken_workbook_is_refused_quoting_at_most_a_little_of_the_parsers_message() {
    // fuzz target import_xlsx_sheet (3-minute run): a sheet and shared strings mangled so that
    // calamine's XML error quotes the document around the mistake; the refusal repeated it
    // whole, 2 KB of the hostile file in one message.
    let message = refused_as_a_file(&repo_file("tests/fixtures/fuzz/long-parser-message.xlsx"));
    assert!(
        message.chars().count() < 300,
        "a short message: {} characters",
        message.chars().count()
    );
}
