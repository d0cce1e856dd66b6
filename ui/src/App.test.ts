import { afterEach, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import App from './App.svelte';
import { app } from './lib/app.svelte';
import { fakeBackend, settle } from './test/fakeBackend';
import { cleanup, render as mountScreen } from './test/render';

afterEach(cleanup);

/** Mounts the app and lets its start-up IPC calls settle. */
const render = () => mountScreen(App, { shared: false });

function press(key: string, init: KeyboardEventInit = {}) {
  window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, ...init }));
  flushSync();
}

describe('the window', () => {
  it('shows the case count, the center name and the database path on the home screen', async () => {
    fakeBackend();
    await render();

    const count = document.getElementById('case-count');
    expect(count?.textContent).toBe('0');
    expect(count?.dataset.count).toBe('0');
    expect(document.body.textContent).toContain('등록된 상담 사건');
    expect(document.getElementById('center-name')?.textContent).toBe('테스트센터');
    expect(document.getElementById('db-path')?.textContent).toBe('/data/labordesk.db');
    expect(document.getElementById('store-error')).toBeNull();
  });

  it('shows the core error message and no menu when the store cannot open', async () => {
    fakeBackend({ storeError: { code: 'db_unreadable', message: '데이터베이스 파일이 아닙니다.' } });
    await render();

    const banner = document.getElementById('store-error');
    expect(banner?.textContent).toContain('데이터베이스 파일이 아닙니다.');
    expect(banner?.dataset.code).toBe('db_unreadable');
    expect(document.getElementById('case-count')).toBeNull();
    expect(document.querySelector('nav.side')).toBeNull();
  });

  it('switches to English and back, and remembers the choice as a preference', async () => {
    const backend = fakeBackend();
    await render();

    const toggle = document.querySelector<HTMLButtonElement>('button.locale')!;
    toggle.click();
    await settle();
    flushSync();
    expect(document.body.textContent).toContain('Counseling cases on record');
    expect(document.documentElement.lang).toBe('en');
    expect(backend.preferences.get('language')).toBe('en');

    toggle.click();
    await settle();
    flushSync();
    expect(document.body.textContent).toContain('등록된 상담 사건');
  });

  it('starts in the language kept in the preferences', async () => {
    const backend = fakeBackend();
    backend.preferences.set('language', 'en');
    await render();

    expect(document.body.textContent).toContain('Counseling cases on record');
  });

  it('moves between screens with Alt and a digit, as the menu shows', async () => {
    fakeBackend();
    await render();

    expect(document.querySelector('nav.side')?.textContent).toContain('Alt+2');
    press('2', { altKey: true, code: 'Digit2' });
    await settle();
    flushSync();
    expect(document.querySelector('main')?.dataset.screen).toBe('intake');
    expect(document.querySelector('[aria-current="page"]')?.textContent).toContain('상담 접수');

    // The supervisor's and the lead's screens follow the counselor's; sync, then settings last.
    for (const [digit, screen] of [['5', 'review'], ['6', 'stats'], ['7', 'import'], ['8', 'sync'], ['9', 'settings']]) {
      press(digit, { altKey: true, code: `Digit${digit}` });
      await settle();
      flushSync();
      expect(document.querySelector('main')?.dataset.screen).toBe(screen);
    }
    expect(document.querySelector('nav.side')?.textContent).toContain('Alt+9');
  });

  it('shows the dashboard on the home screen: this month against last year, open work and the week’s deadlines', async () => {
    fakeBackend();
    await render();

    expect(document.getElementById('month-cases')?.textContent).toBe('12');
    expect(document.getElementById('month-cases-last-year')?.textContent).toContain('작년 같은 기간 9건 (+3)');
    expect(document.getElementById('open-count')?.textContent).toBe('37');
    expect(document.getElementById('open-remedies')?.textContent).toBe('4');
    const deadlines = [...document.querySelectorAll<HTMLElement>('#deadlines li')];
    // The proceedings' deadlines and a case's own limit (2024-A0009, 구제신청), by date.
    expect(deadlines.map((li) => li.dataset.caseNo)).toEqual(['2024-A0001', '2024-A0009', '2024-A0002']);
    expect(deadlines.map((li) => li.className.includes('overdue') ? 'overdue' : li.className.includes('near') ? 'near' : '')).toEqual(['overdue', 'near', 'near']);
    expect(deadlines[0].textContent).toContain('D+3');

    // A deadline opens its case, whose back button returns home.
    deadlines[0].querySelector('button')!.click();
    await settle();
    flushSync();
    expect(document.querySelector('main')?.dataset.screen).toBe('detail');
    expect(app.caseId).toBe('case-1');
    expect(app.detailFrom).toBe('home');
    expect(document.querySelector('[aria-current="page"]')?.textContent).toContain('처음 화면');
  });
});
