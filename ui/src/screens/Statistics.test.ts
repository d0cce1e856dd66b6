import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import Statistics from './Statistics.svelte';
import { app, statsView } from '../lib/app.svelte';
import { fakeBackend, settle } from '../test/fakeBackend';
import { cleanup, render as mountScreen } from '../test/render';

let backend: ReturnType<typeof fakeBackend>;

beforeEach(() => {
  backend = fakeBackend();
  Object.assign(statsView, { mode: 'as_of', asOf: '2024-08-31', month: '', shown: null, drill: null });
});

afterEach(cleanup);

const render = () => mountScreen(Statistics);

async function click(el: Element | null) {
  (el as HTMLElement).click();
  await settle();
  flushSync();
}

const cell = (key: string) => document.querySelector<HTMLElement>(`#t1 [data-cell="${key}"]`);
const calls = (cmd: string) => backend.calls.filter(([c]) => c === cmd).map(([, args]) => args);

describe('statistics screen', () => {
  it('shows T1 for the as-of date with the workbook’s headers and the core’s numbers', async () => {
    await render();

    expect(calls('report')).toEqual([{ period: { as_of: '2024-08-31' } }]);
    expect(document.getElementById('t1-title')?.textContent).toBe('노동관련 법률상담 및 구제');
    expect(document.querySelector('#t1 .unit')?.textContent).toBe('(8.31. 기준/단위 : 건)');
    const headers = [...document.querySelectorAll('#t1-consultations th')].map((th) => th.textContent);
    expect(headers).toEqual(['합계', '임금체불', '부당해고 등', '직장내 괴롭힘', '노동조합', '4대보험', '산업재해', '기타']);
    const block1 = [...document.querySelectorAll<HTMLElement>('#t1-consultations [data-cell]')].map((b) => b.textContent?.trim());
    expect(block1).toEqual(['415', '60', '58', '62', '7', '34', '23', '171']);
    const block2 = [...document.querySelectorAll<HTMLElement>('#t1-remedies [data-cell]')].map((b) => b.textContent?.trim());
    expect(block2).toEqual(['21', '14', '7', '2', '1', '1', '2', '0', '0', '0', '1']);
    const top = document.querySelector<HTMLTableCellElement>('#t1-remedies thead th')!;
    expect([top.textContent, top.colSpan]).toEqual(['권리구제', 11]);
  });

  it('shows T2 with blank months after the as-of month, and a column per month in the chart', async () => {
    await render();

    const total = document.querySelector('#t2 tr[data-row="total"]')!;
    const cells = [...total.querySelectorAll('td')].map((td) => td.textContent);
    expect(cells.slice(0, 8)).toEqual(Array(8).fill('28'));
    expect(cells.slice(8, 12), 'September to December are blank, not zero').toEqual(['', '', '', '']);
    expect(document.querySelectorAll('.chart g.bar')).toHaveLength(8);
  });

  it('closes a month: the period is asked for as YYYY-MM', async () => {
    await render();
    await click(document.querySelector('input[name="mode"][value="month"]'));
    const month = document.querySelector<HTMLInputElement>('input[name="month"]')!;
    month.value = '2024-07';
    month.dispatchEvent(new Event('input', { bubbles: true }));
    await click(document.getElementById('show-report'));

    expect(calls('report').at(-1)).toEqual({ period: { month: '2024-07' } });
    expect(document.getElementById('t1')?.dataset.asOf).toBe('2024-07-31');
  });

  it('shows the core’s message beside a bad date and keeps what was typed', async () => {
    await render();
    const asOf = document.querySelector<HTMLInputElement>('input[name="as_of"]')!;
    asOf.value = '8월 말';
    asOf.dispatchEvent(new Event('input', { bubbles: true }));
    await click(document.getElementById('show-report'));

    expect(document.querySelector('[data-error-for="as_of"]')?.textContent).toMatch(/^기준일 — '8월 말'/);
    expect(asOf.value).toBe('8월 말');
  });

  it('lists exactly the records behind a clicked number, each opening its case', async () => {
    await render();
    await click(cell('consultations.wage_arrears'));

    expect(calls('t1_cell')).toEqual([
      { period: { as_of: '2024-08-31' }, cell: { kind: 'consultations', category: 'wage_arrears' } },
    ]);
    const drill = document.getElementById('drill')!;
    expect(drill.dataset.count).toBe('60');
    expect(drill.querySelectorAll('.drill-row')).toHaveLength(60);
    expect(drill.querySelector('h2')?.textContent).toBe('임금체불: 60건');

    await click(cell('channel.labor_office.carried'));
    expect(calls('t1_cell').at(-1)).toMatchObject({ cell: { kind: 'channel', channel: 'labor_office', carried: true } });
    expect(document.querySelectorAll('#drill .drill-row')).toHaveLength(1);
    expect(document.querySelector('#drill h2')?.textContent).toBe('노동청 이월: 1건');

    await click(document.querySelector('#drill .drill-row'));
    expect(app.screen).toBe('detail');
    expect(app.caseId).toBe('case-1');
    expect(app.detailFrom).toBe('stats');
  });

  it('exports to the path chosen in the save dialog and says where the file went', async () => {
    backend.dialogAnswer = '/home/센터/통계_8월';
    await render();
    await click(document.getElementById('export'));

    expect(calls('export_workbook')).toEqual([
      { period: { as_of: '2024-08-31' }, path: '/home/센터/통계_8월.xlsx', caseList: false },
    ]);
    const done = document.getElementById('export-done')!;
    expect(done.dataset.path).toBe('/home/센터/통계_8월.xlsx');
    expect(done.querySelector('p')?.textContent).toBe('저장했습니다: /home/센터/통계_8월.xlsx');

    // 열기 and 폴더 열기 hand that file to the shell, which opens it or its folder.
    await click(done.querySelector('.open-export'));
    await click(done.querySelector('.open-export-folder'));
    expect(calls('open_export')).toEqual([{ path: '/home/센터/통계_8월.xlsx' }]);
    expect(calls('open_export_folder')).toEqual([{ path: '/home/센터/통계_8월.xlsx' }]);
  });
});
