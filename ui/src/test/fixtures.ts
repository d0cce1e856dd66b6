/**
 * Report-shaped data for component tests: the city's published T1 figures (as of 31 August,
 * which the demo data reproduces) and small review, dashboard and import answers. The real
 * numbers are the core's; these only give the screens something of the right shape.
 */
import type { Dashboard } from '../lib/bindings/Dashboard';
import type { DrillRow } from '../lib/bindings/DrillRow';
import type { ImportCheck } from '../lib/bindings/ImportCheck';
import type { MonthlyRow } from '../lib/bindings/MonthlyRow';
import type { OpenRemedy } from '../lib/bindings/OpenRemedy';
import type { Report } from '../lib/bindings/Report';
import type { Review } from '../lib/bindings/Review';
import type { T1 } from '../lib/bindings/T1';

export const PUBLISHED_T1: T1 = {
  consultations: {
    total: 415,
    wage_arrears: 60,
    dismissal: 58,
    harassment: 62,
    union: 7,
    social_insurance: 34,
    industrial_accident: 23,
    other: 171,
  },
  remedies: {
    total: 21,
    concluded: 14,
    in_progress: 7,
    in_progress_by_channel: {
      labor_office: { new: 2, carried: 1 },
      labor_commission: { new: 1, carried: 2 },
      welfare_insurance: { new: 0, carried: 0 },
      other: { new: 0, carried: 1 },
    },
  },
};

const CATEGORY_LABELS: [string, string][] = [
  ['wage_arrears', '임금체불'],
  ['dismissal', '부당해고 등'],
  ['harassment', '직장내 괴롭힘'],
  ['union', '노동조합'],
  ['social_insurance', '4대보험'],
  ['industrial_accident', '산업재해'],
  ['other', '기타'],
];

/** A monthly row with January…August filled and the later months blank. */
function monthlyRow(key: string, label: string, perMonth: number): MonthlyRow {
  const months = Array.from({ length: 12 }, (_, m) => (m < 8 ? perMonth : null)) as MonthlyRow['months'];
  return { key, label, months, cumulative: perMonth * 8, previous_year: perMonth * 7, change: perMonth };
}

export function reportFixture(asOf = '2024-08-31'): Report {
  const rows = CATEGORY_LABELS.map(([key, label], i) => monthlyRow(key, label, i + 1));
  const table = { title: '상담유형별', rows, total: monthlyRow('total', '합계', 28) };
  return {
    as_of: asOf,
    period_start: `${asOf.slice(0, 4)}-01-01`,
    t1: PUBLISHED_T1,
    t2: { by_category: table, by_intake_method: table, by_outcome: table, units: { ...table, total: null } },
    t3: { blocks: [] },
    t4: { rows: [], total: {} as Report['t4']['total'] },
    t5: { rows: [] },
    t6: { rows: [], events: 0, persons: 0, cases: 0 },
  };
}

/** `count` records behind a number, numbered from 2024-A0001. */
export function drillRows(count: number): DrillRow[] {
  return Array.from({ length: count }, (_, i) => ({
    case_id: `case-${i + 1}`,
    case_no: `2024-A${String(i + 1).padStart(4, '0')}`,
    received_on: '2024-03-04',
    primary_category: 'wage_arrears',
    counselor: '김상담',
    remedy_id: null,
    channel: null,
    procedure: null,
    filed_on: null,
    concluded_on: null,
  }));
}

export function openRemedy(over: Partial<OpenRemedy>): OpenRemedy {
  return {
    remedy_id: 'r1',
    case_id: 'case-1',
    case_no: '2024-A0001',
    counselor: '김상담',
    primary_category: 'dismissal',
    channel: 'labor_commission',
    procedure: '부당해고 구제신청',
    filed_on: '2024-06-01',
    days_open: 100,
    next_deadline: null,
    days_to_deadline: null,
    urgency: 'normal',
    concluded: false,
    deadline: null,
    ...over,
  };
}

export function reviewFixture(): Review {
  return {
    open: [
      openRemedy({ remedy_id: 'r1', case_no: '2024-A0001', next_deadline: '2024-09-01', days_to_deadline: -3, urgency: 'overdue' }),
      openRemedy({ remedy_id: 'r2', case_no: '2024-A0002', next_deadline: '2024-09-08', days_to_deadline: 4, urgency: 'near', counselor: '이노무' }),
      openRemedy({ remedy_id: 'r3', case_no: '2024-A0003', next_deadline: '2024-12-01', days_to_deadline: 88, channel: 'labor_office' }),
      openRemedy({ remedy_id: 'r4', case_no: '2024-A0004' }),
    ],
    problems: [
      {
        kind: 'closed_with_open_remedy',
        case_id: 'case-9',
        case_no: '2024-A0009',
        remedy_id: 'r9',
        channel: 'labor_office',
        message: '2024-A0009: 사건은 종결되었으나 권리구제가 진행 중입니다.',
      },
    ],
  };
}

export function dashboardFixture(): Dashboard {
  return {
    today: '2024-09-04',
    month_cases: 12,
    month_cases_last_year: 9,
    open_cases: 37,
    open_remedies: 4,
    deadlines: reviewFixture().open.slice(0, 2),
    case_deadlines: [
      {
        case_id: 'case-9',
        case_no: '2024-A0009',
        counselor: '김상담',
        code: 'dismissal_remedy_deadline',
        message: '부당해고 구제신청 기한: 해고일(2024-06-05)부터 3개월 이내 (2024-09-05까지)',
        due: '2024-09-05',
        days_left: 1,
      },
    ],
  };
}

export function importCheckFixture(errors: ImportCheck['errors'] = []): ImportCheck {
  return {
    kind: 'cases',
    header: ['case_no', 'received_on', 'primary_category'],
    preview: [
      ['2024-B0001', '2024-05-02', '임금체불'],
      ['2024-B0002', '2024-13-40', '임금체불'],
      ['2024-B0003', '2024-05-04', '기타'],
    ],
    rows: 3,
    errors,
    would_add: errors.length ? 0 : 3,
    would_skip: 0,
  };
}
