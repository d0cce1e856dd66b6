//! The tamper-evident access log and the sealed roles: what an insider with a counselor's
//! password and a raw SQLCipher connection does is reported to the lead.

use std::path::{Path, PathBuf};

use labordesk::store::accounts::AccountInput;
use labordesk::store::keys::{key_file_path, KeyFile};
use labordesk::{Settings, Store};

use crate::common::*;

const LEAD: &str = "violet-lantern-harbor";
const COUNSEL: &str = "counsel harbor lamp";

struct Center {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

/// A center whose lead has signed in once (the chain begins) and whose counselor then worked.
fn center() -> Center {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("center.db");
    let settings = Settings {
        center_name: "기록 센터".into(),
        device_letter: "A".into(),
    };
    let (mut lead, _) = Store::create_encrypted(&path, &settings, "lead", "김센터", LEAD).unwrap();
    lead.set_clock(now());
    lead.create_account(&AccountInput {
        username: Some("counsel".into()),
        display_name: Some("이상담".into()),
        role: Some("counselor".into()),
        password: Some(COUNSEL.into()),
    })
    .unwrap();
    drop(lead);
    let mut counsel = Store::open_encrypted(&path, "counsel", COUNSEL).unwrap();
    counsel.set_clock(now());
    for day in ["2024-11-01", "2024-11-02", "2024-11-03"] {
        counsel.create_case(&intake(day, "wage_arrears")).unwrap();
    }
    Center { _dir: dir, path }
}

/// The insider's tool: a raw SQLCipher connection with the key a counselor's password gives,
/// and the log's triggers dropped.
fn raw_as_counselor(path: &Path) -> rusqlite::Connection {
    let keys = KeyFile::read(&key_file_path(path))
        .unwrap()
        .unlock("counsel", COUNSEL)
        .unwrap();
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(&keys[0].pragma()).unwrap();
    conn.execute_batch(
        "DROP TRIGGER IF EXISTS access_log_append_only;
         DROP TRIGGER IF EXISTS access_log_kept_two_years;",
    )
    .unwrap();
    conn
}

fn lead(c: &Center) -> Store {
    let mut s = Store::open_encrypted(&c.path, "lead", LEAD).unwrap();
    s.set_clock(now());
    s
}

fn last_seq(path: &Path) -> i64 {
    raw_as_counselor(path)
        .query_row("SELECT max(seq) FROM access_log", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn an_untouched_log_verifies_from_where_it_began() {
    let c = center();
    let s = lead(&c);
    assert!(
        s.integrity_problems().is_empty(),
        "{:?}",
        s.integrity_problems()
    );
    let verdict = s.verify_access_log().unwrap();
    assert_eq!(verdict.problem, None);
    assert!(
        verdict.checked >= 5,
        "the counselor's entries are chained: {verdict:?}"
    );
}

#[test]
fn a_forged_or_truncated_log_chain_reported() {
    // An entry rewritten: the counselor hides that they created a case.
    let c = center();
    let conn = raw_as_counselor(&c.path);
    let forged: i64 = conn
        .query_row(
            "SELECT min(seq) FROM access_log WHERE action = 'create' AND username = 'counsel'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    conn.execute(
        "UPDATE access_log SET action = 'view' WHERE seq = ?1",
        [forged],
    )
    .unwrap();
    drop(conn);
    let s = lead(&c);
    let problems = s.integrity_problems().join("\n");
    assert!(
        problems.contains(&format!("접근 기록 위변조 감지 — {forged}번")),
        "the first bad entry is named: {problems}"
    );
    let verdict = s.verify_access_log().unwrap();
    assert_eq!(verdict.problem.map(|p| p.0), Some(forged));
    drop(s);
    let s = lead(&c);
    assert!(
        !s.integrity_problems().is_empty(),
        "reported again at the next sign-in, never accepted"
    );

    // The newest entries removed: the chain is cut short.
    let c = center();
    let head = last_seq(&c.path);
    raw_as_counselor(&c.path)
        .execute("DELETE FROM access_log WHERE seq > ?1", [head - 2])
        .unwrap();
    let s = lead(&c);
    let problems = s.integrity_problems().join("\n");
    assert!(
        problems.contains(&format!("{}번부터", head - 1)) && problems.contains("기록이 없습니다"),
        "a shortened chain is reported from its first missing entry: {problems}"
    );
    assert!(s.verify_access_log().unwrap().problem.is_some());

    // An entry in the middle removed.
    let c = center();
    let head = last_seq(&c.path);
    raw_as_counselor(&c.path)
        .execute("DELETE FROM access_log WHERE seq = ?1", [head - 1])
        .unwrap();
    let s = lead(&c);
    assert!(
        s.integrity_problems()
            .join("\n")
            .contains(&format!("{}번부터", head - 1)),
        "{:?}",
        s.integrity_problems()
    );

    // The seal itself dropped, to start a fresh chain.
    let c = center();
    raw_as_counselor(&c.path)
        .execute("DELETE FROM log_seal", [])
        .unwrap();
    let s = lead(&c);
    assert!(
        s.integrity_problems()
            .join("\n")
            .contains("봉인이 없어졌습니다"),
        "{:?}",
        s.integrity_problems()
    );
}

#[test]
fn a_role_changed_through_a_raw_connection_is_detected() {
    // Raised to lead: the key file does not give the counselor the lead-only key.
    let c = center();
    raw_as_counselor(&c.path)
        .execute(
            "UPDATE accounts SET role = 'lead' WHERE username = 'counsel'",
            [],
        )
        .unwrap();
    let e = Store::open_encrypted(&c.path, "counsel", COUNSEL)
        .err()
        .expect("a forged lead is refused");
    assert!(
        e.to_string()
            .contains("센터장 역할을 키 파일로 확인할 수 없어"),
        "{e}"
    );
    let s = lead(&c);
    assert!(
        s.integrity_problems()
            .join("\n")
            .contains("계정 역할 위변조 감지"),
        "{:?}",
        s.integrity_problems()
    );

    // Raised to supervisor: the counselor cannot be stopped at their own sign-in, but the lead
    // is told at theirs, and `log verify` fails.
    let c = center();
    raw_as_counselor(&c.path)
        .execute(
            "UPDATE accounts SET role = 'supervisor' WHERE username = 'counsel'",
            [],
        )
        .unwrap();
    let s = lead(&c);
    assert!(
        s.integrity_problems()
            .join("\n")
            .contains("계정 역할 위변조 감지"),
        "{:?}",
        s.integrity_problems()
    );
    assert!(s.verify_access_log().unwrap().problem.is_some());
    // The lead's own changes of accounts are sealed anew: no false alarm.
    let c = center();
    let mut s = lead(&c);
    s.set_account_active("counsel", false).unwrap();
    s.create_account(&AccountInput {
        username: Some("lead2".into()),
        display_name: Some("박센터".into()),
        role: Some("lead".into()),
        password: Some("second lead quiet river".into()),
    })
    .unwrap();
    drop(s);
    let s = lead(&c);
    assert!(
        s.integrity_problems().is_empty(),
        "{:?}",
        s.integrity_problems()
    );
    drop(s);
    let second = Store::open_encrypted(&c.path, "lead2", "second lead quiet river").unwrap();
    assert_eq!(
        second.verify_access_log().unwrap().problem,
        None,
        "a new lead holds the key"
    );
}
