/**
 * Every string the UI shows, Korean first and English second: one catalogue per locale in
 * `./locales/` (`ko.ts`, `en.ts`), and here the lookup and formatting over them. Components
 * look strings up through this module and never hard-code text, so a wording change touches
 * one locale file and a third locale one new file.
 *
 * Code lists are the exception that proves the rule: their Korean labels come from the core
 * (`code_lists()`, the same labels the reports print), and only their English labels live
 * in `en.ts`, keyed by list and code (`enCodeLabels`).
 */
import { en } from './locales/en';
import { ko, type MessageKey } from './locales/ko';

export type { MessageKey };
export { enCodeLabels, enHintTitles } from './locales/en';

export const catalogues: Record<'ko' | 'en', Record<MessageKey, string>> = { ko, en };
export type Locale = keyof typeof catalogues;
export const locales = Object.keys(catalogues) as Locale[];
export const defaultLocale: Locale = 'ko';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as string[]).includes(value);
}

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

export type Translate = (key: MessageKey, params?: Params) => string;

/** A lookup function bound to one locale: `t('error.code', { code })`. */
export function translator(locale: Locale): Translate {
  return (key: MessageKey, params?: Params) => format(catalogues[locale][key], params);
}

/** Counts as people read them in the locale (1,234 in both Korean and English). */
export function formatCount(locale: Locale, n: number): string {
  return new Intl.NumberFormat(locale === 'ko' ? 'ko-KR' : 'en-US').format(n);
}

/** "D-23" before a deadline, "D-Day" on it, "D+5" after it. */
export function dday(t: Translate, daysLeft: number): string {
  if (daysLeft === 0) return t('dday.today');
  return daysLeft > 0 ? t('dday.left', { days: daysLeft }) : t('dday.past', { days: -daysLeft });
}
