/**
 * Every string the UI shows, Korean first and English second. Components look strings up
 * here and never hard-code text, so a wording change (or a third locale) touches one file.
 */

const ko = {
  'app.name': 'LaborDesk',
  'app.tagline': '노동상담 사건관리',
  'app.loading': '불러오는 중…',
  'header.device': '기기 {letter}',
  'header.switchLocale': 'English',
  'home.caseCount.label': '등록된 상담 사건',
  'home.caseCount.unit': '건',
  'home.dbPath.label': '데이터 파일',
  'error.title': '데이터를 불러오지 못했습니다',
  'error.code': '오류 코드: {code}',
  'error.hint': '문제가 계속되면 이 화면을 담당자에게 보여 주세요.',
} as const;

export type MessageKey = keyof typeof ko;

const en: Record<MessageKey, string> = {
  'app.name': 'LaborDesk',
  'app.tagline': 'Labor counseling case manager',
  'app.loading': 'Loading…',
  'header.device': 'Device {letter}',
  'header.switchLocale': '한국어',
  'home.caseCount.label': 'Counseling cases on record',
  'home.caseCount.unit': 'cases',
  'home.dbPath.label': 'Data file',
  'error.title': 'Could not load the data',
  'error.code': 'Error code: {code}',
  'error.hint': 'If this keeps happening, show this screen to your administrator.',
};

export const catalogues: Record<'ko' | 'en', Record<MessageKey, string>> = { ko, en };
export type Locale = keyof typeof catalogues;
export const locales = Object.keys(catalogues) as Locale[];
export const defaultLocale: Locale = 'ko';

/** `{name}` placeholders in a message, in order of appearance. */
export function placeholders(message: string): string[] {
  return [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
}

export type Params = Record<string, string | number>;

/** Fills `{name}` placeholders. A missing parameter throws: a half-filled message shown
 * to a counselor is worse than a failing test. */
export function format(message: string, params: Params = {}): string {
  return message.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`missing message parameter "${name}"`);
    return String(params[name]);
  });
}

/** A lookup function bound to one locale: `t('error.code', { code })`. */
export function translator(locale: Locale) {
  return (key: MessageKey, params?: Params) => format(catalogues[locale][key], params);
}

/** Counts as people read them in the locale (1,234 in both Korean and English). */
export function formatCount(locale: Locale, n: number): string {
  return new Intl.NumberFormat(locale === 'ko' ? 'ko-KR' : 'en-US').format(n);
}
