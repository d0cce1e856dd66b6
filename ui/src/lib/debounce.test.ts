import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { debounced } from './debounce';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('debounced draft writes', () => {
  it('writes once, the last value, after the quiet period', async () => {
    const writes: string[] = [];
    const saver = debounced((v: string) => void writes.push(v), 500);
    saver.schedule('ㄱ');
    await vi.advanceTimersByTimeAsync(300);
    saver.schedule('가');
    await vi.advanceTimersByTimeAsync(300);
    saver.schedule('가나');
    expect(writes).toEqual([]);
    await vi.advanceTimersByTimeAsync(500);
    expect(writes).toEqual(['가나']);
  });

  it('flushes a pending value at once, and cancel drops it', async () => {
    const writes: string[] = [];
    const saver = debounced((v: string) => void writes.push(v), 500);
    saver.schedule('a');
    expect(saver.pending).toBe(true);
    await saver.flush();
    expect(writes).toEqual(['a']);
    saver.schedule('b');
    saver.cancel();
    await vi.advanceTimersByTimeAsync(1000);
    expect(writes).toEqual(['a']);
  });

  it('never lets an older write finish after a newer one', async () => {
    const order: string[] = [];
    const saver = debounced(async (v: string) => {
      await new Promise((resolve) => setTimeout(resolve, v === 'slow' ? 300 : 10));
      order.push(v);
    }, 100);
    saver.schedule('slow');
    await vi.advanceTimersByTimeAsync(150);
    saver.schedule('fast');
    const flushed = saver.flush();
    await vi.advanceTimersByTimeAsync(1000);
    await flushed;
    expect(order).toEqual(['slow', 'fast']);
  });
});
