// App cold start and idle memory of the release app (issue 8), through tauri-driver and
// WebKitWebDriver under the caller's display, as the end-to-end tests start the window.
//
// Each run makes a fresh encrypted store (`labordesk init --user`), starts tauri-driver with
// LABORDESK_DB pointing at it and its own XDG folders, and opens a WebDriver session, which
// starts the app. Cold start is the time from the app process's start (its start time in
// /proc) until the login form's user-name field is on screen and enabled in a loaded page.
// Idle memory is the app's and its WebKit processes' memory after 5 s without input on the
// login screen, then again 5 s after logging in (home), added up several ways: PSS (each
// resident page divided among the processes that map it: the target's measure), RSS (shared
// libraries counted once per process) and USS (the pages only one process maps); and, when
// run as root, the app's pages counted once and those no process outside the app maps.
//
// Plain WebDriver over HTTP (Node's fetch), so nothing needs installing. Prints one JSON
// object on stdout; progress on stderr.
//
//   node bench/coldstart.mjs --app target/release/labordesk-app --cli target/release/labordesk \
//     [--runs 5] [--port 4645]

import { execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  rmSync,
} from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    app: { type: 'string' },
    cli: { type: 'string' },
    runs: { type: 'string', default: '5' },
    port: { type: 'string', default: '4645' },
    idle: { type: 'string', default: '5' },
  },
});
const APP = realpathSync(opts.app);
const CLI = realpathSync(opts.cli);
const PORT = Number(opts.port);
const IDLE_MS = Number(opts.idle) * 1000;
const TIMEOUT_MS = 30_000;
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
const LEAD = { username: 'lead', password: 'bench-violet-lantern-harbor' };
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

const log = (msg) => process.stderr.write(`coldstart: ${msg}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Seconds since boot, the clock /proc's process start times count in. */
const uptime = () => Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);

/** /proc/PID/stat after the command name: state is [0], ppid [1], starttime [19]. */
function stat(pid) {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

function processes() {
  const out = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const s = stat(name);
      out.push({ pid: Number(name), ppid: Number(s[1]), start: Number(s[19]) });
    } catch {
      // Gone since the listing.
    }
  }
  return out;
}

/** The process and every process below it, by parent links. */
function tree(root, all = processes()) {
  const found = [all.find((p) => p.pid === root)].filter(Boolean);
  for (let i = 0; i < found.length; i++) {
    for (const p of all) if (p.ppid === found[i].pid) found.push(p);
  }
  return found;
}

/** The app started by this run's driver: below it, running APP. */
function findApp(driverPid) {
  return tree(driverPid).find((p) => {
    try {
      return readlinkSync(`/proc/${p.pid}/exe`) === APP;
    } catch {
      return false;
    }
  });
}

/** kB of a field of /proc/PID/status or smaps_rollup, from the file's text. A process gone or a
 * field missing stops the run: a reading of 0 would pass any memory target. */
function kb(text, field, file) {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  if (!m) throw new Error(`no ${field} in ${file}`);
  return Number(m[1]);
}

/** The kB of each of `fields` in /proc/PID/`file`, read once. */
function fieldsOf(pid, file, fields) {
  const path = `/proc/${pid}/${file}`;
  const text = readFileSync(path, 'utf8');
  return Object.fromEntries(fields.map((field) => [field, kb(text, field, path)]));
}

/**
 * Adds the physical page numbers of `pid`'s resident pages to `into`, from /proc/PID/pagemap
 * (bit 63: present; bits 0–54: the page frame). Only mappings with resident pages are read.
 * Without CAP_SYS_ADMIN the kernel reports every frame as 0; returns false then.
 */
function residentPages(pid, into) {
  let smaps;
  let fd;
  try {
    smaps = readFileSync(`/proc/${pid}/smaps`, 'utf8');
    fd = openSync(`/proc/${pid}/pagemap`, 'r');
  } catch {
    return true; // a process that ended meanwhile maps nothing
  }
  let framesSeen = false;
  try {
    let range = null;
    const chunk = Buffer.alloc(8 * 65536);
    for (const line of smaps.split('\n')) {
      const head = /^([0-9a-f]+)-([0-9a-f]+) /.exec(line);
      if (head) {
        range = [BigInt(`0x${head[1]}`) / 4096n, BigInt(`0x${head[2]}`) / 4096n];
        continue;
      }
      if (!range || !line.startsWith('Rss:') || /^Rss:\s+0 kB/.test(line)) continue;
      for (let page = range[0]; page < range[1]; page += 65536n) {
        const count = Number(range[1] - page < 65536n ? range[1] - page : 65536n);
        const read = readSync(fd, chunk, 0, count * 8, Number(page * 8n));
        for (let i = 0; i < read / 8; i++) {
          const entry = chunk.readBigUInt64LE(i * 8);
          if (entry >> 63n === 0n) continue;
          const frame = entry & ((1n << 55n) - 1n);
          if (frame !== 0n) framesSeen = true;
          into.add(frame);
        }
      }
      range = null;
    }
  } finally {
    closeSync(fd);
  }
  return framesSeen;
}

/**
 * MB of the pages the app's processes hold, each page counted once however many of them map
 * it (`once_mb`), and of those no other process on the machine maps (`only_mb`: what quitting
 * the app would free). Null without the privilege to read page frames.
 */
function pagesCountedOnce(pids) {
  const app = new Set();
  for (const pid of pids) if (!residentPages(pid, app)) return { once_mb: null, only_mb: null };
  const others = new Set();
  for (const name of readdirSync('/proc')) {
    if (/^\d+$/.test(name) && !pids.includes(Number(name)) && Number(name) !== process.pid) {
      residentPages(Number(name), others);
    }
  }
  let only = 0;
  for (const frame of app) if (!others.has(frame)) only++;
  return { once_mb: (app.size * 4096) / 1e6, only_mb: (only * 4096) / 1e6 };
}

/** RSS, PSS, USS and, with `pages`, the pages counted once (MB) of the app and every process
 * below it (WebKit's web and network processes). */
function memory(appPid, { pages = false } = {}) {
  const pids = tree(appPid).map((p) => p.pid);
  // MB = 10^6 bytes, the larger of the two readings of "MB".
  const sum = (f) => (pids.reduce((a, pid) => a + f(pid), 0) * 1024) / 1e6;
  const name = (pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      return '?';
    }
  };
  const read = new Map(
    pids.map((pid) => [
      pid,
      {
        ...fieldsOf(pid, 'status', ['VmRSS']),
        ...fieldsOf(pid, 'smaps_rollup', ['Pss', 'Private_Clean', 'Private_Dirty']),
      },
    ]),
  );
  return {
    processes: pids.map(name),
    rss_mb: sum((pid) => read.get(pid).VmRSS),
    pss_mb: sum((pid) => read.get(pid).Pss),
    uss_mb: sum((pid) => read.get(pid).Private_Clean + read.get(pid).Private_Dirty),
    ...(pages ? pagesCountedOnce(pids) : {}),
  };
}

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

async function waitFor(what, f) {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const value = await f();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${TIMEOUT_MS} ms`);
    await sleep(10);
  }
}

async function webdriver(method, url, body) {
  const res = await fetch(`http://127.0.0.1:${PORT}${url}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json.value)}`);
  return json.value;
}

// The login form is interactive once its user-name field is in a loaded page, enabled and laid out.
const LOGIN_READY = `const u = document.querySelector('#login-form[data-mode="login"] [name="username"]');
  return document.readyState === 'complete' && !!u && !u.disabled && u.getClientRects().length > 0;`;
const HOME_READY = `return !!document.querySelector('nav.side');`;

async function run(n) {
  const dir = mkdtempSync(path.join(tmpdir(), 'labordesk-coldstart-'));
  const db = path.join(dir, 'labordesk.db');
  execFileSync(CLI, ['--db', db, 'init', '--center', '벤치 센터', '--device', 'A', '--user', LEAD.username], {
    env: { ...process.env, LABORDESK_PASSWORD: LEAD.password },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (const port of [PORT, PORT + 1]) {
    if (await accepts(port)) throw new Error(`port ${port} is in use; pass another --port`);
  }
  // The app's own folders (WebKit's caches included) start empty, as on a new machine.
  const xdg = Object.fromEntries(
    ['DATA', 'CONFIG', 'CACHE', 'STATE'].map((k) => [`XDG_${k}_HOME`, path.join(dir, k.toLowerCase())]),
  );
  const driver = spawn('tauri-driver', ['--port', String(PORT), '--native-port', String(PORT + 1)], {
    env: { ...process.env, ...xdg, LABORDESK_DB: db },
    stdio: 'ignore',
    detached: true, // its own process group: the app and WebKitWebDriver are stopped with it
  });
  await new Promise((resolve, reject) => driver.once('spawn', resolve).once('error', reject));
  try {
    for (const port of [PORT + 1, PORT]) await waitFor(`driver on port ${port}`, () => accepts(port));
    const session = await webdriver('POST', '/session', {
      capabilities: { alwaysMatch: { browserName: 'wry', 'tauri:options': { application: APP } } },
    });
    const sid = session.sessionId;
    const execute = (script) => webdriver('POST', `/session/${sid}/execute/sync`, { script, args: [] });
    await waitFor('the login form', () => execute(LOGIN_READY));
    const ready = uptime();
    const app = findApp(driver.pid);
    if (!app) throw new Error('no app process below tauri-driver');
    const coldStart = ready - app.start / CLK_TCK;

    await sleep(IDLE_MS);
    const login = memory(app.pid);
    const field = async (name) =>
      (await webdriver('POST', `/session/${sid}/element`, {
        using: 'css selector',
        value: `#login-form [name="${name}"]`,
      }))[ELEMENT];
    await webdriver('POST', `/session/${sid}/element/${await field('username')}/value`, { text: LEAD.username });
    await webdriver('POST', `/session/${sid}/element/${await field('password')}/value`, {
      text: `${LEAD.password}\uE007`, // Enter
    });
    await waitFor('the home screen', () => execute(HOME_READY));
    await sleep(IDLE_MS);
    // The page scan reads every process's page map: only for the reading reported.
    const home = memory(app.pid, { pages: true });
    await webdriver('DELETE', `/session/${sid}`).catch(() => {});
    log(
      `run ${n}: cold start ${coldStart.toFixed(2)} s; idle PSS login ${login.pss_mb.toFixed(0)} MB, ` +
        `home ${home.pss_mb.toFixed(0)} MB (RSS ${home.rss_mb.toFixed(0)} MB; ${home.processes.join(', ')})`,
    );
    return { cold_start_s: coldStart, login, home };
  } finally {
    try {
      process.kill(-driver.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
    await Promise.race([new Promise((resolve) => driver.once('exit', resolve)), sleep(5_000)]);
    try {
      process.kill(-driver.pid, 'SIGKILL');
    } catch {
      // Gone, as it should be.
    }
    const deadline = Date.now() + 5_000;
    for (const port of [PORT, PORT + 1]) {
      while ((await accepts(port)) && Date.now() < deadline) await sleep(100);
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

const runs = [];
for (let i = 1; i <= Number(opts.runs); i++) runs.push(await run(i));
const pick = (f) => runs.map(f);
console.log(
  JSON.stringify(
    {
      runs: runs.length,
      cold_start_s: { median: median(pick((r) => r.cold_start_s)), all: pick((r) => r.cold_start_s) },
      idle_login_rss_mb: median(pick((r) => r.login.rss_mb)),
      idle_login_pss_mb: median(pick((r) => r.login.pss_mb)),
      idle_home_rss_mb: median(pick((r) => r.home.rss_mb)),
      idle_home_pss_mb: median(pick((r) => r.home.pss_mb)),
      idle_login_uss_mb: median(pick((r) => r.login.uss_mb)),
      idle_home_uss_mb: median(pick((r) => r.home.uss_mb)),
      idle_home_once_mb: runs[0].home.once_mb === null ? null : median(pick((r) => r.home.once_mb)),
      idle_home_only_mb: runs[0].home.only_mb === null ? null : median(pick((r) => r.home.only_mb)),
      processes: runs[0].home.processes,
    },
    null,
    1,
  ),
);
