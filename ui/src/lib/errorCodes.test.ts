import { describe, expect, it } from 'vitest';
import coreErrors from '../../../src/error.rs?raw';
import shellErrors from '../../../src-tauri/src/error.rs?raw';
import { ERROR_CODES, IPC_ERROR_CODE, SESSION_CLOSED_CODES } from './backend';

/** The codes of the core's `Error::code()`: every string one of its arms answers. */
function coreCodes(source: string): string[] {
  const start = source.indexOf('pub fn code(&self)');
  expect(start, 'Error::code() in src/error.rs').toBeGreaterThan(-1);
  const body = source.slice(start, source.indexOf('\n    }\n', start));
  return [...body.matchAll(/=>\s*"([a-z_]+)"/g)].map((m) => m[1]);
}

/** The codes the shell refuses with (`AppError::Refused { code: "…", … }`). */
function shellCodes(source: string): string[] {
  return [...source.matchAll(/\bcode:\s*"([a-z_]+)"/g)].map((m) => m[1]);
}

describe('error codes', () => {
  it('are exactly those of the core, the shell and the UI, so a new Rust code cannot go unnoticed', () => {
    const core = coreCodes(coreErrors);
    const shell = shellCodes(shellErrors);
    // The parsers must find something, or the comparison below proves nothing.
    expect(core).toContain('invalid');
    expect(shell).toContain('locked');
    const expected = new Set([...core, ...shell, IPC_ERROR_CODE]);
    expect([...ERROR_CODES].sort()).toEqual([...expected].sort());
  });

  it('are listed once each', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });

  it('close the session only with the shell’s refusals', () => {
    expect(SESSION_CLOSED_CODES.every((code) => shellCodes(shellErrors).includes(code))).toBe(true);
  });
});
