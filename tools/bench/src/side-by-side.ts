import { type ChildProcess, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '@bot-backend/testkit';
import type { HttpLoadResult } from './http-load.js';
import { apiMain, apiNodeArgs, startSpawnedServer, stopServer } from './spawned-server.js';

/**
 * /v1/evaluate (rubric) side by side: apps/api as `pnpm start` runs it with two
 * cluster workers, against the original's stack (FastAPI + uvicorn --workers 2,
 * tools/bench/baselines/fastapi_rubric.py). Both serve from their own processes; the
 * load generator is the bench's separate load process. Rounds alternate, so
 * both see the same machine load.
 */
export interface SideBySideFigures {
  connections: number;
  rounds: number;
  roundMs: number;
  ours: { rps: number[]; p99Ms: number[]; errors: number };
  /** Absent when the baseline could not run; `skipped` says why. */
  baseline?: { rps: number[]; p99Ms: number[]; errors: number } | undefined;
  skipped?: string | undefined;
  /** Our median rps over the baseline's, both from this run. */
  ratio?: number | undefined;
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

export async function runSideBySide(options: {
  load: HttpLoad;
  body: unknown;
  connections: number;
  rounds: number;
  roundMs: number;
  log: (line: string) => void;
}): Promise<SideBySideFigures> {
  const body = JSON.stringify(options.body);
  const figures: SideBySideFigures = {
    connections: options.connections,
    rounds: options.rounds,
    roundMs: options.roundMs,
    ours: { rps: [], p99Ms: [], errors: 0 },
  };
  const oursPort = await freePort();
  // Warn level on both sides: no access log line per request (uvicorn runs with --no-access-log).
  const ours = await startSpawnedServer(
    process.execPath,
    [...apiNodeArgs, apiMain],
    {
      PATH: process.env.PATH,
      PORT: String(oursPort),
      HOST: '127.0.0.1',
      WEB_CONCURRENCY: String(WORKERS),
      LOG_LEVEL: 'warn',
      INBOUND_AUTH: 'off',
      NODE_ENV: 'production',
    },
    process.cwd(),
    oursPort,
  );
  const found = findFastApiPython();
  let baseline: { child: ChildProcess; url: string } | undefined;
  if ('skipped' in found) figures.skipped = found.skipped;
  else {
    const port = await freePort();
    baseline = await startSpawnedServer(
      found.python,
      [
        '-m',
        'uvicorn',
        'fastapi_rubric:app',
        '--workers',
        String(WORKERS),
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
    figures.baseline = { rps: [], p99Ms: [], errors: 0 };
  }
  if (figures.skipped) options.log(figures.skipped);
  try {
    // Unmeasured warm-up of each: module loading and JIT on first requests are no steady state.
    for (const url of [ours.url, baseline?.url]) {
      if (url)
        await options.load(`${url}/v1/evaluate`, body, options.connections, Math.min(options.roundMs, 2_000));
    }
    for (let round = 0; round < options.rounds; round++) {
      const sides: [SideBySideFigures['ours'], string][] = [[figures.ours, ours.url]];
      if (baseline && figures.baseline) sides.push([figures.baseline, baseline.url]);
      // Alternate who goes first, so neither always gets the cooler machine.
      if (round % 2 === 1) sides.reverse();
      for (const [side, url] of sides) {
        const result = await options.load(`${url}/v1/evaluate`, body, options.connections, options.roundMs);
        side.rps.push(result.rps);
        side.p99Ms.push(result.p99Ms);
        side.errors += result.errors;
      }
    }
  } finally {
    await stopServer(ours.child);
    if (baseline) await stopServer(baseline.child);
  }
  if (figures.baseline) figures.ratio = median(figures.ours.rps) / median(figures.baseline.rps);
  return figures;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
