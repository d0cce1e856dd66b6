import { describe, expect, it } from 'vitest';
import { fromCalculatorInput, toCalculatorInput } from './calculator';

describe('the calculator form', () => {
  it('round-trips a case’s facts and reads what people type', () => {
    const form = fromCalculatorInput({ hired_on: '2021-03-02', monthly_wage: 2508000, weekly_hours: 40, dismissal: true });
    expect(form.hired_on).toBe('2021-03-02');
    expect(form.three_month_wages).toBe('');
    form.three_month_wages = '7,080,000원';
    form.left_on = '2024.6.1';
    const { input, invalid } = toCalculatorInput(form);
    expect(invalid).toEqual([]);
    expect(input).toEqual({
      dismissal: true,
      hired_on: '2021-03-02',
      left_on: '2024-06-01',
      monthly_wage: 2508000,
      three_month_wages: 7080000,
      weekly_hours: 40,
    });
  });

  it('names the fields that cannot be sent', () => {
    const form = fromCalculatorInput({ dismissal: false });
    form.paid_on = '어제';
    form.unpaid = '-5';
    form.workers = '다섯';
    expect(toCalculatorInput(form).invalid).toEqual(['paid_on', 'unpaid', 'workers']);
  });
});
