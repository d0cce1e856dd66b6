/**
 * The one door to the Rust side: every `invoke` in the UI goes through this module, so
 * command names and payload shapes live in one place and every failure has one shape.
 * The record types are generated from the Rust structs (ts-rs, `./bindings/`): the core's
 * and the shell's own answers alike, never written here a second time.
 */
import { invoke, type InvokeArgs } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import { open as openDialog, save as saveDialog, type DialogFilter } from '@tauri-apps/plugin-dialog';
import type { About } from './bindings/About';
import type { AccessAction } from './bindings/AccessAction';
import type { AccessEntry } from './bindings/AccessEntry';
import type { AccessLogFilter } from './bindings/AccessLogFilter';
import type { Account } from './bindings/Account';
import type { AccountInput } from './bindings/AccountInput';
import type { Actor } from './bindings/Actor';
import type { AppInfo } from './bindings/AppInfo';
import type { BackupInfo } from './bindings/BackupInfo';
import type { Case } from './bindings/Case';
import type { CalculatorInput } from './bindings/CalculatorInput';
import type { CaseCalculations } from './bindings/CaseCalculations';
import type { CaseCalculator } from './bindings/CaseCalculator';
import type { CaseDetail } from './bindings/CaseDetail';
import type { CaseFilter } from './bindings/CaseFilter';
import type { CaseInput } from './bindings/CaseInput';
import type { CasePage } from './bindings/CasePage';
import type { CodeListInfo } from './bindings/CodeListInfo';
import type { Conflict } from './bindings/Conflict';
import type { Counselor } from './bindings/Counselor';
import type { Dashboard } from './bindings/Dashboard';
import type { Deadline } from './bindings/Deadline';
import type { DocumentKind } from './bindings/DocumentKind';
import type { DocumentPreview } from './bindings/DocumentPreview';
import type { DataProblem } from './bindings/DataProblem';
import type { DrillRow } from './bindings/DrillRow';
import type { ExportSummary } from './bindings/ExportSummary';
import type { FieldError } from './bindings/FieldError';
import type { FolderFile } from './bindings/FolderFile';
import type { FolderReport } from './bindings/FolderReport';
import type { Hint } from './bindings/Hint';
import type { ImportCheck } from './bindings/ImportCheck';
import type { ImportKind } from './bindings/ImportKind';
import type { ImportProgress } from './bindings/ImportProgress';
import type { ImportReport } from './bindings/ImportReport';
import type { LockPolicy } from './bindings/LockPolicy';
import type { MonthlyRow } from './bindings/MonthlyRow';
import type { MonthlyTable } from './bindings/MonthlyTable';
import type { OpenRemedy } from './bindings/OpenRemedy';
import type { OutreachEvent } from './bindings/OutreachEvent';
import type { OutreachEventInput } from './bindings/OutreachEventInput';
import type { Peer } from './bindings/Peer';
import type { PeriodChoice } from './bindings/PeriodChoice';
import type { Remedy } from './bindings/Remedy';
import type { RemedyConclusion } from './bindings/RemedyConclusion';
import type { RemedyInput } from './bindings/RemedyInput';
import type { Report } from './bindings/Report';
import type { RetentionInfo } from './bindings/RetentionInfo';
import type { RetentionReport } from './bindings/RetentionReport';
import type { Review } from './bindings/Review';
import type { ReviewFilter } from './bindings/ReviewFilter';
import type { Role } from './bindings/Role';
import type { RowError } from './bindings/RowError';
import type { Session } from './bindings/Session';
import type { SessionInput } from './bindings/SessionInput';
import type { SessionView } from './bindings/SessionView';
import type { Settings } from './bindings/Settings';
import type { SetupDone } from './bindings/SetupDone';
import type { SetupInput } from './bindings/SetupInput';
import type { SyncReport } from './bindings/SyncReport';
import type { SyncStatus } from './bindings/SyncStatus';
import type { T1 } from './bindings/T1';
import type { T1Cell } from './bindings/T1Cell';
import type { UpdateOffer } from './bindings/UpdateOffer';
import type { Urgency } from './bindings/Urgency';

export type {
  About,
  AccessAction,
  AccessEntry,
  AccessLogFilter,
  Account,
  AccountInput,
  Actor,
  AppInfo,
  BackupInfo,
  CalculatorInput,
  Case,
  CaseCalculations,
  CaseCalculator,
  CaseDetail,
  CaseFilter,
  CaseInput,
  CasePage,
  CodeListInfo,
  Conflict,
  Counselor,
  Dashboard,
  DataProblem,
  Deadline,
  DocumentKind,
  DocumentPreview,
  DrillRow,
  ExportSummary,
  FieldError,
  FolderFile,
  FolderReport,
  Hint,
  ImportCheck,
  ImportKind,
  ImportProgress,
  ImportReport,
  LockPolicy,
  MonthlyRow,
  MonthlyTable,
  OpenRemedy,
  OutreachEvent,
  OutreachEventInput,
  Peer,
  PeriodChoice,
  Remedy,
  RemedyConclusion,
  RemedyInput,
  Report,
  RetentionInfo,
  RetentionReport,
  Review,
  ReviewFilter,
  Role,
  RowError,
  Session,
  SessionInput,
  SessionView,
  Settings,
  SetupDone,
  SetupInput,
  SyncReport,
  SyncStatus,
  T1,
  T1Cell,
  UpdateOffer,
  Urgency,
};

/**
 * Every code a failure can carry: those of the core's `Error::code()` (src/error.rs), those
 * the shell refuses with before the core is asked (`AppError` in src-tauri/src/error.rs), and
 * `ipc`, which the UI gives to failures that never reached a command. `errorCodes.test.ts`
 * reads both Rust files, so this list cannot drift from them.
 */
export const ERROR_CODES = [
  // the core
  'invalid',
  'not_found',
  'invalid_state',
  'duplicate_case_no',
  'not_initialized',
  'db_too_new',
  'db_unreadable',
  'db_corrupt',
  'forbidden',
  'password_required',
  'wrong_password',
  'wrong_recovery_code',
  'import_rows',
  'import_file',
  'sync_refused',
  'file_in_use',
  'io',
  'disk_full',
  'db_error',
  'xlsx',
  // the shell: the session is not open
  'locked',
  'signed_out',
  'setup_required',
  // the shell: an update could not be checked or installed
  'update_failed',
  // the UI
  'ipc',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The code given to failures that did not come from the core (Tauri's own IPC errors). */
export const IPC_ERROR_CODE = 'ipc' satisfies ErrorCode;

/**
 * Every command rejects with this: the core's `labordesk::Error`, serialized by Rust as
 * `{ code, message, fields?, rows? }`. `code` is stable for the UI to branch on; `message` is
 * Korean and written for a counselor, so it can be shown as is; `fields` names each
 * refused field when `code` is "invalid"; `rows` lists each bad row of an import file when
 * `code` is "import_rows".
 */
export class BackendError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields: FieldError[] = [],
    readonly rows: RowError[] = [],
  ) {
    super(message);
    this.name = 'BackendError';
  }
}

/** An error as Rust sends it; its code is one of `ERROR_CODES`, as the Rust sources are. */
function isErrorPayload(
  value: unknown,
): value is { code: ErrorCode; message: string; fields?: unknown; rows?: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

function fieldErrors(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (f): f is FieldError => typeof f?.field === 'string' && typeof f?.message === 'string',
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
    return new BackendError(reason.code, reason.message, fieldErrors(reason.fields), rowErrors(reason.rows));
  }
  // Tauri rejects with a bare string when the call never reached a command (unknown
  // command, arguments that do not deserialize); keep its text for the bug report.
  return new BackendError(IPC_ERROR_CODE, String(reason));
}

/** The codes with which the shell refuses a command because the session is not open (the
 * screen locked meanwhile, or someone logged out): see `AppError` in src-tauri/src/error.rs. */
export const SESSION_CLOSED_CODES: readonly ErrorCode[] = ['locked', 'signed_out', 'setup_required'];

let onSessionClosed: (() => void) | null = null;

/** Who hears that a command was refused because the session is no longer open, so the
 * window can show the login or lock screen instead of an error. */
export function setSessionClosedHandler(handler: (() => void) | null) {
  onSessionClosed = handler;
}

async function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    const error = toBackendError(reason);
    if (SESSION_CLOSED_CODES.includes(error.code)) onSessionClosed?.();
    throw error;
  }
}

// --- the session: setup, login, lock ------------------------------------------------------

export function session(): Promise<SessionView> {
  return call<SessionView>('session');
}

export function setup(input: SetupInput): Promise<SetupDone> {
  return call<SetupDone>('setup', { input });
}

export function login(username: string, password: string): Promise<SessionView> {
  return call<SessionView>('login', { username, password });
}

/** Unlocks the screen for the account that locked it. */
export function unlock(password: string): Promise<SessionView> {
  return call<SessionView>('unlock', { password });
}

/** A forgotten password: the recovery code sets a new one and logs in. */
export function recover(username: string, code: string, newPassword: string): Promise<SessionView> {
  return call<SessionView>('recover', { username, code, newPassword });
}

export function lock(): Promise<SessionView> {
  return call<SessionView>('lock');
}

export function logout(): Promise<SessionView> {
  return call<SessionView>('logout');
}

export function changePassword(oldPassword: string, newPassword: string): Promise<void> {
  return call<void>('change_password', { oldPassword, newPassword });
}

export function lockPolicy(): Promise<LockPolicy> {
  return call<LockPolicy>('lock_policy');
}

export function setIdleMinutes(minutes: number): Promise<LockPolicy> {
  return call<LockPolicy>('set_idle_minutes', { minutes });
}

// --- the center lead's security screens -----------------------------------------------------

export function accounts(): Promise<Account[]> {
  return call<Account[]>('accounts');
}

export function createAccount(input: AccountInput): Promise<Account> {
  return call<Account>('create_account', { input });
}

export function setAccountActive(username: string, active: boolean): Promise<void> {
  return call<void>('set_account_active', { username, active });
}

export function resetPassword(username: string, newPassword: string): Promise<void> {
  return call<void>('reset_password', { username, newPassword });
}

/** A new recovery code, to show once: the old one opens nothing from now on. */
export function newRecoveryCode(): Promise<string> {
  return call<string>('new_recovery_code');
}

export function accessLog(filter: AccessLogFilter): Promise<AccessEntry[]> {
  return call<AccessEntry[]>('access_log', { filter });
}

/** What the checks at the lead's sign-in found wrong with the access log or the roles. */
export function accessLogProblems(): Promise<string[]> {
  return call<string[]>('access_log_problems');
}

/** Writes the access log entries the filter selects to `path` (.xlsx); returns how many. */
export function exportAccessLog(filter: AccessLogFilter, path: string): Promise<number> {
  return call<number>('export_access_log', { filter, path });
}

export function backups(): Promise<BackupInfo[]> {
  return call<BackupInfo[]>('backups');
}

export function backupNow(): Promise<BackupInfo[]> {
  return call<BackupInfo[]>('backup_now');
}

/** Replaces the store with a backup; the lead's password is asked again. */
export function restoreBackup(path: string, password: string): Promise<SessionView> {
  return call<SessionView>('restore_backup', { path, password });
}

/** The newest backup, offered on the login screen when the database is damaged. */
export function newestBackup(): Promise<BackupInfo | null> {
  return call<BackupInfo | null>('newest_backup');
}

export function restoreNewest(username: string, password: string): Promise<SessionView> {
  return call<SessionView>('restore_newest', { username, password });
}

export function retention(): Promise<RetentionInfo> {
  return call<RetentionInfo>('retention');
}

export function setRetentionYears(years: number): Promise<RetentionInfo> {
  return call<RetentionInfo>('set_retention_years', { years });
}

/** Destroys the personal data of cases past the retention period, irrecoverably. */
export function runRetention(): Promise<RetentionReport> {
  return call<RetentionReport>('run_retention');
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

/** The calculator panel of a case: its facts as inputs, and what they give today. */
export function caseCalculator(id: string): Promise<CaseCalculator> {
  return call<CaseCalculator>('case_calculator', { id });
}

/** The calculations again from the panel's edited inputs; nothing is stored. */
export function calculate(caseNo: string, input: CalculatorInput): Promise<CaseCalculations> {
  return call<CaseCalculations>('calculate', { caseNo, input });
}

export function documentPreview(kind: DocumentKind, id: string): Promise<DocumentPreview> {
  return call<DocumentPreview>('document_preview', { kind, id });
}

/** Writes a document (.docx) to the path chosen in the save dialog; logged with the reason. */
export function saveDocument(kind: DocumentKind, id: string, path: string, reason: string): Promise<void> {
  return call<void>('save_document', { kind, id, path, reason });
}

/** Logs the printing of a document with its reason, before the print dialog opens. */
export function documentPrinted(kind: DocumentKind, id: string, reason: string): Promise<void> {
  return call<void>('document_printed', { kind, id, reason });
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

// --- sync between devices (동기화) ----------------------------------------------------------

/** This device, the devices it exchanges files with, pending changes and open conflicts. */
export function syncStatus(): Promise<SyncStatus> {
  return call<SyncStatus>('sync_status');
}

/** The sync folder this device uses, or null. */
export function syncFolderPath(): Promise<string | null> {
  return call<string | null>('sync_folder_path');
}

/** Sets (or with null clears) the sync folder (center lead); answers the folder now set. */
export function setSyncFolder(path: string | null): Promise<string | null> {
  return call<string | null>('set_sync_folder', { path });
}

/** Writes a transfer file: the changes the others have not confirmed, or everything (`all`). */
export function syncExport(path: string, all: boolean): Promise<ExportSummary> {
  return call<ExportSummary>('sync_export', { path, all });
}

/** Merges another device's transfer file; refused whole (`sync_refused`) or merged whole. */
export function syncImport(path: string): Promise<SyncReport> {
  return call<SyncReport>('sync_import', { path });
}

/** Syncs with the folder that is set: the others' outboxes in, this device's out. */
export function syncFolder(): Promise<FolderReport> {
  return call<FolderReport>('sync_folder');
}

/** Fields two devices changed without seeing each other's change (center lead). */
export function syncConflicts(): Promise<Conflict[]> {
  return call<Conflict[]>('sync_conflicts');
}

/** Keeps the merged value, or (`useOther`) takes the other one, which then travels. */
export function resolveConflict(id: number, useOther: boolean): Promise<void> {
  return call<void>('resolve_conflict', { id, useOther });
}

/** Writes a new device's enrollment file to `path`; answers its one-time code (show it once). */
export function syncEnrollment(letter: string, path: string): Promise<string> {
  return call<string>('sync_enrollment', { letter, path });
}

/** Revokes the enrollment files of `letter` no device has used (center lead); answers how many. */
export function syncRevokeEnrollment(letter: string): Promise<number> {
  return call<number>('sync_revoke_enrollment', { letter });
}

/** Enrolls this device with an enrollment file and its code; answers the center's name. */
export function syncEnroll(path: string, code: string): Promise<string> {
  return call<string>('sync_enroll', { path, code });
}

// --- the desktop: 설정 → 정보, opening files, updates, a second start ------------------------

/** The version, the database path and the log folder, for 설정 → 정보. */
export function about(): Promise<About> {
  return call<About>('about');
}

/** Opens an exported .xlsx or .csv in the system's program for it. */
export function openExport(path: string): Promise<void> {
  return call<void>('open_export', { path });
}

/** Opens the folder holding an exported file. */
export function openExportFolder(path: string): Promise<void> {
  return call<void>('open_export_folder', { path });
}

export function openLogFolder(): Promise<void> {
  return call<void>('open_log_folder');
}

/** The update address this device checks, or null (then nothing is ever contacted). */
export function updateAddress(): Promise<string | null> {
  return call<string | null>('update_address');
}

/** Sets (or with null clears) the update address (center lead); answers the address now set. */
export function setUpdateAddress(address: string | null): Promise<string | null> {
  return call<string | null>('set_update_address', { address });
}

/** A newer version at the update address, or null (none, or no address set). */
export function checkUpdate(): Promise<UpdateOffer | null> {
  return call<UpdateOffer | null>('check_update');
}

/** Installs the update the last check found, if its signature matches, and restarts. */
export function installUpdate(): Promise<void> {
  return call<void>('install_update');
}

/** The event the shell sends when LaborDesk is started again (`SECOND_START_EVENT`). */
export const SECOND_START_EVENT = 'second-start';

/** Hears every second start of the app while this window is open; returns the unlisten. */
export function onSecondStart(handler: () => void): Promise<UnlistenFn> {
  return listen(SECOND_START_EVENT, () => handler());
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

/** Asks for a folder (the sync folder); null when the user cancels. */
export function chooseFolder(options: { title: string }): Promise<string | null> {
  return dialog(() => openDialog({ ...options, multiple: false, directory: true }));
}
