// End-to-end tests of the real LaborDesk window: the debug app binary, driven through
// tauri-driver and WebKitWebDriver. Run by scripts/e2e.sh, which builds the binaries and
// provides an X display. Every wait is bounded and every process we start is stopped.

import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { remote } from 'webdriverio';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.resolve(ROOT, process.env.CARGO_TARGET_DIR ?? 'target', 'debug');
const CLI = path.join(BIN, 'labordesk');
const APP = path.join(BIN, 'labordesk-app');
// scripts/screenshot.sh points this at docs/screenshots; a plain test run keeps the tree clean.
const SCREENSHOT_DIR = process.env.LABORDESK_SCREENSHOT_DIR ?? path.join(tmpdir(), 'labordesk-e2e-screenshots');
const SCREENSHOT = path.join(SCREENSHOT_DIR, 'home.png');
// Not tauri-driver's defaults (4444/4445), so a developer's own session is left alone.
const PORT = Number(process.env.E2E_DRIVER_PORT ?? 4545);
const CENTER = '테스트센터';
const TIMEOUT_MS = 20_000;

let workDir;
let driver; // the running tauri-driver, if any
let browser; // the WebDriver session, if any

/** Runs the labordesk CLI on `db` and returns its stdout. */
function cli(db, ...args) {
  return execFileSync(CLI, ['--db', db, ...args], { encoding: 'utf8', timeout: 120_000 });
}

/** Whether something accepts TCP connections on `port` right now. */
function accepts(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true)).once('error', () => done(false));
    socket.setTimeout(1_000, () => done(false));
  });
}

/**
 * Waits for WebKitWebDriver (the native port) and then tauri-driver to listen. Plain TCP,
 * not GET /status: tauri-driver would forward that to a native driver not yet up and log a
 * backtrace for each try.
 */
async function waitForDriver(deadline) {
  for (const port of [PORT + 1, PORT]) {
    while (!(await accepts(port))) {
      if (driver.exitCode !== null) throw new Error(`tauri-driver exited with ${driver.exitCode}`);
      if (Date.now() > deadline) throw new Error(`nothing listened on port ${port} within ${TIMEOUT_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * Opens the app on `db`. The app reads its database from LABORDESK_DB, and tauri-driver
 * passes its own environment down to the app, so each database gets its own driver.
 */
async function launch(db) {
  for (const port of [PORT, PORT + 1]) {
    // Another driver there would take our session; set E2E_DRIVER_PORT to move aside.
    if (await accepts(port)) throw new Error(`port ${port} is already in use`);
  }
  driver = spawn('tauri-driver', ['--port', String(PORT), '--native-port', String(PORT + 1)], {
    env: { ...process.env, LABORDESK_DB: db },
    stdio: ['ignore', 'inherit', 'inherit'],
    // Its own process group, so stopping it also stops WebKitWebDriver and the app.
    detached: true,
  });
  // A tauri-driver missing from PATH is reported by an 'error' event, not an exit code.
  await new Promise((resolve, reject) => driver.once('spawn', resolve).once('error', reject));
  await waitForDriver(Date.now() + TIMEOUT_MS);
  browser = await remote({
    hostname: '127.0.0.1',
    port: PORT,
    logLevel: 'warn',
    connectionRetryCount: 0,
    capabilities: {
      browserName: 'wry',
      'wdio:enforceWebDriverClassic': true,
      'tauri:options': { application: APP },
    },
  });
}

/** Signals tauri-driver's whole process group: the driver, WebKitWebDriver and the app. */
function signalDriver(signal) {
  try {
    process.kill(-driver.pid, signal);
  } catch {
    // Already gone.
  }
}

async function stopApp() {
  if (browser) await browser.deleteSession().catch(() => {});
  browser = undefined;
  if (driver && driver.exitCode === null && driver.pid) {
    const exited = new Promise((resolve) => driver.once('exit', resolve));
    signalDriver('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    if (driver.exitCode === null) signalDriver('SIGKILL');
  }
  driver = undefined;
}

before(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'labordesk-e2e-'));
});

afterEach(stopApp);

after(async () => {
  await stopApp();
  rmSync(workDir, { recursive: true, force: true });
});

describe('LaborDesk window', { timeout: 180_000 }, () => {
  test('shows the case count and center of a demo database', async () => {
    const db = path.join(workDir, 'e2e.db');
    cli(db, 'init', '--center', CENTER, '--device', 'A');
    cli(db, 'demo');
    // What the app must show: the cases the CLI lists, one case number (2024-A0007) a line.
    const expected = cli(db, 'cases', 'list')
      .split('\n')
      .filter((line) => /\b\d{4}-A\d{4}\b/.test(line)).length;
    assert.ok(expected >= 415, `demo data holds at least the 415 published cases, got ${expected}`);

    await launch(db);
    const count = await browser.$('#case-count');
    await count.waitForExist({ timeout: TIMEOUT_MS });

    assert.equal(await count.getAttribute('data-count'), String(expected));
    assert.equal(await count.getText(), expected.toLocaleString('ko-KR'));
    assert.equal(await browser.$('#center-name').getText(), CENTER);
    assert.match(await browser.$('main').getText(), /등록된 상담 사건/);
    assert.equal(await browser.$('#store-error').isExisting(), false);

    // Let WebKit paint the last change before the picture is taken.
    await browser.executeAsync((done) =>
      requestAnimationFrame(() => requestAnimationFrame(() => done())),
    );
    // Written aside and renamed, so an interrupted run never leaves a broken PNG.
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    writeFileSync(`${SCREENSHOT}.tmp`, Buffer.from(await browser.takeScreenshot(), 'base64'));
    renameSync(`${SCREENSHOT}.tmp`, SCREENSHOT);
  });

  test('reports a file that is not a database in Korean and leaves it untouched', async () => {
    const db = path.join(workDir, 'garbage.db');
    const garbage = Buffer.concat([
      Buffer.from('이것은 데이터베이스가 아닙니다\n'.repeat(200)),
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 31 + 7) % 256)),
    ]);
    writeFileSync(db, garbage);

    await launch(db);
    const banner = await browser.$('#store-error');
    await banner.waitForExist({ timeout: TIMEOUT_MS });

    assert.match(await banner.$('.message').getText(), /[가-힣]/, 'the core message is Korean');
    assert.match(await banner.getText(), /garbage\.db/, 'the message names the file');
    assert.equal(await browser.$('#case-count').isExisting(), false);

    await stopApp();
    assert.ok(readFileSync(db).equals(garbage), 'the garbage file is byte-identical afterwards');
  });
});
