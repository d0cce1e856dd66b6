import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import * as backend from './backend';
import { appInfo, BackendError, caseCount, IPC_ERROR_CODE } from './backend';

afterEach(() => clearMocks());

/** Records every call and answers with `reply`. */
function recordCalls(reply: (cmd: string, args: unknown) => unknown = () => null) {
  const calls: [string, unknown][] = [];
  mockIPC((cmd, args) => {
    calls.push([cmd, args]);
    return reply(cmd, args);
  });
  return calls;
}

describe('backend commands', () => {
  it('appInfo calls app_info without arguments and returns its payload', async () => {
    const payload = { dbPath: '/tmp/x.db', centerName: '테스트센터', deviceLetter: 'A', caseCount: 3 };
    const calls = recordCalls(() => payload);

    await expect(appInfo()).resolves.toEqual(payload);
    expect(calls).toEqual([['app_info', {}]]);
  });

  it('caseCount calls case_count and returns the number', async () => {
    mockIPC((cmd) => (cmd === 'case_count' ? 415 : Promise.reject(`unknown command ${cmd}`)));

    await expect(caseCount()).resolves.toBe(415);
  });

  it('passes each command its arguments under the names the Rust commands take', async () => {
    const calls = recordCalls();
    const input = { secondary_categories: [], primary_category: 'wage_arrears' };
    const filter = { status: 'any' as const, sort: { column: 'received_on' as const, descending: true }, limit: 100, offset: 0 };

    await backend.createCase(input);
    await backend.updateCase('c1', input);
    await backend.closeCase('c1', 'info', null);
    await backend.reopenCase('c1');
    await backend.deleteCase('c1');
    await backend.getCase('c1');
    await backend.caseHints('c1');
    await backend.listCases(filter);
    await backend.addSession('c1', { held_on: '2025-01-02' });
    await backend.addRemedy('c1', { channel: 'labor_office' });
    await backend.updateRemedy('r1', { channel: 'labor_office' });
    await backend.concludeRemedy('r1', { outcome: 'paid', amount_recovered: 100 });
    await backend.findCaseByNo('2025-A0001');

    expect(calls).toEqual([
      ['create_case', { input }],
      ['update_case', { id: 'c1', input }],
      ['close_case', { id: 'c1', outcome: 'info', closedOn: null }],
      ['reopen_case', { id: 'c1' }],
      ['delete_case', { id: 'c1' }],
      ['get_case', { id: 'c1' }],
      ['case_hints', { id: 'c1' }],
      ['list_cases', { filter }],
      ['add_session', { caseId: 'c1', input: { held_on: '2025-01-02' } }],
      ['add_remedy', { caseId: 'c1', input: { channel: 'labor_office' } }],
      ['update_remedy', { id: 'r1', input: { channel: 'labor_office' } }],
      ['conclude_remedy', { id: 'r1', conclusion: { outcome: 'paid', amount_recovered: 100 } }],
      ['find_case_by_no', { caseNo: '2025-A0001' }],
    ]);
  });

  it('keeps drafts and preferences in the database through their commands', async () => {
    const calls = recordCalls((cmd) => (cmd === 'draft' ? { summary: '내용' } : null));

    await backend.saveDraft('intake', { summary: '내용' });
    await expect(backend.draft('intake')).resolves.toEqual({ summary: '내용' });
    await backend.clearDraft('intake');
    await backend.setPreference('booth_event_id', null);
    await backend.preference('language');

    expect(calls).toEqual([
      ['save_draft', { key: 'intake', body: { summary: '내용' } }],
      ['draft', { key: 'intake' }],
      ['clear_draft', { key: 'intake' }],
      ['set_preference', { key: 'booth_event_id', value: null }],
      ['preference', { key: 'language' }],
    ]);
  });

  it('covers settings, counselors, code lists and outreach events', async () => {
    const calls = recordCalls();

    await backend.settings();
    await backend.updateSettings({ center_name: '센터', device_letter: 'B' });
    await backend.counselors();
    await backend.addCounselor('박상담');
    await backend.setCounselorActive('c9', false);
    await backend.codeLists();
    await backend.outreachEvents();
    await backend.outreachEvent('e1');
    await backend.createOutreachEvent({ place: '신도림역', counselors: [] });
    await backend.updateOutreachEvent('e1', { place: '구로역', counselors: ['박상담'] });

    expect(calls.map(([cmd]) => cmd)).toEqual([
      'settings', 'update_settings', 'counselors', 'add_counselor', 'set_counselor_active', 'code_lists',
      'outreach_events', 'outreach_event', 'create_outreach_event', 'update_outreach_event',
    ]);
    expect(calls[1][1]).toEqual({ settings: { center_name: '센터', device_letter: 'B' } });
    expect(calls[4][1]).toEqual({ id: 'c9', active: false });
    expect(calls[9][1]).toEqual({ id: 'e1', input: { place: '구로역', counselors: ['박상담'] } });
  });
});

describe('session and security commands', () => {
  it('passes each command its arguments under the names the Rust commands take', async () => {
    const calls = recordCalls();
    const filter = { from: '2025-01-01', action: 'login' as const, limit: 500 };

    await backend.session();
    await backend.setup({ center_name: '센터', device_letter: 'A', username: 'lead', display_name: '김센터', password: 'pw-12345' });
    await backend.login('lead', 'pw-12345');
    await backend.unlock('pw-12345');
    await backend.recover('lead', 'ABCDE-FGHJK', 'new-pw-123');
    await backend.lock();
    await backend.logout();
    await backend.changePassword('old-pw-123', 'new-pw-123');
    await backend.lockPolicy();
    await backend.setIdleMinutes(5);
    await backend.accounts();
    await backend.createAccount({ username: 'counsel', display_name: '이상담', role: 'counselor', password: 'pw-12345' });
    await backend.setAccountActive('counsel', false);
    await backend.resetPassword('counsel', 'new-pw-123');
    await backend.accessLog(filter);
    await backend.exportAccessLog(filter, '/tmp/접근기록.xlsx');
    await backend.backups();
    await backend.backupNow();
    await backend.restoreBackup('/data/backups/labordesk-x.db', 'pw-12345');
    await backend.newestBackup();
    await backend.restoreNewest('lead', 'pw-12345');
    await backend.retention();
    await backend.setRetentionYears(5);
    await backend.runRetention();

    expect(calls).toEqual([
      ['session', {}],
      ['setup', { input: { center_name: '센터', device_letter: 'A', username: 'lead', display_name: '김센터', password: 'pw-12345' } }],
      ['login', { username: 'lead', password: 'pw-12345' }],
      ['unlock', { password: 'pw-12345' }],
      ['recover', { username: 'lead', code: 'ABCDE-FGHJK', newPassword: 'new-pw-123' }],
      ['lock', {}],
      ['logout', {}],
      ['change_password', { oldPassword: 'old-pw-123', newPassword: 'new-pw-123' }],
      ['lock_policy', {}],
      ['set_idle_minutes', { minutes: 5 }],
      ['accounts', {}],
      ['create_account', { input: { username: 'counsel', display_name: '이상담', role: 'counselor', password: 'pw-12345' } }],
      ['set_account_active', { username: 'counsel', active: false }],
      ['reset_password', { username: 'counsel', newPassword: 'new-pw-123' }],
      ['access_log', { filter }],
      ['export_access_log', { filter, path: '/tmp/접근기록.xlsx' }],
      ['backups', {}],
      ['backup_now', {}],
      ['restore_backup', { path: '/data/backups/labordesk-x.db', password: 'pw-12345' }],
      ['newest_backup', {}],
      ['restore_newest', { username: 'lead', password: 'pw-12345' }],
      ['retention', {}],
      ['set_retention_years', { years: 5 }],
      ['run_retention', {}],
    ]);
  });

  it('tells the window when a command is refused because the session is no longer open', async () => {
    let closed = 0;
    backend.setSessionClosedHandler(() => closed++);
    mockIPC((cmd) => {
      if (cmd === 'case_count') return Promise.reject({ code: 'locked', message: '화면이 잠겨 있습니다.' });
      return Promise.reject({ code: 'invalid', message: '입력값을 확인해 주세요' });
    });

    await expect(backend.caseCount()).rejects.toMatchObject({ code: 'locked' });
    await expect(backend.settings()).rejects.toMatchObject({ code: 'invalid' });
    expect(closed, 'only the refusal of a closed session').toBe(1);
    backend.setSessionClosedHandler(null);
  });
});

describe('statistics, review and import commands', () => {
  it('passes the period, the cell, the path and the filter under the names the Rust commands take', async () => {
    const calls = recordCalls();
    const period = { as_of: '2024-08-31' };

    await backend.report(period);
    await backend.report({ month: '2024-08' });
    await backend.t1Cell(period, { kind: 'channel', channel: 'labor_office', carried: true });
    await backend.exportWorkbook(period, '/tmp/통계.xlsx', true);
    await backend.review({ channel: 'labor_commission' });
    await backend.dashboard();
    await backend.checkImport('cases', '/tmp/cases.csv');

    expect(calls).toEqual([
      ['report', { period }],
      ['report', { period: { month: '2024-08' } }],
      ['t1_cell', { period, cell: { kind: 'channel', channel: 'labor_office', carried: true } }],
      ['export_workbook', { period, path: '/tmp/통계.xlsx', caseList: true }],
      ['review', { filter: { channel: 'labor_commission' } }],
      ['dashboard', {}],
      ['check_import', { kind: 'cases', path: '/tmp/cases.csv' }],
    ]);
  });

  it('hands an import’s progress events to the caller and stops listening afterwards', async () => {
    const { emit } = await import('@tauri-apps/api/event');
    mockIPC(
      async (cmd) => {
        if (cmd !== 'import_file') return null;
        await emit(backend.IMPORT_PROGRESS_EVENT, { done: 0, total: 1200 });
        await emit(backend.IMPORT_PROGRESS_EVENT, { done: 500, total: 1200 });
        await emit(backend.IMPORT_PROGRESS_EVENT, { done: 1200, total: 1200 });
        return { rows: 1200, added: 1200, skipped: 0 };
      },
      { shouldMockEvents: true },
    );
    const seen: number[] = [];

    await expect(backend.importFile('cases', '/tmp/big.csv', (p) => seen.push(p.done))).resolves.toEqual({
      rows: 1200,
      added: 1200,
      skipped: 0,
    });
    await emit(backend.IMPORT_PROGRESS_EVENT, { done: 1, total: 1 });
    expect(seen).toEqual([0, 500, 1200]);
  });

  it('takes a file dialog’s answer from the test preset when there is one, else from the dialog', async () => {
    let preset: string | null = '/tmp/preset.xlsx';
    const calls = recordCalls((cmd) => {
      if (cmd === 'test_dialog_answer') return preset;
      if (cmd === 'plugin:dialog|save') return '/home/센터/통계.xlsx';
      if (cmd === 'plugin:dialog|open') return '/home/센터/cases.csv';
      return null;
    });
    const options = { title: '저장', defaultPath: '통계.xlsx', filters: [{ name: 'Excel', extensions: ['xlsx'] }] };

    await expect(backend.chooseSavePath(options)).resolves.toBe('/tmp/preset.xlsx');
    expect(calls.map(([cmd]) => cmd)).toEqual(['test_dialog_answer']);

    preset = null;
    await expect(backend.chooseSavePath(options)).resolves.toBe('/home/센터/통계.xlsx');
    await expect(backend.chooseOpenPath({ title: '열기', filters: [] })).resolves.toBe('/home/센터/cases.csv');
    expect(calls.map(([cmd]) => cmd)).toEqual([
      'test_dialog_answer',
      'test_dialog_answer',
      'plugin:dialog|save',
      'test_dialog_answer',
      'plugin:dialog|open',
    ]);
    expect(calls[2][1]).toEqual({ options });
  });
});

describe('sync commands', () => {
  it('passes each command its arguments under the names the Rust commands take', async () => {
    const calls = recordCalls();

    await backend.syncStatus();
    await backend.syncFolderPath();
    await backend.setSyncFolder('/share/labordesk');
    await backend.setSyncFolder(null);
    await backend.syncExport('/usb/A-2025-03-04.ldsync', true);
    await backend.syncImport('/usb/B-2025-03-04.ldsync');
    await backend.syncFolder();
    await backend.syncConflicts();
    await backend.resolveConflict(7, true);
    await backend.syncEnrollment('B', '/usb/device-B.enroll');
    await backend.syncEnroll('/usb/device-B.enroll', 'ABCDE-FGHJK');
    await backend.syncRevokeEnrollment('D');

    expect(calls).toEqual([
      ['sync_status', {}],
      ['sync_folder_path', {}],
      ['set_sync_folder', { path: '/share/labordesk' }],
      ['set_sync_folder', { path: null }],
      ['sync_export', { path: '/usb/A-2025-03-04.ldsync', all: true }],
      ['sync_import', { path: '/usb/B-2025-03-04.ldsync' }],
      ['sync_folder', {}],
      ['sync_conflicts', {}],
      ['resolve_conflict', { id: 7, useOther: true }],
      ['sync_enrollment', { letter: 'B', path: '/usb/device-B.enroll' }],
      ['sync_enroll', { path: '/usb/device-B.enroll', code: 'ABCDE-FGHJK' }],
      ['sync_revoke_enrollment', { letter: 'D' }],
    ]);
  });

  it('asks for a folder with the open dialog in folder mode, or takes the test preset', async () => {
    let preset: string | null = '/tmp/shared';
    const calls = recordCalls((cmd) => (cmd === 'test_dialog_answer' ? preset : cmd === 'plugin:dialog|open' ? '/home/센터/공유' : null));
    await expect(backend.chooseFolder({ title: '동기화 폴더 선택' })).resolves.toBe('/tmp/shared');
    preset = null;
    await expect(backend.chooseFolder({ title: '동기화 폴더 선택' })).resolves.toBe('/home/센터/공유');
    expect(calls.map(([cmd]) => cmd)).toEqual(['test_dialog_answer', 'test_dialog_answer', 'plugin:dialog|open']);
    expect(calls[2][1]).toEqual({ options: { title: '동기화 폴더 선택', multiple: false, directory: true } });
  });
});

describe('backend errors', () => {
  it('keeps the core error code and Korean message', async () => {
    mockIPC(() => {
      throw { code: 'db_unreadable', message: '데이터베이스 파일이 아닙니다.' };
    });

    const error = await appInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ code: 'db_unreadable', message: '데이터베이스 파일이 아닙니다.', fields: [] });
  });

  it('keeps the fields of an invalid input, each with its Korean message', async () => {
    mockIPC(() => {
      throw {
        code: 'invalid',
        message: '입력값을 확인해 주세요: primary_category: 상담유형 — 필수 항목입니다',
        fields: [{ field: 'primary_category', message: '상담유형 — 필수 항목입니다' }, { bogus: 1 }],
      };
    });

    const error = await backend.createCase({ secondary_categories: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as BackendError).fields).toEqual([{ field: 'primary_category', message: '상담유형 — 필수 항목입니다' }]);
  });

  it('keeps every bad row of a refused import, each with its row, field and Korean reason', async () => {
    mockIPC(() => {
      throw {
        code: 'import_rows',
        message: '가져오기 파일에 오류가 2건 있어 아무것도 저장하지 않았습니다.',
        rows: [
          { row: 2, field: 'received_on', message: '접수일 — 2024-13-01: 달력에 없는 날짜입니다' },
          { row: 5, field: 'case_no', message: '사건번호 — 2024-A0001: 1행과 중복됩니다' },
          { row: 'x' },
        ],
      };
    });

    const error = await backend.importFile('cases', '/tmp/bad.csv').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as BackendError).code).toBe('import_rows');
    expect((error as BackendError).rows.map((r) => [r.row, r.field])).toEqual([
      [2, 'received_on'],
      [5, 'case_no'],
    ]);
  });

  it('turns a bare Tauri rejection into an ipc error that keeps the text', async () => {
    // What Tauri sends when a command is missing: a string, not `{ code, message }`.
    mockIPC(() => Promise.reject('command app_info not found'));

    const error = await appInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ code: IPC_ERROR_CODE, message: 'command app_info not found' });
  });
});
