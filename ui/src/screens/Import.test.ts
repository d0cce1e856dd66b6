import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import Import from './Import.svelte';
import { fakeBackend, settle } from '../test/fakeBackend';
import { cleanup, render as mountScreen } from '../test/render';

let backend: ReturnType<typeof fakeBackend>;
let imported = 0;

beforeEach(() => {
  backend = fakeBackend();
  imported = 0;
});

afterEach(cleanup);

const render = () => mountScreen(Import, { props: { onimported: () => imported++ } });

async function click(id: string) {
  document.getElementById(id)!.click();
  await settle(10);
  flushSync();
}

const startButton = () => document.getElementById('import-start') as HTMLButtonElement;
const commands = () => backend.calls.map(([c]) => c).filter((c) => !c.startsWith('plugin:event'));

describe('import screen', () => {
  it('lists every bad row with its field and reason, and offers no import', async () => {
    backend.dialogAnswer = '/data/bad.csv';
    await render();
    await click('import-choose');

    expect(backend.calls.find(([c]) => c === 'check_import')?.[1]).toEqual({ kind: 'cases', path: '/data/bad.csv' });
    const errors = [...document.querySelectorAll<HTMLElement>('#import-errors tbody tr')];
    expect(errors.map((r) => [r.dataset.row, r.dataset.field])).toEqual([['2', 'received_on']]);
    expect(errors[0].textContent).toContain('날짜 형식이 아닙니다');
    expect(document.body.textContent).toContain('오류 1건: 아무것도 저장하지 않습니다.');
    expect(startButton().disabled).toBe(true);
    expect(document.querySelectorAll('#import-preview tbody tr')).toHaveLength(3);
    expect(document.querySelector('#import-preview tbody tr.bad')?.textContent).toContain('2024-13-40');
    expect(commands()).not.toContain('import_file');
  });

  it('imports a clean file with a progress bar and reports what it added', async () => {
    backend.dialogAnswer = '/data/good.csv';
    await render();
    await click('import-choose');

    expect(document.getElementById('import-summary')?.textContent).toContain('3행: 새로 추가 3건, 이미 있음 0건');
    expect(startButton().disabled).toBe(false);
    await click('import-start');

    expect(backend.calls.find(([c]) => c === 'import_file')?.[1]).toEqual({ kind: 'cases', path: '/data/good.csv' });
    const bar = document.getElementById('import-progress') as HTMLProgressElement;
    expect([bar.dataset.done, bar.dataset.total]).toEqual(['3', '3']);
    expect(document.getElementById('import-done')?.dataset.added).toBe('3');
    expect(startButton().disabled).toBe(true);
    expect(imported).toBe(1);
  });

  it('checks the file again as a remedies file when the kind changes', async () => {
    backend.dialogAnswer = '/data/good.csv';
    await render();
    await click('import-choose');
    const remedies = document.querySelector<HTMLInputElement>('input[name="import_kind"][value="remedies"]')!;
    remedies.click();
    await settle();
    flushSync();

    expect(backend.calls.filter(([c]) => c === 'check_import').map(([, a]) => a)).toEqual([
      { kind: 'cases', path: '/data/good.csv' },
      { kind: 'remedies', path: '/data/good.csv' },
    ]);
  });

  it('shows the core’s message for a file it cannot read', async () => {
    backend.dialogAnswer = '/data/missing.csv';
    await render();
    await click('import-choose');

    expect(document.querySelector('[role="alert"]')?.textContent).toContain('읽을 수 없습니다');
    expect(startButton()).toBeNull();
  });
});
