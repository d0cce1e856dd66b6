/**
 * The small forms of a case detail (a session, a proceeding, its conclusion) as text, and
 * the inputs the core takes. As with the case form, the core checks dates and codes; only
 * what cannot be sent (letters in an amount) is caught here.
 */
import type { Remedy } from './bindings/Remedy';
import type { RemedyConclusion } from './bindings/RemedyConclusion';
import type { RemedyInput } from './bindings/RemedyInput';
import type { SessionInput } from './bindings/SessionInput';
import { given, normalizeDate, parseNumber } from './caseForm';

const givenDate = (text: string) => given(normalizeDate(text));

export interface Built<T> {
  input: T;
  notNumbers: string[];
}

function numbers(form: Record<string, string>, fields: string[]) {
  const notNumbers: string[] = [];
  const values: Record<string, number | undefined> = {};
  for (const f of fields) {
    const v = parseNumber(form[f] ?? '', true);
    if (Number.isNaN(v)) notNumbers.push(f);
    else values[f] = v;
  }
  return { values, notNumbers };
}

export interface SessionForm {
  held_on: string;
  method: string;
  counselor: string;
  minutes: string;
  notes: string;
}

export function toSessionInput(form: SessionForm): Built<SessionInput> {
  const { values, notNumbers } = numbers({ ...form }, ['minutes']);
  return {
    input: {
      held_on: givenDate(form.held_on),
      method: given(form.method),
      counselor: given(form.counselor),
      minutes: values.minutes,
      notes: given(form.notes),
    },
    notNumbers,
  };
}

export interface RemedyForm {
  channel: string;
  procedure: string;
  agency: string;
  filed_on: string;
  concluded_on: string;
  outcome: string;
  amount_claimed: string;
  amount_recovered: string;
  representative: string;
  next_deadline: string;
  decision_on: string;
  deadline_reason: string;
}

export function emptyRemedyForm(today: string): RemedyForm {
  return {
    channel: '',
    procedure: '',
    agency: '',
    filed_on: today,
    concluded_on: '',
    outcome: '',
    amount_claimed: '',
    amount_recovered: '',
    representative: '',
    next_deadline: '',
    decision_on: '',
    deadline_reason: '',
  };
}

export function fromRemedy(r: Remedy): RemedyForm {
  const str = (v: string | number | null | undefined) => (v == null ? '' : String(v));
  return {
    channel: r.channel,
    procedure: str(r.procedure),
    agency: str(r.agency),
    filed_on: r.filed_on,
    concluded_on: str(r.concluded_on),
    outcome: str(r.outcome),
    amount_claimed: str(r.amount_claimed),
    amount_recovered: str(r.amount_recovered),
    representative: str(r.representative),
    next_deadline: str(r.next_deadline),
    decision_on: str(r.decision_on),
    deadline_reason: str(r.deadline_reason),
  };
}

export function toRemedyInput(form: RemedyForm): Built<RemedyInput> {
  const { values, notNumbers } = numbers({ ...form }, ['amount_claimed', 'amount_recovered']);
  return {
    input: {
      channel: given(form.channel),
      procedure: given(form.procedure),
      agency: given(form.agency),
      filed_on: givenDate(form.filed_on),
      concluded_on: givenDate(form.concluded_on),
      outcome: given(form.outcome),
      amount_claimed: values.amount_claimed,
      amount_recovered: values.amount_recovered,
      representative: given(form.representative),
      next_deadline: givenDate(form.next_deadline),
      decision_on: givenDate(form.decision_on),
      deadline_reason: given(form.deadline_reason),
    },
    notNumbers,
  };
}

export interface ConclusionForm {
  concluded_on: string;
  outcome: string;
  amount_recovered: string;
  decision_on: string;
}

export function toConclusion(form: ConclusionForm): Built<RemedyConclusion> {
  const { values, notNumbers } = numbers({ ...form }, ['amount_recovered']);
  return {
    input: {
      concluded_on: givenDate(form.concluded_on),
      outcome: given(form.outcome),
      amount_recovered: values.amount_recovered,
      decision_on: givenDate(form.decision_on),
    },
    notNumbers,
  };
}

/** Won amounts as people read them: 3,000,000. */
export function formatWon(amount: number | bigint | null | undefined): string {
  return amount == null ? '' : new Intl.NumberFormat('ko-KR').format(amount);
}
