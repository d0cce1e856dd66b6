/**
 * The calculator panel's form (법정 수당 계산): the case's facts as text the counselor edits,
 * and the `CalculatorInput` the core calculates from. The core owns every rule; only what
 * cannot be sent (letters in an amount, a date that is not one) is caught here.
 */
import type { CalculatorInput } from './bindings/CalculatorInput';
import { given, normalizeDate, parseNumber } from './caseForm';

export const CALCULATOR_DATES = ['hired_on', 'left_on', 'paid_on'] as const;
export const CALCULATOR_AMOUNTS = [
  'monthly_wage',
  'three_month_wages',
  'yearly_bonus',
  'yearly_leave_pay',
  'ordinary_daily',
  'unpaid',
  'workers',
] as const;

type DateField = (typeof CALCULATOR_DATES)[number];
type AmountField = (typeof CALCULATOR_AMOUNTS)[number];
export type CalculatorField = DateField | AmountField | 'weekly_hours';

export type CalculatorForm = Record<CalculatorField, string> & { dismissal: boolean };

const str = (v: string | number | null | undefined) => (v == null ? '' : String(v));

export function fromCalculatorInput(input: CalculatorInput): CalculatorForm {
  return {
    hired_on: str(input.hired_on),
    left_on: str(input.left_on),
    paid_on: str(input.paid_on),
    monthly_wage: str(input.monthly_wage),
    three_month_wages: str(input.three_month_wages),
    yearly_bonus: str(input.yearly_bonus),
    yearly_leave_pay: str(input.yearly_leave_pay),
    ordinary_daily: str(input.ordinary_daily),
    unpaid: str(input.unpaid),
    workers: str(input.workers),
    weekly_hours: str(input.weekly_hours),
    dismissal: input.dismissal,
  };
}

/** A date as YYYY-MM-DD, or undefined when it is empty. A typed value that is not a date
 * is reported, since the core would refuse the whole input. */
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function toCalculatorInput(form: CalculatorForm): { input: CalculatorInput; invalid: CalculatorField[] } {
  const invalid: CalculatorField[] = [];
  const input: CalculatorInput = { dismissal: form.dismissal };
  for (const field of CALCULATOR_DATES) {
    const text = given(normalizeDate(form[field]));
    if (text === undefined) continue;
    if (DATE.test(text)) input[field] = text;
    else invalid.push(field);
  }
  for (const field of [...CALCULATOR_AMOUNTS, 'weekly_hours'] as const) {
    const value = parseNumber(form[field], field !== 'weekly_hours');
    if (value === undefined) continue;
    if (Number.isNaN(value) || value < 0) invalid.push(field);
    else input[field] = value;
  }
  return { input, invalid };
}
