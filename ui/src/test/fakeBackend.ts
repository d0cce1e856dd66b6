/**
 * A stand-in for the Rust side in component tests: answers the app's commands from a small
 * in-memory model through Tauri's `mockIPC`, and records every call. It knows only what the
 * tests need; the real rules are tested in the core and end to end.
 */
import { emit } from '@tauri-apps/api/event';
import { mockIPC } from '@tauri-apps/api/mocks';
import type { ErrorCode } from '../lib/backend';
import type { ImportCheck } from '../lib/bindings/ImportCheck';
import type { T1Cell } from '../lib/bindings/T1Cell';
import { dashboardFixture, drillRows, importCheckFixture, reportFixture, reviewFixture } from './fixtures';

export interface FakeCase {
  id: string;
  case_no: string;
  input: Record<string, unknown>;
}

export function codeListsFixture() {
  return [
    {
      name: 'category',
      label: '상담유형',
      values: [
        { code: 'wage_arrears', label: '임금체불' },
        { code: 'dismissal', label: '부당해고 등' },
        { code: 'harassment', label: '직장내 괴롭힘' },
        { code: 'union', label: '노동조합' },
        { code: 'social_insurance', label: '4대보험' },
        { code: 'industrial_accident', label: '산업재해' },
        { code: 'other', label: '기타' },
      ],
    },
    {
      name: 'intake_method',
      label: '상담방법',
      values: [
        { code: 'visit', label: '방문' },
        { code: 'phone', label: '전화' },
        { code: 'outreach', label: '찾아가는 상담' },
        { code: 'unknown', label: '미상' },
      ],
    },
    { name: 'gender', label: '성별', values: [{ code: 'male', label: '남' }, { code: 'female', label: '여' }, { code: 'unknown', label: '미상' }] },
    {
      name: 'remedy_channel',
      label: '권리구제 기관',
      values: [
        { code: 'labor_office', label: '노동청' },
        { code: 'labor_commission', label: '노동위원회' },
        { code: 'welfare_insurance', label: '고용복지센터/4대보험 공단' },
        { code: 'other', label: '기타' },
      ],
    },
    { name: 'role', label: '역할', values: [{ code: 'counselor', label: '상담원' }, { code: 'supervisor', label: '검토자' }, { code: 'lead', label: '센터장' }] },
    {
      name: 'access_action',
      label: '접근 행위',
      values: [
        { code: 'view', label: '열람' },
        { code: 'create', label: '등록' },
        { code: 'update', label: '수정' },
        { code: 'delete', label: '삭제' },
        { code: 'export', label: '내보내기' },
        { code: 'login', label: '로그인' },
        { code: 'failed_login', label: '로그인 실패' },
        { code: 'unlock', label: '잠금 해제' },
        { code: 'import', label: '가져오기' },
        { code: 'destroy', label: '파기' },
        { code: 'restore', label: '복원' },
        { code: 'backup', label: '백업' },
      ],
    },
  ];
}

/** The account the fake session is open for, unless a test says otherwise. */
export const LEAD = { username: 'lead', display_name: '김센터', role: 'lead' as const };
export const LEAD_PASSWORD = 'violet-lantern-harbor';
const WRONG_PASSWORD = { code: 'wrong_password', message: '사용자 이름 또는 암호가 맞지 않습니다.' };

type FakeSession =
  | { state: 'setup'; existing: boolean; settings: { center_name: string; device_letter: string } }
  | { state: 'logged_out' }
  | { state: 'locked'; user: typeof LEAD }
  | { state: 'open'; user: { username: string; display_name: string; role: 'counselor' | 'supervisor' | 'lead' } };

export function fakeBackend(options: { storeError?: { code: ErrorCode; message: string } } = {}) {
  const state = {
    /** Where the session stands; data commands refuse unless it is open, as the shell does. */
    session: { state: 'open', user: LEAD } as FakeSession,
    idleSeconds: 600,
    recoveryCode: 'ABCDE-FGHJK-MNPQR-STUVW-XYZ23',
    /** The codes `new_recovery_code` answers, in turn; each replaces `recoveryCode`. */
    newRecoveryCodes: ['QRSTU-VWXYZ-23456-789AB-CDEFG'],
    accounts: [
      { id: 'a1', username: 'lead', display_name: '김센터', role: 'lead', active: true },
      { id: 'a2', username: 'counsel', display_name: '이상담', role: 'counselor', active: true },
    ],
    /** What the core found wrong with the log at the lead's sign-in. */
    logProblems: [] as string[],
    accessLog: [
      { seq: 2, at: '2025-03-04T09:00:05.000Z', username: 'lead', action: 'login', record_id: null, detail: null },
      { seq: 1, at: '2025-03-03T09:00:05.000Z', username: 'counsel', action: 'view', record_id: 'case-1', detail: null },
    ],
    backups: [
      { path: '/data/backups/labordesk-20250304T090000000Z.db', made_at: '20250304T090000000Z', bytes: 2_400_000 },
      { path: '/data/backups/labordesk-20250303T090000000Z.db', made_at: '20250303T090000000Z', bytes: 2_300_000 },
    ],
    retentionYears: 3,
    retentionRuns: 0,
    restored: [] as string[],
    calls: [] as [string, Record<string, unknown>][],
    cases: [] as FakeCase[],
    drafts: new Map<string, unknown>(),
    preferences: new Map<string, string>(),
    counselors: [
      { id: 'c1', name: '김상담', active: true },
      { id: 'c2', name: '이노무', active: true },
    ],
    settings: { center_name: '테스트센터', device_letter: 'A' },
    events: [] as { id: string; held_on: string; place: string; kind: string; visitor_count: null; counselors: string[]; note: null; case_count: number }[],
    /** What the next file dialog "chooses" (the shell's test preset); null opens the dialog. */
    dialogAnswer: null as string | null,
    /** Import files by path: what checking each finds. */
    importFiles: new Map<string, ImportCheck>([
      ['/data/bad.csv', importCheckFixture([{ row: 2, field: 'received_on', message: "접수일 — '2024-13-40'은(는) 날짜 형식이 아닙니다 (YYYY-MM-DD)" }])],
      ['/data/good.csv', importCheckFixture()],
    ]),
    exported: [] as string[],
    /** How many cases a search (a text filter) matches; the answer counts them up to 10,000 as
     * the core does. null: a search matches the cases there are. */
    searchMatches: null as number | null,
    sync: {
      status: {
        device_id: 'dev-a',
        letter: 'A',
        center_id: 'center-1',
        peers: [{ device_id: 'dev-b', letter: 'B', last_import_at: '2025-03-04T09:00:05.000Z', up_to_date: false }],
        pending: 3,
        open_conflicts: 1,
      },
      folder: null as string | null,
      /** Transfer files by path: the report of importing each; any other path is refused. */
      files: new Map([['/usb/B-2025-03-04.ldsync', syncReportFixture()]]),
      conflicts: [
        {
          id: 7,
          table: 'cases',
          row_id: 'case-1',
          case_no: '2024-B0001',
          field: 'summary',
          local_value: '"센터에서 고친 요약"',
          remote_value: '"부스에서 고친 요약"',
          local_device: 'dev-a',
          remote_device: 'dev-b',
          kept: 'remote',
          found_at: '2025-03-04T09:00:05.000Z',
        },
      ],
      resolved: [] as [number, boolean][],
      enrollments: [] as [string, string][],
      /** Letters whose unused enrollments the lead revoked. */
      revoked: [] as string[],
      enrolled: [] as [string, string][],
      folderSyncs: 0,
      /** Make the next folder sync fail with this. */
      folderError: null as { code: ErrorCode; message: string } | null,
    },
    /** The update address (none: nothing is contacted) and what a check finds there. */
    updateAddress: null as string | null,
    updateOffer: null as { version: string; currentVersion: string; notes: string | null } | null,
  };

  mockIPC(async (cmd, raw) => {
    const args = (raw ?? {}) as Record<string, unknown>;
    state.calls.push([cmd, args]);
    if (options.storeError) throw options.storeError;
    switch (cmd) {
      case 'session':
        return state.session;
      case 'setup': {
        const input = args.input as { username: string; display_name: string };
        state.session = { state: 'open', user: { username: input.username, display_name: input.display_name, role: 'lead' } };
        return { session: state.session, recoveryCode: state.recoveryCode };
      }
      case 'login':
        if (args.username !== LEAD.username || args.password !== LEAD_PASSWORD) throw WRONG_PASSWORD;
        state.session = { state: 'open', user: LEAD };
        return state.session;
      case 'unlock':
        if (state.session.state !== 'locked') throw { code: 'invalid_state', message: '잠겨 있지 않습니다.' };
        if (args.password !== LEAD_PASSWORD) throw WRONG_PASSWORD;
        state.session = { state: 'open', user: state.session.user };
        return state.session;
      case 'lock':
        if (state.session.state === 'open') state.session = { state: 'locked', user: state.session.user as typeof LEAD };
        return state.session;
      case 'logout':
        state.session = { state: 'logged_out' };
        return state.session;
      case 'lock_policy':
        return { minutes: 10, idleSeconds: state.idleSeconds };
      case 'newest_backup':
        return null;
      case 'code_lists':
        return codeListsFixture();
      case 'test_dialog_answer':
        return state.dialogAnswer;
    }
    if (state.session.state !== 'open') {
      throw state.session.state === 'locked'
        ? { code: 'locked', message: '화면이 잠겨 있습니다. 암호를 입력해 잠금을 해제해 주세요.' }
        : { code: 'signed_out', message: '로그인하지 않았습니다. 사용자 이름과 암호로 로그인해 주세요.' };
    }
    switch (cmd) {
      case 'app_info':
        return { dbPath: '/data/labordesk.db', centerName: state.settings.center_name, deviceLetter: state.settings.device_letter, caseCount: state.cases.length };
      case 'code_lists':
        return codeListsFixture();
      case 'counselors':
        return state.counselors;
      case 'settings':
        return state.settings;
      case 'preference':
        return state.preferences.get(args.key as string) ?? null;
      case 'set_preference':
        if (args.value == null) state.preferences.delete(args.key as string);
        else state.preferences.set(args.key as string, args.value as string);
        return null;
      case 'draft':
        return state.drafts.get(args.key as string) ?? null;
      case 'save_draft':
        state.drafts.set(args.key as string, structuredClone(args.body));
        return null;
      case 'clear_draft':
        state.drafts.delete(args.key as string);
        return null;
      case 'outreach_events':
        return state.events;
      case 'accounts':
        return state.accounts;
      case 'create_account': {
        const input = args.input as { username: string; display_name: string; role: string };
        const account = { id: `a${state.accounts.length + 1}`, username: input.username, display_name: input.display_name, role: input.role, active: true };
        state.accounts.push(account);
        return account;
      }
      case 'set_account_active': {
        const account = state.accounts.find((a) => a.username === args.username)!;
        account.active = args.active as boolean;
        return null;
      }
      case 'reset_password':
        return null;
      case 'new_recovery_code': {
        const code = state.newRecoveryCodes.shift();
        if (!code) throw { code: 'io', message: '키 파일을 쓸 수 없습니다.' };
        state.recoveryCode = code;
        return code;
      }
      case 'change_password':
        if (args.oldPassword !== LEAD_PASSWORD) throw WRONG_PASSWORD;
        return null;
      case 'access_log_problems':
        return state.logProblems;
      case 'access_log': {
        const filter = args.filter as { action?: string; username?: string };
        return state.accessLog.filter((e) => (!filter.action || e.action === filter.action) && (!filter.username || e.username === filter.username));
      }
      case 'export_access_log':
        state.exported.push(args.path as string);
        return state.accessLog.length;
      case 'backups':
        return state.backups;
      case 'backup_now':
        return state.backups;
      case 'restore_backup':
        if (args.password !== LEAD_PASSWORD) throw WRONG_PASSWORD;
        state.restored.push(args.path as string);
        return state.session;
      case 'retention':
        return { years: state.retentionYears, cutoff: '2022-03-04' };
      case 'set_retention_years':
        if ((args.years as number) > 10) throw { code: 'invalid', message: '입력값을 확인해 주세요', fields: [{ field: 'retention_years', message: '보존기간 — 1년에서 10년 사이여야 합니다' }] };
        state.retentionYears = args.years as number;
        return { years: state.retentionYears, cutoff: '2020-03-04' };
      case 'run_retention':
        state.retentionRuns++;
        return { cutoff: '2022-03-04', cases: 12, clients: 9, drafts: 0, copies: 3, copies_unreadable: 0 };
      case 'set_idle_minutes':
        return { minutes: args.minutes, idleSeconds: (args.minutes as number) * 60 };
      case 'outreach_event': {
        const e = state.events.find((x) => x.id === args.id);
        if (!e) throw { code: 'not_found', message: '찾아가는 상담 행사을(를) 찾을 수 없습니다.' };
        return e;
      }
      case 'create_case': {
        const input = args.input as Record<string, unknown>;
        const fields = [];
        if (!input.primary_category) fields.push({ field: 'primary_category', message: '상담유형 — 필수 항목입니다' });
        if (typeof input.received_on === 'string' && input.received_on > '2090') {
          fields.push({ field: 'received_on', message: `접수일 — ${input.received_on}: 내일 이후 날짜는 입력할 수 없습니다` });
        }
        if (fields.length) throw { code: 'invalid', message: '입력값을 확인해 주세요', fields };
        const n = state.cases.length + 1;
        const saved = { id: `id-${n}`, case_no: `2025-A${String(n).padStart(4, '0')}`, input };
        state.cases.push(saved);
        return { id: saved.id, case_no: saved.case_no };
      }
      case 'list_cases': {
        const text = (args.filter as { text?: string | null }).text;
        const matches = text && state.searchMatches !== null ? state.searchMatches : state.cases.length;
        return { total: Math.min(matches, 10_000), total_is_lower_bound: matches > 10_000, items: [] };
      }
      case 'dashboard':
        return dashboardFixture();
      case 'review': {
        const filter = args.filter as { channel?: string; counselor?: string };
        const review = reviewFixture();
        review.open = review.open.filter(
          (r) => (!filter.channel || r.channel === filter.channel) && (!filter.counselor || r.counselor === filter.counselor),
        );
        return review;
      }
      case 'report': {
        const period = args.period as { as_of?: string; month?: string };
        if (period.as_of && !/^\d{4}-\d{2}-\d{2}$/.test(period.as_of)) {
          const message = `기준일 — '${period.as_of}'은(는) 날짜 형식이 아닙니다 (YYYY-MM-DD)`;
          throw { code: 'invalid', message: `입력값을 확인해 주세요: as_of: ${message}`, fields: [{ field: 'as_of', message }] };
        }
        return reportFixture(period.as_of ?? `${period.month}-31`);
      }
      case 't1_cell': {
        const cell = args.cell as T1Cell;
        const t1 = reportFixture().t1;
        const count =
          cell.kind === 'consultations'
            ? cell.category === null ? t1.consultations.total : t1.consultations[cell.category]
            : cell.kind === 'channel'
              ? t1.remedies.in_progress_by_channel[cell.channel][cell.carried ? 'carried' : 'new']
              : t1.remedies[cell.kind === 'remedies' ? 'total' : cell.kind];
        return drillRows(count);
      }
      case 'export_workbook':
        state.exported.push(args.path as string);
        return null;
      case 'test_dialog_answer':
        return state.dialogAnswer;
      case 'check_import': {
        const check = state.importFiles.get(args.path as string);
        if (!check) throw { code: 'import_file', message: `가져오기 파일(${args.path})을 읽을 수 없습니다: 파일이 없습니다` };
        return { ...check, kind: args.kind };
      }
      case 'import_file': {
        const check = state.importFiles.get(args.path as string)!;
        if (check.errors.length) throw { code: 'import_rows', message: `가져오기 파일에 오류가 ${check.errors.length}건 있어 아무것도 저장하지 않았습니다.`, rows: check.errors };
        await emit('import-progress', { done: 0, total: check.rows });
        await emit('import-progress', { done: check.rows, total: check.rows });
        return { rows: check.rows, added: check.would_add, skipped: check.would_skip };
      }
      case 'sync_status':
        return { ...state.sync.status, open_conflicts: state.sync.conflicts.length };
      case 'sync_folder_path':
        return state.sync.folder;
      case 'set_sync_folder':
        state.sync.folder = (args.path as string | null) ?? null;
        return state.sync.folder;
      case 'sync_export':
        state.exported.push(args.path as string);
        return { path: args.path, records: args.all ? 40 : 12, cases: args.all ? 9 : 2 };
      case 'sync_import': {
        const report = state.sync.files.get(args.path as string);
        if (!report) {
          throw { code: 'sync_refused', message: `동기화 파일(${args.path})을 가져오지 않았습니다: 파일이 손상되었거나 바뀌었습니다. 아무것도 바뀌지 않았습니다.` };
        }
        return { ...report, file: args.path };
      }
      case 'sync_folder': {
        state.sync.folderSyncs++;
        if (state.sync.folderError) throw state.sync.folderError;
        return {
          imported: [
            { file: `${state.sync.folder}/1a2b3c4d-dev-b.ldsync`, report: syncReportFixture(), refused: null },
            { file: `${state.sync.folder}/9f8e7d6c-dev-z.ldsync`, report: null, refused: '동기화 파일(9f8e7d6c-dev-z.ldsync)을 가져오지 않았습니다: 다른 센터의 파일입니다. 아무것도 바뀌지 않았습니다.' },
          ],
          exported: { path: `${state.sync.folder}/1a2b3c4d-dev-a.ldsync`, records: 5, cases: 1 },
        };
      }
      case 'sync_conflicts':
        return state.sync.conflicts;
      case 'resolve_conflict':
        state.sync.resolved.push([args.id as number, args.useOther as boolean]);
        state.sync.conflicts = state.sync.conflicts.filter((c) => c.id !== args.id);
        return null;
      case 'sync_enrollment':
        if (args.letter === 'A') throw { code: 'invalid', message: '입력값을 확인해 주세요', fields: [{ field: 'device_letter', message: "기기 문자 — 'A'는 이미 이 센터의 다른 기기가 쓰고 있습니다" }] };
        state.sync.enrollments.push([args.letter as string, args.path as string]);
        return 'QWERT-YUPAS-DFGHJ-KLZXC-VBNM2';
      case 'sync_revoke_enrollment':
        if (args.letter === 'B') throw { code: 'invalid_state', message: '기기 문자 B의 등록은 이미 기기(ID dev-b)가 사용했습니다. 사용된 등록은 취소할 수 없습니다.' };
        state.sync.revoked.push(args.letter as string);
        return 1;
      case 'sync_enroll':
        if (args.code !== 'QWERT-YUPAS-DFGHJ-KLZXC-VBNM2') throw { code: 'invalid_state', message: '등록 코드가 맞지 않거나 파일이 손상되었습니다.' };
        state.sync.enrolled.push([args.path as string, args.code as string]);
        state.settings = { center_name: '구로 노동권익센터', device_letter: 'C' };
        return '구로 노동권익센터';
      case 'about':
        return { version: '0.1.0', dbPath: '/data/labordesk.db', logDir: '/home/센터/.local/share/kr.labordesk.desktop/logs' };
      case 'open_export':
      case 'open_export_folder':
      case 'open_log_folder':
        return null;
      case 'update_address':
        return state.updateAddress;
      case 'set_update_address':
        state.updateAddress = (args.address as string | null) || null;
        return state.updateAddress;
      case 'check_update':
        return state.updateAddress ? state.updateOffer : null;
      case 'install_update':
        return null;
      default:
        throw `command ${cmd} not found`;
    }
  }, { shouldMockEvents: true });
  return state;
}

/** What importing the booth's transfer file brings. */
export function syncReportFixture() {
  return {
    file: '/usb/B-2025-03-04.ldsync',
    from_device: 'dev-b',
    from_letter: 'B',
    new_cases: 4,
    updated_cases: 1,
    new_records: 11,
    updated_records: 2,
    unchanged_records: 6,
    conflicts: 1,
  };
}

/** Lets pending promises and Svelte's updates settle. */
export async function settle(times = 5) {
  for (let i = 0; i < times; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}
