//! The commands of protecting the data: first-run setup, login, lock and logout, the recovery
//! code, and the center lead's screens (accounts, a new recovery code, access log, backups,
//! retention, idle lock).
//! Each unpacks the state and calls the core; who may do what is the core's decision
//! (`Store::require`), so a screen the UI hides is refused here all the same.

use std::path::Path;

use labordesk::store::accounts::{AccessEntry, AccessLogFilter, Account, AccountInput, Permission};
use labordesk::store::backup::{BackupInfo, DEFAULT_KEEP};
use labordesk::store::retention::RetentionReport;
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::error::Result;
use crate::state::{AppState, SessionView, SetupInput};

// --- the session ------------------------------------------------------------------------

/// Where the session stands: setup, logged out, locked or open (and for whom).
#[tauri::command(async)]
pub fn session(state: State<'_, AppState>) -> SessionView {
    state.view()
}

/// What setup answers: the open session and the recovery code, which is shown once and
/// never again (it is not stored anywhere in clear).
#[derive(Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SetupDone {
    session: SessionView,
    recovery_code: String,
}

#[tauri::command(async)]
pub fn setup(state: State<'_, AppState>, input: SetupInput) -> Result<SetupDone> {
    let (session, code) = state.setup(&input)?;
    Ok(SetupDone {
        session,
        recovery_code: code.as_str().to_string(),
    })
}

#[tauri::command(async)]
pub fn login(
    state: State<'_, AppState>,
    username: String,
    password: String,
) -> Result<SessionView> {
    state.login(username.trim(), &password)
}

#[tauri::command(async)]
pub fn unlock(state: State<'_, AppState>, password: String) -> Result<SessionView> {
    state.unlock(&password)
}

/// A forgotten password: the recovery code sets a new one and logs in.
#[tauri::command(async)]
pub fn recover(
    state: State<'_, AppState>,
    username: String,
    code: String,
    new_password: String,
) -> Result<SessionView> {
    state.recover(username.trim(), &code, &new_password)
}

#[tauri::command(async)]
pub fn lock(state: State<'_, AppState>) -> SessionView {
    state.lock()
}

#[tauri::command(async)]
pub fn logout(state: State<'_, AppState>) -> SessionView {
    state.logout()
}

#[tauri::command(async)]
pub fn change_password(
    state: State<'_, AppState>,
    old_password: String,
    new_password: String,
) -> Result<()> {
    state.change_password(&old_password, &new_password)
}

// --- the idle lock ----------------------------------------------------------------------

/// The environment variable that shortens the idle lock to a few seconds. TEST ONLY: the
/// end-to-end tests cannot wait ten minutes. Only debug builds read it.
#[cfg(debug_assertions)]
const TEST_IDLE_SECONDS: &str = "LABORDESK_TEST_IDLE_SECONDS";

#[cfg(debug_assertions)]
fn test_idle_seconds() -> Option<u32> {
    std::env::var(TEST_IDLE_SECONDS)
        .ok()?
        .trim()
        .parse()
        .ok()
        .filter(|s| *s > 0)
}

/// Release builds contain no way to shorten the lock: the variable is not even read.
#[cfg(not(debug_assertions))]
fn test_idle_seconds() -> Option<u32> {
    None
}

/// The idle lock: the minutes a lead set, and the seconds the timer uses.
#[derive(Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LockPolicy {
    /// As the lead set it (or the default).
    minutes: u32,
    /// What the idle timer uses: `minutes`, unless a test shortened it.
    idle_seconds: u32,
}

#[tauri::command(async)]
pub fn lock_policy(state: State<'_, AppState>) -> Result<LockPolicy> {
    let minutes = state.with_store(|store| store.idle_lock_minutes())?;
    Ok(LockPolicy {
        minutes,
        idle_seconds: test_idle_seconds().unwrap_or(minutes * 60),
    })
}

/// Sets the idle minutes (center lead: the same permission as the center settings).
#[tauri::command(async)]
pub fn set_idle_minutes(state: State<'_, AppState>, minutes: u32) -> Result<LockPolicy> {
    state.with_store(|store| store.set_idle_lock_minutes(minutes))?;
    lock_policy(state)
}

// --- accounts (center lead) ---------------------------------------------------------------

#[tauri::command(async)]
pub fn accounts(state: State<'_, AppState>) -> Result<Vec<Account>> {
    state.with_store(|store| store.accounts())
}

#[tauri::command(async)]
pub fn create_account(state: State<'_, AppState>, input: AccountInput) -> Result<Account> {
    state.with_store(|store| store.create_account(&input))
}

#[tauri::command(async)]
pub fn set_account_active(
    state: State<'_, AppState>,
    username: String,
    active: bool,
) -> Result<()> {
    state.with_store(|store| store.set_account_active(&username, active))
}

#[tauri::command(async)]
pub fn reset_password(
    state: State<'_, AppState>,
    username: String,
    new_password: String,
) -> Result<()> {
    state.with_store(|store| store.reset_password(&username, &new_password))
}

// --- a new recovery code (center lead) -----------------------------------------------------

/// Makes a new recovery code for a lost or never written-down one, and answers it so the UI
/// shows it once; the old code opens nothing from now on. The core logs it; nothing keeps it.
#[tauri::command(async)]
pub fn new_recovery_code(state: State<'_, AppState>) -> Result<String> {
    make_recovery_code(&state)
}

fn make_recovery_code(state: &AppState) -> Result<String> {
    state.with_store(|store| Ok(store.new_recovery_code()?.as_str().to_string()))
}

// --- the access log (center lead) ---------------------------------------------------------

#[tauri::command(async)]
pub fn access_log(state: State<'_, AppState>, filter: AccessLogFilter) -> Result<Vec<AccessEntry>> {
    state.with_store(|store| store.access_log(&filter))
}

/// What the checks at the lead's sign-in found wrong with the access log's chain or the roles
/// (Korean, the first bad entry named); empty when all is well.
#[tauri::command(async)]
pub fn access_log_problems(state: State<'_, AppState>) -> Result<Vec<String>> {
    state.with_store(|store| store.access_log_problems())
}

/// Writes the entries the filter selects to `path` (chosen in the save dialog); the core
/// logs the export. Returns how many entries were written.
#[tauri::command(async)]
pub fn export_access_log(
    state: State<'_, AppState>,
    filter: AccessLogFilter,
    path: String,
) -> Result<usize> {
    state.with_store(|store| store.export_access_log(&filter, Path::new(&path)))
}

// --- backups and restore ------------------------------------------------------------------

#[tauri::command(async)]
pub fn backups(state: State<'_, AppState>) -> Result<Vec<BackupInfo>> {
    state.backups()
}

#[tauri::command(async)]
pub fn backup_now(state: State<'_, AppState>) -> Result<Vec<BackupInfo>> {
    state.with_store(|store| store.backup_now(DEFAULT_KEEP))?;
    state.backups()
}

/// Replaces the store with one of its backups; the lead's password is asked again.
#[tauri::command(async)]
pub fn restore_backup(
    state: State<'_, AppState>,
    path: String,
    password: String,
) -> Result<SessionView> {
    state.restore(&path, &password)
}

/// The newest backup, for the login screen's offer when the database is damaged.
#[tauri::command(async)]
pub fn newest_backup(state: State<'_, AppState>) -> Option<BackupInfo> {
    state.newest_backup()
}

/// Replaces a damaged database with the newest backup, with a center lead's credentials.
#[tauri::command(async)]
pub fn restore_newest(
    state: State<'_, AppState>,
    username: String,
    password: String,
) -> Result<SessionView> {
    state.restore_newest(username.trim(), &password)
}

// --- retention (보존기간) -------------------------------------------------------------------

/// The retention period and the day before which closed cases lose their personal data.
#[derive(Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RetentionInfo {
    years: u32,
    /// Cases closed or deleted before this day (YYYY-MM-DD) lose their personal data when
    /// retention runs today.
    cutoff: String,
}

fn retention_info(store: &labordesk::Store) -> labordesk::Result<RetentionInfo> {
    let years = store.retention_years()?;
    Ok(RetentionInfo {
        years,
        cutoff: store.retention_cutoff()?.to_string(),
    })
}

#[tauri::command(async)]
pub fn retention(state: State<'_, AppState>) -> Result<RetentionInfo> {
    state.with_store(|store| {
        store.require(Permission::Retention)?;
        retention_info(store)
    })
}

#[tauri::command(async)]
pub fn set_retention_years(state: State<'_, AppState>, years: u32) -> Result<RetentionInfo> {
    state.with_store(|store| {
        store.set_retention_years(years)?;
        retention_info(store)
    })
}

/// Destroys the personal data of cases past the retention period, irrecoverably.
#[tauri::command(async)]
pub fn run_retention(state: State<'_, AppState>) -> Result<RetentionReport> {
    state.with_store(|store| store.destroy_expired_personal_data())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{SessionView, SetupInput};

    const PASSWORD: &str = "violet-lantern-harbor";

    /// A device set up with a lead account and open; answers the recovery code of the setup.
    fn set_up(dir: &Path) -> (AppState, String) {
        let state = AppState::new(dir.join("labordesk.db"));
        let (_, code) = state
            .setup(&SetupInput {
                center_name: "테스트센터".into(),
                device_letter: "A".into(),
                username: "lead".into(),
                display_name: "김센터".into(),
                password: PASSWORD.into(),
            })
            .unwrap();
        (state, code.as_str().to_string())
    }

    fn code_of<T: std::fmt::Debug>(r: Result<T>) -> &'static str {
        r.expect_err("must be refused").code()
    }

    #[test]
    fn a_new_recovery_code_replaces_the_old_one_and_is_logged() {
        let dir = tempfile::tempdir().unwrap();
        let (state, old) = set_up(dir.path());
        let new = make_recovery_code(&state).unwrap();
        assert_ne!(new, old);
        assert_eq!(new.len(), 29, "five groups of five and four dashes");
        let logged = state
            .with_store(|s| s.access_log(&AccessLogFilter::default()))
            .unwrap();
        assert!(
            logged.iter().any(|e| e
                .detail
                .as_deref()
                .is_some_and(|d| d.starts_with("복구 코드 새로 만듦"))),
            "the access log keeps who made a new code: {logged:?}"
        );

        state.logout();
        assert_eq!(
            code_of(state.recover("lead", &old, "another password")),
            "wrong_recovery_code",
            "the old code opens nothing any more"
        );
        assert!(matches!(
            state.recover("lead", &new, "another password").unwrap(),
            SessionView::Open { .. }
        ));
        state.logout();
        assert!(
            state.login("lead", "another password").is_ok(),
            "the password the new code set"
        );
    }

    #[test]
    fn only_an_open_lead_session_makes_a_new_recovery_code() {
        let dir = tempfile::tempdir().unwrap();
        let (state, old) = set_up(dir.path());
        state
            .with_store(|s| {
                s.create_account(&AccountInput {
                    username: Some("counsel".into()),
                    display_name: Some("이상담".into()),
                    role: Some("counselor".into()),
                    password: Some("counsel-password".into()),
                })
            })
            .unwrap();

        state.lock();
        assert_eq!(code_of(make_recovery_code(&state)), "locked");
        state.logout();
        assert_eq!(code_of(make_recovery_code(&state)), "signed_out");
        state.login("counsel", "counsel-password").unwrap();
        assert_eq!(code_of(make_recovery_code(&state)), "forbidden");

        state.logout();
        assert!(
            state.recover("lead", &old, "another password").is_ok(),
            "every refusal left the setup's code as it was"
        );
    }
}
