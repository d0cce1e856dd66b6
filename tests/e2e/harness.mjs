// Starting and stopping the real LaborDesk window for the end-to-end tests: the debug app
// binary, driven through tauri-driver and WebKitWebDriver. Every wait is bounded and every
// process started here is stopped.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { inflateRawSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Key, remote } from 'webdriverio';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.resolve(ROOT, process.env.CARGO_TARGET_DIR ?? 'target', 'debug');
export const CLI = path.join(BIN, 'labordesk');
export const APP = path.join(BIN, 'labordesk-app');
// scripts/screenshot.sh points this at docs/screenshots; a plain test run keeps the tree clean.
export const SCREENSHOT_DIR =
  process.env.LABORDESK_SCREENSHOT_DIR ?? path.join(tmpdir(), 'labordesk-e2e-screenshots');
// Not tauri-driver's defaults (4444/4445), so a developer's own session is left alone.
const PORT = Number(process.env.E2E_DRIVER_PORT ?? 4545);
export const TIMEOUT_MS = 20_000;

/**
 * The app's own folders (window state under XDG_CONFIG_HOME, the log under XDG_DATA_HOME) for
 * this test file, unless a launch names its own: a test run never reads the size a developer
 * left the window at, nor writes into their log.
 */
const APP_FOLDERS = mkdtempSync(path.join(tmpdir(), 'labordesk-e2e-folders-'));
process.on('exit', () => rmSync(APP_FOLDERS, { recursive: true, force: true }));
const APP_FOLDER_ENV = {
  XDG_CONFIG_HOME: path.join(APP_FOLDERS, 'config'),
  XDG_DATA_HOME: path.join(APP_FOLDERS, 'data'),
};

let driver; // the running tauri-driver, if any
/** The WebDriver session of the running app, if any. */
export let browser;

/** The center lead every suite's database is made with (`initDb`), and who logs in. */
export const LEAD = { username: 'lead', name: '김센터', password: 'e2e-violet-lantern-harbor' };

/**
 * Runs the labordesk CLI on `db` as `as` (the lead unless said otherwise) and returns its
 * stdout. The password goes to the CLI alone, never into the app's environment.
 */
export function cliAs(as, db, ...args) {
  return execFileSync(CLI, ['--db', db, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, LABORDESK_USER: as.username, LABORDESK_PASSWORD: as.password },
  });
}

/** Runs the labordesk CLI on `db` as the lead and returns its stdout. */
export function cli(db, ...args) {
  return cliAs(LEAD, db, ...args);
}

/**
 * Creates the encrypted database `db` for device A with LEAD as its first account, as a
 * center lead would on the command line. Returns the recovery code it printed.
 */
export function initDb(db, center = '테스트센터') {
  const out = cli(db, 'init', '--center', center, '--device', 'A', '--user', LEAD.username, '--name', LEAD.name);
  const code = /복구 코드: ([A-Z0-9-]+)/.exec(out)?.[1];
  if (!code) throw new Error(`init printed no recovery code:\n${out}`);
  return code;
}

/**
 * `labordesk sync enroll FILE` on `db` as the lead, the one-time code given as a script would
 * give it (LABORDESK_ENROLL_CODE). Returns its stdout.
 */
export function enroll(db, file, code) {
  return execFileSync(CLI, ['--db', db, 'sync', 'enroll', file], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, LABORDESK_USER: LEAD.username, LABORDESK_PASSWORD: LEAD.password, LABORDESK_ENROLL_CODE: code },
  });
}

/** Whether `db` is an encrypted store (its key file is beside it). */
export const isEncrypted = (db) => existsSync(`${db}.keys`);

/** The case numbers the CLI lists for `db` (2024-A0007 …), one per case. */
export function listedCaseNumbers(db) {
  return cli(db, 'cases', 'list')
    .split('\n')
    .map((line) => /\b\d{4}-[A-Z]\d{4,}\b/.exec(line)?.[0])
    .filter(Boolean);
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
 * Opens the app on `db` and, for an encrypted store, logs in as LEAD through the login
 * screen (`login: false` stops at that screen). The app reads its database from
 * LABORDESK_DB, and tauri-driver passes its own environment down to the app, so each
 * database gets its own driver; `env` adds variables for this launch (e.g.
 * LABORDESK_TEST_DIALOG_ANSWER, see `dialogAnswers`); `application` runs another binary
 * than the debug build (the installed package's, see package.test.mjs).
 */
export async function launch(db, env = {}, { login = isEncrypted(db), application = APP } = {}) {
  for (const port of [PORT, PORT + 1]) {
    // Another driver there would take our session; set E2E_DRIVER_PORT to move aside.
    if (await accepts(port)) throw new Error(`port ${port} is already in use`);
  }
  driver = spawn('tauri-driver', ['--port', String(PORT), '--native-port', String(PORT + 1)], {
    env: { ...process.env, ...APP_FOLDER_ENV, ...env, LABORDESK_DB: db },
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
    waitforTimeout: TIMEOUT_MS,
    capabilities: {
      browserName: 'wry',
      'wdio:enforceWebDriverClassic': true,
      'tauri:options': { application },
    },
  });
  if (login) await logIn();
  return browser;
}

/** Logs in through the login screen, as someone at the keyboard would, and waits for the menu. */
export async function logIn(account = LEAD) {
  await fillLogin(account.username, account.password);
  await browser.$('nav.side').waitForExist({ timeout: TIMEOUT_MS });
}

/** Types a user name and password into the login screen and presses Enter. */
export async function fillLogin(username, password) {
  const form = await browser.$('#login-form[data-mode="login"]');
  await form.waitForExist({ timeout: TIMEOUT_MS });
  const user = await browser.$('#login-form [name="username"]');
  await user.clearValue();
  await user.setValue(username);
  await browser.$('#login-form [name="password"]').setValue(password);
  await chord('Enter');
}

/**
 * Calls a command of the shell from the page, as the UI would, and returns `{ ok, value }` or
 * `{ ok: false, refused: { code, message } }`: to check that the shell itself refuses what the
 * screens hide. (Not `error`: WebDriver would take a result with that key for its own error.)
 */
export function invokeInPage(command, args = {}) {
  // WebDriver waits for the promise the script returns.
  return browser.execute(
    (command, args) =>
      window.__TAURI_INTERNALS__.invoke(command, args).then(
        (value) => ({ ok: true, value }),
        (error) => ({ ok: false, refused: { code: error?.code, message: error?.message } }),
      ),
    command,
    args,
  );
}

/** Signals tauri-driver's whole process group: the driver, WebKitWebDriver and the app. */
function signalDriver(signal) {
  try {
    process.kill(-driver.pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * The process id of the running app: the `labordesk-app` in tauri-driver's process group
 * (where WebKitWebDriver starts it). Its WebKit web and network processes are other names.
 */
export function appPid() {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      // After the command name: state, ppid, pgrp.
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (comm === 'labordesk-app' && pgrp === driver?.pid) return Number(name);
    } catch {
      // A process that ended while we looked.
    }
  }
  throw new Error('no labordesk-app process in the driver\'s process group');
}

/** Whether process `pid` still runs (a zombie counts as ended). */
function running(pid) {
  try {
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Waits up to `ms` for process `pid` to end; answers whether it did. */
async function ended(pid, ms) {
  const deadline = Date.now() + ms;
  while (running(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  return !running(pid);
}

/** How long the app may take to close: its exit backup and sync wait up to 20 s (EXIT_WAIT). */
const APP_EXIT_MS = 25_000;

/**
 * Closes the app as a logout would (SIGTERM to the app alone): it ends as when its window is
 * closed, running its exit backup and sync and saving the window state. Then the driver stops.
 */
export async function quitApp() {
  const pid = appPid();
  process.kill(pid, 'SIGTERM');
  if (!(await ended(pid, APP_EXIT_MS))) throw new Error(`the app (${pid}) did not end within ${APP_EXIT_MS} ms`);
  await stopApp();
}

/** Ends the session and the app, as closing the window would. */
export async function stopApp() {
  let app;
  try {
    app = driver ? appPid() : undefined;
  } catch {
    // Already gone.
  }
  if (browser) await browser.deleteSession().catch(() => {});
  browser = undefined;
  if (driver && driver.exitCode === null && driver.pid) {
    const exited = new Promise((resolve) => driver.once('exit', resolve));
    signalDriver('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    if (driver.exitCode === null) signalDriver('SIGKILL');
  }
  driver = undefined;
  // The app ends as when its window closes (src-tauri: exit_on_termination) and holds its
  // single-instance name until it has: the next launch would otherwise take itself for a
  // second start.
  if (app && !(await ended(app, APP_EXIT_MS))) process.kill(app, 'SIGKILL');
  // WebKitWebDriver, in the same group, may outlive tauri-driver by a moment; the next
  // launch needs both ports free.
  const deadline = Date.now() + 5_000;
  for (const port of [PORT, PORT + 1]) {
    while ((await accepts(port)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * The native file dialogs cannot be driven through WebDriver. A debug build of the app reads
 * LABORDESK_TEST_DIALOG_ANSWER (TEST ONLY; see `test_dialog_answer` in src-tauri) as the name
 * of a file holding the path the next open or save dialog "chooses", and then skips the
 * dialog; everything else, the buttons included, runs as for a user. Returns the variable to
 * launch with and a function that sets the next answer.
 */
export function dialogAnswers(dir) {
  const file = path.join(dir, 'dialog-answer.txt');
  return {
    env: { LABORDESK_TEST_DIALOG_ANSWER: file },
    answer: (chosen) => writeFileSync(file, chosen),
  };
}

/**
 * One file of a zip archive (a .docx), as text: found through the archive's central
 * directory, stored or deflated. Enough zip for a Word file, and no package to install.
 */
export function zipEntryText(file, name) {
  const zip = readFileSync(file);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error(`${file} is not a zip archive`);
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    if (zip.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      const data = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const body = zip.subarray(data, data + size);
      return (method === 8 ? inflateRawSync(body) : body).toString('utf8');
    }
    at += 46 + skip;
  }
  throw new Error(`${file} has no ${name}`);
}

/** Today on this machine (YYYY-MM-DD), as the app's clock sees it. */
export function localToday(now = new Date()) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

// --- the keyboard, as a counselor uses it ---------------------------------------------------

/** Presses `key` with the modifiers held (e.g. chord('Alt', '2'), chord('Ctrl', 'Enter')):
 * names of WebDriver's special keys (webdriverio's `Key`) or single characters. */
export async function chord(...names) {
  const keys = names.map((name) => (name.length > 1 ? Key[name] : name));
  if (keys.some((k) => k === undefined)) throw new Error(`unknown key in ${names.join('+')}`);
  const action = browser.action('key');
  for (const k of keys) action.down(k);
  for (const k of [...keys].reverse()) action.up(k);
  await action.perform();
}

/** Types text (Korean included) into whatever has the focus. */
export async function typeText(text) {
  const action = browser.action('key');
  for (const ch of text) action.down(ch).up(ch);
  await action.perform();
}

/** The focused element's name attribute, or its data-name (the chip groups). */
export function focusedName() {
  return browser.execute(() => {
    const el = document.activeElement;
    return el?.getAttribute('name') ?? el?.getAttribute('data-name') ?? el?.tagName ?? null;
  });
}

/** Presses Tab until the field named `name` has the focus (at most `max` times). */
export async function tabTo(name, max = 15) {
  for (let i = 0; i < max; i++) {
    if ((await focusedName()) === name) return;
    await chord('Tab');
  }
  throw new Error(`Tab never reached the field "${name}" (now on "${await focusedName()}")`);
}

/** Opens a screen with its Alt shortcut and waits for it. */
export async function openScreen(key, screen) {
  await chord('Alt', key);
  await browser.$(`main[data-screen="${screen}"]`).waitForExist({ timeout: TIMEOUT_MS });
}

/** Waits until `fn` (run in the page) returns something truthy, and returns it. */
export async function waitInPage(fn, message, ...args) {
  let value;
  await browser.waitUntil(async () => (value = await browser.execute(fn, ...args)), {
    timeout: TIMEOUT_MS,
    timeoutMsg: message,
  });
  return value;
}

/** Saves a picture of the window as `name`.png in SCREENSHOT_DIR, after WebKit has painted. */
export async function screenshot(name) {
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
  // The app has WebKitGTK paint without compositing (src-tauri/src/main.rs), and then its
  // WebDriver takes the picture at the page's next paint: on a screen where nothing changes any
  // more there is none, and the screenshot would wait forever. A change of a pixel-invisible
  // style just after the request makes that paint happen.
  await browser.execute(() => {
    const root = document.documentElement;
    setTimeout(() => {
      root.style.outline = '1px solid transparent';
      requestAnimationFrame(() => requestAnimationFrame(() => root.style.removeProperty('outline')));
    }, 50);
  });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  // Written aside and renamed, so an interrupted run never leaves a broken PNG.
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  writeFileSync(`${file}.tmp`, Buffer.from(await browser.takeScreenshot(), 'base64'));
  renameSync(`${file}.tmp`, file);
  return file;
}
