import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import Review from './Review.svelte';
import { app } from '../lib/app.svelte';
import { fakeBackend, settle } from '../test/fakeBackend';
import { cleanup, render as mountScreen } from '../test/render';

let backend: ReturnType<typeof fakeBackend>;

beforeEach(() => {
  backend = fakeBackend();
});

afterEach(cleanup);

const render = () => mountScreen(Review);

async function choose(name: string, value: string) {
  const select = document.querySelector<HTMLSelectElement>(`select[name="${name}"]`)!;
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  await settle();
  flushSync();
}

const rows = () => [...document.querySelectorAll<HTMLElement>('#review-rows tbody tr')];

describe('remedy review', () => {
  it('lists the open proceedings in the core’s order with days open, deadline and channel', async () => {
    await render();

    expect(rows().map((r) => r.dataset.caseNo)).toEqual(['2024-A0001', '2024-A0002', '2024-A0003', '2024-A0004']);
    expect(rows()[2].textContent).toContain('노동청');
    expect(rows()[2].textContent).toContain('100일');
    expect(rows()[2].textContent).toContain('2024-12-01');
    expect(rows()[3].textContent).toContain('기한 없음');
    expect(document.getElementById('review-total')?.dataset.total).toBe('4');
  });

  it('highlights overdue and near deadlines only', async () => {
    await render();

    expect(rows().map((r) => [r.classList.contains('overdue'), r.classList.contains('near')])).toEqual([
      [true, false],
      [false, true],
      [false, false],
      [false, false],
    ]);
    expect(rows()[0].textContent).toContain('기한 지남');
    expect(rows()[1].textContent).toContain('7일 이내');
  });

  it('asks the core again when a filter changes', async () => {
    await render();
    await choose('review_channel', 'labor_office');

    expect(backend.calls.filter(([c]) => c === 'review').map(([, a]) => a)).toEqual([
      { filter: {} },
      { filter: { channel: 'labor_office' } },
    ]);
    expect(rows().map((r) => r.dataset.caseNo)).toEqual(['2024-A0003']);

    await choose('review_channel', '');
    await choose('review_counselor', '이노무');
    expect(rows().map((r) => r.dataset.caseNo)).toEqual(['2024-A0002']);
  });

  it('lists the data problems with the core’s Korean message, each opening its case', async () => {
    await render();

    const problem = document.querySelector<HTMLElement>('#problems li')!;
    expect(problem.dataset.kind).toBe('closed_with_open_remedy');
    expect(problem.textContent).toContain('사건은 종결되었으나 권리구제가 진행 중입니다.');
    problem.querySelector('button')!.click();
    flushSync();
    expect(app.screen).toBe('detail');
    expect(app.caseId).toBe('case-9');
    expect(app.detailFrom).toBe('review');
  });
});
