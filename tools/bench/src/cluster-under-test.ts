import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { freePort } from '@bot-backend/testkit';
import { apiMain, apiNodeArgs, cpuProfileArgs, startSpawnedServer, stopServer } from './spawned-server.js';

/**
 * apps/api as `pnpm start` runs it on this machine: its own process, the
 * cluster primary with one worker per core unless `workers` says otherwise,
 * info-level logs, the vendors named by `env`. The bench reads its figures
 * from /proc (CPU, memory of the whole process tree) and /metrics (summed over
 * the workers by the primary).
 */
export interface ClusterUnderTest {
  pid: number;
  url: string;
  /** The server's log lines (stdout); removed with its folder on close unless BENCH_KEEP_SERVER_LOG=1. */
  logFile: string;
  wsUrl: string;
  /** /metrics once (a scrape resets prom-client's event-loop histograms). */
  scrape(): Promise<string>;
  /** The sum over the series of `name` whose labels contain `labels` (0 when there is none), scraped now. */
  metric(name: string, labels?: string): Promise<number>;
  /** SIGTERM (the workers drain and write their CPU profiles, if asked), then wait for the exit. */
  close(): Promise<void>;
}

/** BENCH_SERVER_NODE_FLAGS="--trace-gc --single-threaded-gc": V8 or Node flags to try on the server (and its workers). */
const serverNodeFlags = () => process.env.BENCH_SERVER_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];

export async function startClusterUnderTest(
  env: Record<string, string>,
  options: {
    workers?: number | undefined;
    cpuProfileDir?: string;
    /** apps/api's entry; default this checkout's (cpu-compare.ts runs another checkout's beside it). */
    main?: string;
    /** Node or V8 flags for this server only, after BENCH_SERVER_NODE_FLAGS (cpu-compare's `--this-flags`). */
    nodeFlags?: readonly string[];
  } = {},
): Promise<ClusterUnderTest> {
  const port = await freePort();
  const cwd = mkdtempSync(`${tmpdir()}/bench-api-`);
  // Workers inherit the primary's Node flags (cluster forks with process.execArgv): each writes its own profile.
  const { child, url } = await startSpawnedServer(
    process.execPath,
    [
      ...apiNodeArgs,
      ...serverNodeFlags(),
      ...(options.nodeFlags ?? []),
      ...cpuProfileArgs(options.cpuProfileDir),
      options.main ?? apiMain,
    ],
    {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      NODE_ENV: 'development',
      ...(options.workers ? { WEB_CONCURRENCY: String(options.workers) } : {}),
      ...env,
    },
    cwd,
    port,
    `${cwd}/server.log`,
  );
  await settled(`${cwd}/server.log`, options.workers ?? availableParallelism());
  const scrape = async () => (await fetch(`${url}/metrics`)).text();
  return {
    pid: child.pid as number,
    url,
    logFile: `${cwd}/server.log`,
    wsUrl: `${url.replace('http:', 'ws:')}/ws/voice`,
    scrape,
    metric: async (name, labels) => metricSum(await scrape(), name, labels),
    close: async () => {
      await stopServer(child);
      // BENCH_KEEP_SERVER_LOG=1 keeps the log (and its folder) for a look after the run.
      if (process.env.BENCH_KEEP_SERVER_LOG !== '1') rmSync(cwd, { recursive: true, force: true });
    },
  };
}

/** The sum over the series of `name` in a /metrics text whose labels contain `labels`. */
export function metricSum(text: string, name: string, labels = ''): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (!(rest.startsWith(' ') || rest.startsWith('{')) || !rest.includes(labels)) continue;
    sum += Number(rest.slice(rest.lastIndexOf(' ') + 1)) || 0;
  }
  return sum;
}

/**
 * Waits until every worker's code sandbox has started (its log line says ready or unavailable):
 * its supervisor loads its modules for most of a second of CPU after the server listens, which
 * would otherwise land in the first level's figures. Gives up quietly after 30 s.
 */
async function settled(logFile: string, workers: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  const pattern = /"msg":"code execution (?:ready|unavailable)/g;
  while (Date.now() < deadline) {
    let text = '';
    try {
      text = readFileSync(logFile, 'utf8');
    } catch {
      // not written yet
    }
    if ((text.match(pattern) ?? []).length >= workers) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
