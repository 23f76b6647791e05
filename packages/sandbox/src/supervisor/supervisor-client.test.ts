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

/** A process's or thread's parent, niceness and command, from its `stat`. */
function procStat(path: string): { ppid: number; nice: number; command: string } {
  const stat = readFileSync(path, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 4 and 19 of stat; those after the command's closing parenthesis start at field 3.
  return {
    ppid: Number(fields[1]),
    nice: Number(fields[16]),
    command: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
  };
}

/** The processes whose parent is `pid`. */
function childrenOf(pid: number): Array<{ command: string; nice: number }> {
  const children: Array<{ command: string; nice: number }> = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = procStat(`/proc/${entry}/stat`);
      if (stat.ppid === pid) children.push(stat);
    } catch {
      // It ended meanwhile.
    }
  }
  return children;
}

describe('the supervisor process', () => {
  it('runs code outside this process and says it is ready', async () => {
    expect(await sandbox.ready?.()).toEqual({ ok: true });
    const ready = events.find((e) => e.type === 'ready');
    expect(ready?.type === 'ready' && ready.pid !== process.pid && ready.pid > 0).toBe(true);
    const report = await sandbox.run({ ...add, tests: [{ args: [1], expected: 2 }] });
    expect(report.passed).toBe(1);
  });

  it.runIf(process.platform === 'linux')(
    'runs every thread, and every program it starts, at a lower priority than this process, esbuild started before the first run',
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
      // esbuild's service (TypeScript's types stripped, ESM made a script) was started before the
      // first JavaScript run, and lowered like everything the supervisor starts.
      const children = childrenOf(ready.pid);
      expect(children.map((child) => child.command)).toContain('esbuild');
      expect(children.every((child) => child.nice >= supervisorNice)).toBe(true);
      // Isolates run on threads of the supervisor's own, started by now.
      const js = await sandbox.run({
        ...spin,
        code: 'function f(n) { return n; }',
        tests: [{ args: [1], expected: 1 }],
      });
      expect(js.passed).toBe(1);
      const niceness = readdirSync(`/proc/${ready.pid}/task`).flatMap((tid) => {
        try {
          return [procStat(`/proc/${ready.pid}/task/${tid}/stat`).nice];
        } catch {
          // The thread ended meanwhile (a pool's idle thread).
          return [];
        }
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
