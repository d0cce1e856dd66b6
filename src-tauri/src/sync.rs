//! The commands of sync between devices (동기화): this device's state, transfer files, the
//! sync folder, conflicts and enrollment. Each unpacks the state and calls the core, through
//! the same session check as every other data command; who may do what is the core's
//! decision (the folder, conflicts and enrollment are the lead's), so what the screen hides
//! is refused here all the same. The shell's own part is small: reading and writing the
//! enrollment files the lead picked in a dialog, and syncing with the folder the lead set
//! rather than one the caller names.

use std::path::Path;

use labordesk::sync::{Conflict, ExportSummary, FolderReport, SyncReport, SyncStatus};
use tauri::State;

use crate::error::Result;
use crate::state::AppState;

/// This device, the devices it exchanges files with, pending changes and open conflicts.
#[tauri::command(async)]
pub fn sync_status(state: State<'_, AppState>) -> Result<SyncStatus> {
    state.with_store(|store| store.sync_status())
}

/// The sync folder this device uses, if one is set.
#[tauri::command(async)]
pub fn sync_folder_path(state: State<'_, AppState>) -> Result<Option<String>> {
    state.with_store(|store| store.sync_folder_path())
}

/// Sets (a folder chosen in the dialog) or clears (`None`) the sync folder (center lead).
#[tauri::command(async)]
pub fn set_sync_folder(state: State<'_, AppState>, path: Option<String>) -> Result<Option<String>> {
    set_folder(&state, path.as_deref())
}

/// Writes the transfer file to `path`, chosen in the save dialog: the changes the other
/// devices have not confirmed, or everything (`all`).
#[tauri::command(async)]
pub fn sync_export(state: State<'_, AppState>, path: String, all: bool) -> Result<ExportSummary> {
    state.with_store(|store| store.sync_export(Path::new(&path), all))
}

/// Merges another device's transfer file, all of it or (refused, with the reason) none of it.
#[tauri::command(async)]
pub fn sync_import(state: State<'_, AppState>, path: String) -> Result<SyncReport> {
    state.with_store(|store| store.sync_import(Path::new(&path)))
}

/// Syncs with the folder that is set: the other devices' outboxes in, this device's out.
#[tauri::command(async)]
pub fn sync_folder(state: State<'_, AppState>) -> Result<FolderReport> {
    folder_now(&state)
}

#[tauri::command(async)]
pub fn sync_conflicts(state: State<'_, AppState>) -> Result<Vec<Conflict>> {
    state.with_store(|store| store.sync_conflicts())
}

/// Keeps the merged value (`use_other: false`) or writes the other one, which then travels.
#[tauri::command(async)]
pub fn resolve_conflict(state: State<'_, AppState>, id: i64, use_other: bool) -> Result<()> {
    state.with_store(|store| store.resolve_conflict(id, use_other))
}

/// Writes a new device's enrollment file to `path` and answers its one-time code, which the
/// UI shows once; nothing keeps it.
#[tauri::command(async)]
pub fn sync_enrollment(state: State<'_, AppState>, letter: String, path: String) -> Result<String> {
    write_enrollment(&state, &letter, Path::new(&path))
}

/// Enrolls this device with the enrollment file at `path` and its code; answers the center's
/// name.
#[tauri::command(async)]
pub fn sync_enroll(state: State<'_, AppState>, path: String, code: String) -> Result<String> {
    enroll_from_file(&state, Path::new(&path), &code)
}

/// Revokes the enrollment files of `letter` that no device has used (the lead, on the center);
/// answers how many.
#[tauri::command(async)]
pub fn sync_revoke_enrollment(state: State<'_, AppState>, letter: String) -> Result<usize> {
    state.with_store(|store| store.sync_revoke_enrollment(&letter))
}

// --- what the commands do beyond one core call ----------------------------------------------

fn set_folder(state: &AppState, path: Option<&str>) -> Result<Option<String>> {
    state.with_store(|store| {
        store.set_sync_folder_path(path.map(Path::new))?;
        store.sync_folder_path()
    })
}

/// The folder is the one the lead set, never one the caller names: a counselor's "sync now"
/// goes where the lead decided.
pub(crate) fn folder_now(state: &AppState) -> Result<FolderReport> {
    state.with_store(|store| {
        let dir = store.sync_folder_path()?.ok_or_else(|| {
            labordesk::Error::InvalidState(
                "동기화 폴더가 정해지지 않았습니다. 센터장이 동기화 화면에서 폴더를 정할 수 있습니다."
                    .into(),
            )
        })?;
        store.sync_folder(Path::new(&dir))
    })
}

fn write_enrollment(state: &AppState, letter: &str, path: &Path) -> Result<String> {
    state.with_store(|store| {
        let (bytes, code) = store.sync_enrollment(letter)?;
        labordesk::export::write_atomically(path, &bytes)?;
        Ok(code.as_str().to_string())
    })
}

fn enroll_from_file(state: &AppState, path: &Path, code: &str) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|source| labordesk::Error::Io {
        path: path.display().to_string(),
        source,
    })?;
    state.with_store(|store| store.sync_enroll(&bytes, code))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::SetupInput;
    use labordesk::domain::CaseInput;
    use labordesk::store::accounts::AccountInput;

    const PASSWORD: &str = "violet-lantern-harbor";

    /// A device with its own folder, set up with a lead account and open.
    fn device(root: &Path, name: &str, letter: &str) -> AppState {
        let dir = root.join(name);
        std::fs::create_dir_all(&dir).unwrap();
        let state = AppState::new(dir.join("labordesk.db"));
        state
            .setup(&SetupInput {
                center_name: format!("{name} 센터"),
                device_letter: letter.into(),
                username: "lead".into(),
                display_name: "김센터".into(),
                password: PASSWORD.into(),
            })
            .unwrap();
        state
    }

    fn a_case(state: &AppState, day: u32) -> String {
        let input = CaseInput {
            received_on: Some(format!("2024-05-{day:02}")),
            intake_method: Some("visit".into()),
            primary_category: Some("wage_arrears".into()),
            ..Default::default()
        };
        state.with_store(|s| s.create_case(&input)).unwrap().case_no
    }

    fn code_of<T: std::fmt::Debug>(r: Result<T>) -> &'static str {
        r.expect_err("must be refused").code()
    }

    /// A center (A) and a booth laptop enrolled into it (B), as the lead does it in the app.
    fn center_and_booth(root: &Path) -> (AppState, AppState) {
        let center = device(root, "center", "A");
        let booth = device(root, "booth", "A");
        let file = root.join("booth-b.enroll");
        let code = write_enrollment(&center, "B", &file).unwrap();
        assert_eq!(
            code_of(enroll_from_file(
                &booth,
                &file,
                "AAAAA-AAAAA-AAAAA-AAAAA-AAAAA"
            )),
            "invalid_state",
            "a wrong code enrolls nothing"
        );
        assert_eq!(
            enroll_from_file(&booth, &file, &code).unwrap(),
            "center 센터",
            "the booth takes the center's name"
        );
        (center, booth)
    }

    #[test]
    fn a_booth_enrolled_with_file_and_code_sends_its_cases_to_the_center() {
        let root = tempfile::tempdir().unwrap();
        let (center, booth) = center_and_booth(root.path());
        assert_eq!(
            booth.with_store(|s| s.settings()).unwrap().device_letter,
            "B",
            "the letter the lead gave"
        );
        assert_eq!(a_case(&booth, 2), "2024-B0001");

        let transfer = root.path().join("B-2024-05-02.ldsync");
        let summary = booth
            .with_store(|s| s.sync_export(&transfer, false))
            .unwrap();
        assert_eq!(summary.cases, 1);
        let report = center.with_store(|s| s.sync_import(&transfer)).unwrap();
        assert_eq!((report.from_letter.as_str(), report.new_cases), ("B", 1));
        let status = center.with_store(|s| s.sync_status()).unwrap();
        assert_eq!(status.letter, "A");
        assert_eq!(status.peers.len(), 1, "the booth is a peer now: {status:?}");
        assert_eq!(status.peers[0].letter, "B");
    }

    #[test]
    fn an_enrollment_file_that_cannot_be_read_is_an_io_error_and_enrolls_nothing() {
        let root = tempfile::tempdir().unwrap();
        let booth = device(root.path(), "booth", "C");
        let missing = root.path().join("nowhere.enroll");
        assert_eq!(code_of(enroll_from_file(&booth, &missing, "X")), "io");
        assert_eq!(
            booth.with_store(|s| s.settings()).unwrap().device_letter,
            "C"
        );
    }

    #[test]
    fn sync_now_uses_the_folder_the_lead_set_and_refuses_without_one() {
        let root = tempfile::tempdir().unwrap();
        let (center, booth) = center_and_booth(root.path());
        assert_eq!(code_of(folder_now(&center)), "invalid_state");
        assert_eq!(
            code_of(set_folder(&center, Some("/no/such/folder/anywhere"))),
            "invalid",
            "a folder that does not exist is refused"
        );

        let shared = root.path().join("shared");
        std::fs::create_dir(&shared).unwrap();
        let dir = shared.display().to_string();
        for device in [&center, &booth] {
            assert_eq!(set_folder(device, Some(&dir)).unwrap(), Some(dir.clone()));
        }
        a_case(&booth, 3);
        let first = folder_now(&booth).unwrap();
        assert!(first.imported.is_empty(), "nothing from the center yet");
        let report = folder_now(&center).unwrap();
        assert_eq!(report.imported.len(), 1, "{report:?}");
        let file = &report.imported[0];
        assert_eq!(file.refused, None);
        assert_eq!(file.report.as_ref().unwrap().new_cases, 1);
        assert_eq!(center.with_store(|s| s.count_cases()).unwrap(), 1);

        assert_eq!(set_folder(&center, None).unwrap(), None, "cleared");
        assert_eq!(code_of(folder_now(&center)), "invalid_state");
    }

    #[test]
    fn sync_commands_are_refused_while_the_screen_is_locked_or_logged_out() {
        let root = tempfile::tempdir().unwrap();
        let center = device(root.path(), "center", "A");
        let shared = root.path().join("shared");
        std::fs::create_dir(&shared).unwrap();
        set_folder(&center, Some(&shared.display().to_string())).unwrap();

        center.lock();
        assert_eq!(code_of(folder_now(&center)), "locked");
        assert_eq!(
            code_of(write_enrollment(
                &center,
                "B",
                &root.path().join("b.enroll")
            )),
            "locked"
        );
        assert!(
            !root.path().join("b.enroll").exists(),
            "no file while locked"
        );
        center.logout();
        assert_eq!(
            code_of(center.with_store(|s| s.sync_status())),
            "signed_out"
        );
        assert_eq!(code_of(folder_now(&center)), "signed_out");
    }

    #[test]
    fn a_counselor_syncs_but_neither_sets_the_folder_nor_writes_enrollment_files() {
        let root = tempfile::tempdir().unwrap();
        let center = device(root.path(), "center", "A");
        let shared = root.path().join("shared");
        std::fs::create_dir(&shared).unwrap();
        set_folder(&center, Some(&shared.display().to_string())).unwrap();
        center
            .with_store(|s| {
                s.create_account(&AccountInput {
                    username: Some("counsel".into()),
                    display_name: Some("이상담".into()),
                    role: Some("counselor".into()),
                    password: Some("counsel-password".into()),
                })
            })
            .unwrap();
        center.logout();
        center.login("counsel", "counsel-password").unwrap();

        assert!(folder_now(&center).is_ok(), "booth counselors sync");
        assert_eq!(code_of(set_folder(&center, None)), "forbidden");
        let file = root.path().join("c.enroll");
        assert_eq!(code_of(write_enrollment(&center, "C", &file)), "forbidden");
        assert!(!file.exists());
        assert_eq!(
            code_of(center.with_store(|s| s.sync_conflicts())),
            "forbidden"
        );
    }
}
