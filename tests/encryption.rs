//! Encryption at rest: no client data in clear on disk, passwords, the recovery code.

use labordesk::store::keys::RecoveryCode;
use labordesk::{CaseInput, Settings, Store};

use crate::common::*;

const NAME: &str = "홍길순암호시험";
const PHONE: &str = "010-9876-5432";

fn settings() -> Settings {
    Settings {
        center_name: "암호 센터".into(),
        device_letter: "A".into(),
    }
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// Every file of the store on disk: the database, its WAL, and the key file.
fn store_files(path: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    ["", "-wal", "-shm", ".keys", ".login-failures"]
        .iter()
        .filter_map(|s| {
            let p = format!("{}{s}", path.display());
            std::fs::read(&p).ok().map(|b| (p, b))
        })
        .collect()
}

fn log_client(store: &mut Store) {
    store.set_clock(now());
    let input = CaseInput {
        client_name: Some(NAME.into()),
        client_phone: Some(PHONE.into()),
        summary: Some(format!("{NAME} 임금체불")),
        ..intake("2024-11-02", "wage_arrears")
    };
    store.create_case(&input).unwrap();
}

#[test]
fn the_search_for_plaintext_finds_a_client_in_an_unencrypted_file() {
    // The contrast that shows the next test can fail.
    let dir = tempfile::tempdir().unwrap();
    let (mut s, path) = file_store(&dir);
    log_client(&mut s);
    drop(s);
    assert!(store_files(&path).iter().any(|(_, b)| contains(b, NAME)));
}

#[test]
fn no_client_name_or_phone_is_in_the_database_or_wal_of_an_encrypted_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("enc.db");
    let (mut s, code) =
        Store::create_encrypted(&path, &settings(), "lead", "김센터", "booth laptop 1").unwrap();
    log_client(&mut s);
    // While open, the change sits in the WAL.
    let files = store_files(&path);
    assert!(
        files.iter().any(|(p, _)| p.ends_with("-wal")),
        "the WAL exists while the store is open"
    );
    for (p, bytes) in &files {
        assert!(
            !contains(bytes, NAME) && !contains(bytes, PHONE),
            "plaintext in {p}"
        );
        assert!(
            !contains(bytes, code.as_str()),
            "the recovery code is never written: {p}"
        );
        assert!(
            !contains(bytes, "booth laptop 1"),
            "the password is never written: {p}"
        );
        assert!(
            !contains(bytes, "SQLite format 3"),
            "not even the SQLite header: {p}"
        );
    }
    drop(s);
    for (p, bytes) in store_files(&path) {
        assert!(
            !contains(&bytes, NAME) && !contains(&bytes, PHONE),
            "plaintext in {p} after closing"
        );
    }
    let s = Store::open_encrypted(&path, "lead", "booth laptop 1").unwrap();
    assert_eq!(s.count_cases().unwrap(), 1);
}

#[test]
fn a_wrong_password_is_refused_and_the_files_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("enc.db");
    let (mut s, _) =
        Store::create_encrypted(&path, &settings(), "lead", "김센터", "booth laptop 1").unwrap();
    log_client(&mut s);
    drop(s);
    let before = store_files(&path);
    let err = Store::open_encrypted(&path, "lead", "booth laptop 2")
        .err()
        .expect("a wrong password must fail");
    assert_eq!(err.code(), "wrong_password");
    assert_eq!(err.to_string(), "사용자 이름 또는 암호가 맞지 않습니다.");
    let err = Store::open_encrypted(&path, "stranger", "booth laptop 1")
        .err()
        .unwrap();
    assert_eq!(
        err.code(),
        "wrong_password",
        "an unknown user is told the same"
    );
    let db = |files: Vec<(String, Vec<u8>)>| {
        files
            .into_iter()
            .filter(|(p, _)| !p.ends_with(".login-failures"))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        db(store_files(&path)),
        before,
        "database, WAL and key file are byte-identical"
    );
    assert_eq!(
        Store::open(&path).err().unwrap().code(),
        "password_required"
    );
    assert_eq!(db(store_files(&path)), before);
}

#[test]
fn the_recovery_code_opens_the_store_and_sets_a_new_password() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("enc.db");
    let (mut s, code) =
        Store::create_encrypted(&path, &settings(), "lead", "김센터", "forgotten pass").unwrap();
    log_client(&mut s);
    drop(s);
    let typed = RecoveryCode::parse(&code.as_str().to_lowercase());
    let s = Store::open_with_recovery(&path, &typed, "lead", "a new password").unwrap();
    assert_eq!(s.count_cases().unwrap(), 1, "the data is all there");
    drop(s);
    assert!(Store::open_encrypted(&path, "lead", "forgotten pass").is_err());
    assert!(Store::open_encrypted(&path, "lead", "a new password").is_ok());
    let wrong = RecoveryCode::parse("AAAAA-BBBBB-CCCCC-DDDDD-EEEEE");
    assert_eq!(
        Store::open_with_recovery(&path, &wrong, "lead", "another one!")
            .err()
            .unwrap()
            .code(),
        "wrong_recovery_code"
    );
}

#[test]
fn changing_a_password_re_keys_so_an_old_key_file_and_the_old_password_open_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("enc.db");
    let (s, _) =
        Store::create_encrypted(&path, &settings(), "lead", "김센터", "first password").unwrap();
    drop(s);
    let old_keys = dir.path().join("old.keys");
    std::fs::copy(labordesk::store::keys::key_file_path(&path), &old_keys).unwrap();
    Store::change_password(&path, "lead", "first password", "second password").unwrap();
    Store::open_encrypted(&path, "lead", "second password").unwrap();
    // The old key file still unwraps a key with the old password: the old key, which no
    // longer opens the database.
    let old = labordesk::store::keys::KeyFile::read(&old_keys).unwrap();
    let key = old.unlock("lead", "first password").unwrap().remove(0);
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute_batch(&key.pragma()).unwrap();
    assert!(
        raw.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r
            .get::<_, i64>(0))
            .is_err(),
        "the database is under a new key"
    );
    assert_eq!(
        Store::change_password(&path, "lead", "first password", "third password!")
            .err()
            .unwrap()
            .code(),
        "wrong_password"
    );
}

#[test]
fn an_existing_database_is_never_overwritten_by_setup() {
    let dir = tempfile::tempdir().unwrap();
    let (s, path) = file_store(&dir);
    drop(s);
    let before = std::fs::read(&path).unwrap();
    let err = Store::create_encrypted(&path, &settings(), "lead", "김센터", "booth laptop 1")
        .err()
        .unwrap();
    assert_eq!(err.code(), "invalid_state");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn setup_encrypts_an_existing_plain_store_and_leaves_no_client_in_clear() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, path) = file_store(&dir);
    log_client(&mut s);
    drop(s);
    assert!(store_files(&path).iter().any(|(_, b)| contains(b, NAME)));

    let (s, code) =
        Store::encrypt_existing(&path, &settings(), "lead", "김센터", "booth laptop 1").unwrap();
    assert_eq!(s.count_cases().unwrap(), 1, "the case came along");
    assert_eq!(s.actor().username, "lead");
    assert_eq!(s.settings().unwrap().center_name, "암호 센터");
    drop(s);

    for (file, bytes) in store_files(&path) {
        assert!(
            !contains(&bytes, NAME) && !contains(&bytes, PHONE),
            "{file} holds the client in clear"
        );
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("encrypting"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert!(Store::is_encrypted(&path));
    assert_eq!(
        Store::open(&path).err().unwrap().code(),
        "password_required"
    );
    let s = Store::open_encrypted(&path, "lead", "booth laptop 1").unwrap();
    let id = s.list_cases(&Default::default()).unwrap().items[0]
        .id
        .clone();
    let detail = s.get_case(&id).unwrap();
    assert_eq!(detail.case.client.name.as_deref(), Some(NAME));
    drop(s);
    let typed = RecoveryCode::parse(code.as_str());
    assert!(Store::open_with_recovery(&path, &typed, "lead", "after recovery").is_ok());
}

#[test]
fn encrypting_refuses_a_weak_password_or_an_encrypted_store_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, path) = file_store(&dir);
    log_client(&mut s);
    drop(s);
    let before = std::fs::read(&path).unwrap();
    let e = Store::encrypt_existing(&path, &settings(), "lead", "김센터", "short")
        .err()
        .unwrap();
    assert_eq!(e.code(), "invalid");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(!Store::is_encrypted(&path));

    let enc = dir.path().join("enc.db");
    let (s, _) =
        Store::create_encrypted(&enc, &settings(), "lead", "김센터", "booth laptop 1").unwrap();
    drop(s);
    let enc_before = std::fs::read(&enc).unwrap();
    let e = Store::encrypt_existing(&enc, &settings(), "lead", "김센터", "booth laptop 1")
        .err()
        .unwrap();
    assert_eq!(e.code(), "invalid_state");
    assert_eq!(std::fs::read(&enc).unwrap(), enc_before);
}

#[test]
fn a_new_recovery_code_replaces_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("enc.db");
    let (mut s, old) =
        Store::create_encrypted(&path, &settings(), "lead", "김센터", "first password").unwrap();
    let new = s.new_recovery_code().unwrap();
    assert_ne!(new.as_str(), old.as_str());
    drop(s);
    assert_eq!(
        Store::open_with_recovery(
            &path,
            &RecoveryCode::parse(old.as_str()),
            "lead",
            "x-password"
        )
        .err()
        .unwrap()
        .code(),
        "wrong_recovery_code"
    );
    let s = Store::open_with_recovery(&path, &new, "lead", "after a new code").unwrap();
    assert!(s.access_log(&Default::default()).unwrap().iter().any(|e| e
        .detail
        .as_deref()
        .is_some_and(|d| d.starts_with("복구 코드 새로 만듦"))));
}

#[test]
fn setup_checks_the_first_account_before_making_any_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("enc.db");
    let e = Store::create_encrypted(&path, &settings(), "김 센터", " ", "short")
        .err()
        .unwrap();
    let labordesk::Error::Invalid(fields) = e else {
        panic!("{e}")
    };
    let named: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(named, ["username", "display_name", "password"]);
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
}
