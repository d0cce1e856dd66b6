// End-to-end tests of the real LaborDesk window: the debug app binary, driven through
// tauri-driver and WebKitWebDriver (harness.mjs). Run by scripts/e2e.sh, which builds the
// binaries and provides an X display.

import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  TIMEOUT_MS,
  appPid,
  browser,
  chord,
  cli,
  dialogAnswers,
  enroll,
  initDb,
  focusedName,
  launch,
  listedCaseNumbers,
  openScreen,
  screenshot,
  stopApp,
  tabTo,
  typeText,
  waitInPage,
  zipEntryText,
} from './harness.mjs';

const CENTER = '테스트센터';
const EXAMPLE_CASES = path.resolve(import.meta.dirname, '../../assets/examples/cases.csv');

let workDir;

/** A fresh encrypted database for device A, with the harness's lead as its first account. */
function freshDb(name) {
  const db = path.join(workDir, `${name}.db`);
  initDb(db, CENTER);
  return db;
}

/** A database holding one open case, 2024-A0001, imported through the CLI. */
function dbWithOneCase(name) {
  const db = freshDb(name);
  const csv = path.join(workDir, `${name}.csv`);
  writeFileSync(
    csv,
    'case_no,received_on,counselor,intake_method,primary_category,workplace_size,summary\n' +
      '2024-A0001,2024-05-02,김상담,방문,임금체불,10to29,석 달째 월급이 밀린 식당 종업원\n',
  );
  cli(db, 'import', 'cases', csv);
  return db;
}

/** The value of the form field `name` in the page. */
const fieldValue = (name) => browser.$(`[name="${name}"]`).getValue();

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
    const db = freshDb('e2e');
    cli(db, 'demo');
    // What the app must show: the cases the CLI lists.
    const expected = listedCaseNumbers(db).length;
    assert.ok(expected >= 415, `demo data holds at least the 415 published cases, got ${expected}`);

    await launch(db);
    const count = await browser.$('#case-count');
    await count.waitForExist({ timeout: TIMEOUT_MS });

    assert.equal(await count.getAttribute('data-count'), String(expected));
    assert.equal(await count.getText(), expected.toLocaleString('ko-KR'));
    assert.equal(await browser.$('#center-name').getText(), CENTER);
    assert.match(await browser.$('main').getText(), /등록된 상담 사건/);
    assert.equal(await browser.$('#store-error').isExisting(), false);
  });

  test('draws without loading OpenGL in the app process', async () => {
    // Issue 8's idle memory: Mesa's driver (and the LLVM it links) stays out of the app
    // process, which paints nothing with OpenGL (src-tauri/src/render.rs). The web process
    // keeps the EGL display WebKit requires.
    await launch(freshDb('gl'));
    await browser.$('#case-count').waitForExist({ timeout: TIMEOUT_MS });
    const maps = readFileSync(`/proc/${appPid()}/maps`, 'utf8');
    assert.match(maps, /libwebkit2gtk/, 'the maps read are the app process\'s own');
    // Mesa's and NVIDIA's GL libraries by name: the vendor GLX/EGL libraries, Mesa's drivers
    // (one file per driver before Mesa 24, libgallium after) and what they link.
    const driver = /\S*(lib(GLX|EGL)_\w+|_dri\.so|libgallium|libLLVM|libnvidia-(gl|egl)core)\S*/g;
    const gl = [...new Set(maps.match(driver) ?? [])];
    assert.deepEqual(gl, [], `OpenGL libraries in the app process: ${gl.join(', ')}`);
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

  test('logs a case with the keyboard alone and finds it by a Korean part of its summary', async () => {
    const db = freshDb('keyboard');
    await launch(db);
    await browser.$('#case-count').waitForExist({ timeout: TIMEOUT_MS });

    await openScreen('2', 'intake');
    await browser.$('#intake-form[data-ready="true"]').waitForExist({ timeout: TIMEOUT_MS });
    assert.equal(await focusedName(), 'primary_category', 'the form opens on the category');
    await typeText('1'); // 1 = 임금체불
    assert.equal(await browser.$('[data-name="primary_category"]').getAttribute('data-value'), 'wage_arrears');
    await tabTo('summary');
    await typeText('퇴직금을 받지 못해 찾아온 편의점 아르바이트생');
    await chord('Ctrl', 'Enter');

    const notice = await browser.$('#saved-notice');
    await notice.waitForExist({ timeout: TIMEOUT_MS });
    const caseNo = await notice.getAttribute('data-case-no');
    assert.match(caseNo, /^\d{4}-A0001$/);
    assert.match(await notice.getText(), new RegExp(caseNo));
    assert.equal(await fieldValue('summary'), '', 'the form is ready for the next client');
    assert.deepEqual(listedCaseNumbers(db), [caseNo], 'the CLI sees the saved case');

    await openScreen('3', 'list');
    assert.equal(await focusedName(), 'search', 'the list opens on its search box');
    await typeText('받지 못해');
    await browser.$(`.row[data-case-no="${caseNo}"]`).waitForExist({ timeout: TIMEOUT_MS });
    assert.equal(await browser.$('#list-total').getAttribute('data-total'), '1');

    // A substring that is in no case empties the list.
    await typeText('없는말');
    await browser.$('#list-total[data-total="0"]').waitForExist({ timeout: TIMEOUT_MS });
  });

  test('adds a session and a remedy to a case and concludes the remedy', async () => {
    const db = dbWithOneCase('remedy');
    await launch(db);
    await browser.$('#case-count').waitForExist({ timeout: TIMEOUT_MS });

    await openScreen('3', 'list');
    await typeText('2024-A0001');
    const row = await browser.$('.row[data-case-no="2024-A0001"]');
    await row.waitForExist({ timeout: TIMEOUT_MS });
    await row.click();
    await browser.$('#detail-title[data-case-no="2024-A0001"]').waitForExist({ timeout: TIMEOUT_MS });
    const sessionsBefore = Number(await browser.$('#session-count').getAttribute('data-count'));

    // A session.
    await browser.$('#add-session').click();
    await browser.$('#session-form [name="notes"]').setValue('체불 금액 확인, 진정서 작성 안내');
    await browser.$('#session-form button[type="submit"]').click();
    await browser.$(`#session-count[data-count="${sessionsBefore + 1}"]`).waitForExist({ timeout: TIMEOUT_MS });
    assert.match(await browser.$('#sessions').getText(), /진정서 작성 안내/);

    // A remedy proceeding at the labor office.
    await browser.$('#add-remedy').click();
    await browser.$('#remedy-form [name="channel"]').selectByAttribute('value', 'labor_office');
    await browser.$('#remedy-form [name="procedure"]').setValue('진정');
    await browser.$('#remedy-form [name="amount_claimed"]').setValue('3,000,000');
    await browser.$('#remedy-form button[type="submit"]').click();
    const remedy = await browser.$('li.remedy[data-status="in_progress"]');
    await remedy.waitForExist({ timeout: TIMEOUT_MS });
    assert.match(await remedy.getText(), /노동청/);
    assert.match(await remedy.getText(), /3,000,000/);

    // Concluded: paid, with the amount recovered.
    await remedy.$('.conclude-remedy').click();
    await browser.$('#conclude-form [name="outcome"]').selectByAttribute('value', 'paid');
    await browser.$('#conclude-form [name="amount_recovered"]').setValue('2500000');
    await browser.$('#conclude-form button[type="submit"]').click();
    const concluded = await browser.$('li.remedy[data-status="concluded"]');
    await concluded.waitForExist({ timeout: TIMEOUT_MS });
    const text = await concluded.getText();
    assert.match(text, /완료/);
    assert.match(text, /청산/);
    assert.match(text, /2,500,000/);
    assert.equal(await concluded.$('.conclude-remedy').isExisting(), false, 'a concluded proceeding cannot be concluded again');

    // Edited details change the hints: an under-5 workplace loses the dismissal protections.
    assert.equal(await browser.$('[data-hint="under5_exclusions"]').isExisting(), false);
    await browser.$('#profile-form [name="workplace_size"]').selectByAttribute('value', 'under5');
    await browser.$('#profile-form button[type="submit"]').click();
    const hint = await browser.$('[data-hint="under5_exclusions"]');
    await hint.waitForExist({ timeout: TIMEOUT_MS });
    assert.match(await hint.getText(), /5인 미만/);
  });

  test('closes and reopens a case, and deletes it only after confirming', async () => {
    const db = dbWithOneCase('close');
    await launch(db);
    await browser.$('#case-count').waitForExist({ timeout: TIMEOUT_MS });
    await openScreen('3', 'list');
    await typeText('2024-A0001');
    await browser.$('.row[data-case-no="2024-A0001"]').click();
    await browser.$('#case-status[data-status="open"]').waitForExist({ timeout: TIMEOUT_MS });

    await browser.$('#close-case').click();
    await browser.$('#close-form [name="outcome"]').selectByAttribute('value', 'info');
    await browser.$('#close-form button[type="submit"]').click();
    await browser.$('#case-status[data-status="closed"]').waitForExist({ timeout: TIMEOUT_MS });
    await browser.$('#reopen-case').click();
    await browser.$('#case-status[data-status="open"]').waitForExist({ timeout: TIMEOUT_MS });

    // The dialog opens on "cancel": Enter there keeps the case.
    await browser.$('#delete-case').click();
    await browser.$('[role="alertdialog"]').waitForExist({ timeout: TIMEOUT_MS });
    await chord('Enter');
    await browser.$('[role="alertdialog"]').waitForExist({ reverse: true, timeout: TIMEOUT_MS });
    assert.deepEqual(listedCaseNumbers(db), ['2024-A0001']);

    await browser.$('#delete-case').click();
    await browser.$('[role="alertdialog"] [data-action="confirm"]').click();
    await browser.$('main[data-screen="list"]').waitForExist({ timeout: TIMEOUT_MS });
    assert.deepEqual(listedCaseNumbers(db), [], 'the case left the lists');
  });

  test('links every case logged in booth mode to the outreach event', async () => {
    const db = freshDb('booth');
    await launch(db);
    await browser.$('#case-count').waitForExist({ timeout: TIMEOUT_MS });

    await openScreen('4', 'outreach');
    await browser.$('#event-form').waitForExist({ timeout: TIMEOUT_MS });
    await browser.$('#event-form [name="place"]').setValue('신도림역 환승통로');
    await browser.$('#event-form [name="kind"]').selectByAttribute('value', 'subway');
    await browser.$('#event-form button[type="submit"]').click();
    const event = await browser.$('button.event');
    await event.waitForExist({ timeout: TIMEOUT_MS });
    assert.match(await event.getText(), /신도림역 환승통로/);

    await browser.$('button=이 행사로 부스 모드 시작').click();
    await browser.$('#booth-banner').waitForExist({ timeout: TIMEOUT_MS });
    await browser.$('#intake-form[data-ready="true"]').waitForExist({ timeout: TIMEOUT_MS });
    await typeText('6'); // 6 = 산업재해
    await chord('Ctrl', 'Enter');
    const notice = await browser.$('#saved-notice');
    await notice.waitForExist({ timeout: TIMEOUT_MS });
    const caseNo = await notice.getAttribute('data-case-no');

    // Booth mode outlives a restart, and the event lists the case.
    await stopApp();
    await launch(db);
    await browser.$('#booth-indicator').waitForExist({ timeout: TIMEOUT_MS });
    await openScreen('4', 'outreach');
    await browser.$(`#event-cases [data-case-no="${caseNo}"]`).waitForExist({ timeout: TIMEOUT_MS });
    await browser.$(`#event-cases [data-case-no="${caseNo}"]`).click();
    await browser.$('#detail-title').waitForExist({ timeout: TIMEOUT_MS });
    assert.match(await browser.$('.detail-head').getText(), /찾아가는 상담/);
  });

  test('keeps an unfinished intake form when the app is closed and opened again', async () => {
    const db = freshDb('draft');
    await launch(db);
    await browser.$('#case-count').waitForExist({ timeout: TIMEOUT_MS });
    await openScreen('2', 'intake');
    await browser.$('#intake-form[data-ready="true"]').waitForExist({ timeout: TIMEOUT_MS });
    await typeText('2'); // 2 = 부당해고 등
    await tabTo('summary');
    const summary = '문자로 해고 통보를 받음, 서면 통지 없음';
    await typeText(summary);
    // The draft is written a moment after the typing stops.
    await browser.$('.draft-state[data-draft="saved"]').waitForExist({ timeout: TIMEOUT_MS });

    await stopApp();
    await launch(db);
    // The home screen says a form is waiting; its button leads back to it.
    const waiting = await browser.$('#draft-waiting');
    await waiting.waitForExist({ timeout: TIMEOUT_MS });
    await waiting.$('button').click();
    await browser.$('#intake-form[data-ready="true"]').waitForExist({ timeout: TIMEOUT_MS });

    assert.equal(await fieldValue('summary'), summary);
    assert.equal(await browser.$('[data-name="primary_category"]').getAttribute('data-value'), 'dismissal');
    assert.ok(await browser.$('#draft-restored').isExisting(), 'the counselor is told the form was restored');
    assert.deepEqual(listedCaseNumbers(db), [], 'a draft is not a case');
  });

  test('shows the Korean error next to each bad field of an invalid form and saves nothing', async () => {
    const db = dbWithOneCase('invalid');
    const before = listedCaseNumbers(db);
    await launch(db);
    await browser.$('#case-count').waitForExist({ timeout: TIMEOUT_MS });
    await openScreen('2', 'intake');
    await browser.$('#intake-form[data-ready="true"]').waitForExist({ timeout: TIMEOUT_MS });

    // A received date far in the future, and no category.
    const received = await browser.$('[name="received_on"]');
    await received.clearValue();
    await received.setValue('2099-01-01');
    await browser.$('[name="summary"]').setValue('날짜를 잘못 넣은 접수');
    await chord('Ctrl', 'Enter');

    const dateError = await browser.$('[data-error-for="received_on"]');
    await dateError.waitForExist({ timeout: TIMEOUT_MS });
    assert.match(await dateError.getText(), /^접수일 — 2099-01-01: /);
    assert.match(await dateError.getText(), /내일 이후 날짜는 입력할 수 없습니다/);
    const categoryError = await browser.$('[data-error-for="primary_category"]');
    assert.equal(await categoryError.getText(), '상담유형 — 필수 항목입니다');
    assert.equal(await browser.$('#saved-notice').isExisting(), false);
    assert.deepEqual(listedCaseNumbers(db), before, 'nothing was saved');
    assert.equal(await fieldValue('summary'), '날짜를 잘못 넣은 접수', 'what was typed stays for fixing');
  });
});

describe('case list at scale', { timeout: 180_000 }, () => {
  test('scrolls through 100,000 cases drawing only the rows on screen', async () => {
    const db = freshDb('big');
    cli(db, 'gen', '--cases', '100000', '--seed', '1');
    await launch(db);
    await browser.$('#case-count').waitForExist({ timeout: TIMEOUT_MS });
    await openScreen('3', 'list');
    await browser.$('#list-total[data-total="100000"]').waitForExist({ timeout: TIMEOUT_MS });

    const drawn = await browser.execute(() => document.querySelectorAll('#case-rows .row').length);
    assert.ok(drawn > 5 && drawn < 100, `only the visible rows are in the page, got ${drawn}`);

    // To the very end: the last page is fetched on demand and its rows drawn. How fast is a
    // benchmark's question.
    await browser.execute(() => {
      const viewport = document.getElementById('case-rows');
      viewport.scrollTop = viewport.scrollHeight;
    });
    await waitInPage(
      () => document.querySelector('#case-rows .row[aria-rowindex="100000"][data-case-no]'),
      'the last of 100,000 rows is drawn',
    );
    const stillDrawn = await browser.execute(() => document.querySelectorAll('#case-rows .row').length);
    assert.ok(stillDrawn < 100, `still only the visible rows, got ${stillDrawn}`);

    // Sorting by another column starts again from the top, in that order.
    await browser.$('button.sort[data-sort="case_no"]').click();
    await waitInPage(
      () => document.querySelector('#case-rows .row[aria-rowindex="1"]')?.dataset.caseNo?.endsWith('0001'),
      'sorted by case number, the first case comes first',
    );
  });
});

describe('the law desk', { timeout: 180_000 }, () => {
  test('shows a wage case’s severance and interest, saves its 진정서 and fits its case sheet on one A4 page', async () => {
    const db = dbWithOneCase('lawdesk');
    cli(db, 'cases', 'set', '2024-A0001', 'client_name=홍길순', 'hired_on=2021-03-02', 'left_on=2024-06-01',
      'weekly_hours=40', 'monthly_wage=2508000', 'unpaid_amount=5016000', 'workplace_name=한빛물류',
      'employer_reg_no=1248100998', 'employer_headcount=14');
    const dialog = dialogAnswers(workDir);
    const docx = path.join(workDir, '2024-A0001 진정서.docx');
    dialog.answer(docx);
    await launch(db, dialog.env);
    // The size of the documentation's screenshots (see 'every screen').
    await browser.setWindowSize(1200, 800);
    await browser.$('#case-count').waitForExist({ timeout: TIMEOUT_MS });
    await openScreen('3', 'list');
    await typeText('2024-A0001');
    await browser.$('.row[data-case-no="2024-A0001"]').click();
    await browser.$('#detail-title[data-case-no="2024-A0001"]').waitForExist({ timeout: TIMEOUT_MS });

    // The header's deadlines: the wage claim's 3 years from the leaving day, as the core sets it.
    const prescription = await browser.$('#case-deadlines [data-deadline="wage_prescription"]');
    await prescription.waitForExist({ timeout: TIMEOUT_MS });
    assert.equal(await prescription.getAttribute('data-due'), '2027-06-01');

    // 계산: severance from the case's facts, and the interest to today as the CLI reckons it.
    await browser.$('#tab-calc').click();
    const severance = await browser.$('[data-calc="severance"]');
    await severance.waitForExist({ timeout: TIMEOUT_MS });
    assert.equal(await severance.getAttribute('data-amount'), '9365917');
    assert.match(await severance.getText(), /9,365,917원/);
    const calc = JSON.parse(cli(db, 'calc', '2024-A0001', '--json'));
    const interest = await browser.$('[data-calc="interest"]');
    assert.equal(Number(await interest.getAttribute('data-amount')), calc.delay_interest.amount);
    // An input changed in the panel: interest to a payment day the counselor types.
    const paid = await browser.$('[name="calc_paid_on"]');
    await paid.setValue('2024-11-30');
    await browser.$('#calc-form button[type="submit"]').click();
    const expected = JSON.parse(cli(db, 'calc', 'interest', '--amount', '5016000', '--left', '2024-06-01', '--paid', '2024-11-30', '--json'));
    await browser.waitUntil(async () => Number(await interest.getAttribute('data-amount')) === expected.amount, {
      timeout: TIMEOUT_MS,
      timeoutMsg: `interest to 2024-11-30 should be ${expected.amount}`,
    });
    await screenshot('calculations');

    // 문서 → 임금체불 진정서: preview, a reason, then 저장 through the save dialog.
    await browser.$('#documents-menu').click();
    await browser.$('[data-document="petition"]').click();
    const page = await browser.$('#document-page[data-kind="petition"]');
    await page.waitForExist({ timeout: TIMEOUT_MS });
    assert.match(await page.getText(), /124-81-00998/);
    await browser.$('#document-save').click();
    assert.match(await browser.$('[data-error-for="document_reason"]').getText(), /사유/);
    await browser.$('[name="document_reason"]').setValue('노동청 진정 제출');
    await browser.$('#document-save').click();
    const saved = await browser.$('#document-saved');
    await saved.waitForExist({ timeout: TIMEOUT_MS });
    assert.equal(await saved.getAttribute('data-path'), docx);
    const xml = zipEntryText(docx, 'word/document.xml');
    for (const text of ['임금체불 진정서 (초안)', '홍길순', '한빛물류', '124-81-00998', '14명', '9,365,917원', '2024-05-31']) {
      assert.ok(xml.includes(text), `the saved 진정서 holds «${text}»`);
    }
    const log = cli(db, 'log', '--action', 'export');
    assert.match(log, /2024-A0001 임금체불 진정서 .*사유: 노동청 진정 제출/);
    await browser.$('#document-close').click();

    // The case sheet of this short case: one A4 page, measured on the sheet the print uses.
    await browser.$('#documents-menu').click();
    await browser.$('[data-document="sheet"]').click();
    await browser.$('#document-page[data-kind="sheet"]').waitForExist({ timeout: TIMEOUT_MS });
    const pages = await browser.$('#document-pages');
    await browser.waitUntil(async () => (await pages.getAttribute('data-pages')) !== '0', { timeout: TIMEOUT_MS });
    assert.equal(await pages.getAttribute('data-pages'), '1');
    const sheet = await browser.execute(() => {
      const page = document.querySelector('#document-page');
      return { width: page.getBoundingClientRect().width, mm: 96 / 25.4 };
    });
    assert.ok(Math.abs(sheet.width - 210 * sheet.mm) < 2, `the sheet is A4 wide: ${sheet.width}px`);
    await screenshot('document');
  });
});

describe('every screen', { timeout: 180_000 }, () => {
  // Pictures for docs/screenshots (scripts/screenshot.sh); a plain run writes them to a
  // temporary folder, and the test checks that each screen shows its Korean content.
  test('opens every screen on the demo data and takes its picture', async () => {
    const db = freshDb('screens');
    cli(db, 'demo');
    // A booth laptop enrolled as device B, whose transfer file the sync screen imports.
    const boothDir = path.join(workDir, 'screens-booth');
    mkdirSync(boothDir);
    const booth = path.join(boothDir, 'labordesk.db');
    initDb(booth, '부스 노트북');
    const enrollment = path.join(boothDir, 'booth-b.enroll');
    const enrollCode = /등록 코드: ([A-Z0-9-]+)/.exec(cli(db, 'sync', 'enrollment', '--letter', 'B', '--out', enrollment))?.[1];
    enroll(booth, enrollment, enrollCode);
    cli(booth, 'import', 'cases', EXAMPLE_CASES);
    const boothFile = path.join(boothDir, 'B-2024-09-02.ldsync');
    cli(booth, 'sync', 'export', boothFile);
    const dialog = dialogAnswers(workDir);
    await launch(db, dialog.env);
    // The pictures are taken at the size the documentation's screenshots have always had; the
    // default size (1080×540, a 1366×768 laptop at 125 %) is tested in desktop.test.mjs.
    await browser.setWindowSize(1200, 800);
    await browser.$('#case-count').waitForExist({ timeout: TIMEOUT_MS });
    await browser.$('#open-count').waitUntil(async function () {
      return /\d/.test(await this.getText());
    });
    await browser.$('#deadlines[data-count]:not([data-count=""])').waitForExist({ timeout: TIMEOUT_MS });
    await screenshot('home');

    await openScreen('2', 'intake');
    await browser.$('#intake-form[data-ready="true"]').waitForExist({ timeout: TIMEOUT_MS });
    assert.match(await browser.$('main').getText(), /상담유형/);
    await screenshot('intake');

    await openScreen('3', 'list');
    await browser.$('.row[data-case-no]').waitForExist({ timeout: TIMEOUT_MS });
    await screenshot('list');

    // A case with a labor-commission proceeding: hints, sessions and remedies all show.
    await browser.$('#list-channel').selectByAttribute('value', 'labor_commission');
    await browser.$('#list-category').selectByAttribute('value', 'dismissal');
    await waitInPage(
      () => document.querySelector('#list-total')?.dataset.total !== '' && document.querySelector('.row[data-case-no]'),
      'the filtered list shows a case',
    );
    await browser.pause(400); // the filters reload after a short pause
    await browser.$('.row[data-case-no]').waitForExist({ timeout: TIMEOUT_MS });
    // The first of these whose hints include a deadline (D-day) makes the best picture.
    for (let i = 1; i <= 8; i++) {
      const row = await browser.$(`.row[aria-rowindex="${i}"][data-case-no]`);
      if (!(await row.isExisting())) break;
      await row.click();
      await browser.$('#detail-title').waitForExist({ timeout: TIMEOUT_MS });
      await browser.$('li.remedy').waitForExist({ timeout: TIMEOUT_MS });
      if (await browser.$('.hint.deadline').isExisting()) break;
      await openScreen('3', 'list');
      await browser.$('.row[data-case-no]').waitForExist({ timeout: TIMEOUT_MS });
    }
    if (!(await browser.$('#detail-title').isExisting())) {
      await browser.$('.row[data-case-no]').click();
      await browser.$('#detail-title').waitForExist({ timeout: TIMEOUT_MS });
    }
    await screenshot('detail');

    await openScreen('4', 'outreach');
    await browser.$('button.event').waitForExist({ timeout: TIMEOUT_MS });
    await browser.$('#event-cases, .outreach .card p.muted').waitForExist({ timeout: TIMEOUT_MS });
    await screenshot('outreach');

    await openScreen('9', 'settings');
    await browser.$('#counselor-list li').waitForExist({ timeout: TIMEOUT_MS });
    await screenshot('settings');

    await openScreen('5', 'review');
    await browser.$('#review-rows tbody tr').waitForExist({ timeout: TIMEOUT_MS });
    await browser.$('#problems').waitForExist({ timeout: TIMEOUT_MS });
    await screenshot('review');

    // The published figures (as of 31 August 2024), with the records behind one number.
    await openScreen('6', 'stats');
    await browser.$('#t1').waitForExist({ timeout: TIMEOUT_MS });
    const asOf = await browser.$('#stats-form [name="as_of"]');
    await asOf.clearValue();
    await asOf.setValue('2024-08-31');
    await browser.$('#show-report').click();
    await browser.$('#t1[data-as-of="2024-08-31"]').waitForExist({ timeout: TIMEOUT_MS });
    assert.equal(await browser.$('#t1 [data-cell="consultations.total"]').getText(), '415');
    await screenshot('statistics');

    // An import file with one bad row: the error above the preview.
    const bad = path.join(workDir, '사건_가져오기.csv');
    writeFileSync(
      bad,
      'case_no,received_on,counselor,intake_method,primary_category,summary\n' +
        '2024-D0001,2024-09-02,김상담,전화,임금체불,퇴직금 미지급\n' +
        '2024-D0002,2024-09-31,이노무,방문,부당해고 등,수습 기간 중 해고 통보\n' +
        '2024-D0003,2024-09-04,김상담,온라인,직장내 괴롭힘,팀장의 반복적인 폭언\n',
    );
    dialog.answer(bad);
    await openScreen('7', 'import');
    await browser.$('#import-choose').click();
    await browser.$('#import-errors tr[data-row="2"]').waitForExist({ timeout: TIMEOUT_MS });
    await screenshot('import');

    // The booth's transfer file imported: its sync report, and the booth among the devices.
    dialog.answer(boothFile);
    await openScreen('8', 'sync');
    await browser.$('#sync-letter').waitForExist({ timeout: TIMEOUT_MS });
    await browser.$('#sync-import').click();
    const report = await browser.$('#sync-report');
    await report.waitForExist({ timeout: TIMEOUT_MS });
    assert.match(await report.getText(), /기기 B의 파일/);
    await browser.$('#sync-peers tr[data-letter="B"]').waitForExist({ timeout: TIMEOUT_MS });
    await screenshot('sync');
  });
});
