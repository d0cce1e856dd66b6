//! The commands the UI may call, all through `ui/src/lib/backend.ts`. Each one unpacks the
//! state and calls the core; errors pass through unchanged, so the UI receives the core's
//! `{ "code": "...", "message": "..." }`.

use labordesk::Store;
use serde::Serialize;
use tauri::State;

use crate::state::AppState;

/// What the home screen shows about this installation.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    db_path: String,
    center_name: String,
    device_letter: String,
    case_count: u64,
}

// `async` runs these off the main thread, so disk I/O never stalls the window.
#[tauri::command(async)]
pub fn app_info(state: State<'_, AppState>) -> labordesk::Result<AppInfo> {
    state.with_store(|store| {
        let settings = store.settings()?;
        Ok(AppInfo {
            db_path: state.db_path().display().to_string(),
            center_name: settings.center_name,
            device_letter: settings.device_letter,
            case_count: store.count_cases()?,
        })
    })
}

#[tauri::command(async)]
pub fn case_count(state: State<'_, AppState>) -> labordesk::Result<u64> {
    state.with_store(Store::count_cases)
}
