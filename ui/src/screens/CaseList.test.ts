import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import CaseList from './CaseList.svelte';
import { emptyFilters, listState } from '../lib/listState.svelte';
import { fakeBackend } from '../test/fakeBackend';
import { cleanup, render as mountScreen } from '../test/render';

let backend: ReturnType<typeof fakeBackend>;

// jsdom has no layout, so no ResizeObserver: the list keeps its default height.
class NoLayout {
  observe() {}
  unobserve() {}
  disconnect() {}
}

beforeEach(() => {
  globalThis.ResizeObserver ??= NoLayout as unknown as typeof ResizeObserver;
  backend = fakeBackend();
});

afterEach(() => {
  cleanup();
  Object.assign(listState.filters, emptyFilters());
});

async function render(text: string) {
  listState.filters.text = text;
  await mountScreen(CaseList);
}

const total = () => document.getElementById('list-total')!;

describe('case list total', () => {
  it('says "at least" when a search matches more cases than the core counts', async () => {
    backend.searchMatches = 175_596;
    await render('퇴직금');

    expect(total().dataset.total).toBe('10000');
    expect(total().dataset.atLeast).toBe('true');
    expect(total().textContent).toContain('10,000건 이상');
  });

  it('gives the exact number when the search was counted to the end', async () => {
    backend.searchMatches = 6_196;
    await render('민수');

    expect(total().dataset.atLeast).toBe('false');
    expect(total().textContent?.trim()).toBe('6,196건');
  });
});
