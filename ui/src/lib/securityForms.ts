/**
 * The checks the security screens make before asking the shell: first-run setup, new
 * passwords typed twice, the recovery-code confirmation, the access-log filter. They only
 * catch what is plain on the screen (an empty field, two passwords that differ); the core
 * checks everything again and its Korean message is shown as it is.
 */
import type { AccessLogFilter, SetupInput, Settings } from './backend';
import type { AccessAction } from './bindings/AccessAction';
import type { MessageKey } from './i18n';

/** A field's problem, as a message key of the catalogue. */
export type Problems<F extends string> = Partial<Record<F, MessageKey>>;

/** The core's rule for account names (`valid_username` in src/store/accounts.rs). */
export const USERNAME_PATTERN = /^[A-Za-z0-9._-]{3,32}$/;
/** The core's minimum (`check_password` in src/store/keys.rs). */
export const MIN_PASSWORD_LENGTH = 8;

export interface SetupForm {
  center_name: string;
  device_letter: string;
  username: string;
  display_name: string;
  password: string;
  password_again: string;
}

export type SetupField = keyof SetupForm;

/** The setup form, started from an existing database's settings when there is one. */
export function emptySetupForm(settings?: Settings): SetupForm {
  return {
    center_name: settings?.center_name ?? '',
    device_letter: settings?.device_letter ?? '',
    username: '',
    display_name: '',
    password: '',
    password_again: '',
  };
}

/** A new password and its repetition. */
export function checkNewPassword(password: string, again: string): Problems<'password' | 'password_again'> {
  const problems: Problems<'password' | 'password_again'> = {};
  if ([...password].length < MIN_PASSWORD_LENGTH) problems.password = 'security.passwordTooShort';
  else if (password !== again) problems.password_again = 'security.passwordMismatch';
  return problems;
}

export function checkUsername(username: string): MessageKey | undefined {
  if (!username.trim()) return 'security.required';
  if (!USERNAME_PATTERN.test(username.trim())) return 'security.usernameRule';
  return undefined;
}

export function checkSetup(form: SetupForm): Problems<SetupField> {
  const problems: Problems<SetupField> = {};
  if (!form.center_name.trim()) problems.center_name = 'security.required';
  if (!/^[A-Za-z]$/.test(form.device_letter.trim())) problems.device_letter = 'security.deviceLetterRule';
  const username = checkUsername(form.username);
  if (username) problems.username = username;
  if (!form.display_name.trim()) problems.display_name = 'security.required';
  return { ...problems, ...checkNewPassword(form.password, form.password_again) };
}

/** What the shell receives: trimmed, the device letter in capitals, one copy of the password. */
export function toSetupInput(form: SetupForm): SetupInput {
  return {
    center_name: form.center_name.trim(),
    device_letter: form.device_letter.trim().toUpperCase(),
    username: form.username.trim(),
    display_name: form.display_name.trim(),
    password: form.password,
  };
}

/** The letters and digits of a recovery code, as the core reads it (dashes, spaces and case
 * do not matter). */
function codeChars(text: string): string {
  return text.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
}

/** The last group of a recovery code (`…-7K2QX` → `7K2QX`), which the lead types back to show
 * it was written down. */
export function lastGroup(code: string): string {
  return code.split('-').pop() ?? '';
}

export function confirmsRecoveryCode(code: string, typed: string): boolean {
  const tail = codeChars(lastGroup(code));
  return tail.length > 0 && codeChars(typed) === tail;
}

/** A day as the access-log filter takes it: empty, or a real YYYY-MM-DD date. */
export function isFilterDate(text: string): boolean {
  const t = text.trim();
  if (t === '') return true;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export interface LogFilterForm {
  from: string;
  to: string;
  username: string;
  action: AccessAction | '';
}

/** The filter the shell receives, or the fields that are wrong. Empty fields filter nothing. */
export function toLogFilter(
  form: LogFilterForm,
  limit?: number,
): { filter: AccessLogFilter; problems: Problems<'from' | 'to'> } {
  const problems: Problems<'from' | 'to'> = {};
  if (!isFilterDate(form.from)) problems.from = 'security.dateRule';
  if (!isFilterDate(form.to)) problems.to = 'security.dateRule';
  if (!problems.from && !problems.to && form.from.trim() && form.to.trim() && form.from.trim() > form.to.trim()) {
    problems.to = 'security.dateOrder';
  }
  const filter: AccessLogFilter = {};
  if (form.from.trim()) filter.from = form.from.trim();
  if (form.to.trim()) filter.to = form.to.trim();
  if (form.username.trim()) filter.username = form.username.trim();
  if (form.action) filter.action = form.action;
  if (limit !== undefined) filter.limit = limit;
  return { filter, problems };
}

const pad = (n: number) => String(n).padStart(2, '0');

function localStamp(date: Date, seconds: boolean): string {
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}${seconds ? `:${pad(date.getSeconds())}` : ''}`;
  return `${day} ${time}`;
}

/** An access-log time (UTC, RFC 3339) in the lead's own time: `2025-03-04 18:00:05`. */
export function logTime(at: string): string {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? at : localStamp(date, true);
}

/** A backup's time from its name (`20250304T090000123Z`, UTC) in local time: `2025-03-04 18:00`. */
export function backupTime(madeAt: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(madeAt);
  if (!m) return madeAt;
  const [y, mo, d, h, mi, s, ms] = m.slice(1).map(Number);
  return localStamp(new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms)), false);
}

/** A file size for people: 512 B, 14.2 KB, 3.1 MB. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
