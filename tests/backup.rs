//! Backups: a restore gives back the same data; encrypted backups hold no plaintext; a
//! damaged store is detected and replaced without being deleted.

use labordesk::report::Period;
use labordesk::store::backup::{list_backups, DEFAULT_KEEP};
use labordesk::{CaseInput, Store};

use crate::common::*;

#[test]
fn a_backup_restores_to_an_identical_data_set() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, path) = file_store(&dir);
    labordesk::demo::write_demo(&mut s).unwrap();
    let period = Period::as_of(d(2024, 8, 31));
    let report = s.report(period).unwrap();
    let count = s.count_cases().unwrap();
    let backup = s.backup_now(DEFAULT_KEEP).unwrap();
    s.create_case(&intake("2024-11-20", "other")).unwrap(); // after the backup
    drop(s);
    let mut restored = Store::restore(&path, &backup, None, now()).unwrap();
    restored.set_clock(now());
    assert_eq!(
        restored.count_cases().unwrap(),
        count,
        "the data as it was at the backup"
    );
    assert_eq!(restored.report(period).unwrap(), report);
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".replaced-"))
        .collect();
    assert!(
        !aside.is_empty(),
        "the replaced file was moved aside, not deleted"
    );
    assert!(backup.exists(), "the backup itself stays");
}

#[test]
fn backups_rotate_and_a_daily_one_is_made_only_when_due() {
    let dir = tempfile::tempdir().unwrap();
    let (s, path) = file_store(&dir);
    let first = s.backup_if_due().unwrap();
    assert!(first.is_some(), "no backup yet: one is due");
    assert!(
        s.backup_if_due().unwrap().is_none(),
        "one made today: not due again"
    );
    let mut s = s;
    for hour in 0..4 {
        s.set_clock(labordesk::Clock::Fixed(
            chrono::DateTime::parse_from_rfc3339(&format!("2024-12-0{}T10:00:00+09:00", hour + 1))
                .unwrap(),
        ));
        s.backup_now(3).unwrap();
    }
    let kept = list_backups(&path);
    assert_eq!(kept.len(), 3, "the newest three");
    assert!(kept[0].made_at > kept[1].made_at, "newest first");
}

#[test]
fn an_encrypted_backup_holds_no_plaintext_and_needs_a_lead_to_restore() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("enc.db");
    let (mut s, _) = encrypted_store(&path);
    s.create_case(&CaseInput {
        client_name: Some("백업속이름".into()),
        ..intake("2024-11-01", "other")
    })
    .unwrap();
    s.create_account(&labordesk::store::accounts::AccountInput {
        username: Some("counsel".into()),
        display_name: Some("상담원".into()),
        role: Some("counselor".into()),
        password: Some("counsel-password".into()),
    })
    .unwrap();
    let backup = s.backup_now(DEFAULT_KEEP).unwrap();
    drop(s);
    let bytes = std::fs::read(&backup).unwrap();
    assert!(
        !bytes
            .windows("백업속이름".len())
            .any(|w| w == "백업속이름".as_bytes()),
        "no plaintext in the backup"
    );
    let e = Store::restore(&path, &backup, Some(("counsel", "counsel-password")), now())
        .err()
        .unwrap();
    assert_eq!(e.code(), "forbidden", "a counselor cannot restore");
    assert!(path.exists(), "a refused restore leaves the store in place");
    let restored = Store::restore(
        &path,
        &backup,
        Some(("lead", "violet-lantern-harbor")),
        now(),
    )
    .unwrap();
    assert_eq!(restored.count_cases().unwrap(), 1);
}

#[test]
fn a_truncated_database_is_detected_left_as_it_was_and_can_be_restored() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, path) = file_store(&dir);
    for i in 0..200 {
        s.create_case(&CaseInput {
            summary: Some(format!("{i} {}", "내용".repeat(100))),
            ..intake("2024-05-02", "other")
        })
        .unwrap();
    }
    let backup = s.backup_now(DEFAULT_KEEP).unwrap();
    drop(s);
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let truncated = std::fs::read(&path).unwrap();
    let e = Store::open(&path)
        .err()
        .expect("a truncated file must be detected");
    assert_eq!(e.code(), "db_corrupt", "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), truncated, "left as it was");
    assert_eq!(
        list_backups(&path).len(),
        1,
        "the newest good backup is there to offer"
    );
    let restored = Store::restore(&path, &backup, None, now()).unwrap();
    assert_eq!(restored.count_cases().unwrap(), 200);
}

#[test]
fn an_encrypted_store_is_never_replaced_without_a_leads_password() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("enc.db");
    let (s, _) = encrypted_store(&path);
    drop(s);
    let plain_dir = tempfile::tempdir().unwrap();
    let (plain, plain_path) = file_store(&plain_dir);
    drop(plain);
    let before = std::fs::read(&path).unwrap();
    let e = Store::restore(&path, &plain_path, None, now())
        .err()
        .unwrap();
    assert_eq!(e.code(), "password_required");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the encrypted store is still in place"
    );
}

#[test]
fn opening_an_encrypted_store_never_creates_a_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("enc.db");
    let (s, _) = encrypted_store(&path);
    drop(s);
    let moved = dir.path().join("moved.db");
    std::fs::rename(&path, &moved).unwrap();
    std::fs::rename(
        format!("{}.keys", path.display()),
        format!("{}.keys", path.display()),
    )
    .unwrap();
    let e = Store::open_encrypted(&path, "lead", "violet-lantern-harbor")
        .err()
        .unwrap();
    assert_eq!(e.code(), "not_found");
    assert!(!path.exists(), "no empty database was created in its place");
}

#[test]
fn backups_of_another_store_in_the_same_folder_are_not_mistaken_for_ours() {
    let dir = tempfile::tempdir().unwrap();
    let (s, path) = file_store(&dir);
    s.backup_now(DEFAULT_KEEP).unwrap();
    let other =
        labordesk::store::backup::backup_dir(&path).join("labordesk-test-20991231T000000000Z.db");
    std::fs::write(&other, b"another store's backup").unwrap();
    assert_eq!(list_backups(&path).len(), 1);
    let mut s = s;
    for day in 1..=3 {
        s.set_clock(labordesk::Clock::Fixed(
            chrono::DateTime::parse_from_rfc3339(&format!("2024-12-0{day}T10:00:00+09:00"))
                .unwrap(),
        ));
        s.backup_now(1).unwrap();
    }
    assert_eq!(
        list_backups(&path).len(),
        1,
        "only the newest of ours is kept"
    );
    assert!(
        other.exists(),
        "pruning never touches another store's files"
    );
}
