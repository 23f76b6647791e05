import { spawn } from 'node:child_process';
import { z } from 'zod';
import { spread } from './stats.js';

/**
 * A bystander on the machine: a process that does nothing but ask for a
 * 4 ms timer, over and over, and notes how late each one fires. The lateness
 * it sees (past the timer's own granularity) is the machine's scheduling
 * under the load around it, not any server's code: the floor under the loop
 * delays and overheads measured beside it.
 */
export const bystanderFigures = z.object({
  n: z.number(),
  p50: z.number(),
  p99: z.number(),
  max: z.number(),
});
export type BystanderFigures = z.infer<typeof bystanderFigures>;

/**
 * 4 ms, not 1: each wake-up costs the machine a core's time, and at 1 ms the
 * bystander took 6% of a core beside 100 sessions (2.6% idle; 1.3% at 4 ms),
 * time the server measured beside it lost. Lateness is what it reports, and a
 * later timer is as late either way.
 */
const INTERVAL_MS = 4;

/** Lateness (ms) of a `setTimeout(INTERVAL_MS)` loop until `stop` aborts. */
export async function timerLateness(stop: AbortSignal): Promise<BystanderFigures> {
  const late: number[] = [];
  await new Promise<void>((resolve) => {
    let last = performance.now();
    const tick = () => {
      const now = performance.now();
      late.push(Math.max(0, now - last - INTERVAL_MS));
      last = now;
      if (stop.aborted) resolve();
      else setTimeout(tick, INTERVAL_MS);
    };
    setTimeout(tick, INTERVAL_MS);
  });
  const s = spread(late);
  return { n: s.n, p50: s.median, p99: s.p99, max: s.max };
}

/**
 * The bystander in a process of its own (bystander-probe.ts): resolves once it
 * is loaded, so its start costs nothing measured. It measures from `delayMs`
 * on; `stop()` ends it and gives its figures, or undefined if it failed (the
 * run goes on without them).
 */
export async function startBystander(
  delayMs: number,
): Promise<{ stop(): Promise<BystanderFigures | undefined> }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./bystander-probe.ts', import.meta.url).pathname, String(delayMs)],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  let out = '';
  let onReady: (() => void) | undefined;
  const ready = new Promise<void>((resolve) => {
    onReady = resolve;
  });
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
    if (out.startsWith('ready\n')) onReady?.();
  });
  const figures = new Promise<BystanderFigures | undefined>((resolve) => {
    // A process that could not start: the level goes on without the bystander.
    child.once('error', () => {
      onReady?.();
      resolve(undefined);
    });
    child.once('close', () => {
      onReady?.();
      const parsed = bystanderFigures.safeParse(safeJson(out.split('\n')[1] ?? ''));
      resolve(parsed.success ? parsed.data : undefined);
    });
  });
  await ready;
  return {
    stop() {
      child.kill('SIGTERM');
      return figures;
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
