import { describe, expect, it } from 'vitest';
import { syncReportFixture } from '../test/fakeBackend';
import { translator } from './i18n';
import {
  conflictFieldLabel,
  conflictRecordLabel,
  conflictValue,
  deviceLetter,
  deviceName,
  exportFileName,
  folderFileLine,
  keptValue,
  letterOf,
  otherValue,
  reportLines,
  showsLeadParts,
  withExtension,
} from './sync';

const ko = translator('ko');
const en = translator('en');
const labels: Record<string, Record<string, string>> = {
  category: { wage_arrears: '임금체불', dismissal: '부당해고 등', other: '기타' },
  remedy_outcome: { recognized: '인정' },
  outcome: { info: '정보제공' },
};
const label = (list: string, code: string) => labels[list]?.[code] ?? code;
const status = {
  device_id: 'dev-a',
  letter: 'A',
  center_id: 'center-1',
  peers: [{ device_id: 'dev-b', letter: 'B', last_import_at: null, up_to_date: true }],
  pending: 0,
  open_conflicts: 0,
};

describe('file names', () => {
  it('suggests the letter and the day for a transfer file, and adds the extension once', () => {
    expect(exportFileName('B', '2025-03-04')).toBe('B-2025-03-04.ldsync');
    expect(withExtension('/usb/to-center', 'ldsync')).toBe('/usb/to-center.ldsync');
    expect(withExtension('/usb/to-center.LDSYNC', 'ldsync'), 'any case').toBe('/usb/to-center.LDSYNC');
  });

  it('takes one letter for a new device, in capitals, and nothing else', () => {
    expect(deviceLetter(' b ')).toBe('B');
    expect(deviceLetter('BC')).toBeNull();
    expect(deviceLetter('가')).toBeNull();
    expect(deviceLetter('')).toBeNull();
  });
});

describe('the sync report', () => {
  it('says whose file it was, the cases, every record and the conflicts', () => {
    const lines = reportLines(ko, 'ko', { ...syncReportFixture(), new_records: 1234 });
    expect(lines).toEqual({
      from: '기기 B의 파일 (B-2025-03-04.ldsync)',
      cases: '새 사건 4건, 바뀐 사건 1건',
      records: '전체 기록: 새로 1,234건, 바뀜 2건, 그대로 6건',
      conflicts: '충돌 1건: 센터장이 확인해야 합니다',
    });
    expect(reportLines(en, 'en', { ...syncReportFixture(), conflicts: 0 }).conflicts).toBe('No conflicts');
  });

  it('gives each file of a folder sync its first line, or why it was refused', () => {
    const merged = folderFileLine(ko, 'ko', { file: '/share/x-dev-b.ldsync', report: syncReportFixture(), refused: null });
    expect(merged).toBe('기기 B의 파일 (B-2025-03-04.ldsync) 새 사건 4건, 바뀐 사건 1건');
    const refused = folderFileLine(ko, 'ko', { file: '/share/other.ldsync', report: null, refused: '다른 센터의 파일입니다.' });
    expect(refused).toBe('other.ldsync: 다른 센터의 파일입니다.');
  });
});

describe('devices', () => {
  it('names a device by its letter, this one as such, and an unknown one by its id', () => {
    expect(letterOf('dev-b', status)).toBe('B');
    expect(deviceName(ko, 'dev-b', status)).toBe('기기 B');
    expect(deviceName(ko, 'dev-a', status)).toBe('이 기기(A)');
    expect(deviceName(ko, '0123456789abcdef', status)).toBe('기기 01234567…');
    expect(deviceName(ko, 'dev-b', null)).toBe('기기 dev-b…');
  });

  it('shows the lead’s parts to the lead only', () => {
    expect(showsLeadParts('lead')).toBe(true);
    expect(showsLeadParts('supervisor')).toBe(false);
    expect(showsLeadParts('counselor')).toBe(false);
    expect(showsLeadParts(null)).toBe(false);
  });
});

describe('conflict values', () => {
  const cases = { table: 'cases', field: 'summary' };
  const value = (c: { table: string; field: string }, json: string) => conflictValue(ko, 'ko', label, c, json);

  it('shows a string without its JSON quotes and nothing as empty', () => {
    expect(value(cases, '"부스에서 \\"고친\\" 요약"')).toBe('부스에서 "고친" 요약');
    expect(value(cases, 'null')).toBe('(비어 있음)');
    expect(value(cases, '""')).toBe('(비어 있음)');
    expect(value(cases, 'not json at all')).toBe('not json at all');
  });

  it('shows codes as their labels, a set as its items, amounts in won and yes or no', () => {
    expect(value({ table: 'cases', field: 'primary_category' }, '"wage_arrears"')).toBe('임금체불');
    expect(value({ table: 'cases', field: 'secondary_categories' }, '["dismissal","other"]')).toBe('부당해고 등, 기타');
    expect(value({ table: 'cases', field: 'secondary_categories' }, '[]')).toBe('(비어 있음)');
    expect(value({ table: 'remedies', field: 'outcome' }, '"recognized"')).toBe('인정');
    expect(value({ table: 'cases', field: 'outcome' }, '"info"'), 'a case’s outcome is another list').toBe('정보제공');
    expect(value({ table: 'cases', field: 'unpaid_amount' }, '4500000')).toBe('4,500,000원');
    expect(value({ table: 'cases', field: 'written_notice' }, '1')).toBe('예');
    expect(value({ table: 'clients', field: 'birth_year' }, '1985'), 'a year is no amount').toBe('1985');
    expect(value({ table: 'cases', field: 'deleted_at' }, '"2025-03-04T09:00:00.000Z"')).toBe('삭제됨 (2025-03-04)');
    expect(value({ table: 'cases', field: 'deleted_at' }, 'null')).toBe('삭제 안 됨');
  });

  it('labels the field as the forms do', () => {
    expect(conflictFieldLabel(ko, 'cases', 'summary')).toBe('상담 내용');
    expect(conflictFieldLabel(ko, 'clients', 'name')).toBe('내담자 이름');
    expect(conflictFieldLabel(ko, 'cases', 'counselor_id')).toBe('상담원');
    expect(conflictFieldLabel(ko, 'cases', 'something_new')).toBe('something_new');
    expect(conflictRecordLabel(ko, 'remedies')).toBe('권리구제 절차');
    expect(conflictRecordLabel(en, 'cases')).toBe('Case');
  });

  it('knows which value the merge kept and which one the other button writes', () => {
    const c = { kept: 'remote', local_value: '"센터"', remote_value: '"부스"' };
    expect(keptValue(c)).toBe('"부스"');
    expect(otherValue(c)).toBe('"센터"');
    expect(otherValue({ ...c, kept: 'local' })).toBe('"부스"');
  });
});
