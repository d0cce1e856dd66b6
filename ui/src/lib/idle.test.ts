import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { idleTimer, watchIdle } from './idle';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2025-03-04T09:00:00Z'));
});

afterEach(() => {
  vi.useRealTimers();
});

const MINUTE = 60_000;

describe('the idle timer', () => {
  it('fires once after the idle time without input', () => {
    const onIdle = vi.fn();
    idleTimer(10 * MINUTE, onIdle);

    vi.advanceTimersByTime(10 * MINUTE - 1);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(60 * MINUTE);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('counts the idle time from the last input, not from the start', () => {
    const onIdle = vi.fn();
    const timer = idleTimer(10 * MINUTE, onIdle);

    vi.advanceTimersByTime(9 * MINUTE);
    timer.activity();
    vi.advanceTimersByTime(9 * MINUTE);
    expect(onIdle, '18 minutes since start, 9 since the input').not.toHaveBeenCalled();
    timer.activity();
    vi.advanceTimersByTime(10 * MINUTE - 1);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('never fires once stopped', () => {
    const onIdle = vi.fn();
    const timer = idleTimer(MINUTE, onIdle);

    vi.advanceTimersByTime(MINUTE / 2);
    timer.stop();
    vi.advanceTimersByTime(10 * MINUTE);
    expect(onIdle).not.toHaveBeenCalled();
  });

  it('treats keys, clicks and mouse moves on the window as input, and removes its listeners when stopped', () => {
    const onIdle = vi.fn();
    const stop = watchIdle(window, 5_000, onIdle);

    for (const event of [new KeyboardEvent('keydown', { key: 'a' }), new MouseEvent('mousemove'), new MouseEvent('mousedown')]) {
      vi.advanceTimersByTime(4_000);
      window.dispatchEvent(event);
    }
    vi.advanceTimersByTime(4_999);
    expect(onIdle, 'each input restarted the five seconds').not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);

    const again = vi.fn();
    const stopAgain = watchIdle(window, 5_000, again);
    stopAgain();
    stop();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    vi.advanceTimersByTime(60_000);
    expect(again).not.toHaveBeenCalled();
  });
});
