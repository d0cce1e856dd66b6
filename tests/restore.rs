//! Restore that loses nothing, and backups by role: unique aside files, no restore under an
//! open store, the access log carried over, retention re-applied after a restore and applied
//! to every copy, a lead's backups safe from a counselor's pruning, backups logged.

use std::path::{Path, PathBuf};
use std::process::Command;

use labordesk::domain::AccessAction;
use labordesk::store::accounts::{AccessLogFilter, AccountInput};
use labordesk::store::backup::{aside_files, list_backups, DEFAULT_KEEP};
use labordesk::{CaseInput, Clock, Store};

use crate::common::*;

fn at(rfc3339: &str) -> Clock {
    Clock::Fixed(chrono::DateTime::parse_from_rfc3339(rfc3339).unwrap())
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// A database file with its WAL, as anyone reading the disk would find it.
fn on_disk(path: &Path) -> Vec<u8> {
    let mut all = std::fs::read(path).unwrap();
    all.extend(std::fs::read(format!("{}-wal", path.display())).unwrap_or_default());
    all
}

/// The client name of every client in a plain store file, read by a raw connection.
fn client_names(path: &Path) -> Vec<Option<String>> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT name FROM clients ORDER BY name")
        .unwrap();
    let names = stmt.query_map([], |r| r.get(0)).unwrap();
    names.collect::<rusqlite::Result<_>>().unwrap()
}

fn encrypted_center(dir: &tempfile::TempDir) -> (Store, PathBuf) {
    let path = dir.path().join("center.db");
    let (mut s, _) = encrypted_store(&path);
    s.create_account(&AccountInput {
        username: Some("counsel".into()),
        display_name: Some("상담원".into()),
        role: Some("counselor".into()),
        password: Some("counsel-password".into()),
    })
    .unwrap();
    (s, path)
}

fn log_of(store: &Store, action: AccessAction) -> Vec<labordesk::store::accounts::AccessEntry> {
    store
        .access_log(&AccessLogFilter {
            action: Some(action),
            ..Default::default()
        })
        .unwrap()
}

#[test]
fn the_double_restore_keeping_both_aside_files() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, path) = file_store(&dir);
    s.create_case(&CaseInput {
        client_name: Some("백업전".into()),
        ..intake("2024-11-01", "other")
    })
    .unwrap();
    let backup = s.backup_now(DEFAULT_KEEP).unwrap();
    s.create_case(&CaseInput {
        client_name: Some("백업후".into()),
        ..intake("2024-11-20", "other")
    })
    .unwrap();
    drop(s);
    // Twice at the same instant: a name made of the time alone would be the same twice.
    drop(Store::restore(&path, &backup, None, now()).unwrap());
    drop(Store::restore(&path, &backup, None, now()).unwrap());
    let aside = aside_files(&path);
    assert_eq!(aside.len(), 2, "both replaced files are kept: {aside:?}");
    let with_late_case = aside
        .iter()
        .filter(|a| client_names(a).contains(&Some("백업후".into())))
        .count();
    assert_eq!(
        with_late_case, 1,
        "the first aside file still holds the case made after the backup"
    );
    let restored = Store::open(&path).unwrap();
    assert_eq!(restored.count_cases().unwrap(), 1, "the backup's data");
}

#[test]
fn a_restore_while_another_store_is_open_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, path) = file_store(&dir);
    let backup = s.backup_now(DEFAULT_KEEP).unwrap();
    s.create_case(&intake("2024-11-20", "other")).unwrap();
    // Another process would hold it the same way; the lock is per open file, not per process.
    let mut other = Store::open(&path).unwrap();
    other.set_clock(now());
    drop(s);
    let before = on_disk(&path);
    let e = Store::restore(&path, &backup, None, now()).err().unwrap();
    assert_eq!(e.code(), "invalid_state", "{e}");
    assert!(e.to_string().contains("열어 두고"), "{e}");
    assert_eq!(on_disk(&path), before, "the store is as it was");
    assert!(aside_files(&path).is_empty(), "nothing moved aside");
    other
        .create_case(&intake("2024-11-21", "other"))
        .expect("the open store keeps working");
    assert_eq!(other.count_cases().unwrap(), 2);
    drop(other);
    let restored = Store::restore(&path, &backup, None, now()).unwrap();
    assert_eq!(
        restored.count_cases().unwrap(),
        0,
        "closed: the restore runs"
    );
}

#[test]
fn a_restore_during_an_import_refused() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let (s, db) = file_store(&dir);
    let backup = s.backup_now(DEFAULT_KEEP).unwrap();
    drop(s);
    let csv = dir.path().join("big.csv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&csv).unwrap());
    writeln!(
        f,
        "case_no,received_on,counselor,primary_category,client_name,client_phone,summary"
    )
    .unwrap();
    const ROWS: usize = 60_000;
    for i in 0..ROWS {
        writeln!(f, "2024-B{:05},2024-03-{:02},상담원{},임금체불,이름{i},010-{:04}-0000,\"{} 임금 체불 상담\"", i + 1, i % 28 + 1, i % 9, i % 10_000, "내용".repeat(20)).unwrap();
    }
    drop(f);
    let mut child = Command::new(env!("CARGO_BIN_EXE_labordesk"))
        .arg("--db")
        .arg(&db)
        .args(["import", "cases"])
        .arg(&csv)
        .env_remove("LABORDESK_DB")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the import is writing (its pages reach the WAL), then try to restore.
    let wal = dir.path().join("labordesk.db-wal");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(300);
    while std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) < 1024 * 1024 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the import finished before the restore could try; make the file larger"
        );
        assert!(
            std::time::Instant::now() < deadline,
            "the import never started writing"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let e = Store::restore(&db, &backup, None, now()).err();
    let import_ran_on = child.try_wait().unwrap().is_none();
    let status = child.wait().unwrap();
    assert!(
        import_ran_on,
        "the import was still running when restore was tried"
    );
    let e = e.expect("a restore during an import must be refused");
    assert_eq!(e.code(), "invalid_state", "{e}");
    assert!(status.success(), "the import finished undisturbed");
    assert!(aside_files(&db).is_empty(), "nothing moved aside");
    let store = Store::open(&db).unwrap();
    assert_eq!(
        store.count_cases().unwrap() as usize,
        ROWS,
        "the import is in the store, not lost into an aside file"
    );
}

#[test]
fn the_access_log_written_since_the_backup_is_carried_into_the_restored_store() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, path) = encrypted_center(&dir);
    let backup = s.backup_now(DEFAULT_KEEP).unwrap();
    s.set_clock(at("2024-11-30T11:00:00+09:00"));
    let late = s.create_case(&intake("2024-11-29", "other")).unwrap();
    s.log_export("사건 목록 내보내기 (이유: 감사)").unwrap();
    s.set_retention_years(2).unwrap();
    let logins_before = log_of(&s, AccessAction::Login).len();
    drop(s);
    let restored = Store::restore(
        &path,
        &backup,
        Some(("lead", "violet-lantern-harbor")),
        at("2024-11-30T12:00:00+09:00"),
    )
    .unwrap();
    assert_eq!(
        restored.count_cases().unwrap(),
        0,
        "the case itself was after the backup"
    );
    let created = log_of(&restored, AccessAction::Create);
    let entry = created
        .iter()
        .find(|e| e.record_id.as_deref() == Some(late.id.as_str()))
        .unwrap_or_else(|| {
            panic!(
                "the creation of the lost case stays in the log: {created:?} {:?}",
                log_of(&restored, AccessAction::Restore)
            )
        });
    assert!(
        entry.at.starts_with("2024-11-30T02:00:00"),
        "with its own time: {}",
        entry.at
    );
    let exports = log_of(&restored, AccessAction::Export);
    assert_eq!(exports.len(), 1, "the export after the backup, once");
    assert_eq!(
        log_of(&restored, AccessAction::Login).len(),
        logins_before + 1,
        "each login before once (none doubled), and the restore's own login"
    );
    let restores = log_of(&restored, AccessAction::Restore);
    assert_eq!(restores.len(), 1, "the restore is logged");
    let detail = restores[0].detail.as_deref().unwrap();
    assert!(
        detail.contains("접근 기록") && detail.contains("옮김"),
        "{detail}"
    );
    assert!(
        detail.contains(".replaced-"),
        "names the file kept aside: {detail}"
    );
    assert_eq!(
        restored.retention_years().unwrap(),
        2,
        "a shorter retention period set since the backup stays"
    );
}

#[test]
fn a_damaged_file_is_kept_aside_as_it_was_and_named_where_retention_could_not_reach_it() {
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
    let damaged = std::fs::read(&path).unwrap();
    let restored = Store::restore(&path, &backup, None, now()).unwrap();
    assert_eq!(restored.count_cases().unwrap(), 200);
    let aside = aside_files(&path);
    assert_eq!(aside.len(), 1);
    assert_eq!(
        std::fs::read(&aside[0]).unwrap(),
        damaged,
        "kept byte for byte"
    );
    let restore = &log_of(&restored, AccessAction::Restore)[0];
    assert!(
        restore.detail.as_deref().unwrap().contains("옮기지 못함"),
        "the log says no entries could be carried: {:?}",
        restore.detail
    );
    let name = aside[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        log_of(&restored, AccessAction::Destroy)
            .iter()
            .any(|e| e.detail.as_deref().is_some_and(|d| d.contains(&name))),
        "retention names the file it could not open"
    );
}

#[test]
fn retention_after_restore() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, path) = file_store(&dir); // 2024-11-30: 3 years, closed before 2021-11-30
    let case = s
        .create_case(&CaseInput {
            client_name: Some("되살아나면안될이름".into()),
            summary: Some("오래된 상담".into()),
            ..intake("2021-11-01", "other")
        })
        .unwrap();
    s.close_case(&case.id, "info", Some("2021-12-15")).unwrap();
    // Within the period when the backup is made.
    let backup = s.backup_now(DEFAULT_KEEP).unwrap();
    drop(s);
    // Restored a month and a half later, when the case has passed the period: the backup
    // brings the name back, and retention must take it away at once.
    let later = at("2025-01-15T10:00:00+09:00");
    let restored = Store::restore(&path, &backup, None, later).unwrap();
    drop(restored);
    assert_eq!(
        client_names(&path),
        vec![None],
        "the name is destroyed again"
    );
    assert!(
        !contains(&on_disk(&path), "되살아나면안될이름"),
        "and is in no page of the restored file"
    );
    let restored = Store::open(&path).unwrap();
    assert!(
        !log_of(&restored, AccessAction::Destroy).is_empty(),
        "the retention run is logged"
    );
}

#[test]
fn retention_destroys_expired_data_in_every_backup_and_aside_file_and_the_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, path) = file_store(&dir);
    let old = s
        .create_case(&CaseInput {
            client_name: Some("백업속파기이름".into()),
            client_phone: Some("010-9876-5432".into()),
            summary: Some("백업속오래된내용".into()),
            ..intake("2020-03-02", "other")
        })
        .unwrap();
    s.close_case(&old.id, "info", Some("2020-04-01")).unwrap();
    let live = s
        .create_case(&CaseInput {
            client_name: Some("남을이름".into()),
            ..intake("2024-10-01", "other")
        })
        .unwrap();
    let backup = s.backup_now(DEFAULT_KEEP).unwrap();
    drop(s);
    // A restore keeps the current file aside; the retention a restore runs is not what is
    // tested here, so the clock is one at which nothing has expired yet (2023: before 2020-04-01
    // plus three years).
    drop(Store::restore(&path, &backup, None, at("2023-01-10T10:00:00+09:00")).unwrap());
    let aside = aside_files(&path);
    assert_eq!(aside.len(), 1);
    assert!(
        contains(&on_disk(&aside[0]), "백업속파기이름"),
        "the aside file holds the name"
    );
    assert!(
        contains(&on_disk(&backup), "백업속파기이름"),
        "the backup holds the name"
    );
    // Conflicts from a sync: one on each destroyed field kind, one on a live client.
    let (old_client, live_client) = {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let client_of = |case: &str| -> String {
            conn.query_row("SELECT client_id FROM cases WHERE id = ?1", [case], |r| {
                r.get(0)
            })
            .unwrap()
        };
        let (old_client, live_client) = (client_of(&old.id), client_of(&live.id));
        let add = |tbl: &str, row: &str, field: &str, local: &str, remote: &str| {
            conn.execute(
                "INSERT INTO sync_conflicts (tbl, row_id, field, local_value, local_stamp, remote_value, remote_stamp, found_at)
                 VALUES (?1, ?2, ?3, ?4, 'a', ?5, 'b', '2024-01-01T00:00:00Z')",
                rusqlite::params![tbl, row, field, local, remote],
            )
            .unwrap();
        };
        add(
            "clients",
            &old_client,
            "name",
            "\"충돌속이름\"",
            "\"충돌속다른이름\"",
        );
        add("cases", &old.id, "summary", "\"충돌속내용\"", "null");
        add(
            "clients",
            &live_client,
            "phone",
            "\"010-1111-2222\"",
            "\"010-3333-4444\"",
        );
        (old_client, live_client)
    };
    let mut s = Store::open(&path).unwrap();
    s.set_clock(now());
    let done = s.destroy_expired_personal_data().unwrap();
    assert_eq!(done.copies, 2, "the backup and the aside file");
    assert_eq!(done.copies_unreadable, 0);
    drop(s);
    for copy in [&backup, &aside[0]] {
        let bytes = on_disk(copy);
        for gone in ["백업속파기이름", "010-9876-5432", "백업속오래된내용"] {
            assert!(
                !contains(&bytes, gone),
                "{gone} is gone from {}",
                copy.display()
            );
        }
        assert!(
            client_names(copy).contains(&Some("남을이름".into())),
            "a client within the period keeps their name in {}",
            copy.display()
        );
    }
    assert!(
        !std::fs::read_dir(dir.path().join("backups"))
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().ends_with(".lock")),
        "scrubbing a copy leaves no lock file beside it"
    );
    let conn = rusqlite::Connection::open(&path).unwrap();
    let values: Vec<(String, String, String)> = conn
        .prepare("SELECT row_id, local_value, remote_value FROM sync_conflicts ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(
        values,
        vec![
            (old_client, "null".into(), "null".into()),
            (old.id.clone(), "null".into(), "null".into()),
            (
                live_client,
                "\"010-1111-2222\"".into(),
                "\"010-3333-4444\"".into()
            ),
        ],
        "the expired fields' values are gone from the conflicts, the live client's stay"
    );
    drop(conn);
    assert!(
        !contains(&on_disk(&path), "충돌속이름"),
        "and from the file"
    );
}

#[test]
fn lead_backups_survive_counselor_pruning() {
    let dir = tempfile::tempdir().unwrap();
    let (lead, path) = encrypted_center(&dir);
    let mut lead = lead;
    let mut lead_backups = Vec::new();
    for day in 1..=3 {
        lead.set_clock(at(&format!("2024-11-0{day}T09:00:00+09:00")));
        lead_backups.push(lead.backup_now(DEFAULT_KEEP).unwrap());
    }
    drop(lead);
    let mut counselor = Store::open_encrypted(&path, "counsel", "counsel-password").unwrap();
    for minute in 0..12 {
        counselor.set_clock(at(&format!("2024-11-30T10:{minute:02}:00+09:00")));
        counselor.backup_now(DEFAULT_KEEP).unwrap();
    }
    drop(counselor);
    for b in &lead_backups {
        assert!(
            b.exists(),
            "a lead's backup survives a counselor's pruning: {}",
            b.display()
        );
    }
    assert_eq!(
        list_backups(&path).len(),
        3 + DEFAULT_KEEP,
        "the lead's three and the counselor's newest ten"
    );
    let mut lead = Store::open_encrypted(&path, "lead", "violet-lantern-harbor").unwrap();
    lead.set_clock(now());
    let logged = log_of(&lead, AccessAction::Backup);
    let by_counselor: Vec<_> = logged.iter().filter(|e| e.username == "counsel").collect();
    assert_eq!(
        by_counselor.len(),
        12,
        "every backup is logged, with who made it"
    );
    let pruned: Vec<_> = by_counselor
        .iter()
        .filter_map(|e| e.detail.as_deref())
        .filter(|d| d.contains("삭제"))
        .collect();
    assert_eq!(
        pruned.len(),
        2,
        "the two runs that pruned say what they removed: {pruned:?}"
    );
    assert!(
        logged
            .iter()
            .all(|e| e.detail.as_deref().is_some_and(|d| d.contains(".db"))),
        "each entry names the backup file"
    );
}

#[test]
fn a_backup_is_logged() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = file_store(&dir);
    let made = s.backup_now(DEFAULT_KEEP).unwrap();
    let logged = log_of(&s, AccessAction::Backup);
    assert_eq!(logged.len(), 1);
    let name = made.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        logged[0].detail.as_deref().unwrap().contains(&name),
        "{:?}",
        logged[0].detail
    );
}
