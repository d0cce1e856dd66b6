//! The one-time move of an earlier version's data folder (Windows' roaming application data)
//! to the local one, with explicit folders: the same code runs on Linux and, under Wine, on
//! Windows.

use std::path::{Path, PathBuf};

use labordesk::store::{backup, migrate_legacy_data_folder};
use labordesk::Store;

use crate::common::*;

/// An encrypted store as an earlier version left it in `old`: one case, a backup, a failed
/// login noted, closed.
fn old_store(old: &Path) -> PathBuf {
    let db = old.join("labordesk.db");
    let (mut s, _) = encrypted_store(&db);
    s.create_case(&intake("2024-03-04", "wage_arrears"))
        .unwrap();
    s.backup_now(5).unwrap();
    drop(s);
    assert!(Store::open_encrypted(&db, "lead", "not-the-password").is_err());
    db
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn an_old_data_folder_moves_whole_once_and_the_store_opens_in_the_new_one() {
    let root = tempfile::tempdir().unwrap();
    let old = root.path().join("Roaming/LaborDesk/labordesk/data");
    let new = root.path().join("Local/LaborDesk/labordesk/data");
    let old_db = old_store(&old);
    let mut beside: Vec<String> = names(&old)
        .into_iter()
        .filter(|n| !n.ends_with(".lock"))
        .collect();
    beside.sort();
    assert!(
        beside.contains(&"labordesk.db.keys".to_string()) && beside.contains(&"backups".into()),
        "the key file and the backups folder are beside the database: {beside:?}"
    );

    let moved = migrate_legacy_data_folder(&old, &new).unwrap().unwrap();
    assert_eq!(moved.entries, beside.len());
    assert!(!moved.copied, "one volume: renamed");
    assert!(
        moved.message().starts_with("데이터 폴더를 옮겼습니다: "),
        "{}",
        moved.message()
    );
    assert!(!old_db.exists() && !old.exists(), "nothing left behind");
    assert_eq!(
        names(&new),
        beside,
        "every file beside the database came along"
    );

    let db = new.join("labordesk.db");
    let s = Store::open_encrypted(&db, "lead", LEAD_PASSWORD).unwrap();
    assert_eq!(s.count_cases().unwrap(), 1);
    assert_eq!(backup::list_backups(&db).len(), 1, "the backup moved too");
    drop(s);
    assert_eq!(
        migrate_legacy_data_folder(&old, &new).unwrap(),
        None,
        "once: nothing left to move"
    );
}

#[test]
fn a_database_already_in_the_new_folder_is_never_replaced() {
    let root = tempfile::tempdir().unwrap();
    let old = root.path().join("Roaming");
    let new = root.path().join("Local");
    old_store(&old);
    let (s, _) = encrypted_store(&new.join("labordesk.db"));
    drop(s);
    let before = names(&old);
    let e = migrate_legacy_data_folder(&old, &new).unwrap_err();
    let message = e.to_string();
    assert!(
        message.contains("새 위치에 이미 데이터베이스가 있습니다"),
        "{message}"
    );
    assert_eq!(names(&old), before, "the old folder untouched");
    let s = Store::open_encrypted(&new.join("labordesk.db"), "lead", LEAD_PASSWORD).unwrap();
    assert_eq!(
        s.count_cases().unwrap(),
        0,
        "the new store is still its own"
    );
}

#[test]
fn a_store_open_in_the_old_folder_is_not_moved_under_it() {
    let root = tempfile::tempdir().unwrap();
    let old = root.path().join("Roaming");
    let new = root.path().join("Local");
    let db = old_store(&old);
    let open = Store::open_encrypted(&db, "lead", LEAD_PASSWORD).unwrap();
    let e = migrate_legacy_data_folder(&old, &new).unwrap_err();
    assert!(e.to_string().contains("열어 두고 있습니다"), "{e}");
    assert!(!new.join("labordesk.db").exists());
    assert_eq!(open.count_cases().unwrap(), 1);
}

#[test]
fn a_folder_without_a_database_is_nothing_to_move() {
    let root = tempfile::tempdir().unwrap();
    let old = root.path().join("Roaming");
    std::fs::create_dir_all(&old).unwrap();
    std::fs::write(old.join("notes.txt"), "x").unwrap();
    let new = root.path().join("Local");
    assert_eq!(migrate_legacy_data_folder(&old, &new).unwrap(), None);
    assert!(old.join("notes.txt").exists() && !new.exists());
}
