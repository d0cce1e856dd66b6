//! Every file the store makes beside the database is its owner's alone (0600 on Unix): the
//! database and its WAL, the key file, the failed-login file, backups, exports and transfer
//! files. Windows gives a new file its folder's access list; see the README.

#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use labordesk::export::CaseListExport;
use labordesk::store::accounts::AccessLogFilter;
use labordesk::{Settings, Store};

use crate::common::*;

/// Every file and folder under `dir`, with its permission bits.
fn modes(dir: &Path) -> Vec<(PathBuf, u32, bool)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let meta = entry.metadata().unwrap();
        let mode = meta.permissions().mode() & 0o777;
        found.push((entry.path(), mode, meta.is_dir()));
        if meta.is_dir() {
            found.extend(modes(&entry.path()));
        }
    }
    found
}

#[test]
fn every_file_the_store_makes_beside_the_database_is_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    // The folder holds a new center's data; the store makes it, owner-only too.
    let path = dir.path().join("data").join("center.db");
    let (mut s, _code) = encrypted_store(&path);
    s.create_case(&intake("2024-11-02", "wage_arrears"))
        .unwrap();
    s.backup_now(10).unwrap();
    let out = path.parent().unwrap();
    for name in ["cases.csv", "cases.xlsx"] {
        s.export_case_list(&CaseListExport::default(), &out.join(name))
            .unwrap();
    }
    for name in ["log.csv", "log.xlsx"] {
        s.export_access_log(&AccessLogFilter::default(), &out.join(name))
            .unwrap();
    }
    s.sync_export(&out.join("transfer.ldsync"), true).unwrap();
    // Open while the failure is noted, so the WAL and shared-memory files are there too.
    assert!(Store::open_encrypted(&path, "lead", "not-the-password").is_err());

    let found = modes(dir.path());
    let names: Vec<String> = found
        .iter()
        .map(|(p, _, _)| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for expected in [
        "center.db",
        "center.db-wal",
        "center.db.keys",
        "center.db.login-failures",
        "backups",
        "cases.csv",
        "cases.xlsx",
        "log.csv",
        "log.xlsx",
        "transfer.ldsync",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
    assert!(
        found
            .iter()
            .any(|(p, _, _)| p.parent().unwrap().ends_with("backups")),
        "a backup: {names:?}"
    );
    let open_to_others: Vec<String> = found
        .iter()
        .filter(|(_, mode, is_dir)| *mode != if *is_dir { 0o700 } else { 0o600 })
        .map(|(p, mode, _)| format!("{} {mode:o}", p.display()))
        .collect();
    assert_eq!(
        open_to_others,
        Vec::<String>::new(),
        "files 0600 and folders 0700"
    );
    drop(s);
}

#[test]
fn a_store_encrypted_in_place_and_then_restored_stays_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let (s, path) = file_store(&dir);
    drop(s);
    let settings = Settings {
        center_name: "권한 센터".into(),
        device_letter: "A".into(),
    };
    let (mut s, _code) =
        Store::encrypt_existing(&path, &settings, "lead", "김센터", "violet-lantern-harbor")
            .unwrap();
    s.set_clock(now());
    let backup = s.backup_now(10).unwrap();
    drop(s);
    let restored = Store::restore(
        &path,
        &backup,
        Some(("lead", "violet-lantern-harbor")),
        now(),
    )
    .unwrap();
    drop(restored);
    let open_to_others: Vec<String> = modes(dir.path())
        .iter()
        .filter(|(_, mode, is_dir)| *mode != if *is_dir { 0o700 } else { 0o600 })
        .map(|(p, mode, _)| format!("{} {mode:o}", p.display()))
        .collect();
    assert_eq!(
        open_to_others,
        Vec::<String>::new(),
        "files 0600 and folders 0700"
    );
}
