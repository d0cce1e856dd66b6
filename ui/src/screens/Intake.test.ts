import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import Intake from './Intake.svelte';
import { localToday } from '../lib/caseForm';
import { fakeBackend, settle } from '../test/fakeBackend';
import { cleanup, render as mountScreen } from '../test/render';

let backend: ReturnType<typeof fakeBackend>;

beforeEach(() => {
  backend = fakeBackend();
});

afterEach(cleanup);

const render = () => mountScreen(Intake);

const field = <T extends HTMLElement = HTMLInputElement>(name: string) =>
  document.querySelector<T>(`[name="${name}"]`)!;

function type(name: string, value: string) {
  const el = field<HTMLInputElement | HTMLTextAreaElement>(name);
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  flushSync();
}

function key(target: Element, key: string, init: KeyboardEventInit = {}) {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }));
  flushSync();
}

const categoryChips = () => document.querySelector<HTMLElement>('[data-name="primary_category"]')!;

describe('intake form', () => {
  it('starts on the category, with today, the remembered counselor and the last method', async () => {
    backend.preferences.set('last_counselor', '이노무');
    backend.preferences.set('intake_method', 'phone');
    await render();

    expect(field('received_on').value).toBe(localToday());
    expect(field<HTMLSelectElement>('counselor').value).toBe('이노무');
    expect(document.querySelector<HTMLElement>('[data-name="intake_method"]')!.dataset.value).toBe('phone');
    expect(document.activeElement).toBe(categoryChips());
  });

  it('picks a category with its digit key and saves on Ctrl+Enter, then is ready for the next client', async () => {
    backend.preferences.set('last_counselor', '김상담');
    await render();

    key(categoryChips(), '1');
    expect(categoryChips().dataset.value).toBe('wage_arrears');
    type('summary', '퇴직금 미지급 상담');
    type('client_name', '홍길동');
    key(field('summary'), 'Enter', { ctrlKey: true });
    await settle();
    flushSync();

    expect(backend.cases).toHaveLength(1);
    expect(backend.cases[0].input).toMatchObject({
      received_on: localToday(),
      counselor: '김상담',
      intake_method: 'visit',
      primary_category: 'wage_arrears',
      summary: '퇴직금 미지급 상담',
      client_name: '홍길동',
    });
    expect(document.getElementById('saved-notice')?.dataset.caseNo).toBe('2025-A0001');
    expect(document.getElementById('saved-notice')?.textContent).toContain('2025-A0001');
    // The next client starts from a clean form with the same date, counselor and method.
    expect(field('summary').value).toBe('');
    expect(categoryChips().dataset.value).toBe('');
    expect(field<HTMLSelectElement>('counselor').value).toBe('김상담');
    expect(field('received_on').value).toBe(localToday());
    expect(document.activeElement).toBe(categoryChips());
  });

  it('shows the core’s Korean messages next to the fields and saves nothing', async () => {
    await render();

    type('received_on', '2099-01-01');
    key(field('received_on'), 'Enter', { ctrlKey: true });
    await settle();
    flushSync();

    expect(backend.cases).toHaveLength(0);
    expect(document.querySelector('[data-error-for="primary_category"]')?.textContent).toBe('상담유형 — 필수 항목입니다');
    expect(document.querySelector('[data-error-for="received_on"]')?.textContent).toContain('접수일 — 2099-01-01');
    expect(field('received_on').getAttribute('aria-invalid')).toBe('true');
  });

  it('refuses letters in an amount before calling the core', async () => {
    await render();

    key(categoryChips(), '2');
    type('monthly_wage', '이백만원');
    key(field('monthly_wage'), 'Enter', { ctrlKey: true });
    await settle();
    flushSync();

    expect(backend.calls.some(([cmd]) => cmd === 'create_case')).toBe(false);
    expect(document.querySelector('[data-error-for="monthly_wage"]')?.textContent).toContain('숫자로 입력해 주세요');
  });

  it('never saves on an Enter that belongs to the Korean IME', async () => {
    await render();

    key(categoryChips(), '1');
    key(field('client_name'), 'Enter', { ctrlKey: true, isComposing: true });
    key(field('client_name'), 'Enter', { keyCode: 229 } as KeyboardEventInit);
    key(field('client_name'), 'Enter');
    await settle();

    expect(backend.calls.some(([cmd]) => cmd === 'create_case')).toBe(false);
  });

  it('keeps what is typed as a draft a moment later, and clears it when the case is saved', async () => {
    await render();

    key(categoryChips(), '1');
    type('summary', '임시 저장 확인');
    expect(backend.drafts.has('intake')).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 800));
    flushSync();
    expect(backend.drafts.get('intake')).toMatchObject({ summary: '임시 저장 확인', primary_category: 'wage_arrears' });
    expect(document.querySelector<HTMLElement>('.draft-state')?.dataset.draft).toBe('saved');
    const drafts = backend.calls.filter(([cmd]) => cmd === 'save_draft');
    expect(drafts).toHaveLength(1);

    key(field('summary'), 'Enter', { ctrlKey: true });
    await settle();
    expect(backend.cases).toHaveLength(1);
    expect(backend.drafts.has('intake')).toBe(false);
  });

  it('restores a draft left by an earlier session', async () => {
    backend.drafts.set('intake', { summary: '어제 쓰던 내용', primary_category: 'dismissal', client_name: '김민수', junk: 5 });
    await render();

    expect(field('summary').value).toBe('어제 쓰던 내용');
    expect(field('client_name').value).toBe('김민수');
    expect(categoryChips().dataset.value).toBe('dismissal');
    expect(document.getElementById('draft-restored')).not.toBeNull();
  });

  it('links every case to the booth event while booth mode lasts', async () => {
    backend.events.push({ id: 'ev1', held_on: '2025-05-01', place: '신도림역', kind: 'subway', visitor_count: null, counselors: [], note: null, case_count: 0 });
    backend.preferences.set('booth_event_id', 'ev1');
    await render();

    expect(document.getElementById('booth-banner')?.textContent).toContain('2025-05-01 신도림역');
    key(categoryChips(), '3');
    key(categoryChips(), 'Enter', { ctrlKey: true });
    await settle();

    expect(backend.cases[0].input).toMatchObject({ outreach_event_id: 'ev1', intake_method: 'outreach', primary_category: 'harassment' });
  });
});
