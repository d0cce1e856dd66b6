//! Opening a store: schema upgrades, refusals, and files left untouched.

use labordesk::store::{schema_dump, SCHEMA_VERSION};
use labordesk::{Error, Store};

use crate::common::*;

#[test]
fn a_database_upgraded_from_every_frozen_version_has_the_fresh_schema() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = Store::open_in_memory().unwrap();
    for version in 1..=SCHEMA_VERSION {
        let old = dir.path().join(format!("v{version}.db"));
        std::fs::copy(
            repo_file(&format!("tests/fixtures/schema-v{version}.db")),
            &old,
        )
        .unwrap();
        let upgraded = Store::open(&old).unwrap();
        assert_eq!(
            schema_dump(&upgraded).unwrap(),
            schema_dump(&fresh).unwrap(),
            "upgraded from v{version}"
        );
    }
}

#[test]
fn an_empty_file_becomes_a_database_at_the_current_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/folder/new.db");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.count_cases().unwrap(), 0);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, SCHEMA_VERSION);
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal", "WAL is persistent once set");
}

#[test]
fn a_database_newer_than_the_binary_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let (store, path) = file_store(&dir);
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    drop(conn);
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path)
        .err()
        .expect("a newer schema must be refused");
    assert_eq!(err.code(), "db_too_new");
    assert!(err.to_string().contains("새 버전"), "Korean message: {err}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file is not touched"
    );
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    let garbage: Vec<u8> = (0..8192u32).map(|i| (i * 31 % 251) as u8).collect();
    std::fs::write(&path, &garbage).unwrap();
    let err = Store::open(&path).err().expect("garbage must be refused");
    assert!(matches!(err, Error::NotADatabase { .. }), "{err:?}");
    assert_eq!(std::fs::read(&path).unwrap(), garbage);
    assert!(
        !dir.path().join("notes.db-wal").exists(),
        "no WAL was started on a foreign file"
    );
}

#[test]
fn a_damaged_database_is_detected_on_open_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, path) = file_store(&dir);
    for i in 0..300 {
        let mut c = intake("2024-05-02", "wage_arrears");
        c.summary = Some(format!("상담 내용 {i} {}", "가".repeat(200)));
        store.create_case(&c).unwrap();
    }
    drop(store); // checkpoints the WAL into the main file
    let mut bytes = std::fs::read(&path).unwrap();
    let page = 4096;
    // Scribble over a B-tree page in the middle of the file.
    for b in &mut bytes[page * 20 + 8..page * 20 + 600] {
        *b = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    let err = Store::open(&path).err().expect("damage must be detected");
    assert_eq!(err.code(), "db_corrupt", "{err}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "never repaired or recreated"
    );
}

#[test]
fn case_numbers_count_per_device_and_year() {
    let mut s = store();
    let a = s.create_case(&intake("2024-01-05", "other")).unwrap();
    let b = s.create_case(&intake("2024-02-05", "other")).unwrap();
    let c = s.create_case(&intake("2023-12-30", "other")).unwrap();
    assert_eq!(
        (a.case_no.as_str(), b.case_no.as_str(), c.case_no.as_str()),
        ("2024-A0001", "2024-A0002", "2023-A0001")
    );
}

#[test]
fn a_case_cannot_be_numbered_before_the_device_has_a_letter() {
    let mut s = Store::open_in_memory().unwrap();
    s.set_clock(now());
    let err = s.create_case(&intake("2024-01-05", "other")).unwrap_err();
    assert_eq!(err.code(), "not_initialized");
    assert_eq!(s.count_cases().unwrap(), 0);
}
