// End-to-end tests of the desktop behaviour the official Tauri plugins give the real window
// (src-tauri/src/desktop/): one window per user, its size and place remembered, the log file
// and 설정 → 정보, exported files handed to the system's opener, no reload, and updates from a
// lead's address. Run by scripts/e2e.sh, inside a private D-Bus session (dbus-run-session):
// the single-instance plugin finds the running window on the session bus.

import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  APP,
  TIMEOUT_MS,
  appPid,
  browser,
  chord,
  dialogAnswers,
  initDb,
  launch,
  openScreen,
  quitApp,
  screenshot,
  stopApp,
  tabTo,
  typeText,
  waitInPage,
} from './harness.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURES = path.join(import.meta.dirname, 'fixtures');
/** The version the app reports: the workspace's. */
const VERSION = /^version = "([^"]+)"/m.exec(readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8'))[1];
/** tauri.conf.json's identifier: the app's folders are named after it. */
const IDENTIFIER = JSON.parse(readFileSync(path.join(ROOT, 'src-tauri/tauri.conf.json'), 'utf8')).identifier;

let workDir;

/** A fresh encrypted database with the harness's lead, in a folder of its own (its backups
 * go beside it). */
function freshDb(name) {
  const dir = path.join(workDir, name);
  mkdirSync(dir, { recursive: true });
  const db = path.join(dir, `${name}.db`);
  initDb(db);
  return db;
}

/**
 * The app's own folders for one test (its window state under XDG_CONFIG_HOME, its log folder
 * under XDG_DATA_HOME), so nothing of the machine's own LaborDesk is read or written.
 */
function desktopHome(name) {
  const home = path.join(workDir, `${name}-home`);
  const config = path.join(home, 'config');
  const data = path.join(home, 'data');
  mkdirSync(config, { recursive: true });
  mkdirSync(data, { recursive: true });
  return {
    env: { XDG_CONFIG_HOME: config, XDG_DATA_HOME: data },
    logDir: path.join(data, IDENTIFIER, 'logs'),
    stateFile: path.join(config, IDENTIFIER, '.window-state.json'),
  };
}

/**
 * A fake `xdg-open` first on the app's PATH: it records each call's arguments, one line per
 * call, in `calls`. The opener plugin runs `xdg-open PATH` on Linux (the `open` crate tries it
 * before gio and the others), so this is what the system opener would have been handed.
 */
function fakeOpener(name) {
  const bin = path.join(workDir, `${name}-bin`);
  mkdirSync(bin, { recursive: true });
  const calls = path.join(bin, 'calls.txt');
  const script = path.join(bin, 'xdg-open');
  writeFileSync(script, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${calls}'\n`);
  chmodSync(script, 0o755);
  return {
    env: { PATH: `${bin}:${process.env.PATH}` },
    /** The arguments of every call so far. */
    calls: () => (existsSync(calls) ? readFileSync(calls, 'utf8').split('\n').filter(Boolean) : []),
  };
}

/** The window's inner size in CSS pixels, as the page sees it. */
const innerSize = () => browser.execute(() => [window.innerWidth, window.innerHeight]);

before(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'labordesk-e2e-desktop-'));
});

afterEach(stopApp);

after(async () => {
  await stopApp();
  rmSync(workDir, { recursive: true, force: true });
});

describe('desktop behaviour', { timeout: 180_000 }, () => {
  test('the setup screen opens at the default size, which fits a 1366×768 laptop at 125 %', async () => {
    const home = desktopHome('setup');
    await launch(path.join(workDir, 'new.db'), home.env, { login: false });
    await browser.$('#setup-form').waitForExist({ timeout: TIMEOUT_MS });

    // 1366×768 at 125 % is 1093×614 CSS pixels; less the taskbar and the title bar, about
    // 1090×550 is left for the page.
    const [width, height] = await innerSize();
    assert.deepEqual([width, height], [1080, 540], 'the default size of tauri.conf.json');
    assert.ok(width <= 1090 && height <= 550, `${width}×${height} fits the laptop`);
    const overflow = await browser.execute(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.equal(overflow, 0, 'nothing of the setup screen runs off to the side');
    await screenshot('setup');
  });

  test('starting the app again brings the running window forward and the second process exits', async () => {
    const home = desktopHome('single');
    const db = freshDb('single');
    await launch(db, home.env);
    const first = appPid();

    const started = Date.now();
    const second = spawn(APP, [], {
      env: { ...process.env, ...home.env, LABORDESK_DB: db },
      stdio: 'ignore',
    });
    const code = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the second process did not exit within 15 s')), 15_000);
      second.once('exit', (status) => (clearTimeout(timer), resolve(status)));
    });
    assert.equal(code, 0, 'the second process leaves quietly');
    assert.ok(Date.now() - started < 15_000);

    // The window driven all along is the first one, and it says it was asked for again.
    const notice = await browser.$('#second-start');
    await notice.waitForExist({ timeout: TIMEOUT_MS });
    assert.match(await notice.getText(), /이미 이 창으로 열려 있습니다/);
    assert.equal(appPid(), first, 'the first process still runs the window');
    assert.ok(await browser.$('nav.side').isExisting(), 'still logged in: nothing was reopened');
    // The second process never reached the log, which starts after the single-instance check.
    const log = readFileSync(path.join(home.logDir, 'labordesk.log'), 'utf8');
    assert.match(log, /started again/, 'the first window logged the second start');
  });

  test('the window keeps its size and place across a restart', async () => {
    const home = desktopHome('state');
    const db = freshDb('state');
    await launch(db, home.env);
    await browser.setWindowRect(40, 30, 940, 600);
    const before = await browser.getWindowRect();
    assert.deepEqual([before.width, before.height], [940, 600]);
    await quitApp();
    assert.ok(existsSync(home.stateFile), 'the window state was written at exit');

    await launch(db, home.env);
    const after = await browser.getWindowRect();
    assert.deepEqual(
      [after.x, after.y, after.width, after.height],
      [before.x, before.y, before.width, before.height],
      'the same size and place as when the app was closed',
    );
  });

  test('F5, Ctrl+R and the context menu never reload a half-filled intake form', async () => {
    const home = desktopHome('reload');
    await launch(freshDb('reload'), home.env);
    await openScreen('2', 'intake');
    await browser.$('#intake-form[data-ready="true"]').waitForExist({ timeout: TIMEOUT_MS });
    await tabTo('summary');
    await typeText('야간 수당을 못 받은 경비원');
    // A mark only this page has: a reload would start a new page without it. (The form's
    // draft would survive a reload, so the text alone would not show one.)
    await browser.execute(() => {
      window.__page = 'before';
      window.__reloadKeys = [];
      // After the app's own handlers: whether one of them stopped the engine's default.
      document.addEventListener('keydown', (e) => window.__reloadKeys.push(`${e.key}:${e.defaultPrevented}`));
      document.addEventListener('contextmenu', (e) => window.__reloadKeys.push(`menu:${e.defaultPrevented}`));
    });

    await chord('F5');
    await chord('Ctrl', 'r');
    await chord('Ctrl', 'Shift', 'r');
    await browser.$('#intake-title, main[data-screen="intake"] h1').click({ button: 'right' });
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    assert.equal(await browser.execute(() => window.__page), 'before', 'the page was never reloaded');
    assert.equal(await browser.$('[name="summary"]').getValue(), '야간 수당을 못 받은 경비원');
    const seen = await browser.execute(() => window.__reloadKeys);
    assert.ok(seen.includes('F5:true'), `F5 was stopped (${seen})`);
    assert.ok(seen.some((k) => /^r:true$/i.test(k)), `Ctrl+R was stopped (${seen})`);
    assert.ok(seen.includes('menu:true'), `the page's context menu, with its reload, was stopped (${seen})`);
  });

  test('설정 → 정보 shows the version, the database path and the log folder, and opens that folder', async () => {
    const home = desktopHome('about');
    const opener = fakeOpener('about');
    const db = freshDb('about');
    await launch(db, { ...home.env, ...opener.env });
    await openScreen('9', 'settings');
    await browser.$('#settings-tab-about').click();
    const version = await browser.$('#about-version');
    await version.waitForExist({ timeout: TIMEOUT_MS });

    assert.equal(await version.getText(), VERSION);
    assert.equal(await browser.$('#about-db-path').getText(), db);
    assert.equal(await browser.$('#about-log-dir').getText(), home.logDir);
    assert.ok(existsSync(path.join(home.logDir, 'labordesk.log')), 'the log file is in the folder shown');
    await screenshot('about');

    await browser.$('#open-log-folder').click();
    await waitForCalls(opener, 1);
    assert.deepEqual(opener.calls(), [home.logDir], 'the log folder went to the system opener');
  });

  test('a failed backup at exit is written to the log file', async () => {
    const home = desktopHome('exitlog');
    const db = freshDb('exitlog');
    await launch(db, home.env);
    // The exit backup goes to backups/ beside the database: a file in its place makes it fail.
    const backups = path.join(path.dirname(db), 'backups');
    rmSync(backups, { recursive: true, force: true });
    writeFileSync(backups, 'not a folder');
    await quitApp();
    rmSync(backups, { force: true });

    const log = readFileSync(path.join(home.logDir, 'labordesk.log'), 'utf8');
    assert.match(log, /종료 시 백업 실패/, 'the failure is in the log instead of vanishing');
  });

  test('after an export, 열기 and 폴더 열기 hand the workbook and its folder to the system opener', async () => {
    const home = desktopHome('export');
    const opener = fakeOpener('export');
    const dialog = dialogAnswers(workDir);
    const out = path.join(workDir, '내보내기');
    mkdirSync(out, { recursive: true });
    const xlsx = path.join(out, '통계.xlsx');
    dialog.answer(xlsx);
    await launch(freshDb('export'), { ...home.env, ...opener.env, ...dialog.env });
    await openScreen('6', 'stats');
    const exportButton = await browser.$('#export');
    await exportButton.waitForEnabled({ timeout: TIMEOUT_MS });
    await exportButton.click();
    const done = await browser.$('#export-done');
    await done.waitForExist({ timeout: TIMEOUT_MS });
    assert.ok(existsSync(xlsx), 'the workbook was written');

    await done.$('.open-export').click();
    await waitForCalls(opener, 1);
    await done.$('.open-export-folder').click();
    await waitForCalls(opener, 2);
    assert.deepEqual(opener.calls(), [xlsx, out], 'the file, then its folder');
  });

  test('updates: nothing is contacted until a lead sets an address; then the signed version is offered, and a file whose signature does not match is not installed', async () => {
    const server = await updateServer();
    try {
      const home = desktopHome('update');
      await launch(freshDb('update'), home.env);
      await openScreen('9', 'settings');
      await browser.$('#settings-tab-about').click();
      await browser.$('#update-form').waitForExist({ timeout: TIMEOUT_MS });
      assert.equal(await browser.$('#update-offer').isExisting(), false);
      assert.deepEqual(server.requests, [], 'no request while no address is set (login, 설정 → 정보)');

      await browser.$('[name="update_address"]').setValue(`${server.url}/latest.json`);
      await browser.$('#update-form button[type="submit"]').click();
      const offer = await browser.$('#update-offer');
      await offer.waitForExist({ timeout: TIMEOUT_MS });
      assert.equal(await offer.getAttribute('data-version'), '9.9.0');
      assert.match(await offer.getText(), /새 버전 9\.9\.0이 있습니다/);
      assert.equal(await browser.$('#update-notes').getText(), '월 마감 화면 개선\n인쇄 오류 수정');
      assert.deepEqual(server.requests, ['/latest.json'], 'the address was asked once, after it was set');
      assert.equal(await browser.$('#update-badge').getAttribute('data-version'), '9.9.0', 'the header says so too');

      // The server hands out a file that is not the one signed: refused before installing.
      await browser.$('#install-update').click();
      const refused = await browser.$('#updates .error-banner');
      await refused.waitForExist({ timeout: TIMEOUT_MS });
      assert.match(await refused.getText(), /서명이 맞지 않아 설치하지 않았습니다/);
      assert.deepEqual(server.requests, ['/latest.json', '/labordesk-9.9.0.bin']);
    } finally {
      await server.close();
    }
  });
});

/** Waits until the fake opener was called `n` times. */
async function waitForCalls(opener, n) {
  await browser.waitUntil(async () => opener.calls().length >= n, {
    timeout: TIMEOUT_MS,
    timeoutMsg: `the system opener was called ${opener.calls().length} times, not ${n}`,
  });
}

/**
 * A local update server on a free port: `latest.json` announcing 9.9.0 with notes and the
 * signature the TEST key made of fixtures/update-artifact.bin, and under the announced name a
 * file that differs from it by one byte. Records the path of every request.
 */
async function updateServer() {
  const signature = readFileSync(path.join(FIXTURES, 'update-artifact.bin.sig'), 'utf8').trim();
  const tampered = Buffer.from(readFileSync(path.join(FIXTURES, 'update-artifact.bin'), 'utf8').replace('TEST', 'EVIL'));
  const requests = [];
  let url;
  const server = createServer((req, res) => {
    requests.push(req.url);
    if (req.url === '/latest.json') {
      const platform = { signature, url: `${url}/labordesk-9.9.0.bin` };
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          version: '9.9.0',
          notes: '월 마감 화면 개선\n인쇄 오류 수정',
          pub_date: '2026-01-05T09:00:00Z',
          platforms: { 'linux-x86_64': platform, 'windows-x86_64': platform },
        }),
      );
    } else if (req.url === '/labordesk-9.9.0.bin') {
      res.setHeader('content-type', 'application/octet-stream');
      res.end(tampered);
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${server.address().port}`;
  return { url, requests, close: () => new Promise((resolve) => server.close(resolve)) };
}
