import { afterAll, describe, expect, it } from 'vitest';
import { createSandbox } from '../sandbox.js';
import type { SupervisorEvent } from './supervisor-client.js';

const events: SupervisorEvent[] = [];
const sandbox = createSandbox(
  { perTestMs: 5_000, totalMs: 8_000, maxConcurrent: 2 },
  { onSupervisor: (event) => events.push(event) },
);
afterAll(() => sandbox.close?.());

const spin = { language: 'javascript' as const, code: 'function f(n) { for (;;) {} }', entryPoint: 'f' };
const add = { language: 'python' as const, code: 'def f(n):\n    return n + 1\n', entryPoint: 'f' };

describe('the supervisor process', () => {
  it('runs code outside this process and says it is ready', async () => {
    expect(await sandbox.ready?.()).toEqual({ ok: true });
    const ready = events.find((e) => e.type === 'ready');
    expect(ready?.type === 'ready' && ready.pid !== process.pid && ready.pid > 0).toBe(true);
    const report = await sandbox.run({ ...add, tests: [{ args: [1], expected: 2 }] });
    expect(report.passed).toBe(1);
  });

  it('when it dies, the runs in flight fail as tests, this process carries on, and a new one takes over', async () => {
    const ready = events.findLast((e) => e.type === 'ready');
    if (ready?.type !== 'ready') throw new Error('no supervisor');
    const running = sandbox.run({ ...spin, tests: [{ args: [1], expected: 1 }] });
    await new Promise((resolve) => setTimeout(resolve, 300));
    process.kill(ready.pid, 'SIGKILL');
    const report = await running;
    expect(report.passed).toBe(0);
    expect(report.results[0]).toMatchObject({ ok: false, status: 'error' });
    expect(report.results[0]?.error).toMatch(/sandbox stopped/);
    expect(
      events.some((e) => e.type === 'exited' && e.failedRuns === 1 && e.signal === 'SIGKILL' && e.restarting),
    ).toBe(true);

    const after = await sandbox.run({ ...add, tests: [{ args: [41], expected: 42 }] });
    expect(after.passed).toBe(1);
    const restarted = events.findLast((e) => e.type === 'ready');
    expect(restarted?.type === 'ready' && restarted.pid !== ready.pid).toBe(true);
  });

  it('stopped by close(), it says no new one follows, and none does', async () => {
    const ready = events.findLast((e) => e.type === 'ready');
    if (ready?.type !== 'ready') throw new Error('no supervisor');
    const before = events.length;
    await sandbox.close?.();
    const exited = events.slice(before).find((e) => e.type === 'exited');
    expect(exited).toMatchObject({ type: 'exited', restarting: false });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(events.slice(before).some((e) => e.type === 'ready')).toBe(false);
    expect(await sandbox.ready?.()).toMatchObject({ ok: false });
  });
});
