import { describe, expect, it } from 'vitest';
import { steadyNow } from './steady-clock.js';

describe('steadyNow', () => {
  it('never goes back, over a hundred thousand readings, each a whole millisecond', () => {
    let previous = steadyNow();
    let backwards = 0;
    let fractional = 0;
    for (let i = 0; i < 100_000; i++) {
      const now = steadyNow();
      if (now < previous) backwards += 1;
      if (!Number.isInteger(now)) fractional += 1;
      previous = now;
    }
    expect(backwards).toBe(0);
    expect(fractional).toBe(0);
  });

  it('reads as wall-clock time: within a second of Date.now()', () => {
    expect(Math.abs(steadyNow() - Date.now())).toBeLessThan(1_000);
  });

  it('advances as the monotonic clock does', async () => {
    const [wall0, mono0] = [steadyNow(), performance.now()];
    await new Promise((resolve) => setTimeout(resolve, 30));
    const [wall1, mono1] = [steadyNow(), performance.now()];
    expect(wall1 - wall0).toBeGreaterThanOrEqual(30);
    // Whole milliseconds: within one of the monotonic clock's own interval.
    expect(Math.abs(wall1 - wall0 - (mono1 - mono0))).toBeLessThanOrEqual(1);
  });
});
