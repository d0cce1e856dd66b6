/**
 * Debounced saving, for the intake draft: many keystrokes make one write, and a pending
 * write can be flushed (leaving the screen, saving the case) or dropped.
 */
export interface Debounced<T> {
  /** Schedules `value` to be written after the quiet period; a newer value replaces it. */
  schedule(value: T): void;
  /** Writes the pending value now, if there is one, and waits for any write under way. */
  flush(): Promise<void>;
  /** Drops the pending value (a write already under way still finishes). */
  cancel(): void;
  readonly pending: boolean;
}

export function debounced<T>(write: (value: T) => Promise<void> | void, delayMs: number): Debounced<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let next: { value: T } | undefined;
  let running: Promise<void> = Promise.resolve();

  const run = (): Promise<void> => {
    timer = undefined;
    const item = next;
    next = undefined;
    if (item) {
      // Writes never overlap, so an older value can never land after a newer one.
      running = running.then(() => write(item.value)).catch(() => {});
    }
    return running;
  };

  return {
    schedule(value: T) {
      next = { value };
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(run, delayMs);
    },
    flush() {
      if (timer !== undefined) clearTimeout(timer);
      return run();
    },
    cancel() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      next = undefined;
    },
    get pending() {
      return next !== undefined;
    },
  };
}
