/**
 * The case form as the screen holds it (every field text, as typed) and the pure steps
 * between it and the core: building a `CaseInput`, resetting for the next client,
 * restoring a draft, placing the core's field errors next to their fields.
 *
 * No rule of the domain is repeated here: dates, codes and required fields are checked by
 * the core, which names each bad field in Korean. Only what cannot even be sent (a number
 * field holding letters) is caught here.
 */
import type { Case } from './bindings/Case';
import type { CaseInput } from './bindings/CaseInput';
import type { BackendError } from './backend';

/** Every text field of the form, keyed like `CaseInput`. */
export const TEXT_FIELDS = [
  'received_on',
  'counselor',
  'intake_method',
  'outreach_event_id',
  'primary_category',
  'sub_type',
  'summary',
  'client_name',
  'client_phone',
  'client_birth_year',
  'client_country',
  'client_role',
  'gender',
  'age_band',
  'nationality',
  'employment_type',
  'workplace_size',
  'industry',
  'region',
  'union_presence',
  'workplace_name',
  'employer_representative',
  'employer_reg_no',
  'employer_address',
  'employer_phone',
  'employer_headcount',
  'work_site',
  'outcome',
  'closed_on',
  'hired_on',
  'left_on',
  'weekly_hours',
  'monthly_wage',
  'unpaid_amount',
  'written_notice',
  'injury_on',
  'consent_on',
  'consent_method',
  'sensitive_consent',
  'referral_consent',
  'guardian_consent',
] as const;

export type TextField = (typeof TEXT_FIELDS)[number];

export type CaseForm = Record<TextField, string> & { secondary_categories: string[] };

/** What the intake form keeps from one client to the next. */
export interface IntakeDefaults {
  received_on: string;
  counselor: string;
  intake_method: string;
}

/** Number fields: integers of won or years, and weekly hours with decimals. */
const INTEGER_FIELDS = ['client_birth_year', 'monthly_wage', 'unpaid_amount', 'employer_headcount'] as const;
const DECIMAL_FIELDS = ['weekly_hours'] as const;
export const NUMBER_FIELDS: readonly TextField[] = [...INTEGER_FIELDS, ...DECIMAL_FIELDS];

export function emptyForm(defaults: Partial<IntakeDefaults> = {}): CaseForm {
  const form = Object.fromEntries(TEXT_FIELDS.map((f) => [f, ''])) as Record<TextField, string>;
  return { ...form, ...defaults, secondary_categories: [] };
}

/** Today where the counselor is, as YYYY-MM-DD (not UTC: a case logged at 8 a.m. in Seoul
 * belongs to today, not yesterday). */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Accepts what people type for a date (20240501, 2024.5.1, 2024/05/01) and writes it
 * YYYY-MM-DD; anything else is left for the core to refuse with its own message. */
export function normalizeDate(text: string): string {
  const t = text.trim();
  let m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) m = /^(\d{4})[-./ ]\s*(\d{1,2})[-./ ]\s*(\d{1,2})\.?$/.exec(t);
  if (!m) return t;
  return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
}

/** A number as typed ("3,000,000", " 40 "): `undefined` when empty, `NaN` when it is not
 * a number. Negative amounts pass, for the core to refuse with its own message. */
export function parseNumber(text: string, integer: boolean): number | undefined {
  const t = text.replace(/[,\s원]/g, '');
  if (t === '') return undefined;
  if (integer ? !/^-?\d+$/.test(t) : !/^-?\d+(\.\d+)?$/.test(t)) return NaN;
  return Number(t);
}

/** Trimmed text; empty means "not given", which the input leaves out. */
export const given = (text: string): string | undefined => (text.trim() === '' ? undefined : text.trim());

/** A yes/no/unknown choice ('yes', 'no', '') as the core's optional boolean. */
const yesNo = (choice: string): boolean | undefined => (choice === 'yes' ? true : choice === 'no' ? false : undefined);
const fromYesNo = (value: boolean | null | undefined): string => (value == null ? '' : value ? 'yes' : 'no');

export interface BuiltInput {
  input: CaseInput;
  /** Fields that hold something that is not a number; nothing should be sent then. */
  notNumbers: TextField[];
}

/**
 * The `CaseInput` for a form. In booth mode every case is linked to the event and taken
 * as an outreach intake, whatever the method field says.
 */
export function toCaseInput(form: CaseForm, boothEventId: string | null = null): BuiltInput {
  const notNumbers: TextField[] = [];
  const number = (field: TextField, integer: boolean) => {
    const value = parseNumber(form[field], integer);
    if (Number.isNaN(value)) notNumbers.push(field);
    return Number.isNaN(value) ? undefined : value;
  };
  const text = (field: TextField) => given(form[field]);
  const date = (field: TextField) => given(normalizeDate(form[field]));
  const input: CaseInput = {
    received_on: date('received_on'),
    counselor: text('counselor'),
    intake_method: boothEventId ? 'outreach' : text('intake_method'),
    outreach_event_id: boothEventId ?? text('outreach_event_id'),
    client_name: text('client_name'),
    client_phone: text('client_phone'),
    client_birth_year: number('client_birth_year', true),
    client_country: text('client_country'),
    client_role: text('client_role'),
    gender: text('gender'),
    age_band: text('age_band'),
    nationality: text('nationality'),
    employment_type: text('employment_type'),
    workplace_size: text('workplace_size'),
    industry: text('industry'),
    region: text('region'),
    union_presence: text('union_presence'),
    workplace_name: text('workplace_name'),
    employer_representative: text('employer_representative'),
    employer_reg_no: text('employer_reg_no'),
    employer_address: text('employer_address'),
    employer_phone: text('employer_phone'),
    employer_headcount: number('employer_headcount', true),
    work_site: text('work_site'),
    primary_category: text('primary_category'),
    sub_type: text('sub_type'),
    secondary_categories: form.secondary_categories.filter((c) => c !== form.primary_category),
    summary: text('summary'),
    outcome: text('outcome'),
    closed_on: date('closed_on'),
    hired_on: date('hired_on'),
    left_on: date('left_on'),
    weekly_hours: number('weekly_hours', false),
    monthly_wage: number('monthly_wage', true),
    unpaid_amount: number('unpaid_amount', true),
    written_notice: yesNo(form.written_notice),
    injury_on: date('injury_on'),
    consent_on: date('consent_on'),
    consent_method: text('consent_method'),
    sensitive_consent: yesNo(form.sensitive_consent),
    referral_consent: yesNo(form.referral_consent),
    guardian_consent: yesNo(form.guardian_consent),
  };
  return { input, notNumbers };
}

/** The form of a stored case, for editing it. Unknown codes show as empty (미상). */
export function fromCase(c: Case): CaseForm {
  const code = (value: string) => (value === 'unknown' ? '' : value);
  const str = (value: string | number | null | undefined) => (value == null ? '' : String(value));
  return {
    received_on: c.received_on,
    counselor: str(c.counselor),
    intake_method: code(c.intake_method),
    outreach_event_id: str(c.outreach_event_id),
    primary_category: c.primary_category,
    sub_type: str(c.sub_type),
    secondary_categories: [...c.secondary_categories],
    summary: str(c.summary),
    client_name: str(c.client.name),
    client_phone: str(c.client.phone),
    client_birth_year: str(c.client.birth_year),
    client_country: str(c.client.country),
    client_role: code(c.profile.client_role),
    gender: code(c.profile.gender),
    age_band: code(c.profile.age_band),
    nationality: code(c.profile.nationality),
    employment_type: code(c.profile.employment_type),
    workplace_size: code(c.profile.workplace_size),
    industry: code(c.profile.industry),
    region: code(c.profile.region),
    union_presence: code(c.profile.union_presence),
    workplace_name: str(c.workplace_name),
    employer_representative: str(c.employer.representative),
    employer_reg_no: str(c.employer.reg_no),
    employer_address: str(c.employer.address),
    employer_phone: str(c.employer.phone),
    employer_headcount: str(c.employer.headcount),
    work_site: str(c.employer.work_site),
    outcome: str(c.outcome),
    closed_on: str(c.closed_on),
    hired_on: str(c.facts.hired_on),
    left_on: str(c.facts.left_on),
    weekly_hours: str(c.facts.weekly_hours),
    monthly_wage: str(c.facts.monthly_wage),
    unpaid_amount: str(c.facts.unpaid_amount),
    written_notice: fromYesNo(c.facts.written_notice),
    injury_on: str(c.facts.injury_on),
    consent_on: str(c.consent.consent_on),
    consent_method: str(c.consent.method),
    sensitive_consent: fromYesNo(c.consent.sensitive),
    referral_consent: fromYesNo(c.consent.referral),
    guardian_consent: fromYesNo(c.consent.guardian),
  };
}

/** A fresh form for the next client: the date, counselor and method stay. */
export function nextClientForm(form: CaseForm): CaseForm {
  return emptyForm({ received_on: form.received_on, counselor: form.counselor, intake_method: form.intake_method });
}

/** Whether the counselor has typed anything beyond what a fresh form holds. */
export function hasContent(form: CaseForm): boolean {
  const kept: TextField[] = ['received_on', 'counselor', 'intake_method', 'outreach_event_id'];
  return (
    TEXT_FIELDS.some((f) => !kept.includes(f) && form[f].trim() !== '') || form.secondary_categories.length > 0
  );
}

/**
 * A draft read back from the database, laid over a fresh form. Only known fields with text
 * values are taken, so a draft written by an older version (or damaged) can never break
 * the form.
 */
export function restoreForm(body: unknown, defaults: Partial<IntakeDefaults>): CaseForm {
  const form = emptyForm(defaults);
  if (typeof body !== 'object' || body === null) return form;
  const draft = body as Record<string, unknown>;
  for (const field of TEXT_FIELDS) {
    if (typeof draft[field] === 'string') form[field] = draft[field];
  }
  if (Array.isArray(draft.secondary_categories)) {
    form.secondary_categories = draft.secondary_categories.filter((c): c is string => typeof c === 'string');
  }
  return form;
}

/** The core's field keys that differ from the form's (imports name the event by date and place). */
const FIELD_ALIASES: Record<string, string> = { outreach_event: 'outreach_event_id' };

/**
 * Splits an error into the messages shown next to fields and the rest, shown in a banner:
 * an "invalid" error's fields that the form shows go next to them; anything else (another
 * code, or a field the form does not show) goes to the banner.
 */
export function placeErrors(
  error: BackendError,
  shownFields: readonly string[],
): { byField: Record<string, string>; banner: string | null } {
  if (error.code !== 'invalid' || error.fields.length === 0) return { byField: {}, banner: error.message };
  const byField: Record<string, string> = {};
  const rest: string[] = [];
  for (const { field, message } of error.fields) {
    const key = FIELD_ALIASES[field] ?? field;
    if (shownFields.includes(key)) byField[key] = byField[key] ? `${byField[key]} ${message}` : message;
    else rest.push(message);
  }
  return { byField, banner: rest.length ? rest.join(' ') : null };
}
