// The installed package works: installs the .deb that scripts/e2e.sh built (`tauri build
// --debug --bundles deb`) with dpkg, starts the program its menu entry names, as a desktop
// would, under tauri-driver, reaches the first-run setup screen on an empty data folder, and
// removes the package again, also when a step failed. Needs root or sudo (like scripts/deps.sh).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TIMEOUT_MS, appPid, browser, launch, stopApp } from './harness.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DEB_DIR = path.resolve(ROOT, process.env.CARGO_TARGET_DIR ?? 'target', 'debug', 'bundle', 'deb');

let workDir;
let installed; // the package name, once dpkg installed it

/** Runs a command as root: directly when we are root, through sudo otherwise. */
function asRoot(command, ...args) {
  const [file, argv] = process.getuid() === 0 ? [command, args] : ['sudo', [command, ...args]];
  return execFileSync(file, argv, { encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The newest .deb in the bundle folder: the one this run of scripts/e2e.sh made. */
function builtDeb() {
  const debs = existsSync(DEB_DIR) ? readdirSync(DEB_DIR).filter((name) => name.endsWith('.deb')) : [];
  assert.ok(debs.length > 0, `no .deb in ${DEB_DIR}: scripts/e2e.sh builds it (tauri build --debug --bundles deb)`);
  const newest = (a, b) => statSync(path.join(DEB_DIR, b)).mtimeMs - statSync(path.join(DEB_DIR, a)).mtimeMs;
  return path.join(DEB_DIR, debs.sort(newest)[0]);
}

/**
 * The program a desktop entry's Exec line starts: its first word, without the field codes
 * (%U, %f …) a launcher would fill in, looked up on PATH as a launcher would.
 */
function programOf(desktopEntry) {
  const exec = /^Exec=(.+)$/m.exec(desktopEntry)?.[1];
  assert.ok(exec, `the menu entry has no Exec line:\n${desktopEntry}`);
  const words = exec.match(/"[^"]*"|\S+/g).filter((word) => !/^%[a-zA-Z]$/.test(word));
  const program = words[0].replace(/^"|"$/g, '');
  if (path.isAbsolute(program)) return program;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, program);
    if (existsSync(candidate)) return candidate;
  }
  assert.fail(`${program} (the menu entry's Exec=${exec}) is not on PATH`);
}

before(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'labordesk-e2e-package-'));
});

/** Whether dpkg has `name` on the machine, fully or half installed. */
function isInstalled(name) {
  try {
    const status = execFileSync('dpkg-query', ['--show', '--showformat=${Status}', name], { encoding: 'utf8' });
    return !/not-installed|config-files/.test(status);
  } catch {
    return false; // dpkg-query has never heard of it
  }
}

after(async () => {
  await stopApp();
  rmSync(workDir, { recursive: true, force: true });
  // Removed even when a step failed, so no run leaves LaborDesk installed on the machine.
  if (installed && isInstalled(installed)) asRoot('dpkg', '-r', installed);
});

describe('the installed .deb', { timeout: 300_000 }, () => {
  test('installs with dpkg, starts from its menu entry and shows the first-run setup', async () => {
    const deb = builtDeb();
    const name = execFileSync('dpkg-deb', ['--field', deb, 'Package'], { encoding: 'utf8' }).trim();
    installed = name;
    asRoot('dpkg', '-i', deb);
    const files = asRoot('dpkg', '-L', name).split('\n');

    const entries = files.filter((file) => /^\/usr\/share\/applications\/[^/]+\.desktop$/.test(file));
    assert.equal(entries.length, 1, `one menu entry installed, found: ${entries.join(', ')}`);
    const entry = readFileSync(entries[0], 'utf8');
    assert.match(entry, /^Name=LaborDesk$/m, 'the menu shows the product name');
    assert.match(entry, /^Icon=\S+$/m);
    const program = programOf(entry);
    assert.ok(files.includes(program), `${program} belongs to the package ${name}`);

    // An empty data folder: the app opens on the setup that creates the encrypted store.
    const db = path.join(workDir, 'labordesk.db');
    await launch(db, {}, { login: false, application: program });
    await browser.$('#setup-form').waitForExist({ timeout: TIMEOUT_MS });
    assert.equal(await browser.$('#setup-form [name="center_name"]').isExisting(), true);
    assert.equal(readlinkSync(`/proc/${appPid()}/exe`), program, 'the window belongs to the installed program');
    assert.equal(existsSync(db), false, 'nothing is written before the setup is confirmed');
  });
});
