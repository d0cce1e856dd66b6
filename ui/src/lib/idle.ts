/**
 * The idle lock's timer: after `timeoutMs` without keyboard or mouse input, `onIdle` runs
 * once. Input only notes the time (a mouse move is cheap); the timer checks that time when it
 * fires and waits out the rest, so a busy pointer never re-arms a timeout per event.
 */

/** What the timer needs from its surroundings; tests pass a fake clock. */
export interface IdleClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemClock: IdleClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface IdleTimer {
  /** Input happened: the idle time starts again. */
  activity(): void;
  /** Stops the timer for good; `onIdle` will not run. */
  stop(): void;
}

export function idleTimer(timeoutMs: number, onIdle: () => void, clock: IdleClock = systemClock): IdleTimer {
  let last = clock.now();
  let handle: unknown = null;
  let stopped = false;

  const check = () => {
    handle = null;
    if (stopped) return;
    const idleFor = clock.now() - last;
    if (idleFor >= timeoutMs) {
      stopped = true;
      onIdle();
    } else {
      handle = clock.setTimeout(check, timeoutMs - idleFor);
    }
  };
  handle = clock.setTimeout(check, timeoutMs);

  return {
    activity() {
      last = clock.now();
    },
    stop() {
      stopped = true;
      if (handle !== null) clock.clearTimeout(handle);
      handle = null;
    },
  };
}

/** The input that counts as someone at the keyboard. */
export const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'mousedown', 'mousemove', 'wheel', 'touchstart'] as const;

/**
 * Runs an idle timer on `target`'s input (the window): returns a function that stops it and
 * removes the listeners.
 */
export function watchIdle(target: EventTarget, timeoutMs: number, onIdle: () => void, clock?: IdleClock): () => void {
  const timer = idleTimer(timeoutMs, onIdle, clock);
  const activity = () => timer.activity();
  for (const type of ACTIVITY_EVENTS) target.addEventListener(type, activity, { capture: true, passive: true });
  return () => {
    timer.stop();
    for (const type of ACTIVITY_EVENTS) target.removeEventListener(type, activity, { capture: true });
  };
}
