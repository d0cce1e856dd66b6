import { afterEach, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import App from './App.svelte';
import { app } from './lib/app.svelte';
import { session } from './lib/session.svelte';
import { LEAD, LEAD_PASSWORD, fakeBackend } from './test/fakeBackend';
import { cleanup, idle, render as mountScreen } from './test/render';

afterEach(cleanup);

const render = () => mountScreen(App, { shared: false, times: 10 });

const field = <T extends HTMLElement = HTMLInputElement>(name: string) => document.querySelector<T>(`[name="${name}"]`)!;

function type(name: string, value: string) {
  const el = field<HTMLInputElement | HTMLTextAreaElement>(name);
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  flushSync();
}

function press(target: EventTarget, key: string, init: KeyboardEventInit = {}) {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }));
  flushSync();
}

const commands = (backend: ReturnType<typeof fakeBackend>) => backend.calls.map(([cmd]) => cmd);

describe('first-run setup', () => {
  it('checks the form before asking the shell, then shows the recovery code until its last group is typed back', async () => {
    const backend = fakeBackend();
    backend.session = { state: 'setup', existing: false, settings: { center_name: '', device_letter: '' } };
    await render();

    expect(document.getElementById('setup-form')).not.toBeNull();
    expect(document.querySelector('nav.side')).toBeNull();
    await idle(2);
    expect(document.activeElement).toBe(field('center_name'));

    type('center_name', '구로 노동권익센터');
    type('device_letter', 'a');
    type('username', 'lead');
    type('display_name', '김센터');
    type('password', 'long enough');
    type('password_again', 'long enougH');
    press(field('password_again'), 'Enter');
    await idle();
    expect(document.querySelector('[data-error-for="password_again"]')?.textContent).toBe('위의 암호와 같게 입력해 주세요');
    expect(commands(backend)).not.toContain('setup');

    type('password_again', 'long enough');
    press(field('password_again'), 'Enter');
    await idle();
    const setup = backend.calls.find(([cmd]) => cmd === 'setup')!;
    expect(setup[1]).toEqual({
      input: { center_name: '구로 노동권익센터', device_letter: 'A', username: 'lead', display_name: '김센터', password: 'long enough' },
    });

    // The code, once, before the app; the button waits for its last group.
    expect(document.getElementById('recovery-code')?.textContent).toBe(backend.recoveryCode.replaceAll('-', ''));
    expect(document.querySelector('nav.side')).toBeNull();
    const confirm = document.getElementById('recovery-confirm') as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    type('confirm_code', 'ABCDE');
    expect(confirm.disabled).toBe(true);
    press(field('confirm_code'), 'Enter');
    expect(document.querySelector('[data-error-for="confirm_code"]')?.textContent).toContain('마지막 다섯 글자가 다릅니다');
    type('confirm_code', 'xyz23');
    expect(confirm.disabled).toBe(false);
    confirm.click();
    await idle();

    expect(document.getElementById('recovery-code')).toBeNull();
    expect(document.getElementById('current-user')?.textContent).toContain('김센터');
    expect(document.getElementById('case-count')).not.toBeNull();
    expect(session.recoveryCode, 'the code is not kept once confirmed').toBeNull();
  });

  it('tells the lead that an existing unencrypted database is encrypted with its cases kept', async () => {
    const backend = fakeBackend();
    backend.session = { state: 'setup', existing: true, settings: { center_name: '옛센터', device_letter: 'B' } };
    await render();

    expect(document.getElementById('setup-existing')?.textContent).toContain('기록된 사건은 그대로 남습니다');
    expect(field('center_name').value).toBe('옛센터');
    expect(field('device_letter').value).toBe('B');
  });
});

describe('login and lock', () => {
  it('shows the core’s message for a wrong password, keeps the user name, then logs in', async () => {
    const backend = fakeBackend();
    backend.session = { state: 'logged_out' };
    await render();

    expect(document.getElementById('login-form')).not.toBeNull();
    expect(document.querySelector('nav.side')).toBeNull();
    type('username', 'lead');
    type('password', 'not the password');
    press(field('password'), 'Enter');
    await idle();
    const error = document.querySelector<HTMLElement>('#login-error [data-code]');
    expect(error?.dataset.code).toBe('wrong_password');
    expect(error?.textContent).toContain('사용자 이름 또는 암호가 맞지 않습니다.');
    expect(field('username').value).toBe('lead');
    expect(field('password').value).toBe('');

    type('password', LEAD_PASSWORD);
    press(field('password'), 'Enter');
    await idle();
    expect(document.getElementById('current-user')?.dataset.username).toBe('lead');
    expect(document.getElementById('case-count')).not.toBeNull();
  });

  it('saves the unfinished intake before Ctrl+L locks, and the same form comes back after unlocking', async () => {
    const backend = fakeBackend();
    await render();
    app.screen = 'intake';
    await idle();
    type('summary', '잠그기 직전에 쓴 내용');
    // Ctrl+L at once, before the draft's quiet time is over.
    press(window, 'l', { ctrlKey: true, code: 'KeyL' });
    await idle();

    const cmds = commands(backend);
    expect(cmds.lastIndexOf('save_draft')).toBeGreaterThan(-1);
    expect(cmds.lastIndexOf('save_draft'), 'the draft is written before the store closes').toBeLessThan(cmds.indexOf('lock'));
    expect(backend.drafts.get('intake')).toMatchObject({ summary: '잠그기 직전에 쓴 내용' });
    expect(document.getElementById('lock-screen')).not.toBeNull();
    expect(document.body.textContent).not.toContain('잠그기 직전에 쓴 내용');
    expect(document.getElementById('locked-user')?.textContent).toContain('김센터');

    type('password', 'wrong password');
    press(field('password'), 'Enter');
    await idle();
    expect(document.querySelector<HTMLElement>('#login-error [data-code]')?.dataset.code).toBe('wrong_password');
    type('password', LEAD_PASSWORD);
    press(field('password'), 'Enter');
    await idle(20);

    expect(document.querySelector('main')?.dataset.screen, 'back on the screen it left').toBe('intake');
    expect(field<HTMLTextAreaElement>('summary').value).toBe('잠그기 직전에 쓴 내용');
  });

  it('locks by itself after the idle time without input', async () => {
    const backend = fakeBackend();
    backend.idleSeconds = 0.3;
    await render();
    expect(document.getElementById('case-count')).not.toBeNull();

    await new Promise((resolve) => setTimeout(resolve, 500));
    await idle();
    expect(commands(backend)).toContain('lock');
    expect(document.getElementById('lock-screen')).not.toBeNull();
  });

  it('shows the login screen when a command is refused because the session was closed elsewhere', async () => {
    const backend = fakeBackend();
    await render();
    backend.session = { state: 'logged_out' };
    app.screen = 'outreach';
    await idle(20);

    expect(document.getElementById('login-screen')).not.toBeNull();
  });

  it('logs out to the login screen', async () => {
    const backend = fakeBackend();
    await render();
    document.getElementById('logout-button')!.click();
    await idle();

    expect(commands(backend)).toContain('logout');
    expect(document.getElementById('login-screen')).not.toBeNull();
    expect(document.querySelector('nav.side')).toBeNull();
  });
});

describe('roles', () => {
  it('shows a counselor neither the review nor the import, nor the lead’s settings tabs', async () => {
    const backend = fakeBackend();
    backend.session = { state: 'open', user: { username: 'counsel', display_name: '이상담', role: 'counselor' } };
    await render();

    const screens = [...document.querySelectorAll<HTMLElement>('nav.side [data-screen]')].map((b) => b.dataset.screen);
    expect(screens).toEqual(['home', 'intake', 'list', 'outreach', 'stats', 'sync', 'settings']);
    press(window, '7', { altKey: true, code: 'Digit7' });
    expect(document.querySelector('main')?.dataset.screen, 'Alt+7 does nothing for a counselor').toBe('home');

    app.screen = 'settings';
    await idle();
    expect(document.getElementById('settings-tab-accounts')).toBeNull();
    expect(document.getElementById('center-form')).toBeNull();
    expect(document.getElementById('my-password-form')).not.toBeNull();
  });

  it('shows the lead every screen and the security tabs', async () => {
    fakeBackend();
    await render();
    expect(document.querySelectorAll('nav.side [data-screen]')).toHaveLength(9);
    app.screen = 'settings';
    await idle();
    expect(document.getElementById('settings-tab-accounts')).not.toBeNull();
    expect(document.getElementById('current-user')?.dataset.role).toBe(LEAD.role);
  });
});
