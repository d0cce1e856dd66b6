//! Keys that follow the people: deactivating an account, resetting a password and making a new
//! recovery code re-key the database and its backups, so old key files and old passwords open
//! nothing.

use std::path::{Path, PathBuf};

use labordesk::store::accounts::AccountInput;
use labordesk::store::keys::{key_file_path, KeyFile, RecoveryCode};
use labordesk::{Settings, Store};

use crate::common::*;

const LEAD: &str = "violet-lantern-harbor";
const COUNSEL: &str = "counsel harbor lamp";
const SUPER: &str = "supervisor quiet river";

struct Center {
    dir: tempfile::TempDir,
    path: PathBuf,
    code: RecoveryCode,
}

fn center() -> Center {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("center.db");
    let settings = Settings {
        center_name: "키 교체 센터".into(),
        device_letter: "A".into(),
    };
    let (mut lead, code) =
        Store::create_encrypted(&path, &settings, "lead", "김센터", LEAD).unwrap();
    lead.set_clock(now());
    for (username, role, password) in [
        ("counsel", "counselor", COUNSEL),
        ("super", "supervisor", SUPER),
    ] {
        lead.create_account(&AccountInput {
            username: Some(username.into()),
            display_name: Some(format!("{username} 님")),
            role: Some(role.into()),
            password: Some(password.into()),
        })
        .unwrap();
    }
    lead.create_case(&intake("2024-11-01", "wage_arrears"))
        .unwrap();
    Center { dir, path, code }
}

fn open_as(c: &Center, username: &str, password: &str) -> labordesk::Result<Store> {
    let mut s = Store::open_encrypted(&c.path, username, password)?;
    s.set_clock(now());
    Ok(s)
}

/// What an insider with an old copy of the key file does: puts it beside a copy of `db` and
/// signs in with the password it knew.
fn open_with_old_key_file(
    scratch: &Path,
    db: &Path,
    old_keys: &Path,
    username: &str,
    password: &str,
) -> labordesk::Result<Store> {
    std::fs::create_dir_all(scratch).unwrap();
    let copy = scratch.join("center.db");
    std::fs::copy(db, &copy).unwrap();
    std::fs::copy(old_keys, key_file_path(&copy)).unwrap();
    Store::open_encrypted(&copy, username, password)
}

/// The same, with a raw SQLCipher connection and the key the old file gives.
fn raw_opens(db: &Path, old_keys: &Path, username: &str, password: &str) -> bool {
    let keys = KeyFile::read(old_keys)
        .unwrap()
        .unlock(username, password)
        .expect("the old file still unwraps the old key");
    keys.iter().any(|key| {
        let conn = rusqlite::Connection::open(db).unwrap();
        conn.execute_batch(&key.pragma()).unwrap();
        conn.query_row("SELECT count(*) FROM accounts", [], |r| r.get::<_, i64>(0))
            .is_ok()
    })
}

#[test]
fn the_re_key_making_an_old_key_file_useless() {
    let c = center();
    let mut lead = open_as(&c, "lead", LEAD).unwrap();
    let backup = lead.backup_now(10).unwrap();
    let old_keys = c.dir.path().join("kept-by-counsel.keys");
    std::fs::copy(key_file_path(&c.path), &old_keys).unwrap();
    assert!(
        raw_opens(&c.path, &old_keys, "counsel", COUNSEL),
        "before: the counselor's copy opens the database"
    );

    lead.set_account_active("counsel", false).unwrap();

    assert_eq!(
        open_as(&c, "counsel", COUNSEL).err().unwrap().code(),
        "wrong_password"
    );
    let scratch = c.dir.path().join("insider");
    let e = open_with_old_key_file(&scratch, &c.path, &old_keys, "counsel", COUNSEL)
        .err()
        .expect("the old key file opens the current database no more");
    assert_ne!(e.code(), "ok", "{e}");
    assert!(
        !raw_opens(&c.path, &old_keys, "counsel", COUNSEL),
        "the old key no longer opens the database, even without the app's checks"
    );
    assert!(
        !raw_opens(&backup, &old_keys, "counsel", COUNSEL),
        "nor the backup made before the deactivation"
    );
    // The remaining accounts sign in with their own passwords, which the lead never knew.
    drop(lead);
    let s = open_as(&c, "super", SUPER).unwrap();
    assert_eq!(s.actor().username, "super");
    drop(s);
    let lead = open_as(&c, "lead", LEAD).unwrap();
    let log = lead.access_log(&Default::default()).unwrap();
    assert!(
        log.iter().any(|e| e
            .detail
            .as_deref()
            .is_some_and(|d| d
                .starts_with("계정 counsel 비활성화 — 데이터베이스 키 교체(백업·보관 파일 1개"))),
        "the re-key is logged, with the backup it re-encrypted: {log:?}"
    );
    drop(lead);
    // The backup opens with the current key file: a restore still works.
    Store::restore(&c.path, &backup, Some(("lead", LEAD)), now()).unwrap();
}

#[test]
fn a_password_reset_after_a_compromise_leaves_the_old_password_useless_with_an_old_key_file() {
    let c = center();
    let old_keys = c.dir.path().join("old.keys");
    std::fs::copy(key_file_path(&c.path), &old_keys).unwrap();
    let mut lead = open_as(&c, "lead", LEAD).unwrap();
    lead.reset_password("counsel", "counsel fresh meadow")
        .unwrap();
    assert!(!raw_opens(&c.path, &old_keys, "counsel", COUNSEL));
    assert!(
        !raw_opens(&c.path, &old_keys, "lead", LEAD),
        "nobody's old copy opens it: the key itself changed"
    );
    drop(lead);
    open_as(&c, "counsel", "counsel fresh meadow").unwrap();
    open_as(&c, "super", SUPER).unwrap();
    assert_eq!(
        open_as(&c, "counsel", COUNSEL).err().unwrap().code(),
        "wrong_password"
    );
}

#[test]
fn a_new_recovery_code_makes_the_old_code_useless() {
    let c = center();
    let old_keys = c.dir.path().join("old.keys");
    std::fs::copy(key_file_path(&c.path), &old_keys).unwrap();
    let mut lead = open_as(&c, "lead", LEAD).unwrap();
    let new = lead.new_recovery_code().unwrap();
    drop(lead);
    assert_eq!(
        Store::open_with_recovery(&c.path, &c.code, "lead", "after the old code")
            .err()
            .unwrap()
            .code(),
        "wrong_recovery_code"
    );
    // The old code still opens the old key file: to the old key, which opens nothing now.
    let old = KeyFile::read(&old_keys).unwrap().recover(&c.code).unwrap();
    let conn = rusqlite::Connection::open(&c.path).unwrap();
    conn.execute_batch(&old[0].pragma()).unwrap();
    assert!(conn
        .query_row("SELECT count(*) FROM accounts", [], |r| r.get::<_, i64>(0))
        .is_err());
    let s = Store::open_with_recovery(&c.path, &new, "lead", "lead after new code").unwrap();
    assert_eq!(s.actor().username, "lead");
    drop(s);
    open_as(&c, "counsel", COUNSEL).unwrap();
}

#[test]
fn a_weak_password_is_refused_with_a_korean_message_wherever_it_is_set() {
    let c = center();
    let mut lead = open_as(&c, "lead", LEAD).unwrap();
    let weak = |r: labordesk::Result<()>| {
        let e = r.expect_err("a guessable password is refused");
        assert_eq!(e.code(), "invalid");
        assert!(e.to_string().contains("암호 — 추측하기 쉽습니다"), "{e}");
    };
    weak(lead.reset_password("counsel", "password1"));
    weak(
        lead.create_account(&AccountInput {
            username: Some("kim".into()),
            display_name: Some("김상담".into()),
            role: Some("counselor".into()),
            password: Some("kim12345".into()),
        })
        .map(|_| ()),
    );
    drop(lead);
    weak(Store::change_password(
        &c.path,
        "counsel",
        COUNSEL,
        "qwertyuiop",
    ));
    weak(Store::open_with_recovery(&c.path, &c.code, "lead", "1234567890").map(|_| ()));
    let dir = tempfile::tempdir().unwrap();
    weak(
        Store::create_encrypted(
            &dir.path().join("new.db"),
            &Settings {
                center_name: "새 센터".into(),
                device_letter: "A".into(),
            },
            "lead",
            "김센터",
            "lead1234",
        )
        .map(|_| ()),
    );
    open_as(&c, "counsel", COUNSEL).expect("nothing changed");
}
