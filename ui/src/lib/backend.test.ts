import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { appInfo, BackendError, caseCount, IPC_ERROR_CODE } from './backend';

afterEach(() => clearMocks());

describe('backend commands', () => {
  it('appInfo calls app_info without arguments and returns its payload', async () => {
    const calls: [string, unknown][] = [];
    const payload = { dbPath: '/tmp/x.db', centerName: '테스트센터', deviceLetter: 'A', caseCount: 3 };
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return payload;
    });

    await expect(appInfo()).resolves.toEqual(payload);
    expect(calls).toEqual([['app_info', {}]]);
  });

  it('caseCount calls case_count and returns the number', async () => {
    mockIPC((cmd) => (cmd === 'case_count' ? 415 : Promise.reject(`unknown command ${cmd}`)));

    await expect(caseCount()).resolves.toBe(415);
  });
});

describe('backend errors', () => {
  it('keeps the core error code and Korean message', async () => {
    mockIPC(() => {
      throw { code: 'not_a_database', message: '데이터베이스 파일이 아닙니다.' };
    });

    const error = await appInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ code: 'not_a_database', message: '데이터베이스 파일이 아닙니다.' });
  });

  it('turns a bare Tauri rejection into an ipc error that keeps the text', async () => {
    // What Tauri sends when a command is missing: a string, not `{ code, message }`.
    mockIPC(() => Promise.reject('command app_info not found'));

    const error = await appInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ code: IPC_ERROR_CODE, message: 'command app_info not found' });
  });
});
