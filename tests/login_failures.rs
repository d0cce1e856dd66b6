//! Failed logins before the store opens: what was typed as a user name stays out of the log
//! unless it names an account, and the file beside the store is sealed so that forged or altered
//! lines become no entry. That an unknown name costs the same Argon2 run as a known one is
//! proved without a clock, in `store::keys`' unit tests.

use labordesk::domain::AccessAction;
use labordesk::store::accounts::{AccessEntry, AccessLogFilter, AccountInput};
use labordesk::Store;

use crate::common::encrypted_store;

const MALFORMED: &str = "(형식에 맞지 않는 사용자 이름)";
const UNKNOWN: &str = "(등록되지 않은 사용자 이름)";
const UNVERIFIED: &str = "(확인할 수 없음)";

/// An encrypted store with a lead and a counselor; returns its folder and database path.
fn center() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("center.db");
    let (mut lead, _) = encrypted_store(&path);
    lead.create_account(&AccountInput {
        username: Some("counsel".into()),
        display_name: Some("이상담".into()),
        role: Some("counselor".into()),
        password: Some("counsel-password".into()),
    })
    .unwrap();
    (dir, path)
}

fn failures_file(path: &std::path::Path) -> std::path::PathBuf {
    std::path::PathBuf::from(format!("{}.login-failures", path.display()))
}

fn fail(path: &std::path::Path, username: &str) {
    let e = Store::open_encrypted(path, username, "not-the-password")
        .err()
        .unwrap();
    assert_eq!(e.code(), "wrong_password");
}

/// The failed-login entries the lead finds after signing in.
fn failed_logins(path: &std::path::Path) -> Vec<AccessEntry> {
    let lead = Store::open_encrypted(path, "lead", "violet-lantern-harbor").unwrap();
    lead.access_log(&AccessLogFilter {
        action: Some(AccessAction::FailedLogin),
        ..Default::default()
    })
    .unwrap()
}

#[test]
fn a_typed_user_name_reaches_the_log_only_if_it_names_an_account() {
    let (_dir, path) = center();
    let long = "a".repeat(100_000);
    let hostile = [
        "=HYPERLINK(\"http://evil.example\",\"열기\")",
        "\u{1b}[2J\u{1b}[31m지움",
        "kim\u{0}lee",
        "김상담",
        long.as_str(),
    ];
    for typed in hostile {
        fail(&path, typed);
    }
    // Well formed but no account: perhaps a password typed into the name field.
    fail(&path, "hunter2hunter2");
    fail(&path, "counsel");
    let file = std::fs::read(failures_file(&path)).unwrap();
    for secret in ["HYPERLINK", "hunter2", "counsel", "aaaaaaaa"] {
        assert!(
            !file.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "{secret} is not in the failures file in clear"
        );
    }

    let mut who: Vec<String> = failed_logins(&path)
        .into_iter()
        .map(|e| e.username)
        .collect();
    who.sort();
    let mut expected = vec![MALFORMED; 5];
    expected.extend([UNKNOWN, "counsel"]);
    expected.sort();
    assert_eq!(who, expected, "a marker for every name that is no account");
}

#[test]
fn a_forged_or_altered_line_in_the_failures_file_becomes_no_entry_and_is_reported() {
    let (_dir, path) = center();
    fail(&path, "counsel");
    let file = failures_file(&path);
    let real = std::fs::read_to_string(&file).unwrap();
    let real = real.lines().next().unwrap();
    // The same line with one character of its sealed part changed.
    let mut altered: Vec<char> = real.chars().collect();
    let last = altered.len() - 1;
    altered[last] = if altered[last] == '0' { '1' } else { '0' };
    let altered: String = altered.into_iter().collect();
    let forged = [
        r#"{"username":"lead","at":"2020-01-01T00:00:00.000Z"}"#.to_string(),
        altered,
        format!("{} {}", "00".repeat(12), "ab".repeat(60)),
    ];
    let mut text = std::fs::read_to_string(&file).unwrap();
    for line in &forged {
        text.push_str(line);
        text.push('\n');
    }
    std::fs::write(&file, text).unwrap();

    let entries = failed_logins(&path);
    let taken: Vec<&AccessEntry> = entries
        .iter()
        .filter(|e| e.username != UNVERIFIED)
        .collect();
    assert_eq!(taken.len(), 1, "only the true failure: {entries:#?}");
    assert_eq!(taken[0].username, "counsel");
    assert!(
        entries.iter().all(|e| !e.at.starts_with("2020")),
        "no invented time: {entries:#?}"
    );
    let report = entries
        .iter()
        .find(|e| e.username == UNVERIFIED)
        .expect("the forged lines are reported");
    assert!(
        report.detail.as_deref().unwrap_or("").contains("3줄"),
        "{report:?}"
    );
    assert!(!file.exists(), "the file is emptied once taken");
}

#[test]
fn a_copied_line_or_an_old_failures_file_put_back_adds_no_failure() {
    let (dir, path) = center();
    fail(&path, "counsel");
    let file = failures_file(&path);
    let copy = dir.path().join("old-failures");
    std::fs::copy(&file, &copy).unwrap();
    let line = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{line}{line}")).unwrap();
    assert_eq!(failed_logins(&path).len(), 1, "a line twice is one failure");
    std::fs::copy(&copy, &file).unwrap();
    assert_eq!(
        failed_logins(&path).len(),
        1,
        "a failure from before the last sign-in is not taken again"
    );
}
