/**
 * The rows of a long list fetched page by page, on demand, for a virtualized view: only the
 * pages the counselor scrolls past are ever asked for, so 100,000 cases cost a few pages.
 */

export interface Page<T> {
  total: number;
  items: T[];
}

export type FetchPage<T> = (offset: number, limit: number) => Promise<Page<T>>;

export class PagedRows<T> {
  private pages = new Map<number, T[]>();
  private inFlight = new Map<number, Promise<void>>();
  total: number | null = null;

  constructor(
    private readonly fetchPage: FetchPage<T>,
    readonly pageSize = 100,
    /** Called whenever a page arrives, so the view can redraw. */
    private readonly onChange: () => void = () => {},
  ) {}

  /** The row at `index`, or undefined while its page is not loaded. */
  get(index: number): T | undefined {
    return this.pages.get(Math.floor(index / this.pageSize))?.[index % this.pageSize];
  }

  /** Loads every page that holds a row in [from, to). Pages already loaded or loading are
   * not asked for twice. */
  async ensure(from: number, to: number): Promise<void> {
    const first = Math.floor(Math.max(0, from) / this.pageSize);
    const last = Math.floor(Math.max(from, to - 1) / this.pageSize);
    const loads: Promise<void>[] = [];
    for (let page = first; page <= last; page++) {
      if (this.total !== null && page * this.pageSize >= this.total && page > 0) break;
      loads.push(this.load(page));
    }
    await Promise.all(loads);
  }

  private load(page: number): Promise<void> {
    if (this.pages.has(page)) return Promise.resolve();
    const pending = this.inFlight.get(page);
    if (pending) return pending;
    const request = this.fetchPage(page * this.pageSize, this.pageSize)
      .then((result) => {
        this.total = result.total;
        this.pages.set(page, result.items);
        this.onChange();
      })
      .finally(() => this.inFlight.delete(page));
    this.inFlight.set(page, request);
    return request;
  }
}

/** The rows to draw for a scroll position: the visible ones plus `overscan` either side. */
export function visibleRange(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  total: number,
  overscan = 10,
): { start: number; end: number } {
  const first = Math.floor(scrollTop / rowHeight);
  const count = Math.ceil(viewportHeight / rowHeight);
  const start = Math.max(0, first - overscan);
  const end = Math.min(total, first + count + overscan);
  return { start, end: Math.max(start, end) };
}
