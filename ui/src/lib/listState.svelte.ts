/**
 * The case list's filters, sort and scroll position, kept while the counselor opens a case
 * and comes back, and the one place that turns them into the core's `CaseFilter`.
 */
import type { CaseFilter } from './bindings/CaseFilter';
import type { SortColumn } from './bindings/SortColumn';
import { given, normalizeDate } from './caseForm';

export interface ListFilters {
  from: string;
  to: string;
  category: string;
  status: 'any' | 'open' | 'closed';
  counselor: string;
  channel: string;
  text: string;
  outreachEventId: string;
}

export interface ListSort {
  column: SortColumn;
  descending: boolean;
}

export function emptyFilters(): ListFilters {
  return { from: '', to: '', category: '', status: 'any', counselor: '', channel: '', text: '', outreachEventId: '' };
}

export const listState = $state({
  filters: emptyFilters(),
  sort: { column: 'received_on', descending: true } as ListSort,
  scrollTop: 0,
  /** The highlighted row, which arrows move and Enter opens. */
  selected: 0,
});

/** A date filter the core can parse, or none while the counselor is still typing it. */
function givenDate(text: string): string | undefined {
  const date = normalizeDate(text);
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : undefined;
}

/** The core's filter for one page of the list. */
export function toCaseFilter(f: ListFilters, sort: ListSort, offset: number, limit: number): CaseFilter {
  return {
    received_from: givenDate(f.from),
    received_to: givenDate(f.to),
    category: given(f.category) as CaseFilter['category'],
    status: f.status,
    counselor: given(f.counselor),
    remedy_channel: given(f.channel) as CaseFilter['remedy_channel'],
    outreach_event_id: given(f.outreachEventId),
    text: given(f.text),
    sort: { column: sort.column, descending: sort.descending },
    limit,
    offset,
  };
}

/** Clicking a column header: the same column flips the order, another starts with the
 * order people expect from it (dates newest first, names and numbers A–Z). */
export function nextSort(current: ListSort, column: SortColumn): ListSort {
  if (current.column === column) return { column, descending: !current.descending };
  return { column, descending: column === 'received_on' || column === 'closed_on' };
}
