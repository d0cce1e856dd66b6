/**
 * The shapes the statistics, review and home screens draw, built from the core's report
 * tables. Nothing here counts: every number comes from the core as it is; this module only
 * lays the numbers out (T1 as the city's table, the monthly chart) and names things.
 */
import type { Category } from './bindings/Category';
import type { MonthlyTable } from './bindings/MonthlyTable';
import type { RemedyChannel } from './bindings/RemedyChannel';
import type { T1 } from './bindings/T1';
import type { T1Cell } from './bindings/T1Cell';
import type { Urgency } from './bindings/Urgency';

/** The categories in the order of the city's table (and of the core's code list). */
export const CATEGORIES: Category[] = [
  'wage_arrears',
  'dismissal',
  'harassment',
  'union',
  'social_insurance',
  'industrial_accident',
  'other',
];

/** The remedy channels in the order of the city's table. */
export const CHANNELS: RemedyChannel[] = ['labor_office', 'labor_commission', 'welfare_insurance', 'other'];

/** How the grid names its headers: category and channel labels from the code lists, and the
 * fixed words of the table (합계, 완료, …) from the message catalogue. */
export interface GridLabels {
  category: (code: Category) => string;
  channel: (code: RemedyChannel) => string;
  total: string;
  remedies: string;
  concluded: string;
  inProgress: string;
  inProgressGroup: string;
  new: string;
  carried: string;
}

/** One number of T1: its value, the cell the core drills into, a stable key for the page
 * (`consultations.wage_arrears`, `channel.labor_office.carried`) and a name for the list of
 * records behind it. */
export interface GridCell {
  key: string;
  value: number;
  cell: T1Cell;
  title: string;
}

/** A header cell of the remedies block, spanning columns and rows as in the workbook. */
export interface HeaderCell {
  label: string;
  colspan: number;
  rowspan: number;
}

export interface T1Grid {
  /** Block 1: `합계 | 임금체불 | … | 기타` over one row of numbers. */
  consultations: { headers: string[]; cells: GridCell[] };
  /** Block 2: four header rows (권리구제 / 합계 완료 진행 진행 중 / the channels / 신규 이월)
   * over one row of eleven numbers. */
  remedies: { headerRows: HeaderCell[][]; cells: GridCell[] };
}

const span = (label: string, colspan = 1, rowspan = 1): HeaderCell => ({ label, colspan, rowspan });

/** T1 laid out like the workbook's first sheet, each number with the cell behind it. */
export function t1Grid(t1: T1, l: GridLabels): T1Grid {
  const c = t1.consultations;
  const consultations: GridCell[] = [
    { key: 'consultations.total', value: c.total, cell: { kind: 'consultations', category: null }, title: l.total },
    ...CATEGORIES.map((category) => ({
      key: `consultations.${category}`,
      value: c[category],
      cell: { kind: 'consultations', category } as T1Cell,
      title: l.category(category),
    })),
  ];
  const r = t1.remedies;
  const remedies: GridCell[] = [
    { key: 'remedies.total', value: r.total, cell: { kind: 'remedies' }, title: `${l.remedies} ${l.total}` },
    { key: 'remedies.concluded', value: r.concluded, cell: { kind: 'concluded' }, title: `${l.remedies} ${l.concluded}` },
    { key: 'remedies.in_progress', value: r.in_progress, cell: { kind: 'in_progress' }, title: `${l.remedies} ${l.inProgress}` },
    ...CHANNELS.flatMap((channel) =>
      ([false, true] as const).map((carried) => ({
        key: `channel.${channel}.${carried ? 'carried' : 'new'}`,
        value: r.in_progress_by_channel[channel][carried ? 'carried' : 'new'],
        cell: { kind: 'channel', channel, carried } as T1Cell,
        title: `${l.channel(channel)} ${carried ? l.carried : l.new}`,
      })),
    ),
  ];
  return {
    consultations: { headers: [l.total, ...CATEGORIES.map(l.category)], cells: consultations },
    remedies: {
      headerRows: [
        [span(l.remedies, 3 + 2 * CHANNELS.length)],
        [span(l.total, 1, 3), span(l.concluded, 1, 3), span(l.inProgress, 1, 3), span(l.inProgressGroup, 2 * CHANNELS.length)],
        CHANNELS.map((channel) => span(l.channel(channel), 2)),
        CHANNELS.flatMap(() => [span(l.new), span(l.carried)]),
      ],
      cells: remedies,
    },
  };
}

/** One month's bar of the chart: a segment per category, stacked from the bottom. */
export interface MonthBar {
  month: number;
  total: number;
  segments: { key: string; from: number; to: number }[];
}

/** The monthly chart's bars from a monthly table: months after the as-of month have no bar
 * (they are blank in the table, not zero). */
export function monthBars(table: MonthlyTable): MonthBar[] {
  const bars: MonthBar[] = [];
  for (let m = 0; m < 12; m++) {
    if (table.rows.every((row) => row.months[m] === null)) continue;
    let at = 0;
    const segments = table.rows.map((row) => {
      const from = at;
      at += row.months[m] ?? 0;
      return { key: row.key, from, to: at };
    });
    bars.push({ month: m + 1, total: at, segments });
  }
  return bars;
}

/** The top of a chart axis with `ticks` grid steps: the smallest round whole step (1, 1.5, 2,
 * 2.5, 3, 4, 5, 6 or 8 × 10ⁿ) that holds `max`, so the grid lines fall on round counts. */
export function axisTop(max: number, ticks = 4): number {
  const want = Math.max(max, 1) / ticks;
  let power = 10 ** Math.floor(Math.log10(want));
  for (;;) {
    for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8]) {
      const step = Math.round(m * power * 1000) / 1000;
      if (Number.isInteger(step) && step >= want) return step * ticks;
    }
    power *= 10;
  }
}

/** The class that highlights a proceeding in the review queue and on the dashboard. */
export function urgencyClass(urgency: Urgency): string {
  return urgency === 'normal' ? '' : urgency;
}

/** A change with its sign, as 증감 is read: "+3", "−2", "0". */
export function signed(n: number): string {
  if (n > 0) return `+${n}`;
  if (n < 0) return `−${-n}`;
  return '0';
}

/** A save-dialog answer with the workbook's extension: GTK's dialog does not add it. */
export function withXlsxExtension(path: string): string {
  return /\.xlsx$/i.test(path) ? path : `${path}.xlsx`;
}

/** The file name at the end of a path, with either separator (Linux or Windows). */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** Whether text is a month as the statistics screen takes it (YYYY-MM, month 01–12). */
export function isMonth(text: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(text.trim());
}

/** The as-of date as the city's titles write it: 2024-08-31 → "8.31." */
export function titleDate(asOf: string): string {
  const [, month, day] = asOf.split('-').map(Number);
  return `${month}.${day}.`;
}

/** The month before the one of `today` (YYYY-MM-DD), as YYYY-MM: the month a lead closes. */
export function previousMonth(today: string): string {
  const [year, month] = today.split('-').map(Number);
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}
