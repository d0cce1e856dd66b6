/**
 * A stand-in for the Rust side in component tests: answers the app's commands from a small
 * in-memory model through Tauri's `mockIPC`, and records every call. It knows only what the
 * tests need; the real rules are tested in the core and end to end.
 */
import { mockIPC } from '@tauri-apps/api/mocks';

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
  };

  mockIPC((cmd, raw) => {
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
      default:
        throw `command ${cmd} not found`;
    }
  });
  return state;
}

/** Lets pending promises and Svelte's updates settle. */
export async function settle(times = 5) {
  for (let i = 0; i < times; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}
