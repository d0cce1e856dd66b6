/**
 * The one door to the Rust side: every `invoke` in the UI goes through this module, so
 * command names and payload shapes live in one place and every failure has one shape.
 */
import { invoke, type InvokeArgs } from '@tauri-apps/api/core';

/** Mirrors `AppInfo` in src-tauri/src/commands.rs (serialized camelCase). */
export interface AppInfo {
  dbPath: string;
  centerName: string;
  deviceLetter: string;
  caseCount: number;
}

/** The code given to failures that did not come from the core (Tauri's own IPC errors). */
export const IPC_ERROR_CODE = 'ipc';

/**
 * Every command rejects with this: the core's `labordesk::Error`, serialized by Rust as
 * `{ code, message }`. `code` is stable for the UI to branch on; `message` is Korean and
 * written for a counselor, so it can be shown as is.
 */
export class BackendError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BackendError';
  }
}

function isErrorPayload(value: unknown): value is { code: string; message: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

export function toBackendError(reason: unknown): BackendError {
  if (reason instanceof BackendError) return reason;
  if (isErrorPayload(reason)) return new BackendError(reason.code, reason.message);
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

/** Database path, center settings and case count for the home screen. */
export function appInfo(): Promise<AppInfo> {
  return call<AppInfo>('app_info');
}

/** Number of cases on record (deleted cases excluded). */
export function caseCount(): Promise<number> {
  return call<number>('case_count');
}
