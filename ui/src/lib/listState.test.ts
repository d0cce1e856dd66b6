import { describe, expect, it } from 'vitest';
import { emptyFilters, nextSort, toCaseFilter } from './listState.svelte';

describe('case list filter', () => {
  it('sends only the filters in use, with the sort and the page', () => {
    const filter = toCaseFilter(
      { ...emptyFilters(), text: ' 퇴직금 ', category: 'wage_arrears', from: '20240101', to: '2024-0', status: 'open' },
      { column: 'case_no', descending: false },
      200,
      100,
    );
    expect(filter).toEqual({
      received_from: '2024-01-01',
      received_to: undefined,
      category: 'wage_arrears',
      status: 'open',
      counselor: undefined,
      remedy_channel: undefined,
      outreach_event_id: undefined,
      text: '퇴직금',
      sort: { column: 'case_no', descending: false },
      limit: 100,
      offset: 200,
    });
  });

  it('flips the order on the same column and starts dates newest first', () => {
    expect(nextSort({ column: 'received_on', descending: true }, 'received_on')).toEqual({ column: 'received_on', descending: false });
    expect(nextSort({ column: 'received_on', descending: true }, 'client_name')).toEqual({ column: 'client_name', descending: false });
    expect(nextSort({ column: 'client_name', descending: false }, 'closed_on')).toEqual({ column: 'closed_on', descending: true });
  });
});
