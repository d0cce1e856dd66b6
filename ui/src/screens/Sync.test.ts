import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import App from '../App.svelte';
import Sync from './Sync.svelte';
import { app } from '../lib/app.svelte';
import { session } from '../lib/session.svelte';
import { resetSyncState, syncState } from '../lib/syncState.svelte';
import { LEAD, fakeBackend } from '../test/fakeBackend';
import { cleanup, idle, render, unrender } from '../test/render';

const COUNSELOR = { username: 'counsel', display_name: '이상담', role: 'counselor' as const };

let backend: ReturnType<typeof fakeBackend>;

beforeEach(() => {
  backend = fakeBackend();
});

afterEach(() => {
  cleanup();
  resetSyncState();
});

/** The sync screen alone, for `user`. */
async function renderScreen(user: typeof LEAD | typeof COUNSELOR = LEAD) {
  backend.session = { state: 'open', user };
  session.view = { state: 'open', user };
  await render(Sync, { times: 10 });
}

const $ = <T extends HTMLElement = HTMLElement>(selector: string) => document.querySelector<T>(selector);
const called = (cmd: string) => backend.calls.filter(([c]) => c === cmd);

function type(selector: string, value: string) {
  const el = $<HTMLInputElement>(selector)!;
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  flushSync();
}

describe('the sync screen', () => {
  it('shows this device’s letter, what the others have not received, and the peers', async () => {
    await renderScreen();
    expect($('#sync-letter')?.textContent).toBe('A');
    expect($('#sync-pending')?.textContent).toContain('아직 받지 않은 변경 3건');
    const peer = $('#sync-peers tr[data-letter="B"]')!;
    expect(peer.dataset.upToDate).toBe('false');
    expect(peer.textContent).toContain('아직 받지 않은 변경 있음');
    expect($('#sync-now'), 'no folder, no "sync now"').toBeNull();
  });

  it('exports through the save dialog, suggesting the letter and the day, with "export everything"', async () => {
    await renderScreen();
    backend.dialogAnswer = '/usb/to-center';
    $<HTMLInputElement>('[name="export_all"]')!.click();
    $('#sync-export')!.click();
    await idle();
    expect(called('sync_export')[0][1]).toEqual({ path: '/usb/to-center.ldsync', all: true });
    const done = $('#sync-export-done')!;
    expect(done.dataset.path).toBe('/usb/to-center.ldsync');
    expect(done.textContent).toContain('사건 9건, 기록 40건');
  });

  it('imports a transfer file and shows the sync report, or the core’s Korean refusal', async () => {
    await renderScreen();
    backend.dialogAnswer = '/usb/B-2025-03-04.ldsync';
    $('#sync-import')!.click();
    await idle();
    const report = $('#sync-report')!;
    expect(report.dataset.fromLetter).toBe('B');
    expect(report.dataset.newCases).toBe('4');
    expect(report.textContent).toContain('기기 B의 파일 (B-2025-03-04.ldsync)');
    expect(report.textContent).toContain('새 사건 4건, 바뀐 사건 1건');
    expect(report.textContent).toContain('전체 기록: 새로 11건, 바뀜 2건, 그대로 6건');
    expect(report.textContent).toContain('충돌 1건');

    backend.dialogAnswer = '/usb/tampered.ldsync';
    $('#sync-import')!.click();
    await idle();
    const banner = $('[role="alert"][data-code="sync_refused"]')!;
    expect(banner.textContent).toContain('가져오지 않았습니다');
    expect(banner.textContent).toContain('아무것도 바뀌지 않았습니다');
    expect($('#sync-report'), 'no report for a refused file').toBeNull();
  });

  it('syncs the folder now and lists each file’s report or why it was refused', async () => {
    backend.sync.folder = '/share/labordesk';
    await renderScreen(COUNSELOR);
    expect($('#sync-folder')?.dataset.folder).toBe('/share/labordesk');
    $('#sync-now')!.click();
    await idle();
    const files = [...document.querySelectorAll<HTMLElement>('#sync-folder-report li[data-file]')];
    expect(files.map((f) => [f.dataset.file, f.dataset.refused])).toEqual([
      ['1a2b3c4d-dev-b.ldsync', 'false'],
      ['9f8e7d6c-dev-z.ldsync', 'true'],
    ]);
    expect(files[0].textContent).toContain('새 사건 4건');
    expect(files[1].textContent).toContain('다른 센터의 파일입니다');
    expect($('#sync-folder-report .exported')?.textContent).toContain('1a2b3c4d-dev-a.ldsync (사건 1건, 기록 5건)');
  });

  it('hides the folder setting, conflicts and enrollment from a counselor', async () => {
    await renderScreen(COUNSELOR);
    expect($('#sync-tab-conflicts')).toBeNull();
    expect($('#sync-tab-devices')).toBeNull();
    expect($('#sync-folder-choose')).toBeNull();
    expect($('#sync-export'), 'but a counselor exports and imports').not.toBeNull();
    expect($('#sync-import')).not.toBeNull();
  });

  it('lets the lead choose a sync folder with the folder dialog, and stop using it', async () => {
    await renderScreen();
    backend.dialogAnswer = '/share/labordesk';
    $('#sync-folder-choose')!.click();
    await idle();
    expect(called('set_sync_folder')[0][1]).toEqual({ path: '/share/labordesk' });
    expect($('#sync-folder-set')?.textContent).toContain('/share/labordesk');
    expect($('#sync-now'), 'now a folder is set').not.toBeNull();

    $('#sync-folder-clear')!.click();
    await idle();
    expect(called('set_sync_folder')[1][1]).toEqual({ path: null });
    expect($('#sync-now')).toBeNull();
  });
});

describe('conflicts (the lead)', () => {
  it('shows both values side by side, unquoted, with the merged one marked, and resolves after a confirmation', async () => {
    await renderScreen();
    expect($('#sync-tab-conflicts')?.textContent).toContain('충돌 (1)');
    $('#sync-tab-conflicts')!.click();
    await idle();
    const item = $('#conflict-list li[data-id="7"]')!;
    expect(item.textContent).toContain('사건 2024-B0001');
    expect(item.textContent).toContain('상담 내용');
    const local = item.querySelector<HTMLElement>('[data-side="local"]')!;
    const remote = item.querySelector<HTMLElement>('[data-side="remote"]')!;
    expect(local.querySelector('.value')?.textContent).toBe('센터에서 고친 요약');
    expect(local.textContent).toContain('이 기기(A)의 값');
    expect(remote.querySelector('.value')?.textContent).toBe('부스에서 고친 요약');
    expect(remote.textContent).toContain('기기 B의 값');
    expect(remote.classList.contains('kept'), 'the later change was kept').toBe(true);
    expect(remote.textContent).toContain('병합 결과');

    item.querySelector<HTMLButtonElement>('button.use-other')!.click();
    await idle();
    const dialog = $('[role="alertdialog"]')!;
    expect(dialog.textContent).toContain('"부스에서 고친 요약"에서 "센터에서 고친 요약"(으)로 바꿉니다');
    expect(document.activeElement?.textContent, 'the dialog opens on cancel').toBe('취소');
    dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await idle();
    expect(called('resolve_conflict')).toHaveLength(0);

    item.querySelector<HTMLButtonElement>('button.use-other')!.click();
    await idle();
    $('[role="alertdialog"] [data-action="confirm"]')!.click();
    await idle();
    expect(backend.sync.resolved).toEqual([[7, true]]);
    expect($('#conflicts-empty')).not.toBeNull();
    expect(syncState.openConflicts, 'the badge follows').toBe(0);
  });
});

describe('enrollment (the lead)', () => {
  it('writes a new device’s file and shows its code once; a letter in use is refused next to the field', async () => {
    await renderScreen();
    $('#sync-tab-devices')!.click();
    await idle();
    backend.dialogAnswer = '/usb/device-B';

    type('[name="enrollment_letter"]', 'bc');
    $('#enrollment-form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await idle();
    expect($('[data-error-for="enrollment_letter"]')?.textContent).toBe('영문 대문자 한 글자(A–Z)로 입력해 주세요');
    expect(called('sync_enrollment')).toHaveLength(0);

    type('[name="enrollment_letter"]', 'a');
    $('#enrollment-form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await idle();
    expect($('[data-error-for="enrollment_letter"]')?.textContent).toContain('이미 이 센터의 다른 기기가 쓰고 있습니다');

    type('[name="enrollment_letter"]', 'b');
    $('#enrollment-form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await idle();
    expect(backend.sync.enrollments).toEqual([['B', '/usb/device-B.enroll']]);
    const code = $('#enrollment-code')!;
    expect(code.dataset.code).toBe('QWERT-YUPAS-DFGHJ-KLZXC-VBNM2');
    expect(document.body.textContent).toContain('파일과 코드는 따로 전달하세요');
    $('#enrollment-code-done')!.click();
    await idle();
    expect($('#enrollment-code'), 'shown once').toBeNull();
    expect(document.body.textContent).not.toContain('QWERT');
  });

  it('revokes the unused enrollment of the letter typed, and says why a used one cannot be', async () => {
    await renderScreen();
    $('#sync-tab-devices')!.click();
    await idle();
    type('[name="enrollment_letter"]', 'd');
    $('#enrollment-revoke')!.click();
    await idle();
    expect(backend.sync.revoked).toEqual(['D']);
    expect($('#enroll-done')?.textContent).toContain('기기 문자 D의 쓰이지 않은 등록 1건을 취소했습니다');

    type('[name="enrollment_letter"]', 'b');
    $('#enrollment-revoke')!.click();
    await idle();
    expect(backend.sync.revoked, 'B was used').toEqual(['D']);
    expect(document.body.textContent).toContain('사용된 등록은 취소할 수 없습니다');
  });

  it('enrolls this device with a file and its code, and keeps the dialog open after a wrong code', async () => {
    await renderScreen();
    $('#sync-tab-devices')!.click();
    await idle();
    backend.dialogAnswer = '/usb/device-C.enroll';
    $('#enroll-choose')!.click();
    await idle();
    expect($('#enroll-form')?.textContent).toContain('device-C.enroll');
    expect($('#enroll-form')?.textContent).toContain('사건을 하나도 기록하기 전에만');

    type('[name="enroll_code"]', 'WRONG-CODE');
    $('#enroll-form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await idle();
    expect($('[data-error-for="enroll_code"]')?.textContent).toContain('등록 코드가 맞지 않거나');

    type('[name="enroll_code"]', 'QWERT-YUPAS-DFGHJ-KLZXC-VBNM2');
    $('#enroll-form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await idle();
    expect($('#enroll-form')).toBeNull();
    expect($('#enroll-done')?.textContent).toBe('구로 노동권익센터에 등록했습니다. 이 기기의 문자는 C입니다.');
    expect(app.settings.device_letter).toBe('C');
  });
});

describe('in the window', () => {
  const renderWindow = () => render(App, { shared: false, times: 10 });

  it('shows the lead the open conflicts on the sync menu item, and a counselor no badge', async () => {
    await renderWindow();
    expect($('nav.side [data-screen="sync"]')?.textContent).toContain('Alt+8');
    expect($('#conflict-badge')?.dataset.count).toBe('1');

    unrender();
    resetSyncState();
    backend.session = { state: 'open', user: COUNSELOR };
    await renderWindow();
    expect($('nav.side [data-screen="sync"]'), 'booth counselors sync').not.toBeNull();
    expect($('#conflict-badge')).toBeNull();
    expect(called('sync_conflicts'), 'nor are conflicts asked for').toHaveLength(0);
  });

  it('syncs the folder after login when one is set, and shows on the sync screen what it brought', async () => {
    backend.sync.folder = '/share/labordesk';
    await renderWindow();
    expect(backend.sync.folderSyncs).toBe(1);
    expect($('#auto-sync'), 'nothing left in the header once done').toBeNull();
    app.screen = 'sync';
    await idle();
    expect($('#sync-auto-report')?.textContent).toContain('로그인할 때 동기화 폴더와 맞췄습니다');
    expect($('#sync-auto-report li[data-refused="true"]')?.textContent).toContain('다른 센터의 파일입니다');
  });

  it('says in the header when the sync after login failed, and never stands in the way', async () => {
    backend.sync.folder = '/share/gone';
    backend.sync.folderError = { code: 'not_found', message: '동기화 폴더(/share/gone)을(를) 찾을 수 없습니다.' };
    await renderWindow();
    expect($('main')?.dataset.screen).toBe('home');
    const badge = $('#auto-sync')!;
    expect(badge.dataset.state).toBe('failed');
    badge.click();
    await idle();
    expect($('main')?.dataset.screen).toBe('sync');
    expect($('#sync-auto-failed')?.textContent).toContain('찾을 수 없습니다');
  });

  it('makes no folder sync after login when no folder is set', async () => {
    await renderWindow();
    expect(backend.sync.folderSyncs).toBe(0);
    expect(syncState.auto).toBeNull();
  });
});
