import { afterEach, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import Settings from './Settings.svelte';
import { session } from '../lib/session.svelte';
import { resetUpdates } from '../lib/update.svelte';
import { LEAD, fakeBackend } from '../test/fakeBackend';
import { cleanup, idle, render } from '../test/render';

const $ = <T extends HTMLElement = HTMLElement>(selector: string) => document.querySelector<T>(selector);

afterEach(() => {
  cleanup();
  resetUpdates();
});

async function openAbout() {
  await render(Settings, { times: 10 });
  $('#settings-tab-about')!.click();
  await idle();
}

describe('설정 → 정보', () => {
  it('shows the version, the database and the log folder, and asks the shell to open that folder', async () => {
    const backend = fakeBackend();
    session.view = { state: 'open', user: LEAD };
    await openAbout();

    expect($('#about-version')?.textContent).toBe('0.1.0');
    expect($('#about-db-path')?.textContent).toBe('/data/labordesk.db');
    expect($('#about-log-dir')?.textContent).toBe('/home/센터/.local/share/kr.labordesk.desktop/logs');
    $('#open-log-folder')!.click();
    await idle();
    expect(backend.calls.filter(([c]) => c === 'open_log_folder')).toHaveLength(1);
  });

  it('checks nothing until the lead sets an address, then shows the new version and its notes', async () => {
    const backend = fakeBackend();
    backend.updateOffer = { version: '9.9.0', currentVersion: '0.1.0', notes: '월 마감 화면 개선' };
    session.view = { state: 'open', user: LEAD };
    await openAbout();
    expect(backend.calls.filter(([c]) => c === 'check_update')).toHaveLength(0);
    expect($('#check-update')).toBeNull();

    const field = $<HTMLInputElement>('[name="update_address"]')!;
    field.value = ' https://intranet.example/labordesk/latest.json ';
    field.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    $('#update-form button[type="submit"]')!.click();
    await idle();

    expect(backend.calls.filter(([c]) => c === 'set_update_address').map(([, a]) => a)).toEqual([
      { address: 'https://intranet.example/labordesk/latest.json' },
    ]);
    expect(backend.calls.filter(([c]) => c === 'check_update')).toHaveLength(1);
    expect($('#update-offer')?.dataset.version).toBe('9.9.0');
    expect($('#update-notes')?.textContent).toBe('월 마감 화면 개선');
    expect($('#update-offer')?.textContent).toContain('새 버전 9.9.0이 있습니다. 지금 버전은 0.1.0입니다.');
  });

  it('shows a counselor the address but no field to change it', async () => {
    const backend = fakeBackend();
    backend.updateAddress = 'https://intranet.example/latest.json';
    session.view = { state: 'open', user: { username: 'counsel', display_name: '이상담', role: 'counselor' } };
    await openAbout();

    expect($('#update-form')).toBeNull();
    expect($('#update-address')?.textContent).toContain('https://intranet.example/latest.json');
    expect($('#settings-tab-accounts'), 'the lead’s tabs stay hidden').toBeNull();
  });
});
