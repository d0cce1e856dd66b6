import { describe, expect, it } from 'vitest';
import {
  backupTime,
  checkNewPassword,
  checkSetup,
  confirmsRecoveryCode,
  emptySetupForm,
  fileSize,
  isFilterDate,
  lastGroup,
  logTime,
  toLogFilter,
  toSetupInput,
  type SetupForm,
} from './securityForms';
import { catalogues } from './i18n';
import { atLeast } from './session.svelte';

const good: SetupForm = {
  center_name: ' 구로 노동권익센터 ',
  device_letter: 'b',
  username: 'lead.kim',
  display_name: '김센터',
  password: '긴 암호 여덟자 이상',
  password_again: '긴 암호 여덟자 이상',
};

describe('the setup form', () => {
  it('accepts a complete form and sends it trimmed with the device letter in capitals', () => {
    expect(checkSetup(good)).toEqual({});
    expect(toSetupInput(good)).toEqual({
      center_name: '구로 노동권익센터',
      device_letter: 'B',
      username: 'lead.kim',
      display_name: '김센터',
      password: '긴 암호 여덟자 이상',
    });
  });

  it('names every empty required field', () => {
    expect(checkSetup(emptySetupForm())).toEqual({
      center_name: 'security.required',
      device_letter: 'security.deviceLetterRule',
      username: 'security.required',
      display_name: 'security.required',
      password: 'security.passwordTooShort',
    });
  });

  it('refuses a device letter that is not one letter, and a user name the core would refuse', () => {
    expect(checkSetup({ ...good, device_letter: 'AB' }).device_letter).toBe('security.deviceLetterRule');
    expect(checkSetup({ ...good, device_letter: '가' }).device_letter).toBe('security.deviceLetterRule');
    expect(checkSetup({ ...good, username: '김센터' }).username).toBe('security.usernameRule');
    expect(checkSetup({ ...good, username: 'ab' }).username).toBe('security.usernameRule');
    expect(checkSetup({ ...good, username: 'a'.repeat(33) }).username).toBe('security.usernameRule');
  });

  it('wants the password twice, the same, and at least eight characters (Korean ones count as one each)', () => {
    expect(checkSetup({ ...good, password_again: '긴 암호 여덟자 이하' })).toEqual({ password_again: 'security.passwordMismatch' });
    expect(checkNewPassword('short', 'short')).toEqual({ password: 'security.passwordTooShort' });
    expect(checkNewPassword('여덟글자암호입니', '여덟글자암호입니')).toEqual({});
  });

  it('starts from the settings of an existing database', () => {
    expect(emptySetupForm({ center_name: '옛센터', device_letter: 'C' })).toMatchObject({ center_name: '옛센터', device_letter: 'C', username: '' });
  });

  it('uses only message keys the catalogue has', () => {
    const keys = [
      ...Object.values(checkSetup(emptySetupForm())),
      ...Object.values(checkSetup({ ...good, username: '!' , password_again: 'x' })),
      ...Object.values(toLogFilter({ from: 'x', to: '2024-01-01', username: '', action: '' }).problems),
      ...Object.values(toLogFilter({ from: '2024-02-01', to: '2024-01-01', username: '', action: '' }).problems),
    ];
    for (const key of keys) expect(catalogues.ko).toHaveProperty(key as string);
  });
});

describe('the recovery code confirmation', () => {
  const code = 'ABCDE-FGHJK-MNPQR-STUVW-XYZ23';

  it('asks for the last group, as typed in any case and with stray spaces', () => {
    expect(lastGroup(code)).toBe('XYZ23');
    expect(confirmsRecoveryCode(code, 'XYZ23')).toBe(true);
    expect(confirmsRecoveryCode(code, ' xyz 23 ')).toBe(true);
  });

  it('refuses anything else, an empty answer included', () => {
    expect(confirmsRecoveryCode(code, '')).toBe(false);
    expect(confirmsRecoveryCode(code, 'XYZ2')).toBe(false);
    expect(confirmsRecoveryCode(code, 'ABCDE')).toBe(false);
    expect(confirmsRecoveryCode('', '')).toBe(false);
  });
});

describe('the access-log filter', () => {
  it('sends only the filters in use', () => {
    expect(toLogFilter({ from: '', to: '', username: ' ', action: '' }, 500)).toEqual({ filter: { limit: 500 }, problems: {} });
    expect(toLogFilter({ from: '2024-01-01', to: '2024-12-31', username: 'lead', action: 'login' }).filter).toEqual({
      from: '2024-01-01',
      to: '2024-12-31',
      username: 'lead',
      action: 'login',
    });
  });

  it('refuses dates that are not on the calendar, and a range that ends before it starts', () => {
    expect(isFilterDate('2024-02-29')).toBe(true);
    expect(isFilterDate('2023-02-29')).toBe(false);
    expect(isFilterDate('2024-13-01')).toBe(false);
    expect(isFilterDate('24-1-1')).toBe(false);
    expect(toLogFilter({ from: '2024-02-30', to: '', username: '', action: '' }).problems).toEqual({ from: 'security.dateRule' });
    expect(toLogFilter({ from: '2024-03-01', to: '2024-02-01', username: '', action: '' }).problems).toEqual({ to: 'security.dateOrder' });
  });
});

describe('times and sizes', () => {
  it('shows log and backup times in local time', () => {
    // The offset is the machine's; the check compares with what Date itself makes of it.
    const at = '2025-03-04T09:00:05.123Z';
    const local = new Date(at);
    const pad = (n: number) => String(n).padStart(2, '0');
    const expected = `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())} ${pad(local.getHours())}:${pad(local.getMinutes())}`;
    expect(logTime(at)).toBe(`${expected}:05`);
    expect(backupTime('20250304T090005123Z')).toBe(expected);
    expect(backupTime('not a stamp')).toBe('not a stamp');
  });

  it('writes sizes in B, KB and MB', () => {
    expect(fileSize(512)).toBe('512 B');
    expect(fileSize(14_540)).toBe('14.2 KB');
    expect(fileSize(3_250_000)).toBe('3.1 MB');
  });
});

describe('roles', () => {
  it('orders counselor < supervisor < lead', () => {
    expect(atLeast('lead', 'supervisor')).toBe(true);
    expect(atLeast('supervisor', 'supervisor')).toBe(true);
    expect(atLeast('counselor', 'supervisor')).toBe(false);
    expect(atLeast('supervisor', 'lead')).toBe(false);
  });
});
