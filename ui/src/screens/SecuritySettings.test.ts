import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import Settings from './Settings.svelte';
import { app } from '../lib/app.svelte';
import { session } from '../lib/session.svelte';
import { LEAD, LEAD_PASSWORD, fakeBackend } from '../test/fakeBackend';
import { cleanup, idle, render } from '../test/render';

let backend: ReturnType<typeof fakeBackend>;

beforeEach(async () => {
  backend = fakeBackend();
  session.view = { state: 'open', user: LEAD };
  await render(Settings, { times: 10 });
});

afterEach(cleanup);

const $ = <T extends HTMLElement = HTMLElement>(selector: string) => document.querySelector<T>(selector);

function type(selector: string, value: string) {
  const el = $<HTMLInputElement>(selector)!;
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  flushSync();
}

async function openTab(tab: string) {
  $(`#settings-tab-${tab}`)!.click();
  await idle();
}

const called = (cmd: string) => backend.calls.filter(([c]) => c === cmd);

describe('the lead’s security settings', () => {
  it('destroys expired personal data only after a dialog that says what goes and that it cannot be undone', async () => {
    await openTab('protection');
    expect($('#retention-cutoff')?.textContent).toContain('2022-03-04');

    $('#run-retention')!.click();
    await idle();
    const dialog = $('[role="alertdialog"]')!;
    expect(dialog.textContent).toContain('내담자 이름, 연락처, 출생연도, 국가');
    expect(dialog.textContent).toContain('상담 회차의 메모');
    expect(dialog.textContent).toContain('되돌릴 수 없습니다');
    expect(document.activeElement?.textContent, 'the dialog opens on cancel').toBe('취소');
    expect(backend.retentionRuns).toBe(0);

    dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await idle();
    expect($('[role="alertdialog"]')).toBeNull();
    expect(backend.retentionRuns, 'Escape destroys nothing').toBe(0);

    $('#run-retention')!.click();
    await idle();
    $('[role="alertdialog"] [data-action="confirm"]')!.click();
    await idle();
    expect(backend.retentionRuns).toBe(1);
    expect($('#retention-done')?.textContent).toContain('사건 12건, 내담자 9명');
  });

  it('makes a new recovery code only after a dialog that says the old one stops, and shows it until its last group is typed back', async () => {
    await openTab('protection');
    $('#new-recovery-code')!.click();
    await idle();
    const dialog = $('[role="alertdialog"]')!;
    expect(dialog.textContent).toContain('지금의 복구 코드는 바로 쓸 수 없게 됩니다');
    expect(dialog.textContent).toContain('한 번만 보여 드립니다');
    expect(document.activeElement?.textContent, 'the dialog opens on cancel').toBe('취소');
    dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await idle();
    expect(called('new_recovery_code'), 'Escape makes no code').toHaveLength(0);

    $('#new-recovery-code')!.click();
    await idle();
    $('[role="alertdialog"] [data-action="confirm"]')!.click();
    await idle();
    expect(called('new_recovery_code')).toHaveLength(1);
    const code = 'QRSTU-VWXYZ-23456-789AB-CDEFG';
    expect($('#recovery-code')?.dataset.code).toBe(code);
    expect([...document.querySelectorAll('#recovery-code .group-chars')].map((g) => g.textContent)).toEqual(code.split('-'));
    expect($('#new-recovery-dialog #recovery-title')?.textContent).toBe('새 복구 코드');
    expect($('#recovery-old-gone')?.textContent).toContain('이전 복구 코드는 이제 쓸 수 없습니다');
    expect($('#recovery-print')).not.toBeNull();
    expect(document.activeElement?.getAttribute('name'), 'the confirmation field takes the focus').toBe('confirm_code');

    // The same deliberate step as at setup: only the last group lets the code go.
    const confirm = $<HTMLButtonElement>('#recovery-confirm')!;
    type('[name="confirm_code"]', 'QRSTU');
    expect(confirm.disabled).toBe(true);
    $('#recovery-confirm-form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await idle();
    expect($('[data-error-for="confirm_code"]')?.textContent).toContain('마지막 다섯 글자가 다릅니다');
    expect($('#recovery-code'), 'still shown').not.toBeNull();

    type('[name="confirm_code"]', 'cdefg');
    expect(confirm.disabled).toBe(false);
    confirm.click();
    await idle();
    expect($('#recovery-code'), 'shown once, then gone').toBeNull();
    expect($('#recovery-renewed')?.textContent).toContain('이전 코드는 더 이상 쓸 수 없습니다');
    expect(called('new_recovery_code'), 'one code made').toHaveLength(1);
  });

  it('shows the core’s message next to a retention period it refuses', async () => {
    await openTab('protection');
    type('[name="retention_years"]', '11');
    $('#retention-form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await idle();
    expect($('[data-error-for="retention_years"]')?.textContent).toBe('보존기간 — 1년에서 10년 사이여야 합니다');
  });

  it('restores a backup only with the lead’s password typed again', async () => {
    await openTab('protection');
    const rows = document.querySelectorAll('#backup-list li');
    expect(rows).toHaveLength(2);
    (rows[1].querySelector('button.restore') as HTMLButtonElement).click();
    await idle();
    expect(document.activeElement?.getAttribute('name')).toBe('restore_password');

    type('[name="restore_password"]', 'wrong');
    $('#restore-form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await idle();
    expect(backend.restored).toEqual([]);
    expect($('[data-error-for="restore_password"]')?.textContent).toContain('암호가 맞지 않습니다');

    type('[name="restore_password"]', LEAD_PASSWORD);
    $('#restore-form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await idle();
    expect(backend.restored).toEqual([backend.backups[1].path]);
    expect(app.screen, 'the app opens again at home').toBe('home');
  });

  it('asks for a new password right after an account is activated again', async () => {
    backend.accounts[1].active = false;
    await openTab('accounts');
    ($('#account-list tr[data-username="counsel"] button.activate') as HTMLButtonElement).click();
    await idle();

    expect(called('set_account_active').at(-1)?.[1]).toEqual({ username: 'counsel', active: true });
    expect($('#reset-password-form')).not.toBeNull();
    type('[name="reset_password"]', 'new counsel pw');
    type('[name="reset_password_again"]', 'new counsel pw');
    $('#reset-password-form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await idle();
    expect(called('reset_password').at(-1)?.[1]).toEqual({ username: 'counsel', newPassword: 'new counsel pw' });
    expect($('#accounts-notice')?.textContent).toContain('counsel');
  });

  it('lets the lead deactivate others but not themself', async () => {
    await openTab('accounts');
    expect($('#account-list tr[data-username="lead"] button.deactivate')).toBeNull();
    expect($('#account-list tr[data-username="counsel"] button.deactivate')).not.toBeNull();
  });

  it('filters the access log and refuses a date that is not on the calendar before asking', async () => {
    await openTab('log');
    expect(document.querySelectorAll('#log-rows tbody tr')).toHaveLength(2);

    type('[name="from"]', '2025-02-30');
    $('#log-filter')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await idle();
    expect($('[data-error-for="from"]')?.textContent).toContain('YYYY-MM-DD');
    const searches = called('access_log').length;

    type('[name="from"]', '2025-03-01');
    const action = $<HTMLSelectElement>('#log-action')!;
    action.value = 'login';
    action.dispatchEvent(new Event('change', { bubbles: true }));
    $('#log-filter')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await idle();
    expect(called('access_log')).toHaveLength(searches + 1);
    expect(called('access_log').at(-1)?.[1]).toEqual({ filter: { from: '2025-03-01', action: 'login', limit: 500 } });
    const shown = [...document.querySelectorAll<HTMLElement>('#log-rows tbody tr')].map((tr) => tr.dataset.action);
    expect(shown).toEqual(['login']);
  });

  it('shows the lead the tampering the core found, naming the first bad entry', async () => {
    await openTab('log');
    expect($('#log-tampered')).toBeNull();
    backend.logProblems = ['접근 기록 위변조 감지 — 7번: 7번 기록이 바뀌었거나 끼워 넣어졌습니다'];
    await openTab('accounts');
    await openTab('log');
    expect($('#log-tampered')?.textContent).toContain('7번 기록이 바뀌었거나');
    expect($('#log-tampered')?.getAttribute('role')).toBe('alert');
  });

  it('names the access log’s actions with the core’s labels, in English with the English ones', async () => {
    await openTab('log');
    const actions = () => [...document.querySelectorAll('#log-rows tbody tr td:nth-child(3)')].map((td) => td.textContent);
    expect(actions()).toEqual(['로그인', '열람']);
    expect($('#log-action option[value="failed_login"]')?.textContent).toBe('로그인 실패');

    app.locale = 'en';
    flushSync();
    expect(actions()).toEqual(['Login', 'View']);
    expect($('#log-action option[value="failed_login"]')?.textContent).toBe('Failed login');
    app.locale = 'ko';
  });

  it('exports the access log to the file the save dialog chose', async () => {
    backend.dialogAnswer = '/data/접근기록';
    await openTab('log');
    $('#log-export')!.click();
    await idle();
    expect(backend.exported).toEqual(['/data/접근기록.xlsx']);
    expect($('#log-export-done')?.dataset.path).toBe('/data/접근기록.xlsx');
  });

  it('changes the lead’s own password with the current one', async () => {
    type('#my-password-form [name="current_password"]', 'wrong');
    type('#my-password-form [name="password"]', 'new password 1');
    type('#my-password-form [name="password_again"]', 'new password 1');
    $('#my-password-form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await idle();
    expect($('#my-password-form [role="alert"]')?.textContent).toContain('암호가 맞지 않습니다');

    type('#my-password-form [name="current_password"]', LEAD_PASSWORD);
    $('#my-password-form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await idle();
    expect($('#my-password-done')).not.toBeNull();
  });
});
