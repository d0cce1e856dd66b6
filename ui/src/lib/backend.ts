/**
 * The one door to the Rust side: every `invoke` in the UI goes through this module, so
 * command names and payload shapes live in one place and every failure has one shape.
 * The record types are generated from the Rust structs (ts-rs, `./bindings/`), never
 * written here a second time.
 */
import { invoke, type InvokeArgs } from '@tauri-apps/api/core';
import type { Case } from './bindings/Case';
import type { CaseDetail } from './bindings/CaseDetail';
import type { CaseFilter } from './bindings/CaseFilter';
import type { CaseInput } from './bindings/CaseInput';
import type { CasePage } from './bindings/CasePage';
import type { CodeListInfo } from './bindings/CodeListInfo';
import type { Counselor } from './bindings/Counselor';
import type { Hint } from './bindings/Hint';
import type { OutreachEvent } from './bindings/OutreachEvent';
import type { OutreachEventInput } from './bindings/OutreachEventInput';
import type { Remedy } from './bindings/Remedy';
import type { RemedyConclusion } from './bindings/RemedyConclusion';
import type { RemedyInput } from './bindings/RemedyInput';
import type { Session } from './bindings/Session';
import type { SessionInput } from './bindings/SessionInput';
import type { Settings } from './bindings/Settings';

export type {
  Case,
  CaseDetail,
  CaseFilter,
  CaseInput,
  CasePage,
  CodeListInfo,
  Counselor,
  Hint,
  OutreachEvent,
  OutreachEventInput,
  Remedy,
  RemedyConclusion,
  RemedyInput,
  Session,
  SessionInput,
  Settings,
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
 * `{ code, message, fields? }`. `code` is stable for the UI to branch on; `message` is
 * Korean and written for a counselor, so it can be shown as is; `fields` names each
 * refused field when `code` is "invalid".
 */
export class BackendError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'BackendError';
  }
}

function isErrorPayload(value: unknown): value is { code: string; message: string; fields?: unknown } {
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

export function toBackendError(reason: unknown): BackendError {
  if (reason instanceof BackendError) return reason;
  if (isErrorPayload(reason)) return new BackendError(reason.code, reason.message, fieldProblems(reason.fields));
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
