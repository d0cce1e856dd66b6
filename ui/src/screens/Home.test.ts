import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Home from './Home.svelte';
import { fakeBackend } from '../test/fakeBackend';
import { cleanup, render } from '../test/render';

beforeEach(() => {
  fakeBackend();
});

afterEach(cleanup);

const info = { dbPath: '/data/labordesk.db', centerName: '테스트센터', deviceLetter: 'A', caseCount: 42 };

describe('the home screen', () => {
  it('lists a case’s own time limit of the week beside the proceedings’ deadlines', async () => {
    await render(Home, { props: { info, shortcuts: [] } });

    const box = document.getElementById('deadlines')!;
    expect(box.dataset.count).toBe('3');
    const limit = box.querySelector<HTMLElement>('.case-deadline')!;
    expect(limit.dataset.caseNo).toBe('2024-A0009');
    expect(limit.textContent).toContain('부당해고 구제신청');
    expect(limit.textContent).toContain('2024-09-05');
    expect(limit.textContent).toContain('D-1');
    expect(limit.querySelector('button')!.title).toContain('3개월 이내');
  });
});
