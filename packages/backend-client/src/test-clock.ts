import type { Clock } from './clock.js';

export interface VirtualClock extends Clock {
  advance(ms: number): void;
  /** Every sleep asked for, in order. */
  readonly sleeps: number[];
}

/**
 * Virtual time for tests: a sleep moves the clock forward by its length at
 * once (yielding to I/O first), so a minute of backoff takes milliseconds.
 */
export function virtualClock(start = Date.parse('2026-01-05T09:00:00Z')): VirtualClock {
  let now = start;
  const sleeps: number[] = [];
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    sleeps,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      const wakeAt = now + ms;
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (signal?.aborted) throw signal.reason;
      now = Math.max(now, wakeAt);
    },
  };
}
