import { describe, expect, it } from 'vitest';
import { startBystander, timerLateness } from './bystander.js';

describe('the bystander', () => {
  it('sees a timer held up by a busy loop as late', async () => {
    const measuring = timerLateness(AbortSignal.timeout(300));
    // Block this process's loop for 60 ms once: one timer fires at least that late.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const until = performance.now() + 60;
    while (performance.now() < until) {
      // busy
    }
    const figures = await measuring;
    expect(figures.n).toBeGreaterThan(20);
    expect(figures.max).toBeGreaterThanOrEqual(55);
    expect(figures.p50).toBeLessThan(figures.max);
  });

  it('reports from a process of its own', async () => {
    const bystander = await startBystander(50);
    await new Promise((resolve) => setTimeout(resolve, 250));
    const measured = await bystander.stop();
    expect(measured).toBeDefined();
    expect(measured?.n).toBeGreaterThan(20);
    expect(measured?.max).toBeGreaterThanOrEqual(measured?.p99 ?? Number.NaN);
  });
});
