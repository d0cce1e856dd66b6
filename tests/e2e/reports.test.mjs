// End-to-end tests of the lead's and the supervisor's screens on the real window: statistics
// and the Excel export, the records behind a T1 number, the remedy review, the import and the
// home dashboard. The expected numbers are the city's published figures, which the demo data
// reproduces, and what the CLI says about the same database.

import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import {
  TIMEOUT_MS,
  browser,
  cli,
  dialogAnswers,
  initDb,
  launch,
  listedCaseNumbers,
  localToday,
  openScreen,
  stopApp,
  typeText,
} from './harness.mjs';

const CENTER = '테스트센터';
const ROOT = path.resolve(import.meta.dirname, '../..');

/** T1 as of 31 August 2024: the city's published figures, by the page's cell keys. */
const PUBLISHED = {
  'consultations.total': 415,
  'consultations.wage_arrears': 60,
  'consultations.dismissal': 58,
  'consultations.harassment': 62,
  'consultations.union': 7,
  'consultations.social_insurance': 34,
  'consultations.industrial_accident': 23,
  'consultations.other': 171,
  'remedies.total': 21,
  'remedies.concluded': 14,
  'remedies.in_progress': 7,
  'channel.labor_office.new': 2,
  'channel.labor_office.carried': 1,
  'channel.labor_commission.new': 1,
  'channel.labor_commission.carried': 2,
  'channel.welfare_insurance.new': 0,
  'channel.welfare_insurance.carried': 0,
  'channel.other.new': 0,
  'channel.other.carried': 1,
};
const BLOCK1_HEADERS = ['합계', '임금체불', '부당해고 등', '직장내 괴롭힘', '노동조합', '4대보험', '산업재해', '기타'];

let workDir;

function freshDb(name) {
  const db = path.join(workDir, `${name}.db`);
  initDb(db, CENTER);
  return db;
}

function demoDb(name) {
  const db = freshDb(name);
  cli(db, 'demo');
  return db;
}

/** The case lines of `labordesk cases list ...` as { caseNo, receivedOn }. */
function listedCases(db, ...args) {
  return cli(db, 'cases', 'list', ...args)
    .split('\n')
    .map((line) => /\b(\d{4}-[A-Z]\d{4,})\s+(\d{4}-\d{2}-\d{2})/.exec(line))
    .filter(Boolean)
    .map((m) => ({ caseNo: m[1], receivedOn: m[2] }));
}

/** Opens the statistics screen and shows the tables as of `asOf`. */
async function showStatistics(asOf) {
  await openScreen('6', 'stats');
  await browser.$('#t1').waitForExist({ timeout: TIMEOUT_MS });
  const field = await browser.$('#stats-form [name="as_of"]');
  await field.clearValue();
  await field.setValue(asOf);
  await browser.$('#show-report').click();
  await browser.$(`#t1[data-as-of="${asOf}"]`).waitForExist({ timeout: TIMEOUT_MS });
}

/** The T1 numbers on the page, by cell key: what is shown and the value behind it. */
function t1OnPage() {
  return browser.execute(() =>
    Object.fromEntries(
      [...document.querySelectorAll('#t1 [data-cell]')].map((b) => [b.dataset.cell, [b.textContent.trim(), b.dataset.value]]),
    ),
  );
}

/** Clicks a T1 number and waits for the list of the records behind it. */
async function drill(cell) {
  await browser.$(`#t1 [data-cell="${cell}"]`).click();
  await browser.$(`#drill[data-cell="${cell}"]`).waitForExist({ timeout: TIMEOUT_MS });
  await browser.waitUntil(async () => (await browser.$('#drill').getAttribute('data-count')) !== '', {
    timeout: TIMEOUT_MS,
    timeoutMsg: `the records behind ${cell} arrive`,
  });
  return browser.execute(() => [...document.querySelectorAll('#drill .drill-row')].map((b) => b.dataset.caseNo));
}

before(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'labordesk-e2e-reports-'));
});

afterEach(stopApp);

after(async () => {
  await stopApp();
  rmSync(workDir, { recursive: true, force: true });
});

describe('statistics', { timeout: 180_000 }, () => {
  test('shows T1 as of 2024-08-31 with the published figures and exports a workbook that reads them back', async () => {
    const db = demoDb('stats');
    const dialog = dialogAnswers(workDir);
    const xlsx = path.join(workDir, '통계_2024-08-31.xlsx');
    dialog.answer(xlsx);
    await launch(db, dialog.env);
    await browser.$('#case-count').waitForExist({ timeout: TIMEOUT_MS });
    await showStatistics('2024-08-31');

    // Every number of T1, as the city published it and as the CLI computes it.
    const shown = await t1OnPage();
    assert.deepEqual(
      Object.fromEntries(Object.entries(shown).map(([k, [text]]) => [k, Number(text)])),
      PUBLISHED,
    );
    for (const [key, [text, value]] of Object.entries(shown)) assert.equal(text, value, `${key}: shown as its value`);
    const json = JSON.parse(cli(db, 'report', '--as-of', '2024-08-31', '--json'));
    assert.equal(json.t1.consultations.total, Number(shown['consultations.total'][0]), 'the CLI agrees');
    assert.equal(json.t1.remedies.in_progress_by_channel.other.carried, Number(shown['channel.other.carried'][0]));

    // The workbook's headers, the three-level 권리구제 header included.
    const headers = await browser.execute(() => [...document.querySelectorAll('#t1-consultations th')].map((th) => th.textContent));
    assert.deepEqual(headers, BLOCK1_HEADERS);
    const remedyHeaders = await browser.execute(() =>
      [...document.querySelectorAll('#t1-remedies thead tr')].map((tr) => [...tr.children].map((th) => `${th.textContent}/${th.colSpan}/${th.rowSpan}`)),
    );
    assert.deepEqual(remedyHeaders, [
      ['권리구제/11/1'],
      ['합계/1/3', '완료/1/3', '진행/1/3', '진행 중/8/1'],
      ['노동청/2/1', '노동위원회/2/1', '고용복지센터/4대보험 공단/2/1', '기타/2/1'],
      ['신규/1/1', '이월/1/1', '신규/1/1', '이월/1/1', '신규/1/1', '이월/1/1', '신규/1/1', '이월/1/1'],
    ]);
    assert.equal(await browser.$('#t1 .unit').getText(), '(8.31. 기준/단위 : 건)');
    // T2: the monthly 합계 adds up to T1's 합계; September to December are blank.
    const t2Total = await browser.execute(() => [...document.querySelectorAll('#t2 tr[data-row="total"] td')].map((td) => td.textContent));
    assert.equal(t2Total[12], '415', '누계 of 합계');
    assert.deepEqual(t2Total.slice(8, 12), ['', '', '', '']);
    assert.equal(await browser.$$('.chart g.bar').length, 8, 'a column for each month January to August');

    // Excel로 내보내기: the save dialog's answer, then the message with the saved path.
    await browser.$('#export').click();
    const done = await browser.$('#export-done');
    await done.waitForExist({ timeout: TIMEOUT_MS });
    assert.equal(await done.getAttribute('data-path'), xlsx);
    assert.match(await done.getText(), /저장했습니다: .*통계_2024-08-31\.xlsx/);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    assert.deepEqual(
      wb.worksheets.map((ws) => ws.name),
      ['법률상담 및 구제', '월별 상담 현황', '내담자 현황', '권리구제 상세', '유형별 복수집계', '찾아가는 상담'],
    );
    const sheet = wb.worksheets[0];
    const rowOf = (first) => {
      for (let r = 1; r <= sheet.rowCount; r++) if (sheet.getCell(r, 1).value === first) return r;
      throw new Error(`no row starts with ${first}`);
    };
    const numbers = (row, count) =>
      Array.from({ length: count }, (_, c) => {
        const value = sheet.getCell(row, c + 1).value;
        assert.equal(typeof value, 'number', `row ${row} column ${c + 1} is a number, not text`);
        return value;
      });
    const block1 = rowOf('합계');
    assert.deepEqual(
      Array.from({ length: 8 }, (_, c) => sheet.getCell(block1, c + 1).value),
      BLOCK1_HEADERS,
    );
    assert.deepEqual(numbers(block1 + 1, 8), [415, 60, 58, 62, 7, 34, 23, 171]);
    const block2 = rowOf('권리구제');
    assert.deepEqual(numbers(block2 + 4, 11), [21, 14, 7, 2, 1, 1, 2, 0, 0, 0, 1]);
    assert.ok(sheet.model.merges.includes(`A${block2}:K${block2}`), '권리구제 spans the block');
    assert.match(String(sheet.getCell(2, 1).value), new RegExp(`${CENTER} · 기준일 2024-08-31`));
  });

  test('lists exactly the records behind a T1 number, each opening its case', async () => {
    const db = demoDb('drill');
    await launch(db);
    await browser.$('#case-count').waitForExist({ timeout: TIMEOUT_MS });
    await showStatistics('2024-08-31');

    // 임금체불 60: the wage-arrears cases the CLI lists as received from 1 January to 31 August.
    const wage = await drill('consultations.wage_arrears');
    assert.equal(wage.length, 60);
    assert.equal(await browser.$('#drill').getAttribute('data-count'), '60');
    const expected = listedCases(db, '--year', '2024', '--category', '임금체불')
      .filter((c) => c.receivedOn <= '2024-08-31')
      .map((c) => c.caseNo);
    assert.deepEqual([...wage].sort(), [...expected].sort());

    for (const [cell, count] of [
      ['channel.labor_office.carried', 1],
      ['channel.labor_commission.carried', 2],
      ['remedies.concluded', 14],
      ['remedies.total', 21],
    ]) {
      assert.equal((await drill(cell)).length, count, `${cell} lists ${count}`);
    }

    // 노동청 이월 1: the one record opens its case; the back button returns to the same list.
    const [carried] = await drill('channel.labor_office.carried');
    await browser.$(`#drill .drill-row[data-case-no="${carried}"]`).click();
    await browser.$(`#detail-title[data-case-no="${carried}"]`).waitForExist({ timeout: TIMEOUT_MS });
    assert.match(await browser.$('li.remedy').getText(), /노동청/);
    await browser.$('.detail-head .back').click();
    await browser.$('#drill[data-cell="channel.labor_office.carried"][data-count="1"]').waitForExist({ timeout: TIMEOUT_MS });
    assert.equal(await browser.$('#t1').getAttribute('data-as-of'), '2024-08-31');
  });
});

describe('remedy review and dashboard', { timeout: 180_000 }, () => {
  test('lists the open proceedings in deadline order, highlighted, and the dashboard agrees', async () => {
    const db = demoDb('review');
    const today = localToday();
    // Every open proceeding is "in progress" as of today (T1 진행), by channel in T4.
    const asOfToday = JSON.parse(cli(db, 'report', '--as-of', today, '--json'));
    const openCount = asOfToday.t1.remedies.in_progress;
    assert.ok(openCount > 0, 'the demo data has open proceedings');
    await launch(db);
    await browser.$('#case-count').waitForExist({ timeout: TIMEOUT_MS });

    await openScreen('5', 'review');
    await browser.$(`#review-total[data-total="${openCount}"]`).waitForExist({ timeout: TIMEOUT_MS });
    const rows = await browser.execute(() =>
      [...document.querySelectorAll('#review-rows tbody tr')].map((tr) => ({
        caseNo: tr.dataset.caseNo,
        filedOn: tr.dataset.filedOn,
        deadline: tr.dataset.deadline,
        urgency: tr.dataset.urgency,
        overdue: tr.classList.contains('overdue'),
        near: tr.classList.contains('near'),
        text: tr.textContent,
      })),
    );
    assert.equal(rows.length, openCount);
    // The core's order, seen through the dates shown: nearest deadline first, none last, then
    // the oldest filing, then the case number.
    const key = (r) => [r.deadline === '' ? '1' : '0', r.deadline, r.filedOn, r.caseNo].join('|');
    const sorted = [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    assert.deepEqual(rows.map((r) => r.caseNo), sorted.map((r) => r.caseNo));
    const inDays = (date) => Math.round((Date.parse(date) - Date.parse(today)) / 86_400_000);
    for (const r of rows) {
      const expected = r.deadline === '' ? 'normal' : inDays(r.deadline) < 0 ? 'overdue' : inDays(r.deadline) <= 7 ? 'near' : 'normal';
      assert.equal(r.urgency, expected, `${r.caseNo} deadline ${r.deadline}`);
      assert.equal(r.overdue, expected === 'overdue', `${r.caseNo} highlighted as overdue`);
      assert.equal(r.near, expected === 'near', `${r.caseNo} highlighted as near`);
      assert.match(r.text, /\d+일/, 'days open are shown');
    }

    // The channel filter: as many as T4 counts in progress for the labor commission.
    const commission = asOfToday.t4.rows.find((r) => r.key === 'labor_commission').in_progress;
    await browser.$('select[name="review_channel"]').selectByAttribute('value', 'labor_commission');
    await browser.$(`#review-total[data-total="${commission}"]`).waitForExist({ timeout: TIMEOUT_MS });
    const channels = await browser.execute(() => [...document.querySelectorAll('#review-rows tbody tr td:nth-child(4)')].map((td) => td.textContent));
    assert.ok(channels.every((c) => c.startsWith('노동위원회')), 'only labor-commission proceedings');

    // The home dashboard: open cases as the CLI lists them, open proceedings, the week's deadlines.
    const dueSoon = rows.filter((r) => r.deadline !== '' && inDays(r.deadline) <= 7);
    await browser.$('.nav-item[data-screen="home"]').click();
    await browser.$(`#open-remedies[data-count="${openCount}"]`).waitForExist({ timeout: TIMEOUT_MS });
    assert.equal(await browser.$('#open-count').getAttribute('data-count'), String(listedCases(db, '--open').length));
    // Beside them, a case's own limit of the week (its leaving day's 3 months, 1 or 3 years,
    // which depend on today: the core's tests check which), each saying what it is.
    const caseLimits = await browser.execute(() =>
      [...document.querySelectorAll('#deadlines li.case-deadline')].map((li) => li.dataset.code),
    );
    for (const code of caseLimits) assert.match(code, /^(dismissal_remedy_deadline|simplified_substitute_payment|wage_prescription)$/);
    assert.equal(await browser.$('#deadlines').getAttribute('data-count'), String(dueSoon.length + caseLimits.length));
    const deadlineCases = await browser.execute(() =>
      [...document.querySelectorAll('#deadlines li:not(.case-deadline)')].map((li) => li.dataset.caseNo),
    );
    assert.deepEqual(deadlineCases, dueSoon.map((r) => r.caseNo), 'in the same order as the review');
    assert.ok(await browser.$('#case-count').isExisting());
    if (dueSoon.length > 0) {
      await browser.$('#deadlines li:not(.case-deadline) button').click();
      await browser.$(`#detail-title[data-case-no="${dueSoon[0].caseNo}"]`).waitForExist({ timeout: TIMEOUT_MS });
    }
  });
});

describe('import', { timeout: 180_000 }, () => {
  test('shows a bad row’s error and writes nothing, then imports a good file with progress', async () => {
    const db = freshDb('import');
    const bad = path.join(workDir, 'bad-cases.csv');
    writeFileSync(
      bad,
      'case_no,received_on,counselor,primary_category,summary\n' +
        '2024-C0001,2024-02-01,김상담,임금체불,편의점 주휴수당\n' +
        '2024-C0002,2024-02-30,김상담,부당해고 등,문자 해고\n' +
        '2024-C0003,2024-02-03,이노무,기타,근로계약서 문의\n',
    );
    const good = path.join(ROOT, 'assets/examples/cases.xlsx');
    const before = listedCaseNumbers(db);
    const dialog = dialogAnswers(workDir);
    await launch(db, dialog.env);
    await browser.$('#case-count').waitForExist({ timeout: TIMEOUT_MS });
    await openScreen('7', 'import');

    // The bad file: its row 2 is named with the field and the reason; nothing can be imported.
    dialog.answer(bad);
    await browser.$('#import-choose').click();
    const error = await browser.$('#import-errors tr[data-row="2"]');
    await error.waitForExist({ timeout: TIMEOUT_MS });
    assert.equal(await error.getAttribute('data-field'), 'received_on');
    assert.match(await error.getText(), /2024-02-30: 달력에 없는 날짜입니다/);
    assert.equal(await browser.$$('#import-errors tbody tr').length, 1, 'only row 2 is bad');
    assert.equal(await browser.$('#import-summary').getAttribute('data-errors'), '1');
    assert.equal(await browser.$('#import-start').isEnabled(), false);
    assert.deepEqual(listedCaseNumbers(db), before, 'nothing was written');

    // The example file: previewed, then imported with its progress bar filled.
    dialog.answer(good);
    await browser.$('#import-choose').click();
    await browser.$(`#import-path=${path.basename(good)}`).waitForExist({ timeout: TIMEOUT_MS });
    const summary = await browser.$('#import-summary[data-errors="0"]');
    await summary.waitForExist({ timeout: TIMEOUT_MS });
    const rows = Number(await summary.getAttribute('data-rows'));
    assert.ok(rows > 0);
    assert.equal(await summary.getAttribute('data-add'), String(rows));
    assert.ok((await browser.$$('#import-preview tbody tr').length) > 0, 'the first rows are previewed');
    await browser.$('#import-start').click();
    const done = await browser.$('#import-done');
    await done.waitForExist({ timeout: TIMEOUT_MS });
    assert.equal(await done.getAttribute('data-added'), String(rows));
    const bar = await browser.$('#import-progress');
    assert.equal(await bar.getAttribute('data-done'), String(rows));
    assert.equal(await bar.getAttribute('data-total'), String(rows));

    const after = listedCaseNumbers(db);
    assert.equal(after.length, before.length + rows, 'every row of the file became a case');
    assert.ok(after.includes('2024-B0001'));
    assert.equal(await browser.$('#case-count').isExisting(), false, 'still on the import screen');

    // The imported cases are in the list.
    await openScreen('3', 'list');
    await typeText('2024-B0001');
    await browser.$('.row[data-case-no="2024-B0001"]').waitForExist({ timeout: TIMEOUT_MS });
  });
});
