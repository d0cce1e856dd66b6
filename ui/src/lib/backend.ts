/**
 * The one door to the Rust side: every `invoke` in the UI goes through this module, so
 * command names and payload shapes live in one place and every failure has one shape.
 * The record types are generated from the Rust structs (ts-rs, `./bindings/`), never
 * written here a second time.
 */
import { invoke, type InvokeArgs } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import { open as openDialog, save as saveDialog, type DialogFilter } from '@tauri-apps/plugin-dialog';
import type { Case } from './bindings/Case';
import type { CaseDetail } from './bindings/CaseDetail';
import type { CaseFilter } from './bindings/CaseFilter';
import type { CaseInput } from './bindings/CaseInput';
import type { CasePage } from './bindings/CasePage';
import type { CodeListInfo } from './bindings/CodeListInfo';
import type { Counselor } from './bindings/Counselor';
import type { Dashboard } from './bindings/Dashboard';
import type { DataProblem } from './bindings/DataProblem';
import type { DrillRow } from './bindings/DrillRow';
import type { Hint } from './bindings/Hint';
import type { ImportCheck } from './bindings/ImportCheck';
import type { ImportKind } from './bindings/ImportKind';
import type { ImportReport } from './bindings/ImportReport';
import type { MonthlyRow } from './bindings/MonthlyRow';
import type { MonthlyTable } from './bindings/MonthlyTable';
import type { OpenRemedy } from './bindings/OpenRemedy';
import type { OutreachEvent } from './bindings/OutreachEvent';
import type { OutreachEventInput } from './bindings/OutreachEventInput';
import type { Remedy } from './bindings/Remedy';
import type { RemedyConclusion } from './bindings/RemedyConclusion';
import type { RemedyInput } from './bindings/RemedyInput';
import type { Report } from './bindings/Report';
import type { Review } from './bindings/Review';
import type { ReviewFilter } from './bindings/ReviewFilter';
import type { RowError } from './bindings/RowError';
import type { Session } from './bindings/Session';
import type { SessionInput } from './bindings/SessionInput';
import type { Settings } from './bindings/Settings';
import type { T1 } from './bindings/T1';
import type { T1Cell } from './bindings/T1Cell';
import type { Urgency } from './bindings/Urgency';

export type {
  Case,
  CaseDetail,
  CaseFilter,
  CaseInput,
  CasePage,
  CodeListInfo,
  Counselor,
  Dashboard,
  DataProblem,
  DrillRow,
  Hint,
  ImportCheck,
  ImportKind,
  ImportReport,
  MonthlyRow,
  MonthlyTable,
  OpenRemedy,
  OutreachEvent,
  OutreachEventInput,
  Remedy,
  RemedyConclusion,
  RemedyInput,
  Report,
  Review,
  ReviewFilter,
  RowError,
  Session,
  SessionInput,
  Settings,
  T1,
  T1Cell,
  Urgency,
};

/** Mirrors `AppInfo` in src-tauri/src/commands.rs (serialized camelCase). */
export interface AppInfo {
  dbPath: string;
  centerName: string;
  deviceLetter: string;
  caseCount: number;
}

/** The code given to failures that did not come from the core (Tauri's own IPC errors). */
export const IPC_ERROR_CODE = 'ipc';

/** One refused field of an "invalid" error: the input's field key and a Korean message
 * that starts with the field's Korean label. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * Every command rejects with this: the core's `labordesk::Error`, serialized by Rust as
 * `{ code, message, fields?, rows? }`. `code` is stable for the UI to branch on; `message` is
 * Korean and written for a counselor, so it can be shown as is; `fields` names each
 * refused field when `code` is "invalid"; `rows` lists each bad row of an import file when
 * `code` is "import_rows".
 */
export class BackendError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[] = [],
    readonly rows: RowError[] = [],
  ) {
    super(message);
    this.name = 'BackendError';
  }
}

function isErrorPayload(
  value: unknown,
): value is { code: string; message: string; fields?: unknown; rows?: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

function fieldProblems(value: unknown): FieldProblem[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (f): f is FieldProblem => typeof f?.field === 'string' && typeof f?.message === 'string',
  );
}

function rowErrors(value: unknown): RowError[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (r): r is RowError =>
      typeof r?.row === 'number' && typeof r?.field === 'string' && typeof r?.message === 'string',
  );
}

export function toBackendError(reason: unknown): BackendError {
  if (reason instanceof BackendError) return reason;
  if (isErrorPayload(reason)) {
    return new BackendError(reason.code, reason.message, fieldProblems(reason.fields), rowErrors(reason.rows));
  }
  // Tauri rejects with a bare string when the call never reached a command (unknown
  // command, arguments that do not deserialize); keep its text for the bug report.
  return new BackendError(IPC_ERROR_CODE, String(reason));
}

async function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    throw toBackendError(reason);
  }
}

// --- installation ------------------------------------------------------------------------

/** Database path, center settings and case count for the home screen. */
export function appInfo(): Promise<AppInfo> {
  return call<AppInfo>('app_info');
}

/** Number of cases on record (deleted cases excluded). */
export function caseCount(): Promise<number> {
  return call<number>('case_count');
}

/** Every code list with its Korean labels, in report order. */
export function codeLists(): Promise<CodeListInfo[]> {
  return call<CodeListInfo[]>('code_lists');
}

export function settings(): Promise<Settings> {
  return call<Settings>('settings');
}

export function updateSettings(settings: Settings): Promise<Settings> {
  return call<Settings>('update_settings', { settings });
}

export function counselors(): Promise<Counselor[]> {
  return call<Counselor[]>('counselors');
}

export function addCounselor(name: string): Promise<Counselor> {
  return call<Counselor>('add_counselor', { name });
}

export function setCounselorActive(id: string, active: boolean): Promise<void> {
  return call<void>('set_counselor_active', { id, active });
}

/** The small UI state kept in the database (language, last counselor, booth event). */
export type PreferenceKey = 'language' | 'last_counselor' | 'booth_event_id' | 'intake_method';

export function preference(key: PreferenceKey): Promise<string | null> {
  return call<string | null>('preference', { key });
}

/** Sets a preference; `null` removes it. */
export function setPreference(key: PreferenceKey, value: string | null): Promise<void> {
  return call<void>('set_preference', { key, value });
}

// --- drafts: unfinished forms, kept in the (encryptable) database, never in localStorage --

export type DraftKey = 'intake';

export function draft<T>(key: DraftKey): Promise<T | null> {
  return call<T | null>('draft', { key });
}

export function saveDraft(key: DraftKey, body: unknown): Promise<void> {
  return call<void>('save_draft', { key, body });
}

export function clearDraft(key: DraftKey): Promise<void> {
  return call<void>('clear_draft', { key });
}

// --- cases -----------------------------------------------------------------------------

export function createCase(input: CaseInput): Promise<Case> {
  return call<Case>('create_case', { input });
}

export function updateCase(id: string, input: CaseInput): Promise<Case> {
  return call<Case>('update_case', { id, input });
}

/** Closes a case with its outcome code; `closedOn` (YYYY-MM-DD) defaults to today. */
export function closeCase(id: string, outcome: string, closedOn: string | null): Promise<Case> {
  return call<Case>('close_case', { id, outcome, closedOn });
}

export function reopenCase(id: string): Promise<Case> {
  return call<Case>('reopen_case', { id });
}

/** Soft delete: the case leaves every list and report. */
export function deleteCase(id: string): Promise<void> {
  return call<void>('delete_case', { id });
}

export function getCase(id: string): Promise<CaseDetail> {
  return call<CaseDetail>('get_case', { id });
}

export function caseHints(id: string): Promise<Hint[]> {
  return call<Hint[]>('case_hints', { id });
}

export function findCaseByNo(caseNo: string): Promise<string> {
  return call<string>('find_case_by_no', { caseNo });
}

export function listCases(filter: CaseFilter): Promise<CasePage> {
  return call<CasePage>('list_cases', { filter });
}

// --- sessions and remedies ---------------------------------------------------------------

export function addSession(caseId: string, input: SessionInput): Promise<Session> {
  return call<Session>('add_session', { caseId, input });
}

export function addRemedy(caseId: string, input: RemedyInput): Promise<Remedy> {
  return call<Remedy>('add_remedy', { caseId, input });
}

export function updateRemedy(id: string, input: RemedyInput): Promise<Remedy> {
  return call<Remedy>('update_remedy', { id, input });
}

export function concludeRemedy(id: string, conclusion: RemedyConclusion): Promise<Remedy> {
  return call<Remedy>('conclude_remedy', { id, conclusion });
}

// --- outreach events (찾아가는 상담) ------------------------------------------------------

export function outreachEvents(): Promise<OutreachEvent[]> {
  return call<OutreachEvent[]>('outreach_events');
}

export function outreachEvent(id: string): Promise<OutreachEvent> {
  return call<OutreachEvent>('outreach_event', { id });
}

export function createOutreachEvent(input: OutreachEventInput): Promise<OutreachEvent> {
  return call<OutreachEvent>('create_outreach_event', { input });
}

export function updateOutreachEvent(id: string, input: OutreachEventInput): Promise<OutreachEvent> {
  return call<OutreachEvent>('update_outreach_event', { id, input });
}

// --- statistics (통계) ---------------------------------------------------------------------

/** A report's period: as of a date (YYYY-MM-DD), or closing a month (YYYY-MM, as of its last
 * day). Mirrors `PeriodChoice` in src-tauri/src/commands.rs. */
export type PeriodChoice = { as_of: string } | { month: string };

/** Every table (T1–T6) for the period; `as_of` in the answer is the date it was computed for. */
export function report(period: PeriodChoice): Promise<Report> {
  return call<Report>('report', { period });
}

/** The records behind one number of T1; as many as the number says. */
export function t1Cell(period: PeriodChoice, cell: T1Cell): Promise<DrillRow[]> {
  return call<DrillRow[]>('t1_cell', { period, cell });
}

/** Writes the statistics workbook to `path` (chosen with `chooseSavePath`). */
export function exportWorkbook(period: PeriodChoice, path: string, caseList: boolean): Promise<void> {
  return call<void>('export_workbook', { period, path, caseList });
}

// --- supervisor review (권리구제 검토) and the dashboard -----------------------------------

export function review(filter: ReviewFilter): Promise<Review> {
  return call<Review>('review', { filter });
}

export function dashboard(): Promise<Dashboard> {
  return call<Dashboard>('dashboard');
}

// --- import (가져오기) ----------------------------------------------------------------------

/** Reads and checks an import file; writes nothing. */
export function checkImport(kind: ImportKind, path: string): Promise<ImportCheck> {
  return call<ImportCheck>('check_import', { kind, path });
}

/** How far an import has written: `done` of `total` rows. */
export interface ImportProgress {
  done: number;
  total: number;
}

/** The event the shell sends while an import writes (`IMPORT_PROGRESS_EVENT` in commands.rs). */
export const IMPORT_PROGRESS_EVENT = 'import-progress';

/** Imports a file, all or nothing; `onProgress` hears how far it has got. */
export async function importFile(
  kind: ImportKind,
  path: string,
  onProgress: (progress: ImportProgress) => void = () => {},
): Promise<ImportReport> {
  let unlisten: UnlistenFn | undefined;
  try {
    unlisten = await listen<ImportProgress>(IMPORT_PROGRESS_EVENT, (e) => onProgress(e.payload));
    return await call<ImportReport>('import_file', { kind, path });
  } catch (reason) {
    throw toBackendError(reason);
  } finally {
    unlisten?.();
  }
}

// --- native file dialogs ------------------------------------------------------------------

/** The path a test preset for the next dialog (debug builds only; see `test_dialog_answer`
 * in commands.rs), else null: then the real dialog opens. */
function testDialogAnswer(): Promise<string | null> {
  return call<string | null>('test_dialog_answer');
}

async function dialog(show: () => Promise<string | string[] | null>): Promise<string | null> {
  const preset = await testDialogAnswer();
  if (preset !== null) return preset;
  try {
    const chosen = await show();
    return Array.isArray(chosen) ? (chosen[0] ?? null) : chosen;
  } catch (reason) {
    throw toBackendError(reason);
  }
}

/** Asks where to save a file; null when the user cancels. */
export function chooseSavePath(options: { title: string; defaultPath: string; filters: DialogFilter[] }): Promise<string | null> {
  return dialog(() => saveDialog(options));
}

/** Asks for one file to open; null when the user cancels. */
export function chooseOpenPath(options: { title: string; filters: DialogFilter[] }): Promise<string | null> {
  return dialog(() => openDialog({ ...options, multiple: false, directory: false }));
}
