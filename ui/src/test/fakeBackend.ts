/**
 * A stand-in for the Rust side in component tests: answers the app's commands from a small
 * in-memory model through Tauri's `mockIPC`, and records every call. It knows only what the
 * tests need; the real rules are tested in the core and end to end.
 */
import { emit } from '@tauri-apps/api/event';
import { mockIPC } from '@tauri-apps/api/mocks';
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
  ];
}

export function fakeBackend(options: { storeError?: { code: string; message: string } } = {}) {
  const state = {
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
  };

  mockIPC(async (cmd, raw) => {
    const args = (raw ?? {}) as Record<string, unknown>;
    state.calls.push([cmd, args]);
    if (options.storeError) throw options.storeError;
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
      case 'list_cases':
        return { total: state.cases.length, items: [] };
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
      default:
        throw `command ${cmd} not found`;
    }
  }, { shouldMockEvents: true });
  return state;
}

/** Lets pending promises and Svelte's updates settle. */
export async function settle(times = 5) {
  for (let i = 0; i < times; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}
