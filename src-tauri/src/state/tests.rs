//! The session's states and refusals, on real store files.

use super::*;

const PASSWORD: &str = "violet-lantern-harbor";

fn setup_input() -> SetupInput {
    SetupInput {
        center_name: "테스트센터".into(),
        device_letter: "A".into(),
        username: "lead".into(),
        display_name: "김센터".into(),
        password: PASSWORD.into(),
    }
}

fn code_of<T>(r: Result<T>) -> &'static str {
    match r {
        Ok(_) => panic!("must be refused"),
        Err(e) => e.code(),
    }
}

#[test]
fn an_empty_folder_needs_setup_and_refuses_data_commands_until_then() {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::new(dir.path().join("labordesk.db"));
    assert!(matches!(
        state.view(),
        SessionView::Setup {
            existing: false,
            ..
        }
    ));
    assert_eq!(
        code_of(state.with_store(|s| s.count_cases())),
        "setup_required"
    );
    assert!(
        !dir.path().join("labordesk.db").exists(),
        "looking creates no file"
    );
}

#[test]
fn setup_opens_for_the_lead_and_locking_closes_the_store_until_unlocked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("labordesk.db");
    let state = AppState::new(db.clone());
    let (view, code) = state.setup(&setup_input()).unwrap();
    assert!(matches!(view, SessionView::Open { ref user } if user.username == "lead"));
    assert_eq!(
        code.as_str().len(),
        29,
        "five groups of five and four dashes"
    );
    assert!(Store::is_encrypted(&db));
    assert_eq!(state.with_store(|s| s.count_cases()).unwrap(), 0);
    assert!(
        !backup::list_backups(&db).is_empty(),
        "the first backup is made when the store opens"
    );

    assert!(matches!(state.lock(), SessionView::Locked { .. }));
    assert_eq!(code_of(state.with_store(|s| s.count_cases())), "locked");
    assert_eq!(code_of(state.unlock("wrong password")), "wrong_password");
    assert_eq!(code_of(state.with_store(|s| s.count_cases())), "locked");
    assert!(matches!(
        state.unlock(PASSWORD).unwrap(),
        SessionView::Open { .. }
    ));

    assert!(matches!(state.logout(), SessionView::LoggedOut));
    assert_eq!(code_of(state.with_store(|s| s.count_cases())), "signed_out");
    assert_eq!(code_of(state.setup(&setup_input())), "invalid_state");
    assert!(matches!(
        state.login("lead", PASSWORD).unwrap(),
        SessionView::Open { .. }
    ));
}

#[test]
fn a_new_state_on_an_encrypted_store_starts_logged_out() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("labordesk.db");
    AppState::new(db.clone()).setup(&setup_input()).unwrap();
    let state = AppState::new(db);
    assert!(matches!(state.view(), SessionView::LoggedOut));
    assert_eq!(
        code_of(state.login("lead", "not it at all")),
        "wrong_password"
    );
    assert!(matches!(state.view(), SessionView::LoggedOut));
}

#[test]
fn setup_encrypts_an_unencrypted_database_and_keeps_its_cases() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("labordesk.db");
    {
        let mut plain = Store::open(&db).unwrap();
        plain
            .update_settings(&Settings {
                center_name: "옛센터".into(),
                device_letter: "B".into(),
            })
            .unwrap();
        labordesk::demo::write_demo(&mut plain).unwrap();
    }
    let before = Store::open(&db).unwrap().count_cases().unwrap();
    let state = AppState::new(db.clone());
    let SessionView::Setup { existing, settings } = state.view() else {
        panic!("an unencrypted database needs setup");
    };
    assert!(existing);
    assert_eq!(
        settings.center_name, "옛센터",
        "the form starts from its settings"
    );
    // The form sends the settings back as they were: a device letter that has numbered
    // cases cannot change.
    state
        .setup(&SetupInput {
            center_name: settings.center_name,
            device_letter: settings.device_letter,
            ..setup_input()
        })
        .unwrap();
    assert!(Store::is_encrypted(&db));
    assert_eq!(state.with_store(|s| s.count_cases()).unwrap(), before);
}

#[test]
fn a_file_that_is_not_a_database_is_reported_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("labordesk.db");
    let garbage = "데이터베이스가 아님\n".repeat(500).into_bytes();
    std::fs::write(&db, &garbage).unwrap();
    let state = AppState::new(db.clone());
    assert!(matches!(
        state.view(),
        SessionView::Unavailable {
            code: "db_unreadable",
            ..
        }
    ));
    assert_eq!(
        code_of(state.with_store(|s| s.count_cases())),
        "db_unreadable"
    );
    assert_eq!(std::fs::read(&db).unwrap(), garbage);
}

#[test]
fn restore_checks_the_password_before_closing_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("labordesk.db");
    let state = AppState::new(db.clone());
    state.setup(&setup_input()).unwrap();
    let backup = state.backups().unwrap().remove(0);
    assert_eq!(
        code_of(state.restore(&backup.path, "wrong password")),
        "wrong_password"
    );
    assert_eq!(
        state.with_store(|s| s.count_cases()).unwrap(),
        0,
        "still open after a typo"
    );
    assert_eq!(
        code_of(state.restore("/elsewhere.db", PASSWORD)),
        "not_found"
    );
    assert!(matches!(
        state.restore(&backup.path, PASSWORD).unwrap(),
        SessionView::Open { .. }
    ));
    let aside = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".replaced-"))
        .count();
    assert!(aside >= 1, "the replaced file is kept beside the database");
}

#[test]
fn exit_backs_up_an_open_store_but_never_waits_past_its_limit() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("labordesk.db");
    let state = AppState::new(db.clone());
    state.setup(&setup_input()).unwrap();
    let before = backup::list_backups(&db).len();

    // A command still holding the store: exit gives up after the wait, without a backup.
    let started = Instant::now();
    std::thread::scope(|s| {
        let guard = state.phase();
        s.spawn(|| state.close_on_exit(Duration::from_millis(300)));
        std::thread::sleep(Duration::from_millis(600));
        drop(guard);
    });
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(
        backup::list_backups(&db).len(),
        before,
        "skipped while busy"
    );

    state.close_on_exit(Duration::from_secs(20));
    assert_eq!(
        backup::list_backups(&db).len(),
        before + 1,
        "a backup on the way out"
    );
}

#[test]
fn exit_writes_this_devices_outbox_into_the_sync_folder_when_one_is_set() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("labordesk.db");
    let shared = dir.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    let state = AppState::new(db.clone());
    state.setup(&setup_input()).unwrap();
    state
        .with_store(|s| s.set_sync_folder_path(Some(&shared)))
        .unwrap();
    let before = backup::list_backups(&db).len();

    state.close_on_exit(Duration::from_secs(20));
    let outboxes: Vec<_> = std::fs::read_dir(&shared)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(outboxes.len(), 1, "{outboxes:?}");
    assert!(outboxes[0].ends_with(".ldsync"), "{outboxes:?}");
    assert_eq!(
        backup::list_backups(&db).len(),
        before + 1,
        "the backup is made as well"
    );
    assert_eq!(
        code_of(state.with_store(|s| s.count_cases())),
        "signed_out",
        "the store is closed on the way out"
    );
}

#[test]
fn a_locked_store_is_not_backed_up_on_exit_since_its_key_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("labordesk.db");
    let state = AppState::new(db.clone());
    state.setup(&setup_input()).unwrap();
    let before = backup::list_backups(&db).len();
    state.lock();
    state.close_on_exit(Duration::from_secs(5));
    assert_eq!(backup::list_backups(&db).len(), before);
}
