// End-to-end tests of sync between devices on the real window: a center store and a booth
// laptop enrolled into it with the CLI (the lead's enrollment file and one-time code), the
// booth's transfer file imported through the sync screen with its report, a tampered copy
// refused in Korean, a file exported from the app and imported by the booth with the CLI, a
// conflict made on both devices shown side by side and resolved, and the sync folder synced
// at login.

import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  TIMEOUT_MS,
  browser,
  cli,
  dialogAnswers,
  enroll,
  initDb,
  launch,
  listedCaseNumbers,
  openScreen,
  stopApp,
  typeText,
} from './harness.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const EXAMPLE_CASES = path.join(ROOT, 'assets/examples/cases.csv');

let workDir;
/** The center's store (device A) and the booth laptop's (device B), made once for the suite. */
let center;
let booth;
/** The booth's transfer file with every case of the example file. */
let boothFile;

/** A database path in a folder of its own (its backups go beside it). */
function dbIn(name) {
  const dir = path.join(workDir, name);
  mkdirSync(dir, { recursive: true });
  return path.join(dir, 'labordesk.db');
}

/** Opens the sync screen (Alt+8) and waits for this device's letter. */
async function openSync() {
  await openScreen('8', 'sync');
  await browser.$('#sync-letter').waitForExist({ timeout: TIMEOUT_MS });
}

/** Opens a case from the list by its number. */
async function openCase(caseNo) {
  await openScreen('3', 'list');
  await typeText(caseNo);
  const row = await browser.$(`.row[data-case-no="${caseNo}"]`);
  await row.waitForExist({ timeout: TIMEOUT_MS });
  await row.click();
  await browser.$(`#detail-title[data-case-no="${caseNo}"]`).waitForExist({ timeout: TIMEOUT_MS });
}

/** Changes a case's summary through its profile form, as a counselor would. */
async function editSummary(caseNo, summary) {
  await openCase(caseNo);
  const field = await browser.$('#profile-form [name="summary"]');
  await field.clearValue();
  await field.setValue(summary);
  await browser.$('#profile-form button[type="submit"]').click();
  await browser.$('section[aria-labelledby="profile-title"] .banner.success').waitForExist({ timeout: TIMEOUT_MS });
}

before(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'labordesk-e2e-sync-'));
  center = dbIn('center');
  initDb(center, '테스트센터');
  const own = path.join(workDir, 'center-case.csv');
  writeFileSync(own, 'case_no,received_on,primary_category,summary\n2024-A0001,2024-05-02,임금체불,센터에서 받은 상담\n');
  cli(center, 'import', 'cases', own);

  // The lead writes the booth's enrollment file; the booth enrolls before its first case.
  booth = dbIn('booth');
  initDb(booth, '부스 노트북');
  const enrollment = path.join(workDir, 'booth-b.enroll');
  const out = cli(center, 'sync', 'enrollment', '--letter', 'B', '--out', enrollment);
  const code = /등록 코드: ([A-Z0-9-]+)/.exec(out)?.[1];
  assert.ok(code, `the enrollment printed its code:\n${out}`);
  assert.match(enroll(booth, enrollment, code), /기기 문자 B/);
  cli(booth, 'import', 'cases', EXAMPLE_CASES);
  boothFile = path.join(workDir, 'B-booth.ldsync');
  cli(booth, 'sync', 'export', boothFile);
});

afterEach(stopApp);

after(async () => {
  await stopApp();
  rmSync(workDir, { recursive: true, force: true });
});

describe('sync between a booth and the center', { timeout: 240_000 }, () => {
  test('a tampered copy is refused in Korean and imports nothing; the booth’s file arrives with its report', async () => {
    const boothCases = listedCaseNumbers(booth);
    assert.ok(boothCases.includes('2024-B0001'));
    const bytes = readFileSync(boothFile);
    bytes[Math.floor(bytes.length / 2)] ^= 0x20;
    const tampered = path.join(workDir, 'tampered.ldsync');
    writeFileSync(tampered, bytes);

    const dialog = dialogAnswers(workDir);
    await launch(center, dialog.env);
    await openSync();
    assert.equal(await browser.$('#sync-letter').getText(), 'A');
    await browser.$('#sync-peers-empty').waitForExist({ timeout: TIMEOUT_MS });

    dialog.answer(tampered);
    await browser.$('#sync-import').click();
    const refused = await browser.$('[role="alert"][data-code="sync_refused"]');
    await refused.waitForExist({ timeout: TIMEOUT_MS });
    const message = await refused.getText();
    assert.match(message, /가져오지 않았습니다/);
    assert.match(message, /아무것도 바뀌지 않았습니다/);
    assert.equal(await browser.$('#sync-report').isExisting(), false);
    assert.deepEqual(listedCaseNumbers(center), ['2024-A0001'], 'nothing was imported');

    dialog.answer(boothFile);
    await browser.$('#sync-import').click();
    const report = await browser.$('#sync-report');
    await report.waitForExist({ timeout: TIMEOUT_MS });
    assert.equal(await report.getAttribute('data-from-letter'), 'B');
    assert.equal(await report.getAttribute('data-new-cases'), String(boothCases.length));
    assert.equal(await report.getAttribute('data-conflicts'), '0');
    const text = await report.getText();
    assert.match(text, /기기 B의 파일 \(B-booth\.ldsync\)/);
    assert.match(text, new RegExp(`새 사건 ${boothCases.length}건`));
    assert.match(text, /충돌 없음/);
    await browser.$('#sync-peers tr[data-letter="B"]').waitForExist({ timeout: TIMEOUT_MS });

    // The booth's cases are the center's now, in the list and on the command line.
    await openCase('2024-B0001');
    assert.deepEqual(listedCaseNumbers(center).sort(), ['2024-A0001', ...boothCases].sort());
  });

  test('a file exported from the app brings the center’s case to the booth through the CLI', async () => {
    const dialog = dialogAnswers(workDir);
    const out = path.join(workDir, 'to-booth');
    dialog.answer(out);
    await launch(center, dialog.env);
    await openSync();
    await browser.$('#sync-export').click();
    const done = await browser.$('#sync-export-done');
    await done.waitForExist({ timeout: TIMEOUT_MS });
    assert.equal(await done.getAttribute('data-path'), `${out}.ldsync`, 'the extension is added');
    assert.ok(Number(await done.getAttribute('data-cases')) >= 1);
    assert.match(await done.getText(), /저장했습니다/);
    assert.match(cli(center, 'log', '--action', 'export'), /동기화 파일/, 'the export is in the access log');

    assert.match(cli(booth, 'sync', 'import', `${out}.ldsync`), /\(기기 A\): 새 사건 1건/);
    assert.ok(listedCaseNumbers(booth).includes('2024-A0001'), 'the center’s case is at the booth');
  });

  test('a field changed on both devices is shown side by side to the lead and resolved', async () => {
    // The booth changes a summary and sends its file; meanwhile the center changes the same.
    await launch(booth);
    await editSummary('2024-B0001', '부스에서 고친 요약');
    await stopApp();
    const fromBooth = path.join(workDir, 'B-conflict.ldsync');
    cli(booth, 'sync', 'export', fromBooth);

    const dialog = dialogAnswers(workDir);
    await launch(center, dialog.env);
    await editSummary('2024-B0001', '센터에서 고친 요약');
    await openSync();
    dialog.answer(fromBooth);
    await browser.$('#sync-import').click();
    const report = await browser.$('#sync-report');
    await report.waitForExist({ timeout: TIMEOUT_MS });
    assert.equal(await report.getAttribute('data-conflicts'), '1');
    const badge = await browser.$('#conflict-badge[data-count="1"]');
    await badge.waitForExist({ timeout: TIMEOUT_MS });

    await browser.$('#sync-report button.link').click();
    const item = await browser.$('#conflict-list li[data-case-no="2024-B0001"][data-field="summary"]');
    await item.waitForExist({ timeout: TIMEOUT_MS });
    assert.equal(await item.getAttribute('data-kept'), 'local', 'the center’s change was the later one');
    assert.equal(await item.$('[data-side="local"] .value').getText(), '센터에서 고친 요약', 'unquoted');
    assert.equal(await item.$('[data-side="remote"] .value').getText(), '부스에서 고친 요약');
    assert.match(await item.$('[data-side="remote"]').getText(), /기기 B의 값/);
    assert.match(await item.$('[data-side="local"]').getText(), /병합 결과/);

    await item.$('button.use-other').click();
    const confirm = await browser.$('[role="alertdialog"]');
    await confirm.waitForExist({ timeout: TIMEOUT_MS });
    assert.match(await confirm.getText(), /다음 동기화 때 다른 기기로 전달됩니다/);
    await browser.$('[role="alertdialog"] [data-action="confirm"]').click();
    await browser.$('#conflicts-empty').waitForExist({ timeout: TIMEOUT_MS });
    await browser.waitUntil(async () => !(await browser.$('#conflict-badge').isExisting()), {
      timeout: TIMEOUT_MS,
      timeoutMsg: 'the badge goes once nothing is left to resolve',
    });

    await openCase('2024-B0001');
    assert.equal(await browser.$('#profile-form [name="summary"]').getValue(), '부스에서 고친 요약', 'the other value was taken');
    assert.match(cli(center, 'sync', 'conflicts'), /^\s*$/, 'none left on the command line either');
  });

  test('with a sync folder set by the lead, the app syncs it at login and on demand', async () => {
    const shared = path.join(workDir, 'shared');
    mkdirSync(shared);
    const dialog = dialogAnswers(workDir);
    dialog.answer(shared);
    await launch(center, dialog.env);
    await openSync();
    assert.equal(await browser.$('#sync-now').isExisting(), false, 'no folder yet');
    await browser.$('#sync-folder-choose').click();
    await browser.$('#sync-folder-set').waitForExist({ timeout: TIMEOUT_MS });
    assert.equal(await browser.$('#sync-folder').getAttribute('data-folder'), shared);
    await browser.$('#sync-now').click();
    const report = await browser.$('#sync-folder-report');
    await report.waitForExist({ timeout: TIMEOUT_MS });
    assert.equal(await report.getAttribute('data-files'), '0', 'nothing from the booth in it yet');
    const outboxes = readdirSync(shared).filter((f) => f.endsWith('.ldsync'));
    assert.equal(outboxes.length, 1, 'the center wrote its outbox');
    await stopApp();

    // The booth writes a new case into its outbox there; the center's next login takes it in.
    const csv = path.join(workDir, 'booth-more.csv');
    writeFileSync(csv, 'case_no,received_on,primary_category,summary\n2024-B0100,2024-06-01,산업재해,부스에서 받은 새 상담\n');
    cli(booth, 'import', 'cases', csv);
    assert.match(cli(booth, 'sync', 'folder', shared), /내 변경을 저장했습니다/);
    assert.equal(listedCaseNumbers(center).includes('2024-B0100'), false);

    await launch(center, dialog.env);
    await browser.waitUntil(async () => listedCaseNumbers(center).includes('2024-B0100'), {
      timeout: TIMEOUT_MS,
      timeoutMsg: 'the login sync brings the booth’s new case',
    });
    await openSync();
    const auto = await browser.$('#sync-auto-report li[data-refused="false"] .sync-report[data-from-letter="B"]');
    await auto.waitForExist({ timeout: TIMEOUT_MS });
    assert.equal(await auto.getAttribute('data-new-cases'), '1');
    assert.ok(existsSync(shared));
  });
});
