import { describe, expect, it } from 'vitest';
import coreCodes from '../../../src/domain/codes.rs?raw';
import { catalogues, dday, enCodeLabels, format, formatCount, locales, placeholders, translator } from './i18n';

describe('message catalogue', () => {
  it('has Korean first and English second', () => {
    expect(locales).toEqual(['ko', 'en']);
  });

  it('gives every locale exactly the Korean keys', () => {
    const keys = Object.keys(catalogues.ko).sort();
    for (const locale of locales) expect(Object.keys(catalogues[locale]).sort()).toEqual(keys);
  });

  it('has no empty message', () => {
    for (const locale of locales) {
      for (const [key, message] of Object.entries(catalogues[locale])) {
        expect(message.trim(), `${locale} ${key}`).not.toBe('');
      }
    }
  });

  it('uses the same placeholders in every locale, so a translation cannot drop a value', () => {
    for (const [key, message] of Object.entries(catalogues.ko)) {
      const expected = placeholders(message).sort();
      expect(placeholders(catalogues.en[key as keyof typeof catalogues.en]).sort(), key).toEqual(expected);
    }
  });
});

describe('lookup and formatting', () => {
  it('looks up the Korean home-screen label', () => {
    expect(translator('ko')('home.caseCount.label')).toBe('등록된 상담 사건');
    expect(translator('ko')('home.caseCount.unit')).toBe('건');
  });

  it('fills placeholders', () => {
    expect(translator('ko')('error.code', { code: 'locked' })).toBe('오류 코드: locked');
    expect(translator('en')('header.device', { letter: 'B' })).toBe('Device B');
  });

  it('refuses to show a message with a missing value', () => {
    expect(() => format('기기 {letter}')).toThrow(/letter/);
  });

  it('groups thousands in counts', () => {
    expect(formatCount('ko', 415)).toBe('415');
    expect(formatCount('ko', 1234)).toBe('1,234');
    expect(formatCount('en', 1234567)).toBe('1,234,567');
  });
});

describe('code labels and deadlines', () => {
  it('has English labels for exactly the lists of the core’s code_lists()', () => {
    // Which codes each list holds is checked by the type check (the generated unions); which
    // lists there are, only the core's source says.
    const lists = [...coreCodes.matchAll(/info::<\w+>\("(\w+)"\)/g)].map((m) => m[1]);
    expect(lists).toContain('category');
    expect(Object.keys(enCodeLabels).sort()).toEqual(lists.sort());
  });

  it('has an English label for every code of the lists the forms show, never "unknown" for a real value', () => {
    expect(Object.keys(enCodeLabels.category)).toEqual([
      'wage_arrears', 'dismissal', 'harassment', 'union', 'social_insurance', 'industrial_accident', 'other',
    ]);
    for (const [list, labels] of Object.entries(enCodeLabels)) {
      for (const [code, label] of Object.entries(labels)) {
        expect(label.trim(), `${list}.${code}`).not.toBe('');
        if (code !== 'unknown') expect(label, `${list}.${code}`).not.toBe('Unknown');
      }
    }
  });

  it('writes D-day as Korean offices do', () => {
    const t = translator('ko');
    expect(dday(t, 23)).toBe('D-23');
    expect(dday(t, 0)).toBe('D-Day');
    expect(dday(t, -5)).toBe('D+5');
  });
});
