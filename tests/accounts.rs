//! Roles enforced by the core, and the access log.

use labordesk::domain::{AccessAction, RemedyConclusion, RemedyInput};
use labordesk::review::ReviewFilter;
use labordesk::store::accounts::{AccessLogFilter, AccountInput};
use labordesk::{CaseInput, Settings, Store};

use crate::common::*;

struct Center {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
}

fn account(username: &str, role: &str) -> AccountInput {
    AccountInput {
        username: Some(username.into()),
        display_name: Some(format!("{username} 님")),
        role: Some(role.into()),
        password: Some(format!("{username}-violet-lantern")),
    }
}

/// An encrypted center store with a lead, a supervisor and a counselor.
fn center() -> Center {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("center.db");
    let settings = Settings {
        center_name: "역할 센터".into(),
        device_letter: "A".into(),
    };
    let (mut lead, _) =
        Store::create_encrypted(&path, &settings, "lead", "김센터", "lead-violet-lantern").unwrap();
    lead.create_account(&account("super", "supervisor"))
        .unwrap();
    lead.create_account(&account("counsel", "상담원")).unwrap();
    Center { _dir: dir, path }
}

fn open_as(c: &Center, username: &str) -> Store {
    let mut s =
        Store::open_encrypted(&c.path, username, &format!("{username}-violet-lantern")).unwrap();
    s.set_clock(now());
    s
}

fn forbidden<T: std::fmt::Debug>(r: labordesk::Result<T>) -> String {
    let e = r.expect_err("must be refused");
    assert_eq!(e.code(), "forbidden", "{e}");
    e.to_string()
}

#[test]
fn a_counselor_logs_and_edits_cases_but_cannot_delete_conclude_reassign_or_administer() {
    let c = center();
    let mut s = open_as(&c, "counsel");
    assert_eq!(s.actor().role, labordesk::domain::Role::Counselor);
    let case = s
        .create_case(&intake("2024-11-01", "wage_arrears"))
        .unwrap();
    s.update_case(
        &case.id,
        &CaseInput {
            summary: Some("추가 내용".into()),
            ..intake("2024-11-01", "wage_arrears")
        },
    )
    .unwrap();
    let remedy = s
        .add_remedy(
            &case.id,
            &RemedyInput {
                channel: Some("노동청".into()),
                filed_on: Some("2024-11-05".into()),
                ..Default::default()
            },
        )
        .unwrap();
    let msg = forbidden(s.delete_case(&case.id));
    assert_eq!(
        msg,
        "권한이 없습니다: 사건 삭제 — 검토자 이상만 할 수 있습니다."
    );
    forbidden(s.conclude_remedy(
        &remedy.id,
        &RemedyConclusion {
            outcome: Some("paid".into()),
            ..Default::default()
        },
    ));
    forbidden(s.update_case(
        &case.id,
        &CaseInput {
            counselor: Some("다른 상담원".into()),
            ..intake("2024-11-01", "wage_arrears")
        },
    ));
    forbidden(s.review(&ReviewFilter::default()));
    forbidden(s.import_cases(&repo_file("assets/examples/cases.csv")));
    forbidden(s.update_settings(&Settings {
        center_name: "x".into(),
        device_letter: "B".into(),
    }));
    forbidden(s.create_account(&account("another", "lead")));
    forbidden(s.accounts());
    forbidden(s.access_log(&AccessLogFilter::default()));
    assert_eq!(
        s.get_case(&case.id).unwrap().remedies[0].concluded_on,
        None,
        "nothing refused was written"
    );
}

#[test]
fn a_supervisor_reviews_concludes_and_deletes_but_cannot_administer() {
    let c = center();
    let mut s = open_as(&c, "super");
    let case = s.create_case(&intake("2024-11-01", "dismissal")).unwrap();
    let r = s
        .add_remedy(
            &case.id,
            &RemedyInput {
                channel: Some("노동위원회".into()),
                filed_on: Some("2024-11-05".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(s.review(&ReviewFilter::default()).unwrap().open.len(), 1);
    s.conclude_remedy(
        &r.id,
        &RemedyConclusion {
            outcome: Some("settled".into()),
            ..Default::default()
        },
    )
    .unwrap();
    s.delete_case(&case.id).unwrap();
    forbidden(s.import_cases(&repo_file("assets/examples/cases.csv")));
    forbidden(s.accounts());
    forbidden(s.access_log(&AccessLogFilter::default()));
}

#[test]
fn a_deactivated_account_cannot_sign_in() {
    let c = center();
    let mut lead = open_as(&c, "lead");
    lead.set_account_active("counsel", false).unwrap();
    drop(lead);
    let e = Store::open_encrypted(&c.path, "counsel", "counsel-violet-lantern")
        .err()
        .unwrap();
    assert_eq!(e.code(), "wrong_password");
    assert!(
        Store::open_encrypted(&c.path, "super", "super-violet-lantern").is_ok(),
        "others still sign in"
    );
}

#[test]
fn every_action_kind_lands_in_the_access_log_with_who_and_which_record() {
    let c = center();
    assert!(Store::open_encrypted(&c.path, "counsel", "not the password").is_err());
    let mut s = open_as(&c, "counsel");
    let case = s.create_case(&intake("2024-11-01", "other")).unwrap();
    s.get_case(&case.id).unwrap();
    s.add_session(&case.id, &Default::default()).ok();
    s.close_case(&case.id, "info", None).unwrap();
    s.unlock("counsel", "counsel-violet-lantern").unwrap();
    drop(s);
    let mut lead = open_as(&c, "lead");
    lead.import_cases(&repo_file("assets/examples/cases.csv"))
        .unwrap();
    lead.delete_case(&case.id).unwrap();
    let log = lead.access_log(&AccessLogFilter::default()).unwrap();
    let has = |who: &str, action: AccessAction, record: Option<&str>| {
        log.iter().any(|e| {
            e.username == who
                && e.action == action
                && (record.is_none() || e.record_id.as_deref() == record)
        })
    };
    assert!(
        has("counsel", AccessAction::FailedLogin, None),
        "the failed login was carried into the log: {log:#?}"
    );
    assert!(has("counsel", AccessAction::Login, None));
    assert!(has("counsel", AccessAction::Create, Some(&case.id)));
    assert!(has("counsel", AccessAction::View, Some(&case.id)));
    assert!(has("counsel", AccessAction::Update, Some(&case.id)));
    assert!(has("counsel", AccessAction::Unlock, None));
    assert!(has("lead", AccessAction::Import, None));
    assert!(has("lead", AccessAction::Delete, Some(&case.id)));
    let only_views = lead
        .access_log(&AccessLogFilter {
            action: Some(AccessAction::View),
            ..Default::default()
        })
        .unwrap();
    assert!(only_views.iter().all(|e| e.action == AccessAction::View) && !only_views.is_empty());
}

#[test]
fn the_access_log_is_append_only() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, path) = file_store(&dir);
    s.create_case(&intake("2024-11-01", "other")).unwrap();
    drop(s);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM access_log", [], |r| r.get(0))
        .unwrap();
    assert!(n >= 1);
    assert!(
        conn.execute("UPDATE access_log SET username = 'someone else'", [])
            .is_err(),
        "no entry can be changed"
    );
    // The store's clock stands in for ld_now(), as Store registers it: the entries were
    // written on 2024-11-30, whatever day the machine thinks it is.
    let at = |stamp: &'static str| {
        conn.create_scalar_function(
            "ld_now",
            0,
            rusqlite::functions::FunctionFlags::SQLITE_UTF8,
            move |_| Ok(stamp),
        )
        .unwrap();
    };
    at("2026-11-29T00:00:00.000Z");
    let refused = conn.execute("DELETE FROM access_log", []).unwrap_err();
    assert!(
        refused.to_string().contains("kept for two years"),
        "no entry younger than two years can be removed: {refused}"
    );
    let after: i64 = conn
        .query_row("SELECT count(*) FROM access_log", [], |r| r.get(0))
        .unwrap();
    assert_eq!(after, n);
    at("2026-12-01T01:00:00.000Z");
    assert_eq!(
        conn.execute("DELETE FROM access_log", []).unwrap(),
        n as usize,
        "two years after 2024-11-30 on the store's clock the entries may go"
    );
}

#[test]
fn a_draft_belongs_to_the_account_that_wrote_it() {
    let c = center();
    let mut a = open_as(&c, "counsel");
    a.save_draft(
        "intake",
        &serde_json::json!({"client_name": "작성중인이름"}),
    )
    .unwrap();
    drop(a);
    let b = open_as(&c, "super");
    assert_eq!(
        b.draft("intake").unwrap(),
        None,
        "another account does not see it"
    );
    drop(b);
    let a = open_as(&c, "counsel");
    assert!(a.draft("intake").unwrap().is_some());
}

#[test]
fn a_lead_resets_a_forgotten_password_and_lets_a_reactivated_account_in_again() {
    let c = center();
    let mut lead = open_as(&c, "lead");
    lead.set_account_active("counsel", false).unwrap();
    let e = lead
        .reset_password("counsel", "new-counsel-pw")
        .err()
        .unwrap();
    assert_eq!(e.code(), "invalid_state", "reactivate first");
    lead.set_account_active("counsel", true).unwrap();
    assert_eq!(
        Store::open_encrypted(&c.path, "counsel", "counsel-violet-lantern")
            .err()
            .unwrap()
            .code(),
        "wrong_password",
        "reactivating alone does not bring back the old password"
    );
    lead.reset_password("counsel", "new-counsel-pw").unwrap();
    drop(lead);
    let counsel = Store::open_encrypted(&c.path, "counsel", "new-counsel-pw").unwrap();
    forbidden(counsel.accounts());
    drop(counsel);
    let mut s = open_as(&c, "super");
    forbidden(s.reset_password("counsel", "taken over!"));
}

#[test]
fn unlocking_after_idle_and_changing_a_password_are_logged() {
    let c = center();
    drop(open_as(&c, "counsel"));
    assert_eq!(
        Store::resume(&c.path, "counsel", "not it at all")
            .err()
            .unwrap()
            .code(),
        "wrong_password"
    );
    let s = Store::resume(&c.path, "counsel", "counsel-violet-lantern").unwrap();
    assert_eq!(s.actor().username, "counsel");
    drop(s);
    Store::change_password(
        &c.path,
        "counsel",
        "counsel-violet-lantern",
        "counsel-2nd-pw",
    )
    .unwrap();

    let lead = open_as(&c, "lead");
    let by_counsel = lead
        .access_log(&AccessLogFilter {
            username: Some("counsel".into()),
            ..Default::default()
        })
        .unwrap();
    let actions: Vec<_> = by_counsel.iter().map(|e| e.action).collect();
    assert!(actions.contains(&AccessAction::Unlock), "{actions:?}");
    assert!(actions.contains(&AccessAction::FailedLogin), "{actions:?}");
    assert!(
        by_counsel.iter().any(|e| e.action == AccessAction::Update
            && e.detail
                .as_deref()
                .is_some_and(|d| d.starts_with("암호 변경"))),
        "{by_counsel:?}"
    );

    drop(lead);
    let mut lead = open_as(&c, "lead");
    lead.set_account_active("counsel", false).unwrap();
    assert_eq!(
        Store::change_password(&c.path, "counsel", "counsel-2nd-pw", "counsel-3rd-pw")
            .err()
            .unwrap()
            .code(),
        "wrong_password",
        "a deactivated account cannot change its password"
    );
}

#[test]
fn the_lead_exports_the_access_log_to_excel_and_the_export_is_logged() {
    let c = center();
    let lead = open_as(&c, "lead");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("접근기록.xlsx");
    let n = lead
        .export_access_log(&AccessLogFilter::default(), &out)
        .unwrap();
    assert!(n >= 4, "setup, two accounts and the login: {n}");
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let sheet = book.worksheet_range("접근 기록").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows[0][3], "행위");
    assert_eq!(rows.len(), n + 1);
    assert!(
        rows.iter().any(|r| r[4] == "login" && r[2] == "lead"),
        "{rows:?}"
    );
    let exports = lead
        .access_log(&AccessLogFilter {
            action: Some(AccessAction::Export),
            ..Default::default()
        })
        .unwrap();
    assert!(exports[0].detail.as_deref().unwrap().contains("접근 기록"));

    let counsel = open_as(&c, "counsel");
    forbidden(counsel.export_access_log(&AccessLogFilter::default(), &dir.path().join("x.csv")));
    assert!(!dir.path().join("x.csv").exists());
}

#[test]
fn access_log_dates_are_the_leads_local_days() {
    use chrono::TimeZone;
    let c = center();
    let mut lead = open_as(&c, "lead");
    // 00:30 in Seoul on 2 December is still 1 December in UTC.
    let seoul = chrono::FixedOffset::east_opt(9 * 3600).unwrap();
    lead.set_clock(labordesk::Clock::Fixed(
        seoul.with_ymd_and_hms(2026, 12, 2, 0, 30, 0).unwrap(),
    ));
    lead.log_export("자정 직후").unwrap();
    let on = |d: &str| {
        let day = chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
        lead.access_log(&AccessLogFilter {
            from: Some(day),
            to: Some(day),
            action: Some(AccessAction::Export),
            ..Default::default()
        })
        .unwrap()
        .len()
    };
    assert_eq!(on("2026-12-02"), 1);
    assert_eq!(on("2026-12-01"), 0);
}

#[test]
fn only_a_lead_makes_a_new_recovery_code() {
    let c = center();
    forbidden(open_as(&c, "super").new_recovery_code());
    forbidden(open_as(&c, "counsel").new_recovery_code());
}

#[test]
fn the_idle_lock_is_the_leads_setting_checked_and_logged_in_the_core() {
    let c = center();
    let mut counsel = open_as(&c, "counsel");
    assert_eq!(counsel.idle_lock_minutes().unwrap(), 10, "the default");
    forbidden(counsel.set_idle_lock_minutes(5));
    // Nor through the screens' preferences.
    let refused = counsel
        .set_preference(labordesk::store::IDLE_LOCK_PREFERENCE, Some("600"))
        .unwrap_err();
    assert_eq!(refused.code(), "invalid_state");
    assert!(refused.to_string().contains("센터장"), "{refused}");
    drop(counsel);

    let mut lead = open_as(&c, "lead");
    for bad in [0, 121] {
        let e = lead.set_idle_lock_minutes(bad).unwrap_err();
        assert_eq!(e.code(), "invalid");
        assert!(e.to_string().contains("1분에서 120분"), "{e}");
    }
    assert_eq!(lead.set_idle_lock_minutes(3).unwrap(), 3);
    assert_eq!(lead.idle_lock_minutes().unwrap(), 3);
    let log = lead.access_log(&AccessLogFilter::default()).unwrap();
    assert!(
        log.iter()
            .any(|e| e.username == "lead" && e.detail.as_deref() == Some("화면 잠금 시간 3분")),
        "the change is in the access log"
    );
    drop(lead);
    assert_eq!(
        open_as(&c, "counsel").idle_lock_minutes().unwrap(),
        3,
        "for everyone"
    );
}

#[test]
fn only_the_lead_sets_the_update_address_which_must_be_a_web_address_and_is_logged() {
    let c = center();
    let mut counselor = open_as(&c, "counsel");
    assert_eq!(
        counselor.update_address().unwrap(),
        None,
        "none until a lead sets one"
    );
    forbidden(counselor.set_update_address(Some("https://intranet.example/latest.json")));
    drop(counselor);

    let mut lead = open_as(&c, "lead");
    let folder = lead
        .set_update_address(Some(r"\\server\labordesk"))
        .unwrap_err();
    assert_eq!(folder.code(), "invalid");
    assert!(
        folder.to_string().contains("웹 서버"),
        "says how to offer a folder: {folder}"
    );
    assert_eq!(
        lead.update_address().unwrap(),
        None,
        "nothing stored after a refusal"
    );

    let set = lead
        .set_update_address(Some(" http://10.0.0.5/labordesk/latest.json "))
        .unwrap();
    assert_eq!(
        set.as_deref(),
        Some("http://10.0.0.5/labordesk/latest.json")
    );
    assert_eq!(lead.update_address().unwrap(), set);
    let log = lead.access_log(&AccessLogFilter::default()).unwrap();
    assert_eq!(
        log[0].detail.as_deref(),
        Some("업데이트 주소 설정"),
        "newest first"
    );

    assert_eq!(
        lead.set_update_address(Some("  ")).unwrap(),
        None,
        "blank clears it"
    );
    assert_eq!(lead.update_address().unwrap(), None);
}

#[test]
fn only_a_lead_sets_a_deadline_other_than_the_rules_and_gives_a_reason() {
    let c = center();
    let decided = RemedyInput {
        channel: Some("labor_commission".into()),
        procedure: Some("부당해고 구제신청".into()),
        filed_on: Some("2024-08-05".into()),
        concluded_on: Some("2024-11-20".into()),
        outcome: Some("dismissed".into()),
        decision_on: Some("2024-11-22".into()),
        ..Default::default()
    };
    let mut lead = open_as_lead(&c);
    let case = lead
        .create_case(&intake("2024-08-01", "dismissal"))
        .unwrap();
    let remedy = lead.add_remedy(&case.id, &decided).unwrap();
    assert_eq!(remedy.deadline.as_ref().unwrap().due, d(2024, 12, 2));
    drop(lead);

    let moved = RemedyInput {
        next_deadline: Some("2024-12-09".into()),
        deadline_reason: Some("결정서 송달일이 11월 29일로 확인됨".into()),
        ..decided.clone()
    };
    for who in ["counsel", "super"] {
        let mut s = open_as(&c, who);
        let msg = forbidden(s.update_remedy(&remedy.id, &moved));
        assert!(msg.contains("법정 기한 변경"), "{msg}");
    }
    let mut lead = open_as_lead(&c);
    let without_reason = RemedyInput {
        deadline_reason: None,
        ..moved.clone()
    };
    let err = lead.update_remedy(&remedy.id, &without_reason).unwrap_err();
    assert_eq!(err.code(), "invalid", "{err}");
    let remedy = lead.update_remedy(&remedy.id, &moved).unwrap();
    let deadline = remedy.deadline.unwrap();
    assert_eq!(
        (deadline.due, deadline.source),
        (
            d(2024, 12, 9),
            labordesk::domain::deadlines::DeadlineSource::Override
        )
    );
    assert_eq!(deadline.note, "결정서 송달일이 11월 29일로 확인됨");
    drop(lead);

    // Nor may anyone else lift it; other fields stay theirs to edit.
    let mut s = open_as(&c, "counsel");
    forbidden(s.update_remedy(&remedy.id, &decided));
    let remedy = s
        .update_remedy(
            &remedy.id,
            &RemedyInput {
                agency: Some("서울지방노동위원회".into()),
                ..moved
            },
        )
        .unwrap();
    assert_eq!(remedy.deadline.unwrap().due, d(2024, 12, 9));
}

fn open_as_lead(c: &Center) -> Store {
    let mut s = Store::open_encrypted(&c.path, "lead", "lead-violet-lantern").unwrap();
    s.set_clock(now());
    s
}
