import { describe, expect, it } from 'vitest';
import type { MonthlyTable } from './bindings/MonthlyTable';
import { PUBLISHED_T1 } from '../test/fixtures';
import {
  axisTop,
  baseName,
  isMonth,
  monthBars,
  previousMonth,
  signed,
  t1Grid,
  titleDate,
  urgencyClass,
  withXlsxExtension,
  type GridLabels,
} from './reports';

/** The workbook's Korean headers: the labels the core's code lists carry. */
const KOREAN_LABELS: GridLabels = {
  category: (code) =>
    ({
      wage_arrears: '임금체불',
      dismissal: '부당해고 등',
      harassment: '직장내 괴롭힘',
      union: '노동조합',
      social_insurance: '4대보험',
      industrial_accident: '산업재해',
      other: '기타',
    })[code],
  channel: (code) =>
    ({ labor_office: '노동청', labor_commission: '노동위원회', welfare_insurance: '고용복지센터/4대보험 공단', other: '기타' })[code],
  total: '합계',
  remedies: '권리구제',
  concluded: '완료',
  inProgress: '진행',
  inProgressGroup: '진행 중',
  new: '신규',
  carried: '이월',
};

describe('the T1 grid', () => {
  const grid = t1Grid(PUBLISHED_T1, KOREAN_LABELS);

  it('lays out block 1 as the workbook: 합계 then the seven categories, over the numbers', () => {
    expect(grid.consultations.headers).toEqual([
      '합계', '임금체불', '부당해고 등', '직장내 괴롭힘', '노동조합', '4대보험', '산업재해', '기타',
    ]);
    expect(grid.consultations.cells.map((c) => c.value)).toEqual([415, 60, 58, 62, 7, 34, 23, 171]);
  });

  it('lays out block 2 with the three-level 권리구제 header, each header spanning as in the workbook', () => {
    const rows = grid.remedies.headerRows.map((row) => row.map((h) => [h.label, h.colspan, h.rowspan]));
    expect(rows).toEqual([
      [['권리구제', 11, 1]],
      [['합계', 1, 3], ['완료', 1, 3], ['진행', 1, 3], ['진행 중', 8, 1]],
      [['노동청', 2, 1], ['노동위원회', 2, 1], ['고용복지센터/4대보험 공단', 2, 1], ['기타', 2, 1]],
      [['신규', 1, 1], ['이월', 1, 1], ['신규', 1, 1], ['이월', 1, 1], ['신규', 1, 1], ['이월', 1, 1], ['신규', 1, 1], ['이월', 1, 1]],
    ]);
    // Every header row covers the same eleven columns once the row spans are counted.
    expect(grid.remedies.cells).toHaveLength(11);
    expect(grid.remedies.cells.map((c) => c.value)).toEqual([21, 14, 7, 2, 1, 1, 2, 0, 0, 0, 1]);
  });

  it('gives each number the cell the core drills into and a stable key for the page', () => {
    const byKey = Object.fromEntries([...grid.consultations.cells, ...grid.remedies.cells].map((c) => [c.key, c]));
    expect(byKey['consultations.total'].cell).toEqual({ kind: 'consultations', category: null });
    expect(byKey['consultations.wage_arrears'].cell).toEqual({ kind: 'consultations', category: 'wage_arrears' });
    expect(byKey['remedies.total'].cell).toEqual({ kind: 'remedies' });
    expect(byKey['remedies.concluded'].cell).toEqual({ kind: 'concluded' });
    expect(byKey['remedies.in_progress'].cell).toEqual({ kind: 'in_progress' });
    expect(byKey['channel.labor_office.carried']).toMatchObject({
      value: 1,
      cell: { kind: 'channel', channel: 'labor_office', carried: true },
      title: '노동청 이월',
    });
    expect(byKey['channel.labor_commission.new'].cell).toEqual({ kind: 'channel', channel: 'labor_commission', carried: false });
    expect(byKey['consultations.wage_arrears'].title).toBe('임금체불');
  });
});

function table(rows: Record<string, (number | null)[]>): MonthlyTable {
  const line = (key: string, months: (number | null)[]) => {
    const full = [...months, ...Array(12 - months.length).fill(null)] as MonthlyTable['rows'][number]['months'];
    return { key, label: key, months: full, cumulative: 0, previous_year: 0, change: 0 };
  };
  return { title: 't', rows: Object.entries(rows).map(([k, m]) => line(k, m)), total: null };
}

describe('the monthly chart', () => {
  it('stacks the categories of each month from the bottom, in row order', () => {
    const bars = monthBars(table({ wage_arrears: [3, 0], dismissal: [2, 5] }));
    expect(bars).toEqual([
      { month: 1, total: 5, segments: [{ key: 'wage_arrears', from: 0, to: 3 }, { key: 'dismissal', from: 3, to: 5 }] },
      { month: 2, total: 5, segments: [{ key: 'wage_arrears', from: 0, to: 0 }, { key: 'dismissal', from: 0, to: 5 }] },
    ]);
  });

  it('draws no bar for the months after the as-of month, which are blank rather than zero', () => {
    const bars = monthBars(table({ wage_arrears: [1, 0, 0, 0, 0, 0, 0, 0], dismissal: [1, 0, 0, 0, 0, 0, 0, 0] }));
    expect(bars.map((b) => b.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(bars[1].total).toBe(0);
  });

  it('tops the axis so that each of its four grid steps is a round whole count', () => {
    expect(axisTop(0)).toBe(4);
    expect(axisTop(3)).toBe(4);
    expect(axisTop(7)).toBe(8);
    expect(axisTop(41)).toBe(60);
    expect(axisTop(59)).toBe(60);
    expect(axisTop(180)).toBe(200);
    expect(axisTop(230)).toBe(240);
    expect(axisTop(1000)).toBe(1000);
  });
});

describe('small formats', () => {
  it('highlights overdue and near deadlines and leaves the rest plain', () => {
    expect(urgencyClass('overdue')).toBe('overdue');
    expect(urgencyClass('near')).toBe('near');
    expect(urgencyClass('normal')).toBe('');
  });

  it('signs a change as 증감 reads', () => {
    expect(signed(3)).toBe('+3');
    expect(signed(-2)).toBe('−2');
    expect(signed(0)).toBe('0');
  });

  it('adds the workbook extension only when the save dialog left it out', () => {
    expect(withXlsxExtension('/home/a/통계')).toBe('/home/a/통계.xlsx');
    expect(withXlsxExtension('/home/a/통계.xlsx')).toBe('/home/a/통계.xlsx');
    expect(withXlsxExtension('C:\\통계.XLSX')).toBe('C:\\통계.XLSX');
  });

  it('names a file by the end of its path, on Linux and Windows', () => {
    expect(baseName('/tmp/x/cases.csv')).toBe('cases.csv');
    expect(baseName('C:\\Users\\센터\\사건.xlsx')).toBe('사건.xlsx');
  });

  it('takes a month as YYYY-MM only', () => {
    expect(isMonth('2024-08')).toBe(true);
    expect(isMonth(' 2024-12 ')).toBe(true);
    expect(isMonth('2024-13')).toBe(false);
    expect(isMonth('2024-8')).toBe(false);
    expect(isMonth('2024-08-31')).toBe(false);
  });

  it('writes the as-of date as the city titles do, and knows the month to close', () => {
    expect(titleDate('2024-08-31')).toBe('8.31.');
    expect(titleDate('2024-01-05')).toBe('1.5.');
    expect(previousMonth('2024-09-03')).toBe('2024-08');
    expect(previousMonth('2025-01-15')).toBe('2024-12');
  });
});
