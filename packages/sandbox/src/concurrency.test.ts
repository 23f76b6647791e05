import { describe, expect, it } from 'vitest';
import { SandboxBusyError } from './execution-queue.js';
import { createSandbox } from './sandbox.js';

describe('50 concurrent (and 2 more) executions of a busy loop', () => {
  it('complete or queue within the limits, refuse the excess, and give memory back', async () => {
    const sandbox = createSandbox({
      perTestMs: 150,
      totalMs: 1_000,
      memoryMb: 32,
      maxConcurrent: 2,
      maxQueued: 48,
    });
    // The supervisor's start is not part of any run's time.
    await sandbox.ready?.();
    const baseline = process.memoryUsage().rss;
    const runs = Array.from({ length: 52 }, (_, i) =>
      sandbox.run({
        language: i % 3 === 0 ? 'python' : i % 3 === 1 ? 'javascript' : 'typescript',
        code:
          i % 3 === 0
            ? 'def spin(n):\n    while True:\n        n += 1\n'
            : 'function spin(n) { for (;;) { n++; } }',
        entryPoint: 'spin',
        tests: [{ args: [0], expected: 0 }],
      }),
    );
    const settled = await Promise.allSettled(runs);
    const completed = settled.filter((s) => s.status === 'fulfilled');
    const refused = settled.filter((s) => s.status === 'rejected');

    // 2 running + 48 waiting: all 50 run; the two beyond are refused at once, with a retry hint.
    expect(completed).toHaveLength(50);
    expect(refused).toHaveLength(2);
    for (const r of refused)
      expect(SandboxBusyError.isInstance(r.reason) && r.reason.retryAfterMs > 0).toBe(true);
    for (const c of completed) {
      expect(c.value.results[0]?.status).toBe('timeout');
      expect(c.value.totalMs).toBeLessThan(1_000 + 1_500);
    }
    expect(sandbox.stats()).toEqual({ queued: 0, running: 0 });

    // Isolates and processes are gone: resident memory is back near where it started.
    global.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const grownMb = (process.memoryUsage().rss - baseline) / 1024 / 1024;
    expect(grownMb).toBeLessThan(96);
    await sandbox.close?.();
  }, 60_000);
});
