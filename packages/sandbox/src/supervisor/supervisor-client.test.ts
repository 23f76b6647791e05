import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createSandbox } from '../sandbox.js';
import type { SupervisorEvent } from './supervisor-client.js';
import { supervisorNice } from './yield-cpu.js';

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

  it.runIf(process.platform === 'linux')(
    'runs every thread, and every program it starts, at a lower priority than this process',
    async () => {
      const ready = events.findLast((e) => e.type === 'ready');
      if (ready?.type !== 'ready') throw new Error('no supervisor');
      // os.nice(0) answers the niceness the program runs at: the supervisor's, and the harness
      // lowers itself further.
      const python = await sandbox.run({
        language: 'python',
        code: 'import os\ndef f():\n    return os.nice(0)\n',
        entryPoint: 'f',
        tests: [{ args: [], expected: null }],
      });
      const programNice = python.results[0]?.actual;
      expect(typeof programNice === 'number' && programNice >= supervisorNice).toBe(true);
      // Isolates run on threads of the supervisor's own, started by now.
      const js = await sandbox.run({
        ...spin,
        code: 'function f(n) { return n; }',
        tests: [{ args: [1], expected: 1 }],
      });
      expect(js.passed).toBe(1);
      const niceness = readdirSync(`/proc/${ready.pid}/task`).map((tid) => {
        const stat = readFileSync(`/proc/${ready.pid}/task/${tid}/stat`, 'utf8');
        // Field 19 of stat; the fields after the command's closing parenthesis start at field 3.
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
      });
      expect(niceness.length).toBeGreaterThan(1);
      expect(new Set(niceness)).toEqual(new Set([supervisorNice]));
    },
  );

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
