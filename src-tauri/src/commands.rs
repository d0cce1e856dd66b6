//! The commands the UI may call, all through `ui/src/lib/backend.ts`. Each one unpacks the
//! state and calls one core method; errors pass through unchanged, so the UI receives the
//! core's `{ "code", "message", "fields"? }`. No rule of the domain lives here.
//!
//! Tauri hands the arguments over by their camelCase names (`case_id` is `caseId` in JS).

use labordesk::domain::eligibility::Hint;
use labordesk::domain::{
    Case, CaseDetail, CaseFilter, CaseInput, CasePage, CodeListInfo, Counselor, OutreachEvent,
    OutreachEventInput, Remedy, RemedyConclusion, RemedyInput, Session, SessionInput,
};
use labordesk::Settings;
use serde::Serialize;
use tauri::State;

use crate::state::AppState;

type Result<T> = labordesk::Result<T>;

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
pub fn app_info(state: State<'_, AppState>) -> Result<AppInfo> {
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
pub fn case_count(state: State<'_, AppState>) -> Result<u64> {
    state.with_store(|store| store.count_cases())
}

/// Every code list with its Korean labels, for the dropdowns.
#[tauri::command]
pub fn code_lists() -> Vec<CodeListInfo> {
    labordesk::domain::code_lists()
}

// --- settings, counselors, preferences -------------------------------------------------

#[tauri::command(async)]
pub fn settings(state: State<'_, AppState>) -> Result<Settings> {
    state.with_store(|store| store.settings())
}

#[tauri::command(async)]
pub fn update_settings(state: State<'_, AppState>, settings: Settings) -> Result<Settings> {
    state.with_store(|store| store.update_settings(&settings))
}

#[tauri::command(async)]
pub fn counselors(state: State<'_, AppState>) -> Result<Vec<Counselor>> {
    state.with_store(|store| store.counselors())
}

#[tauri::command(async)]
pub fn add_counselor(state: State<'_, AppState>, name: String) -> Result<Counselor> {
    state.with_store(|store| store.add_counselor(&name))
}

#[tauri::command(async)]
pub fn set_counselor_active(state: State<'_, AppState>, id: String, active: bool) -> Result<()> {
    state.with_store(|store| store.set_counselor_active(&id, active))
}

#[tauri::command(async)]
pub fn preference(state: State<'_, AppState>, key: String) -> Result<Option<String>> {
    state.with_store(|store| store.preference(&key))
}

#[tauri::command(async)]
pub fn set_preference(
    state: State<'_, AppState>,
    key: String,
    value: Option<String>,
) -> Result<()> {
    state.with_store(|store| store.set_preference(&key, value.as_deref()))
}

// --- drafts of unfinished forms (kept in the database, never in localStorage) ---------

#[tauri::command(async)]
pub fn draft(state: State<'_, AppState>, key: String) -> Result<Option<serde_json::Value>> {
    state.with_store(|store| store.draft(&key))
}

#[tauri::command(async)]
pub fn save_draft(state: State<'_, AppState>, key: String, body: serde_json::Value) -> Result<()> {
    state.with_store(|store| store.save_draft(&key, &body))
}

#[tauri::command(async)]
pub fn clear_draft(state: State<'_, AppState>, key: String) -> Result<()> {
    state.with_store(|store| store.clear_draft(&key))
}

// --- cases -----------------------------------------------------------------------------

#[tauri::command(async)]
pub fn create_case(state: State<'_, AppState>, input: CaseInput) -> Result<Case> {
    state.with_store(|store| store.create_case(&input))
}

#[tauri::command(async)]
pub fn update_case(state: State<'_, AppState>, id: String, input: CaseInput) -> Result<Case> {
    state.with_store(|store| store.update_case(&id, &input))
}

#[tauri::command(async)]
pub fn close_case(
    state: State<'_, AppState>,
    id: String,
    outcome: String,
    closed_on: Option<String>,
) -> Result<Case> {
    state.with_store(|store| store.close_case(&id, &outcome, closed_on.as_deref()))
}

#[tauri::command(async)]
pub fn reopen_case(state: State<'_, AppState>, id: String) -> Result<Case> {
    state.with_store(|store| store.reopen_case(&id))
}

#[tauri::command(async)]
pub fn delete_case(state: State<'_, AppState>, id: String) -> Result<()> {
    state.with_store(|store| store.delete_case(&id))
}

#[tauri::command(async)]
pub fn get_case(state: State<'_, AppState>, id: String) -> Result<CaseDetail> {
    state.with_store(|store| store.get_case(&id))
}

#[tauri::command(async)]
pub fn case_hints(state: State<'_, AppState>, id: String) -> Result<Vec<Hint>> {
    state.with_store(|store| store.case_hints(&id))
}

#[tauri::command(async)]
pub fn find_case_by_no(state: State<'_, AppState>, case_no: String) -> Result<String> {
    state.with_store(|store| store.find_case_by_no(&case_no))
}

#[tauri::command(async)]
pub fn list_cases(state: State<'_, AppState>, filter: CaseFilter) -> Result<CasePage> {
    state.with_store(|store| store.list_cases(&filter))
}

// --- sessions and remedies ---------------------------------------------------------------

#[tauri::command(async)]
pub fn add_session(
    state: State<'_, AppState>,
    case_id: String,
    input: SessionInput,
) -> Result<Session> {
    state.with_store(|store| store.add_session(&case_id, &input))
}

#[tauri::command(async)]
pub fn add_remedy(
    state: State<'_, AppState>,
    case_id: String,
    input: RemedyInput,
) -> Result<Remedy> {
    state.with_store(|store| store.add_remedy(&case_id, &input))
}

#[tauri::command(async)]
pub fn update_remedy(state: State<'_, AppState>, id: String, input: RemedyInput) -> Result<Remedy> {
    state.with_store(|store| store.update_remedy(&id, &input))
}

#[tauri::command(async)]
pub fn conclude_remedy(
    state: State<'_, AppState>,
    id: String,
    conclusion: RemedyConclusion,
) -> Result<Remedy> {
    state.with_store(|store| store.conclude_remedy(&id, &conclusion))
}

// --- outreach events (찾아가는 상담) ------------------------------------------------------

#[tauri::command(async)]
pub fn outreach_events(state: State<'_, AppState>) -> Result<Vec<OutreachEvent>> {
    state.with_store(|store| store.outreach_events())
}

#[tauri::command(async)]
pub fn outreach_event(state: State<'_, AppState>, id: String) -> Result<OutreachEvent> {
    state.with_store(|store| store.outreach_event(&id))
}

#[tauri::command(async)]
pub fn create_outreach_event(
    state: State<'_, AppState>,
    input: OutreachEventInput,
) -> Result<OutreachEvent> {
    state.with_store(|store| store.create_outreach_event(&input))
}

#[tauri::command(async)]
pub fn update_outreach_event(
    state: State<'_, AppState>,
    id: String,
    input: OutreachEventInput,
) -> Result<OutreachEvent> {
    state.with_store(|store| store.update_outreach_event(&id, &input))
}
