import { afterEach, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import App from './App.svelte';

let app: ReturnType<typeof mount> | undefined;

afterEach(() => {
  if (app) unmount(app);
  app = undefined;
  document.body.innerHTML = '';
  clearMocks();
});

/** Mounts the app and lets its start-up IPC call settle. */
async function render() {
  app = mount(App, { target: document.body });
  await new Promise((resolve) => setTimeout(resolve, 0));
  flushSync();
}

describe('home screen', () => {
  it('shows the case count, the center name and the database path', async () => {
    mockIPC(() => ({ dbPath: '/data/labordesk.db', centerName: '테스트센터', deviceLetter: 'A', caseCount: 1234 }));
    await render();

    const count = document.getElementById('case-count');
    expect(count?.textContent).toBe('1,234');
    expect(count?.dataset.count).toBe('1234');
    expect(document.body.textContent).toContain('등록된 상담 사건');
    expect(document.getElementById('center-name')?.textContent).toBe('테스트센터');
    expect(document.getElementById('db-path')?.textContent).toBe('/data/labordesk.db');
    expect(document.getElementById('store-error')).toBeNull();
  });

  it('shows the core error message instead of a count when the store cannot open', async () => {
    mockIPC(() => {
      throw { code: 'not_a_database', message: '데이터베이스 파일이 아닙니다.' };
    });
    await render();

    const banner = document.getElementById('store-error');
    expect(banner?.textContent).toContain('데이터베이스 파일이 아닙니다.');
    expect(banner?.dataset.code).toBe('not_a_database');
    expect(document.getElementById('case-count')).toBeNull();
  });

  it('switches to English and back', async () => {
    mockIPC(() => ({ dbPath: '/d.db', centerName: '센터', deviceLetter: 'A', caseCount: 1 }));
    await render();

    const toggle = document.querySelector<HTMLButtonElement>('button.locale')!;
    toggle.click();
    flushSync();
    expect(document.body.textContent).toContain('Counseling cases on record');
    expect(document.documentElement.lang).toBe('en');

    toggle.click();
    flushSync();
    expect(document.body.textContent).toContain('등록된 상담 사건');
  });
});
