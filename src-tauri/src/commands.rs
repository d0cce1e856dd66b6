//! The commands the UI may call, all through `ui/src/lib/backend.ts`. Each one unpacks the
//! state and calls one core method; errors pass through unchanged, so the UI receives the
//! core's `{ "code", "message", "fields"? }`. No rule of the domain lives here. Every one of
//! them needs an open session (`AppState::with_store`); logging in, locking and the lead's
//! security screens are in `security.rs`, sync between devices in `sync.rs`.
//!
//! Tauri hands the arguments over by their camelCase names (`case_id` is `caseId` in JS).

use std::path::Path;

use labordesk::domain::eligibility::Hint;
use labordesk::domain::entitlements::{self, CalculatorInput, CaseCalculations, CaseCalculator};
use labordesk::domain::{
    Case, CaseDetail, CaseFilter, CaseInput, CasePage, CodeListInfo, Counselor, OutreachEvent,
    OutreachEventInput, Remedy, RemedyConclusion, RemedyInput, Session, SessionInput,
};
use labordesk::export::{write_workbook, DocumentKind, DocumentPreview, WorkbookOptions};
use labordesk::import::{ImportCheck, ImportKind, ImportReport};
use labordesk::report::{DrillRow, Period, Report, T1Cell};
use labordesk::review::{Dashboard, Review, ReviewFilter};
use labordesk::Settings;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Emitter, State};
use ts_rs::TS;

use crate::error::Result;
use crate::state::AppState;

/// What the home screen shows about this installation.
#[derive(Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
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
    // The core refuses the idle lock here: it is the center lead's setting.
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
pub fn case_calculator(state: State<'_, AppState>, id: String) -> Result<CaseCalculator> {
    state.with_store(|store| store.case_calculator(&id))
}

/// The panel's calculations again, from inputs the counselor changed. A pure calculation on
/// the store's today: nothing is read or written.
#[tauri::command(async)]
pub fn calculate(
    state: State<'_, AppState>,
    case_no: String,
    input: CalculatorInput,
) -> Result<CaseCalculations> {
    state.with_store(|store| {
        Ok(entitlements::calculate(
            &input,
            &case_no,
            store.clock().today(),
        ))
    })
}

#[tauri::command(async)]
pub fn document_preview(
    state: State<'_, AppState>,
    kind: DocumentKind,
    id: String,
) -> Result<DocumentPreview> {
    state.with_store(|store| store.document_preview(kind, &id))
}

/// Writes the document to `path`, the file chosen in the save dialog, with the reason the
/// counselor gave; the core logs it as an export.
#[tauri::command(async)]
pub fn save_document(
    state: State<'_, AppState>,
    kind: DocumentKind,
    id: String,
    path: String,
    reason: String,
) -> Result<()> {
    state.with_store(|store| store.write_document(kind, &id, Path::new(&path), &reason))
}

/// Logs the printing of a document (the window's print dialog does the printing).
#[tauri::command(async)]
pub fn document_printed(
    state: State<'_, AppState>,
    kind: DocumentKind,
    id: String,
    reason: String,
) -> Result<()> {
    state.with_store(|store| store.document_printed(kind, &id, &reason))
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

// --- statistics (통계) ---------------------------------------------------------------------

/// The period of a report as the statistics screen asks for it: as of a date (`{"as_of":
/// "2024-08-31"}`) or closing a month (`{"month": "2024-08"}`).
#[derive(Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PeriodChoice {
    AsOf(String),
    Month(String),
}

impl PeriodChoice {
    /// The core's period; a bad date is refused with the field and the core's message, as the
    /// CLI's `--as-of` is.
    fn period(&self) -> labordesk::Result<Period> {
        match self {
            PeriodChoice::AsOf(text) => Period::parse_as_of(text),
            PeriodChoice::Month(text) => Period::closing_month(text),
        }
    }
}

/// Every table (T1–T6) for the period. The center name is not in it: the UI has the settings.
#[tauri::command(async)]
pub fn report(state: State<'_, AppState>, period: PeriodChoice) -> Result<Report> {
    let period = period.period()?;
    state.with_store(|store| store.report(period))
}

/// The records behind one number of T1.
#[tauri::command(async)]
pub fn t1_cell(
    state: State<'_, AppState>,
    period: PeriodChoice,
    cell: T1Cell,
) -> Result<Vec<DrillRow>> {
    let period = period.period()?;
    state.with_store(|store| store.t1_cell(period, cell))
}

/// Writes the statistics workbook to `path`, the file chosen in the save dialog. The core
/// writes it whole or not at all, and logs the export.
#[tauri::command(async)]
pub fn export_workbook(
    state: State<'_, AppState>,
    period: PeriodChoice,
    path: String,
    case_list: bool,
) -> Result<()> {
    let period = period.period()?;
    let options = WorkbookOptions {
        case_list,
        personal_data_reason: None,
    };
    state.with_store(|store| {
        let report = store.report(period)?;
        write_workbook(store, &report, Path::new(&path), &options)
    })
}

// --- supervisor review (권리구제 검토) and the home dashboard ----------------------------

#[tauri::command(async)]
pub fn review(state: State<'_, AppState>, filter: ReviewFilter) -> Result<Review> {
    state.with_store(|store| store.review(&filter))
}

#[tauri::command(async)]
pub fn dashboard(state: State<'_, AppState>) -> Result<Dashboard> {
    state.with_store(|store| store.dashboard())
}

// --- import (가져오기) ----------------------------------------------------------------------

/// Reads and checks an import file; writes nothing.
#[tauri::command(async)]
pub fn check_import(
    state: State<'_, AppState>,
    kind: ImportKind,
    path: String,
) -> Result<ImportCheck> {
    state.with_store(|store| store.check_import(kind, Path::new(&path)))
}

/// The event that carries an import's progress to the progress bar.
pub const IMPORT_PROGRESS_EVENT: &str = "import-progress";

/// How far an import has written: `done` of `total` rows.
#[derive(Clone, Serialize, TS)]
#[ts(export)]
struct ImportProgress {
    done: usize,
    total: usize,
}

/// Imports a file, all or nothing, reporting its progress as `import-progress` events.
#[tauri::command(async)]
pub fn import_file(
    app: AppHandle,
    state: State<'_, AppState>,
    kind: ImportKind,
    path: String,
) -> Result<ImportReport> {
    state.with_store(|store| {
        store.import(kind, Path::new(&path), &mut |done, total| {
            // A progress bar that misses a step is no reason to fail the import.
            let _ = app.emit(IMPORT_PROGRESS_EVENT, ImportProgress { done, total });
        })
    })
}

// --- native file dialogs ------------------------------------------------------------------

/// The environment variable that presets the file dialogs' answer. TEST ONLY: end-to-end
/// tests cannot click a native dialog, so they name a file here whose content is the path the
/// dialog "chooses". Only debug builds read it; a release build always shows the dialog.
#[cfg(debug_assertions)]
const TEST_DIALOG_ANSWER: &str = "LABORDESK_TEST_DIALOG_ANSWER";

/// The preset answer of the next file dialog, if a test set one (see `TEST_DIALOG_ANSWER`).
#[cfg(debug_assertions)]
#[tauri::command]
pub fn test_dialog_answer() -> Option<String> {
    let file = std::env::var_os(TEST_DIALOG_ANSWER)?;
    let answer = std::fs::read_to_string(file).ok()?;
    Some(answer.trim().to_string()).filter(|a| !a.is_empty())
}

/// Release builds contain no way to preset a dialog: the variable is not even read.
#[cfg(not(debug_assertions))]
#[tauri::command]
pub fn test_dialog_answer() -> Option<String> {
    None
}
