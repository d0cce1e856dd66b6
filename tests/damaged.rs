//! A damaged encrypted database is reported as damaged, so the app offers the newest backup;
//! a wrong password is still a wrong password.

use labordesk::Store;

use crate::common::*;

const PAGE: usize = 4096;

/// An encrypted store with a few cases, closed (its WAL checkpointed into the file).
fn encrypted_store(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let path = dir.path().join("center.db");
    let (mut s, _) = crate::common::encrypted_store(&path);
    for day in 1..=9 {
        s.create_case(&intake(&format!("2024-10-0{day}"), "wage_arrears"))
            .unwrap();
    }
    drop(s);
    path
}

fn flip_bit(path: &std::path::Path, at: usize) -> Vec<u8> {
    let mut bytes = std::fs::read(path).unwrap();
    assert!(bytes.len() > at, "the file has {} bytes", bytes.len());
    bytes[at] ^= 0x10;
    std::fs::write(path, &bytes).unwrap();
    bytes
}

#[test]
fn one_flipped_bit_in_a_page_of_an_encrypted_database_is_reported_as_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let path = encrypted_store(&dir);
    for page in [2, 1] {
        let at = (page - 1) * PAGE + 200;
        let damaged = flip_bit(&path, at);
        let e = Store::open_encrypted(&path, "lead", "violet-lantern-harbor")
            .err()
            .unwrap();
        assert_eq!(e.code(), "db_corrupt", "page {page}: {e}");
        assert!(e.to_string().contains("백업"), "says to restore: {e}");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            damaged,
            "the damaged file is left as it was"
        );
        let wrong = Store::open_encrypted(&path, "lead", "not-the-password")
            .err()
            .unwrap();
        assert_eq!(wrong.code(), "wrong_password", "page {page}: {wrong}");
        flip_bit(&path, at);
    }
    assert!(
        Store::open_encrypted(&path, "lead", "violet-lantern-harbor").is_ok(),
        "the bits flipped back, it opens again"
    );
}
