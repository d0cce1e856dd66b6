import { describe, expect, it } from 'vitest';
import { BackendError } from './backend';
import type { Case } from './bindings/Case';
import {
  emptyForm,
  fromCase,
  hasContent,
  localToday,
  nextClientForm,
  normalizeDate,
  parseNumber,
  placeErrors,
  restoreForm,
  toCaseInput,
} from './caseForm';

const defaults = { received_on: '2025-03-04', counselor: '김상담', intake_method: 'visit' };

describe('building a CaseInput from the form', () => {
  it('leaves out what was not given, so the core reads it as unknown', () => {
    const { input, notNumbers } = toCaseInput({ ...emptyForm(defaults), primary_category: 'wage_arrears', summary: '  체불  ' });
    expect(notNumbers).toEqual([]);
    expect(input).toMatchObject({ received_on: '2025-03-04', counselor: '김상담', intake_method: 'visit', primary_category: 'wage_arrears', summary: '체불' });
    expect(input.client_name).toBeUndefined();
    expect(input.monthly_wage).toBeUndefined();
    expect(input.written_notice).toBeUndefined();
    // Absent keys vanish from the JSON the core receives.
    expect(JSON.parse(JSON.stringify(input))).not.toHaveProperty('client_name');
  });

  it('reads numbers as people type them and names the fields that are not numbers', () => {
    const form = { ...emptyForm(defaults), monthly_wage: '2,500,000원', weekly_hours: '15.5', unpaid_amount: '많음', client_birth_year: '1990' };
    const { input, notNumbers } = toCaseInput(form);
    expect(input.monthly_wage).toBe(2_500_000);
    expect(input.weekly_hours).toBe(15.5);
    expect(input.client_birth_year).toBe(1990);
    expect(notNumbers).toEqual(['unpaid_amount']);
  });

  it('writes typed dates as YYYY-MM-DD', () => {
    const { input } = toCaseInput({ ...emptyForm(defaults), received_on: '20250304', left_on: '2024.12.1' });
    expect(input.received_on).toBe('2025-03-04');
    expect(input.left_on).toBe('2024-12-01');
  });

  it('links a booth case to its event and takes it as an outreach intake', () => {
    const { input } = toCaseInput({ ...emptyForm(defaults), intake_method: 'phone' }, 'event-1');
    expect(input.outreach_event_id).toBe('event-1');
    expect(input.intake_method).toBe('outreach');
  });

  it('does not send the primary category again among the secondary ones', () => {
    const form = { ...emptyForm(defaults), primary_category: 'dismissal', secondary_categories: ['dismissal', 'wage_arrears'] };
    expect(toCaseInput(form).input.secondary_categories).toEqual(['wage_arrears']);
  });

  it('maps the written-notice choice to a yes/no/unknown boolean', () => {
    expect(toCaseInput({ ...emptyForm(), written_notice: 'no' }).input.written_notice).toBe(false);
    expect(toCaseInput({ ...emptyForm(), written_notice: 'yes' }).input.written_notice).toBe(true);
  });
});

describe('form helpers', () => {
  it('normalizes only what is clearly a date', () => {
    expect(normalizeDate('2024/5/1')).toBe('2024-05-01');
    expect(normalizeDate('2024-05-01')).toBe('2024-05-01');
    expect(normalizeDate('어제')).toBe('어제');
  });

  it('parses numbers: empty is undefined, words are NaN', () => {
    expect(parseNumber('', true)).toBeUndefined();
    expect(parseNumber('1.5', true)).toBeNaN();
    expect(parseNumber('1.5', false)).toBe(1.5);
    expect(parseNumber('-3', true)).toBe(-3);
  });

  it('uses the local date, not UTC, for today', () => {
    expect(localToday(new Date(2025, 0, 2, 0, 30))).toBe('2025-01-02');
  });

  it('keeps date, counselor and method for the next client and nothing else', () => {
    const form = { ...emptyForm(defaults), summary: '내용', primary_category: 'union', secondary_categories: ['other'] };
    const next = nextClientForm(form);
    expect(next).toEqual(emptyForm(defaults));
    expect(hasContent(next)).toBe(false);
    expect(hasContent(form)).toBe(true);
  });

  it('restores only known text fields from a draft', () => {
    const form = restoreForm({ summary: '내용', client_birth_year: 1990, secondary_categories: ['other', 3], evil: 'x' }, defaults);
    expect(form.summary).toBe('내용');
    expect(form.client_birth_year).toBe('');
    expect(form.secondary_categories).toEqual(['other']);
    expect(form).not.toHaveProperty('evil');
    expect(restoreForm('garbage', defaults)).toEqual(emptyForm(defaults));
  });

  it('turns a stored case back into the form, unknown codes as empty', () => {
    const stored: Case = {
      id: 'x', case_no: '2025-A0001', received_on: '2025-03-04', counselor: '김상담', intake_method: 'phone',
      outreach_event_id: null, client: { name: '홍길동', phone: null, birth_year: 1980, country: null },
      profile: { client_role: 'worker', gender: 'unknown', age_band: '40s', nationality: 'korean', employment_type: 'unknown',
        workplace_size: 'under5', industry: 'unknown', region: 'unknown', union_presence: 'unknown' },
      workplace_name: null,
      employer: { representative: '김대표', reg_no: '124-81-00998', address: null, phone: null, headcount: 12, work_site: null },
      primary_category: 'dismissal', sub_type: null, secondary_categories: ['wage_arrears'],
      summary: '해고', outcome: null, closed_on: null,
      facts: { hired_on: '2020-01-01', left_on: null, weekly_hours: 40, monthly_wage: 2500000, unpaid_amount: null, written_notice: false, injury_on: null },
      consent: { consent_on: '2025-03-04', method: 'written', sensitive: true, referral: null, guardian: null },
      created_at: '', updated_at: '',
    };
    const form = fromCase(stored);
    expect(form).toMatchObject({ intake_method: 'phone', gender: '', age_band: '40s', workplace_size: 'under5', client_birth_year: '1980', weekly_hours: '40', written_notice: 'no' });
    expect(form).toMatchObject({ employer_representative: '김대표', employer_reg_no: '124-81-00998', employer_headcount: '12' });
    const { input } = toCaseInput(form);
    expect(input).toMatchObject({ primary_category: 'dismissal', monthly_wage: 2500000, written_notice: false, secondary_categories: ['wage_arrears'] });
    expect(input).toMatchObject({ employer_reg_no: '124-81-00998', employer_headcount: 12 });
    // Saving the details again must keep the consent on record.
    expect(input).toMatchObject({ consent_on: '2025-03-04', consent_method: 'written', sensitive_consent: true });
    expect(input.referral_consent).toBeUndefined();
  });
});

describe('placing the core’s errors', () => {
  it('puts each invalid field next to its field and the rest in the banner', () => {
    const error = new BackendError('invalid', '입력값을 확인해 주세요', [
      { field: 'received_on', message: '접수일 — 내일 이후 날짜는 입력할 수 없습니다' },
      { field: 'outreach_event', message: '찾아가는 상담 — 없는 행사입니다' },
      { field: 'mystery', message: '항목 — 이상합니다' },
    ]);
    const placed = placeErrors(error, ['received_on', 'outreach_event_id']);
    expect(placed.byField).toEqual({
      received_on: '접수일 — 내일 이후 날짜는 입력할 수 없습니다',
      outreach_event_id: '찾아가는 상담 — 없는 행사입니다',
    });
    expect(placed.banner).toBe('항목 — 이상합니다');
  });

  it('sends any other error to the banner', () => {
    const placed = placeErrors(new BackendError('not_initialized', '센터 설정이 없습니다.'), ['received_on']);
    expect(placed).toEqual({ byField: {}, banner: '센터 설정이 없습니다.' });
  });
});
