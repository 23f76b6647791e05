import { type ChildProcess, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '@bot-backend/testkit';
import type { HttpLoadResult } from './http-load.js';
import { apiMain, apiNodeArgs, startSpawnedServer, stopServer } from './spawned-server.js';
import { findWrk, runWrkLoad } from './wrk-load.js';

/**
 * /v1/evaluate (rubric) side by side: apps/api as `pnpm start` runs it with two
 * cluster workers, against the original's stack (FastAPI + uvicorn --workers 2,
 * bench/baselines/fastapi_rubric.py). Both serve from their own processes; the
 * load generator is the bench's separate load process. Rounds alternate, so
 * both see the same machine load.
 */
export interface SideBySideFigures {
  connections: number;
  rounds: number;
  roundMs: number;
  /** The unmeasured load each server takes first, from its start. */
  warmUpMs: number;
  ours: SideFigures;
  /** Absent when the baseline could not run; `skipped` says why. */
  baseline?: SideFigures | undefined;
  skipped?: string | undefined;
  /** Our median rps over the baseline's, both from this run. */
  ratio?: number | undefined;
  /** What made the load: wrk, or the Node load process when wrk is not installed (and why). */
  loadGenerator: string;
}

export interface SideFigures {
  rps: number[];
  p99Ms: number[];
  errors: number;
  /** The warm-up's p99 (from the server's start): shown, never counted. */
  warmUpP99Ms?: number | undefined;
}

export type HttpLoad = (
  url: string,
  body: string,
  connections: number,
  durationMs: number,
) => Promise<HttpLoadResult>;

const WORKERS = 2;
const baselinesDir = fileURLToPath(new URL('../baselines/', import.meta.url));

/** The Python with FastAPI and uvicorn (Debian's /usr/bin/python3 first), or why there is none. */
export function findFastApiPython(): { python: string } | { skipped: string } {
  for (const python of ['/usr/bin/python3', 'python3']) {
    try {
      execFileSync(python, ['-c', 'import fastapi, uvicorn'], { stdio: 'ignore', timeout: 20_000 });
      return { python };
    } catch {
      // next candidate
    }
  }
  return {
    skipped:
      'FastAPI baseline skipped: no python3 with fastapi and uvicorn (Debian: apt-get install python3-fastapi python3-uvicorn)',
  };
}

/** Stops a server process started here (SIGTERM, then SIGKILL). */
export const stop = stopServer;

/** apps/api as `pnpm start` runs it; `nodeArgs` go before the script (e.g. --cpu-prof). */
export async function startApi(workers: number, nodeArgs: readonly string[] = []) {
  const port = await freePort();
  // Warn level on both sides: no access log line per request (uvicorn runs with --no-access-log).
  return startSpawnedServer(
    process.execPath,
    [...apiNodeArgs, ...nodeArgs, apiMain],
    {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      WEB_CONCURRENCY: String(workers),
      LOG_LEVEL: 'warn',
      INBOUND_AUTH: 'off',
      NODE_ENV: 'production',
    },
    process.cwd(),
    port,
  );
}

/** The original's stack: bench/baselines/fastapi_rubric.py under uvicorn (one process when `workers` is 1). */
export async function startBaseline(python: string, workers: number) {
  const port = await freePort();
  return startSpawnedServer(
    python,
    [
      '-m',
      'uvicorn',
      'fastapi_rubric:app',
      '--workers',
      String(workers),
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--no-access-log',
      '--log-level',
      'warning',
    ],
    { PATH: process.env.PATH },
    baselinesDir,
    port,
  );
}

export async function runSideBySide(options: {
  /** The Node load process: used only when wrk is not installed. */
  load: HttpLoad;
  body: unknown;
  connections: number;
  rounds: number;
  roundMs: number;
  /**
   * Unmeasured load on each server first. From a fresh start, its p99 over 2 s windows fell from
   * 140-380 ms (the first) through 40-90 and 25-45 ms to a steady 13-24 ms after about 8 s at
   * 64 connections: module loading and V8 optimizing the HTTP path and the grader. Default 10 s.
   */
  warmUpMs?: number;
  log: (line: string) => void;
}): Promise<SideBySideFigures> {
  const body = JSON.stringify(options.body);
  // wrk costs the machine far less than a Node client loop, so the servers get the cores.
  const wrk = findWrk();
  const load: HttpLoad =
    'wrk' in wrk
      ? (url, requestBody, connections, durationMs) =>
          runWrkLoad(wrk.wrk, { url, body: requestBody, connections, durationMs })
      : options.load;
  const figures: SideBySideFigures = {
    connections: options.connections,
    rounds: options.rounds,
    roundMs: options.roundMs,
    warmUpMs: options.warmUpMs ?? 10_000,
    ours: { rps: [], p99Ms: [], errors: 0 },
    loadGenerator: 'wrk' in wrk ? 'wrk (one thread)' : `the Node load process (${wrk.missing})`,
  };
  if ('missing' in wrk)
    options.log(`side by side: ${wrk.missing}; the load comes from the Node load process`);
  const ours = await startApi(WORKERS);
  const found = findFastApiPython();
  let baseline: { child: ChildProcess; url: string } | undefined;
  if ('skipped' in found) figures.skipped = found.skipped;
  else {
    baseline = await startBaseline(found.python, WORKERS);
    figures.baseline = { rps: [], p99Ms: [], errors: 0 };
  }
  if (figures.skipped) options.log(figures.skipped);
  try {
    const servers: [SideFigures, string][] = [[figures.ours, ours.url]];
    if (baseline && figures.baseline) servers.push([figures.baseline, baseline.url]);
    // Unmeasured warm-up of each (see warmUpMs): a server's first seconds are no steady state.
    for (const [side, url] of servers) {
      const heapMb = process.memoryUsage().heapUsed / 2 ** 20;
      const collectMs = quietThisProcess();
      options.log(
        `side by side: the bench's heap (${heapMb.toFixed(0)} MB) collected in ${collectMs.toFixed(0)} ms`,
      );
      const warm = await load(`${url}/v1/evaluate`, body, options.connections, figures.warmUpMs);
      side.warmUpP99Ms = warm.p99Ms;
    }
    for (let round = 0; round < options.rounds; round++) {
      // Alternate who goes first, so neither always gets the cooler machine.
      const sides = round % 2 === 1 ? [...servers].reverse() : servers;
      for (const [side, url] of sides) {
        quietThisProcess();
        const result = await load(`${url}/v1/evaluate`, body, options.connections, options.roundMs);
        side.rps.push(result.rps);
        side.p99Ms.push(result.p99Ms);
        side.errors += result.errors;
      }
    }
  } finally {
    await stop(ours.child);
    if (baseline) await stop(baseline.child);
  }
  if (figures.baseline) figures.ratio = median(figures.ours.rps) / median(figures.baseline.rps);
  return figures;
}

/**
 * A full collection of the bench's own heap now, between rounds, so that none
 * falls in one. After the concurrency levels that heap holds about 220 MB and
 * a full collection of it takes about 130 ms; in one full run the bench's own
 * process took a third of a core during a measured round (apps/api's p99
 * 128.8 ms in that round). Needs `--expose-gc`, as `pnpm bench` runs; returns
 * the milliseconds it took (0 without it).
 */
function quietThisProcess(): number {
  const started = performance.now();
  (globalThis as { gc?: () => void }).gc?.();
  return performance.now() - started;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
