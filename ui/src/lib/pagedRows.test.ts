import { describe, expect, it } from 'vitest';
import { PagedRows, visibleRange } from './pagedRows';

function source(total: number) {
  const asked: [number, number][] = [];
  const fetch = async (offset: number, limit: number) => {
    asked.push([offset, limit]);
    const items = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => offset + i);
    return { total, items };
  };
  return { asked, fetch };
}

describe('paged rows', () => {
  it('fetches only the pages that hold the rows asked for', async () => {
    const { asked, fetch } = source(100_000);
    const rows = new PagedRows(fetch, 100);
    await rows.ensure(0, 30);
    await rows.ensure(50_010, 50_040);
    expect(asked).toEqual([[0, 100], [50_000, 100]]);
    expect(rows.total).toBe(100_000);
    expect(rows.get(50_020)).toBe(50_020);
    expect(rows.get(70_000)).toBeUndefined();
  });

  it('asks for a page once even when two views want it at the same time', async () => {
    const { asked, fetch } = source(500);
    const rows = new PagedRows(fetch, 100);
    await Promise.all([rows.ensure(0, 10), rows.ensure(5, 20), rows.ensure(95, 105)]);
    expect(asked).toEqual([[0, 100], [100, 100]]);
  });

  it('tells the view when a page arrives', async () => {
    const { fetch } = source(10);
    let changes = 0;
    const rows = new PagedRows(fetch, 100, () => changes++);
    await rows.ensure(0, 10);
    await rows.ensure(0, 10);
    expect(changes).toBe(1);
  });
});

describe('visible range', () => {
  it('covers the viewport plus the overscan, within the list', () => {
    expect(visibleRange(0, 400, 40, 100_000, 5)).toEqual({ start: 0, end: 15 });
    expect(visibleRange(4_000_000, 400, 40, 100_000, 5)).toEqual({ start: 99_995, end: 100_000 });
    expect(visibleRange(0, 400, 40, 0)).toEqual({ start: 0, end: 0 });
  });
});
