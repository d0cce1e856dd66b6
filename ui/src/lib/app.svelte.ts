/**
 * The state every screen shares: the locale, the code lists, the counselors, the center
 * settings, booth mode and which screen is open. Loaded once at start; screens that change
 * one of them (settings, outreach) refresh it here.
 */
import * as backend from './backend';
import type { CodeListInfo, Counselor, OutreachEvent, PeriodChoice, Settings } from './backend';
import { enCodeLabels, isLocale, translator, type Locale, type MessageKey, type Params } from './i18n';

export type Screen = 'home' | 'intake' | 'list' | 'detail' | 'outreach' | 'review' | 'stats' | 'import' | 'sync' | 'settings';

/** The screens a case can be opened from, where its back button returns. */
export type DetailOrigin = 'list' | 'home' | 'review' | 'stats';

export const app = $state({
  locale: 'ko' as Locale,
  codeLists: [] as CodeListInfo[],
  counselors: [] as Counselor[],
  settings: { center_name: '', device_letter: '' } as Settings,
  /** The outreach event every new case is linked to, while booth mode lasts. */
  boothEvent: null as OutreachEvent | null,
  screen: 'home' as Screen,
  /** The case the detail screen shows. */
  caseId: null as string | null,
  /** Where the case was opened from: its back button returns there. */
  detailFrom: 'list' as DetailOrigin,
  /** The event the outreach screen opens on. */
  eventId: null as string | null,
});

/** Looks a message up in the current locale; reading `app.locale` keeps it reactive. */
export function t(key: MessageKey, params?: Params): string {
  return translator(app.locale)(key, params);
}

export interface Option {
  value: string;
  label: string;
}

/** The label of a code in the current locale: Korean from the core, English from the catalogue. */
export function codeLabel(list: string, code: string | null | undefined): string {
  if (code == null || code === '') return '';
  if (app.locale === 'en') {
    const en = enCodeLabels[list]?.[code];
    if (en) return en;
  }
  return app.codeLists.find((l) => l.name === list)?.values.find((v) => v.code === code)?.label ?? code;
}

/** The values of a code list as options, in report order. `withUnknown: false` leaves out
 * "unknown", for fields where empty already means unknown. */
export function codeOptions(list: string, withUnknown = false): Option[] {
  const values = app.codeLists.find((l) => l.name === list)?.values ?? [];
  return values
    .filter((v) => withUnknown || v.code !== 'unknown')
    .map((v) => ({ value: v.code, label: codeLabel(list, v.code) }));
}

export function eventLabel(e: Pick<OutreachEvent, 'held_on' | 'place'>): string {
  return `${e.held_on} ${e.place}`;
}

export function go(screen: Screen, ids: { caseId?: string; eventId?: string | null; from?: DetailOrigin } = {}) {
  if (ids.caseId !== undefined) app.caseId = ids.caseId;
  if (screen === 'detail') app.detailFrom = ids.from ?? 'list';
  if (ids.eventId !== undefined) app.eventId = ids.eventId;
  app.screen = screen;
}

export async function refreshCounselors() {
  app.counselors = await backend.counselors();
}

export async function setLocale(locale: Locale) {
  app.locale = locale;
  await backend.setPreference('language', locale);
}

/** Starts (or, with null, ends) booth mode; remembered across restarts. */
export async function setBoothEvent(event: OutreachEvent | null) {
  await backend.setPreference('booth_event_id', event?.id ?? null);
  app.boothEvent = event;
}

/** Loads what every screen needs. Preferences that point at something gone are dropped. */
export async function loadShared() {
  const [codeLists, counselors, settings, language, boothId] = await Promise.all([
    backend.codeLists(),
    backend.counselors(),
    backend.settings(),
    backend.preference('language'),
    backend.preference('booth_event_id'),
  ]);
  app.codeLists = codeLists;
  app.counselors = counselors;
  app.settings = settings;
  if (isLocale(language)) app.locale = language;
  app.boothEvent = boothId ? await backend.outreachEvent(boothId).catch(() => null) : null;
}

/** What the statistics screen asked for last, kept while a case behind a number is open, so
 * coming back shows the same tables. */
export const statsView = $state({
  mode: 'as_of' as 'as_of' | 'month',
  asOf: '',
  month: '',
  /** The period of the tables on screen, once shown. */
  shown: null as PeriodChoice | null,
  /** The key of the T1 number whose records are listed (`consultations.wage_arrears`). */
  drill: null as string | null,
});

/** The settings tabs, and the one open: kept while another screen is shown, and set by the
 * header's update notice to open 정보. */
export type SettingsTab = 'general' | 'about' | 'accounts' | 'protection' | 'log';
export const settingsView = $state({ tab: 'general' as SettingsTab });
