// End-to-end tests of protecting the data on the real window: first-run setup with the
// recovery code (on an empty folder, and encrypting an old unencrypted database), login and
// logout, a wrong password, the forgotten-password path, the idle lock and unlocking to the
// same unfinished form, another account's role, the lead's access log exported to Excel, a new
// recovery code made in the settings (the old one refused, the new one setting a password), a
// backup restored from the settings, and a damaged database restored from its newest backup.

import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import {
  LEAD,
  TIMEOUT_MS,
  browser,
  chord,
  cli,
  cliAs,
  dialogAnswers,
  fillLogin,
  initDb,
  invokeInPage,
  launch,
  listedCaseNumbers,
  logIn,
  openScreen,
  stopApp,
  tabTo,
  typeText,
} from './harness.mjs';

let workDir;

/** A database path in a folder of its own (its backups go beside it). */
function dbIn(name) {
  const dir = path.join(workDir, name);
  mkdirSync(dir, { recursive: true });
  return path.join(dir, 'labordesk.db');
}

/** Fills the login screen's recovery form ("암호를 잊으셨나요?") and presses Enter. */
async function fillRecovery(code, newPassword) {
  await browser.$('#login-form[data-mode="recover"]').waitForExist({ timeout: TIMEOUT_MS });
  const user = await browser.$('#login-form [name="username"]');
  await user.clearValue();
  await user.setValue(LEAD.username);
  const field = await browser.$('#login-form [name="recovery_code"]');
  await field.clearValue();
  await field.setValue(code);
  await browser.$('#login-form [name="new_password"]').setValue(newPassword);
  await browser.$('#login-form [name="new_password_again"]').setValue(newPassword);
  await chord('Enter');
}

/** The text of the error the login screen shows, with its code. */
async function loginError() {
  const banner = await browser.$('#login-error [data-code]');
  await banner.waitForExist({ timeout: TIMEOUT_MS });
  return { code: await banner.getAttribute('data-code'), text: await banner.getText() };
}

before(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'labordesk-e2e-security-'));
});

afterEach(stopApp);

after(async () => {
  await stopApp();
  rmSync(workDir, { recursive: true, force: true });
});

describe('first run', { timeout: 180_000 }, () => {
  test('sets up an empty data folder: the recovery code once, its confirmation, then the app', async () => {
    const db = dbIn('setup');
    await launch(db, {}, { login: false });
    const form = await browser.$('#setup-form');
    await form.waitForExist({ timeout: TIMEOUT_MS });
    assert.equal(await browser.execute(() => document.activeElement?.getAttribute('name')), 'center_name', 'the form opens on its first field');

    await typeText('구로 노동권익센터');
    await tabTo('device_letter');
    await typeText('a');
    await tabTo('username');
    await typeText(LEAD.username);
    await tabTo('display_name');
    await typeText(LEAD.name);
    await tabTo('password');
    await typeText(LEAD.password);
    await tabTo('password_again');
    await typeText(`${LEAD.password}x`);
    await chord('Enter');
    const mismatch = await browser.$('[data-error-for="password_again"]');
    await mismatch.waitForExist({ timeout: TIMEOUT_MS });
    assert.match(await mismatch.getText(), /같게 입력/);
    assert.equal(existsSync(db), false, 'nothing is created while the form is wrong');

    await chord('Backspace');
    await chord('Enter');
    const shown = await browser.$('#recovery-code');
    await shown.waitForExist({ timeout: TIMEOUT_MS });
    const code = await shown.getAttribute('data-code');
    assert.match(code, /^[A-Z2-9]{5}(-[A-Z2-9]{5}){4}$/, 'five groups of five, without look-alikes');
    assert.ok(existsSync(`${db}.keys`), 'the store is encrypted, its key file beside it');
    assert.equal(await browser.$('nav.side').isExisting(), false, 'the app waits for the confirmation');

    // A deliberate step: the button stays disabled until the last group is typed back.
    const confirm = await browser.$('#recovery-confirm');
    assert.equal(await confirm.isEnabled(), false);
    await typeText(code.slice(0, 5));
    assert.equal(await confirm.isEnabled(), false, 'the first group is not the last');
    await chord('Enter');
    await browser.$('[data-error-for="confirm_code"]').waitForExist({ timeout: TIMEOUT_MS });
    const input = await browser.$('[name="confirm_code"]');
    await input.clearValue();
    await input.setValue(code.slice(-5).toLowerCase());
    assert.equal(await confirm.isEnabled(), true);
    await confirm.click();

    await browser.$('#case-count').waitForExist({ timeout: TIMEOUT_MS });
    assert.equal(await browser.$('#recovery-code').isExisting(), false, 'the code is shown once');
    assert.equal(await browser.$('#center-name').getText(), '구로 노동권익센터');
    const user = await browser.$('#current-user');
    assert.equal(await user.getAttribute('data-role'), 'lead');
    assert.match(await user.getText(), new RegExp(`${LEAD.name}.*센터장`));
    // The CLI opens the same store with the account made in the window.
    assert.match(cli(db, 'accounts', 'list'), new RegExp(LEAD.username));
  });
});

describe('first run on an old unencrypted database', { timeout: 180_000 }, () => {
  test('setup encrypts it in place and every case is still there', async () => {
    const db = dbIn('plain');
    cli(db, 'init', '--center', '옛 센터', '--device', 'C', '--unencrypted');
    cli(db, 'demo');
    const cases = listedCaseNumbers(db).length;
    assert.ok(cases > 0);

    await launch(db, {}, { login: false });
    const notice = await browser.$('#setup-existing');
    await notice.waitForExist({ timeout: TIMEOUT_MS });
    assert.match(await notice.getText(), /기록된 사건은 그대로 남습니다/);
    assert.equal(await browser.$('#setup-form [name="center_name"]').getValue(), '옛 센터', 'the form starts from its settings');
    assert.equal(await browser.$('#setup-form [name="device_letter"]').getValue(), 'C');
    await browser.$('#setup-form [name="username"]').setValue(LEAD.username);
    await browser.$('#setup-form [name="display_name"]').setValue(LEAD.name);
    await browser.$('#setup-form [name="password"]').setValue(LEAD.password);
    await browser.$('#setup-form [name="password_again"]').setValue(LEAD.password);
    await chord('Enter');
    const shown = await browser.$('#recovery-code');
    await shown.waitForExist({ timeout: TIMEOUT_MS });
    const code = await shown.getAttribute('data-code');
    await browser.$('[name="confirm_code"]').setValue(code.slice(-5));
    await browser.$('#recovery-confirm').click();

    const count = await browser.$('#case-count');
    await count.waitForExist({ timeout: TIMEOUT_MS });
    assert.equal(await count.getAttribute('data-count'), String(cases));
    assert.ok(existsSync(`${db}.keys`), 'encrypted now');
    assert.equal(listedCaseNumbers(db).length, cases, 'the CLI opens it with the new account');
  });
});

describe('login, logout and the lock', { timeout: 180_000 }, () => {
  test('a wrong password shows the core’s Korean message and keeps the user name; logout closes the store', async () => {
    const db = dbIn('login');
    initDb(db);
    await launch(db);
    // Logged in by the harness; now out again.
    await browser.$('#logout-button').click();
    await browser.$('#login-form[data-mode="login"]').waitForExist({ timeout: TIMEOUT_MS });
    assert.equal(await browser.$('nav.side').isExisting(), false);
    const refused = await invokeInPage('case_count');
    assert.equal(refused.ok, false, 'the shell refuses data commands when logged out');
    assert.equal(refused.refused.code, 'signed_out');
    assert.match(refused.refused.message, /로그인/);

    await fillLogin(LEAD.username, 'not-the-password');
    const error = await loginError();
    assert.equal(error.code, 'wrong_password');
    assert.match(error.text, /사용자 이름 또는 암호가 맞지 않습니다/);
    assert.equal(await browser.$('#login-form [name="username"]').getValue(), LEAD.username, 'the user name stays');
    assert.equal(await browser.$('#login-form [name="password"]').getValue(), '');

    await browser.$('#login-form [name="password"]').setValue(LEAD.password);
    await chord('Enter');
    await browser.$('#case-count').waitForExist({ timeout: TIMEOUT_MS });
    // The failed attempt reached the access log with the next successful login.
    assert.match(cli(db, 'log', '--action', 'failed_login'), new RegExp(LEAD.username));
  });

  test('a forgotten password is replaced with the recovery code', async () => {
    const db = dbIn('recover');
    const code = initDb(db);
    await launch(db, {}, { login: false });
    await browser.$('#login-form[data-mode="login"]').waitForExist({ timeout: TIMEOUT_MS });
    await browser.$('#forgot-password').click();
    await browser.$('#login-form[data-mode="recover"]').waitForExist({ timeout: TIMEOUT_MS });
    await browser.$('#login-form [name="username"]').setValue(LEAD.username);
    await browser.$('#login-form [name="recovery_code"]').setValue('AAAAA-AAAAA-AAAAA-AAAAA-AAAAA');
    await browser.$('#login-form [name="new_password"]').setValue('a brand new password');
    await browser.$('#login-form [name="new_password_again"]').setValue('a brand new password');
    await chord('Enter');
    assert.equal((await loginError()).code, 'wrong_recovery_code');

    const field = await browser.$('#login-form [name="recovery_code"]');
    await field.clearValue();
    await field.setValue(code.toLowerCase().replaceAll('-', ' '));
    await browser.$('#login-form [name="new_password"]').setValue('a brand new password');
    await browser.$('#login-form [name="new_password_again"]').setValue('a brand new password');
    await chord('Enter');
    await browser.$('#case-count').waitForExist({ timeout: TIMEOUT_MS });
    const withNew = { ...LEAD, password: 'a brand new password' };
    assert.match(cliAs(withNew, db, 'accounts', 'list'), new RegExp(LEAD.username), 'the new password opens the store');
    assert.throws(() => cli(db, 'accounts', 'list'), 'the old one no longer does');
  });

  test('locks after the idle time, keeps the unfinished intake, and unlocks to it', async () => {
    const db = dbIn('idle');
    initDb(db);
    // TEST ONLY: a debug build reads this to lock after seconds instead of minutes.
    await launch(db, { LABORDESK_TEST_IDLE_SECONDS: '4' });
    await openScreen('2', 'intake');
    await browser.$('#intake-form[data-ready="true"]').waitForExist({ timeout: TIMEOUT_MS });
    await typeText('1');
    await tabTo('summary');
    const summary = '잠기기 전에 쓰던 상담 내용';
    await typeText(summary);

    // No input from here on: the window locks by itself.
    const lock = await browser.$('#lock-screen');
    await lock.waitForExist({ timeout: TIMEOUT_MS });
    assert.match(await browser.$('#locked-user').getText(), new RegExp(LEAD.name));
    assert.equal(await browser.$('#intake-form').isExisting(), false);
    assert.equal(
      await browser.execute((text) => document.body.innerText.includes(text), summary),
      false,
      'nothing of the case stays on a locked screen',
    );
    const refused = await invokeInPage('draft', { key: 'intake' });
    assert.equal(refused.ok, false);
    assert.equal(refused.refused.code, 'locked', 'the shell refuses data commands while locked');
    assert.equal(await browser.execute(() => document.activeElement?.getAttribute('name')), 'password');

    await typeText('wrong-password');
    await chord('Enter');
    assert.equal((await loginError()).code, 'wrong_password');
    await typeText(LEAD.password);
    await chord('Enter');
    await browser.$('#intake-form[data-ready="true"]').waitForExist({ timeout: TIMEOUT_MS });
    assert.equal(await browser.$('[name="summary"]').getValue(), summary, 'what was typed came back');
    assert.equal(await browser.$('[data-name="primary_category"]').getAttribute('data-value'), 'wage_arrears');
    assert.match(cli(db, 'log', '--action', 'unlock'), new RegExp(LEAD.username), 'logged as an unlock');
  });

  test('Ctrl+L locks; another account logs in from the lock screen and sees what its role allows', async () => {
    const db = dbIn('roles');
    initDb(db);
    await launch(db);

    // The lead adds a counselor in the settings.
    await openScreen('9', 'settings');
    await browser.$('#settings-tab-accounts').click();
    const form = await browser.$('#account-form');
    await form.waitForExist({ timeout: TIMEOUT_MS });
    await form.$('[name="username"]').setValue('counsel');
    await form.$('[name="display_name"]').setValue('이상담');
    await form.$('[name="role"]').selectByAttribute('value', 'counselor');
    await form.$('[name="password"]').setValue('counsel-password');
    await form.$('[name="password_again"]').setValue('counsel-password');
    await form.$('button[type="submit"]').click();
    await browser.$('#account-list tr[data-username="counsel"][data-active="true"]').waitForExist({ timeout: TIMEOUT_MS });

    await chord('Ctrl', 'l');
    await browser.$('#lock-screen').waitForExist({ timeout: TIMEOUT_MS });
    await browser.$('#switch-user').click();
    await logIn({ username: 'counsel', password: 'counsel-password' });
    const user = await browser.$('#current-user');
    assert.equal(await user.getAttribute('data-username'), 'counsel');
    assert.match(await user.getText(), /이상담.*상담원/);
    assert.equal(await browser.$('main').getAttribute('data-screen'), 'home', 'another account starts at home');
    const menu = await browser.execute(() => [...document.querySelectorAll('nav.side [data-screen]')].map((b) => b.dataset.screen));
    assert.deepEqual(menu, ['home', 'intake', 'list', 'outreach', 'stats', 'sync', 'settings']);

    // Hidden from the counselor, and refused by the core all the same.
    await openScreen('9', 'settings');
    assert.equal(await browser.$('#settings-tab-accounts').isExisting(), false);
    const accounts = await invokeInPage('accounts');
    assert.equal(accounts.ok, false);
    assert.equal(accounts.refused.code, 'forbidden');
    assert.match(accounts.refused.message, /권한이 없습니다/);
  });
});

describe('the lead’s security screens', { timeout: 180_000 }, () => {
  test('the access log shows the login and is exported to Excel through the save dialog', async () => {
    const db = dbIn('log');
    initDb(db);
    const dialog = dialogAnswers(path.dirname(db));
    const xlsx = path.join(path.dirname(db), '접근기록.xlsx');
    dialog.answer(xlsx);
    await launch(db, dialog.env);

    await openScreen('9', 'settings');
    await browser.$('#settings-tab-log').click();
    const loginRow = await browser.$(`#log-rows tr[data-action="login"][data-username="${LEAD.username}"]`);
    await loginRow.waitForExist({ timeout: TIMEOUT_MS });
    assert.match(await loginRow.getText(), /로그인/);

    // Only logins, then the export of exactly those.
    await browser.$('#log-filter [name="log_action"]').selectByAttribute('value', 'login');
    await browser.$('#log-search').click();
    await browser.waitUntil(
      async () => (await browser.execute(() => [...document.querySelectorAll('#log-rows tbody tr')].every((tr) => tr.dataset.action === 'login'))),
      { timeout: TIMEOUT_MS, timeoutMsg: 'only login rows are listed' },
    );
    await browser.$('#log-export').click();
    const done = await browser.$('#log-export-done');
    await done.waitForExist({ timeout: TIMEOUT_MS });
    assert.equal(await done.getAttribute('data-path'), xlsx);
    assert.match(await done.getText(), /저장했습니다: .*접근기록\.xlsx/);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const sheet = wb.getWorksheet('접근 기록');
    assert.ok(sheet, 'the sheet is named in Korean');
    const header = sheet.getRow(1).values.slice(1);
    assert.deepEqual(header, ['순번', '시각(UTC)', '사용자', '행위', '행위 코드', '기록 ID', '내용']);
    const rows = [];
    sheet.eachRow((row, n) => n > 1 && rows.push(row.values.slice(1)));
    assert.ok(rows.length >= 1, 'at least this session’s login');
    assert.ok(rows.every((r) => r[4] === 'login'), 'the filter applies to the file');
    assert.ok(rows.some((r) => r[2] === LEAD.username && r[3] === '로그인'), 'a login row for the lead');
    // And the export itself is in the log.
    assert.match(cli(db, 'log', '--action', 'export'), /접근 기록/);
  });

  test('the lead makes a new recovery code in the settings: the old one is refused, the new one sets a password', async () => {
    const db = dbIn('new-code');
    const old = initDb(db);
    await launch(db);
    await openScreen('9', 'settings');
    await browser.$('#settings-tab-protection').click();
    const make = await browser.$('#new-recovery-code');
    await make.waitForExist({ timeout: TIMEOUT_MS });
    await make.click();
    const dialog = await browser.$('[role="alertdialog"]');
    await dialog.waitForExist({ timeout: TIMEOUT_MS });
    assert.match(await dialog.getText(), /지금의 복구 코드는 바로 쓸 수 없게 됩니다/);
    await browser.$('[role="alertdialog"] [data-action="confirm"]').click();

    const shown = await browser.$('#recovery-code');
    await shown.waitForExist({ timeout: TIMEOUT_MS });
    const code = await shown.getAttribute('data-code');
    assert.match(code, /^[A-Z2-9]{5}(-[A-Z2-9]{5}){4}$/);
    assert.notEqual(code, old);
    assert.equal(await browser.$('#recovery-confirm').isEnabled(), false, 'not before the last group is typed back');
    assert.equal(await browser.execute(() => document.activeElement?.getAttribute('name')), 'confirm_code');
    await typeText(code.slice(-5));
    await chord('Enter');
    await browser.$('#recovery-renewed').waitForExist({ timeout: TIMEOUT_MS });
    assert.equal(await browser.$('#recovery-code').isExisting(), false, 'the code is shown once');
    assert.match(cli(db, 'log', '--action', 'update'), /복구 코드 새로 만듦/, 'the access log keeps it');

    // Forgotten password: the setup's code opens nothing any more; the new one does.
    await browser.$('#logout-button').click();
    await browser.$('#forgot-password').click();
    await fillRecovery(old, 'a brand new password');
    assert.equal((await loginError()).code, 'wrong_recovery_code');
    await fillRecovery(code, 'a brand new password');
    // The same account comes back to the screen it left.
    await browser.$('main[data-screen="settings"]').waitForExist({ timeout: TIMEOUT_MS });
    assert.equal(await browser.$('#current-user').getAttribute('data-username'), LEAD.username);
    const withNew = { ...LEAD, password: 'a brand new password' };
    assert.match(cliAs(withNew, db, 'accounts', 'list'), new RegExp(LEAD.username), 'the new password opens the store');
    assert.throws(() => cli(db, 'accounts', 'list'), 'the old one no longer does');
  });

  test('the lead restores a backup from the settings after typing the password again', async () => {
    const db = dbIn('restore');
    initDb(db);
    await launch(db);
    // The login made the day's first backup; a case logged after it is not in it.
    const csv = path.join(path.dirname(db), 'one.csv');
    writeFileSync(csv, 'case_no,received_on,primary_category\n2024-A0001,2024-05-02,임금체불\n');
    cli(db, 'import', 'cases', csv);
    assert.deepEqual(listedCaseNumbers(db), ['2024-A0001']);

    await openScreen('9', 'settings');
    await browser.$('#settings-tab-protection').click();
    const row = await browser.$('#backup-list li');
    await row.waitForExist({ timeout: TIMEOUT_MS });
    await row.$('button.restore').click();
    const dialog = await browser.$('#restore-form');
    await dialog.waitForExist({ timeout: TIMEOUT_MS });
    assert.match(await browser.$('[role="dialog"]').getText(), /옆에 보관합니다/);
    assert.equal(await browser.execute(() => document.activeElement?.getAttribute('name')), 'restore_password');
    await typeText('not-the-password');
    await chord('Enter');
    await browser.$('[data-error-for="restore_password"]').waitForExist({ timeout: TIMEOUT_MS });
    assert.deepEqual(listedCaseNumbers(db), ['2024-A0001'], 'a typo changes nothing');

    await typeText(LEAD.password);
    await chord('Enter');
    await browser.$('main[data-screen="home"] #case-count[data-count="0"]').waitForExist({ timeout: TIMEOUT_MS });
    assert.deepEqual(listedCaseNumbers(db), [], 'the store is the backup again');
    assert.equal(readdirSync(path.dirname(db)).filter((f) => /^labordesk\.db\.replaced-[^-]+$/.test(f)).length, 1, 'the replaced file is kept');
    assert.match(cli(db, 'log', '--action', 'restore'), /백업/);
  });

  test('a damaged database is left as it was and the newest backup is restored with a lead’s password', async () => {
    const db = dbIn('damaged');
    initDb(db);
    cli(db, 'demo');
    const cases = listedCaseNumbers(db).length;
    assert.match(cli(db, 'backup'), /백업/);
    truncateSync(db, Math.floor(statSync(db).size / 2));
    const damaged = readFileSync(db);

    await launch(db, {}, { login: false });
    await fillLogin(LEAD.username, LEAD.password);
    const offer = await browser.$('#damaged');
    await offer.waitForExist({ timeout: TIMEOUT_MS });
    assert.equal((await loginError()).code, 'db_corrupt');
    assert.match(await browser.$('#login-error').getText(), /손상/);
    assert.match(await offer.getText(), /가장 최근 백업/);
    assert.ok(readFileSync(db).equals(damaged), 'trying to open it changed nothing');

    // A lead's credentials restore it; a wrong password first changes nothing.
    await browser.$('#login-form [name="password"]').setValue('not-the-password');
    await browser.$('#restore-newest').click();
    await browser.$('#login-error [data-code="wrong_password"]').waitForExist({ timeout: TIMEOUT_MS });
    assert.ok(readFileSync(db).equals(damaged));
    await browser.$('#login-form [name="password"]').setValue(LEAD.password);
    await browser.$('#restore-newest').click();
    const count = await browser.$('#case-count');
    await count.waitForExist({ timeout: TIMEOUT_MS });
    assert.equal(await count.getAttribute('data-count'), String(cases), 'every case is back');

    // The main file only; its -wal and -shm, if any, are kept aside beside it.
    const aside = readdirSync(path.dirname(db)).filter((f) => /^labordesk\.db\.replaced-[^-]+$/.test(f));
    assert.equal(aside.length, 1, `the damaged file is kept aside: ${readdirSync(path.dirname(db))}`);
    assert.ok(readFileSync(path.join(path.dirname(db), aside[0])).equals(damaged), 'byte for byte');
  });
});
