/**
 * What the sync screen shows, worked out apart from the screen: file names, the sync report
 * in words, device letters for device ids, and a conflict's values as a counselor reads them
 * (the core hands them over as JSON text: a string is quoted, a set is an array, a code is a
 * code). Nothing here decides anything about the merge; the core did that.
 */
import type { Conflict, FolderFile, Role, SyncReport, SyncStatus } from './backend';
import { catalogues, formatCount, type Locale, type MessageKey, type Translate } from './i18n';
import { baseName } from './reports';

/** Transfer files end in this (`EXTENSION` in src/sync/mod.rs). */
export const SYNC_EXTENSION = 'ldsync';
/** Enrollment files for a new device (any name works; this one says what it is). */
export const ENROLL_EXTENSION = 'enroll';

/** `path` with the extension added unless it already ends in it (any case). */
export function withExtension(path: string, extension: string): string {
  return path.toLowerCase().endsWith(`.${extension.toLowerCase()}`) ? path : `${path}.${extension}`;
}

/** The save dialog's suggestion for a transfer file: this device's letter and the day,
 * `B-2025-03-04.ldsync`, so the receiving side sees whose file it is. */
export function exportFileName(letter: string, today: string): string {
  return `${letter || 'X'}-${today}.${SYNC_EXTENSION}`;
}

/** The suggestion for a new device's enrollment file: `device-B.enroll`. */
export function enrollmentFileName(letter: string): string {
  return `device-${letter}.${ENROLL_EXTENSION}`;
}

/** A device letter as the lead types it: one capital letter, or null. */
export function deviceLetter(text: string): string | null {
  const letter = text.trim().toUpperCase();
  return /^[A-Z]$/.test(letter) ? letter : null;
}

/** Who sees the lead's parts of the screen (the folder, conflicts, enrollment). Only to hide
 * them: the core refuses anyone else anyway. */
export function showsLeadParts(role: Role | null | undefined): boolean {
  return role === 'lead';
}

/** The letter of a device id: this device's or a known peer's; null for a device this one has
 * never received a file from. */
export function letterOf(deviceId: string, status: SyncStatus | null): string | null {
  if (!status) return null;
  if (deviceId === status.device_id) return status.letter || null;
  return status.peers.find((p) => p.device_id === deviceId)?.letter || null;
}

/** "기기 B", "이 기기(A)", or the first characters of the id when the letter is not known here. */
export function deviceName(t: Translate, deviceId: string, status: SyncStatus | null): string {
  const letter = letterOf(deviceId, status);
  if (!letter) return t('sync.deviceId', { id: deviceId.slice(0, 8) });
  return deviceId === status?.device_id ? t('sync.deviceThis', { letter }) : t('sync.device', { letter });
}

/** The sync report in a few lines: whose file, cases, all records, conflicts. */
export interface ReportLines {
  from: string;
  cases: string;
  records: string;
  conflicts: string;
}

export function reportLines(t: Translate, locale: Locale, r: SyncReport): ReportLines {
  const n = (value: number) => formatCount(locale, value);
  return {
    from: r.from_letter
      ? t('sync.report.from', { letter: r.from_letter, file: baseName(r.file) })
      : t('sync.report.fromUnknown', { file: baseName(r.file) }),
    cases: t('sync.report.cases', { new: n(r.new_cases), changed: n(r.updated_cases) }),
    records: t('sync.report.records', { new: n(r.new_records), changed: n(r.updated_records), unchanged: n(r.unchanged_records) }),
    conflicts: r.conflicts > 0 ? t('sync.report.conflicts', { count: n(r.conflicts) }) : t('sync.report.noConflicts'),
  };
}

/** One file of a folder sync, as a line: its report's first line, or why it was refused. */
export function folderFileLine(t: Translate, locale: Locale, f: FolderFile): string {
  if (f.report) {
    const lines = reportLines(t, locale, f.report);
    return `${lines.from} ${lines.cases}`;
  }
  return t('sync.folder.refused', { file: baseName(f.file), reason: f.refused ?? '' });
}

// --- conflicts --------------------------------------------------------------------------

/** The code list behind a coded field, by table (an outcome is a case's or a proceeding's). */
const CODE_FIELDS: Record<string, Record<string, string>> = {
  cases: {
    intake_method: 'intake_method',
    client_role: 'client_role',
    gender: 'gender',
    age_band: 'age_band',
    nationality: 'nationality',
    employment_type: 'employment_type',
    workplace_size: 'workplace_size',
    industry: 'industry',
    region: 'region',
    union_presence: 'union_presence',
    primary_category: 'category',
    secondary_categories: 'category',
    outcome: 'outcome',
    consent_method: 'consent_method',
  },
  sessions: { method: 'intake_method' },
  remedies: { channel: 'remedy_channel', outcome: 'remedy_outcome' },
  outreach_events: { kind: 'outreach_kind' },
};

/** Fields stored as 0/1. */
const YES_NO_FIELDS = new Set(['written_notice', 'sensitive_consent', 'referral_consent', 'guardian_consent']);
/** Amounts in won. */
const WON_FIELDS = new Set(['monthly_wage', 'unpaid_amount', 'amount_claimed', 'amount_recovered']);

/** A client's fields carry the form's names with `client_` in front. */
const CLIENT_FIELDS: Record<string, string> = {
  name: 'field.client_name',
  phone: 'field.client_phone',
  birth_year: 'field.client_birth_year',
  country: 'field.client_country',
};

/** The field's label as the forms show it; the column name when no form has it. */
export function conflictFieldLabel(t: Translate, table: string, field: string): string {
  if (field === 'deleted_at') return t('sync.field.deleted_at');
  if (field === 'counselor_id') return t('field.counselor');
  const key = (table === 'clients' ? CLIENT_FIELDS[field] : undefined) ?? `field.${field}`;
  return key in catalogues.ko ? t(key as MessageKey) : field;
}

/** What a record is: a case, a client, a session, a proceeding, an outreach event. */
export function conflictRecordLabel(t: Translate, table: string): string {
  const key = `sync.table.${table}`;
  return key in catalogues.ko ? t(key as MessageKey) : table;
}

/**
 * A conflict's value for people: a string without its quotes, a code as its label, a set as
 * its items, an amount in won, a deletion as "삭제됨", nothing as "(비어 있음)". Text that is
 * not JSON is shown as it is.
 */
export function conflictValue(
  t: Translate,
  locale: Locale,
  label: (list: string, code: string) => string,
  conflict: Pick<Conflict, 'table' | 'field'>,
  json: string,
): string {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return json;
  }
  const list = CODE_FIELDS[conflict.table]?.[conflict.field];
  const one = (v: unknown): string => {
    if (v === null || v === undefined || v === '') return t('sync.value.empty');
    if (typeof v === 'string') return list ? label(list, v) : v;
    if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
    if (typeof v === 'number') {
      if (YES_NO_FIELDS.has(conflict.field)) return v ? t('common.yes') : t('common.no');
      if (WON_FIELDS.has(conflict.field)) return t('common.won', { amount: formatCount(locale, v) });
      return String(v);
    }
    return JSON.stringify(v);
  };
  if (conflict.field === 'deleted_at') {
    return value ? t('sync.value.deleted', { at: String(value).slice(0, 10) }) : t('sync.value.notDeleted');
  }
  if (Array.isArray(value)) {
    return value.length ? value.map(one).join(', ') : t('sync.value.empty');
  }
  return one(value);
}

/** The value the merge did not keep: what "take the other value" writes. */
export function otherValue(conflict: Pick<Conflict, 'kept' | 'local_value' | 'remote_value'>): string {
  return conflict.kept === 'remote' ? conflict.local_value : conflict.remote_value;
}

/** The value the merge kept, which is in the record now. */
export function keptValue(conflict: Pick<Conflict, 'kept' | 'local_value' | 'remote_value'>): string {
  return conflict.kept === 'remote' ? conflict.remote_value : conflict.local_value;
}
