import { describe, expect, it } from 'vitest';
import { PacedSchedule } from './paced-schedule.js';

describe('PacedSchedule', () => {
  it('counts every due time from the origin, so a late piece shortens the next wait', () => {
    let now = 1_000;
    const schedule = new PacedSchedule(() => now);
    expect(schedule.waitUntil(290)).toBe(290);
    // The first piece left 6 ms late; the second is still due 290 + 4 ms after the origin.
    now = 1_000 + 296;
    expect(schedule.waitUntil(294)).toBe(0);
    now = 1_000 + 297;
    expect(schedule.waitUntil(298)).toBe(1);
  });

  it('keeps the claimed rate over many pieces when every timer fires late', () => {
    let now = 0;
    const schedule = new PacedSchedule(() => now);
    const intervalMs = 3.6;
    for (let n = 1; n <= 100; n++) {
      // Waits as asked, then a timer's usual lateness of 1 ms.
      now += schedule.waitUntil(n * intervalMs) + 1;
    }
    // Waiting `intervalMs` after each piece would end near 100 × 4.6 = 460 ms.
    expect(now).toBeLessThanOrEqual(100 * intervalMs + 1 + 1e-9);
  });
});
