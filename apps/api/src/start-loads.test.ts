import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clusterPerTest, START_MS, until, workerPids, workersOf } from './cluster/test-cluster.js';
import { type MainProcess, mainPerTest } from './test-main-process.js';

// What a start loads decides how long `pnpm start` takes: every module costs its file reads and
// the TypeScript loader's round trips, two workers at once on a small machine.
const recorder = new URL('./test-record-loads.ts', import.meta.url).href;

// Each test's record of loads, in a folder of its own; registered first, so removed after the
// processes that write it are stopped (after-each hooks run in reverse order).
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const startCluster = clusterPerTest();
const startMain = mainPerTest();
function recordFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'api-loads-'));
  dirs.push(dir);
  return join(dir, 'loads.txt');
}

/** The module URLs each process resolved, by pid. */
function loadsByPid(file: string): Map<number, string[]> {
  const byPid = new Map<number, string[]>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const space = line.indexOf(' ');
    if (space < 0) continue;
    const pid = Number(line.slice(0, space));
    byPid.set(pid, [...(byPid.get(pid) ?? []), line.slice(space + 1)]);
  }
  return byPid;
}

/** Where in the log a worker's line with this message is (-1: none). */
const lineOf = (main: MainProcess, worker: number, msg: string) =>
  main
    .stdout()
    .split('\n')
    .findIndex((line) => line.includes(`"worker":${worker},`) && line.includes(`"msg":"${msg}"`));

// A vendor's package or SDK: loaded only by a process whose settings chose that vendor. Its model
// catalogue (`*-models.ts`, no SDK) is what the settings are checked against, in every process.
const vendorPattern =
  /\/packages\/vendors-|\/@deepgram\/sdk\/|\/openai\/|\/groq-sdk\/|\/@cartesia\/|\/assemblyai\/|\/openai-compatible\//;
const vendorModule = { test: (url: string) => vendorPattern.test(url) && !url.endsWith('-models.ts') };

describe('what a start loads', () => {
  it('the cluster primary loads no app, and workers without keys load no vendor SDK', async () => {
    const record = recordFile();
    const { main } = await startCluster(
      { LOG_LEVEL: 'debug', LOAD_RECORD_FILE: record },
      { nodeArgs: ['--import', recorder] },
    );
    // Each worker loads the code grader's compiler before it listens.
    await until('both workers listening', () => workersOf(main, 'listening').length === 2, START_MS);

    const byPid = loadsByPid(record);
    const primary = byPid.get(main.child.pid!) ?? [];
    const workers = workerPids(main).map((pid) => byPid.get(pid) ?? []);
    // The primary: settings, logger and the cluster's supervision only.
    expect(primary.some((url) => url.endsWith('/src/cluster/cluster-primary.ts'))).toBe(true);
    expect(
      primary.filter((url) => /\/src\/(app|serve|server)\.ts$|\/packages\/interview\//.test(url)),
    ).toEqual([]);
    expect(primary.filter((url) => vendorModule.test(url))).toEqual([]);
    // Two workers, each with the whole app and without any vendor's package.
    expect(workers).toHaveLength(2);
    for (const urls of workers) {
      expect(urls.some((url) => url.endsWith('/src/app.ts'))).toBe(true);
      expect(urls.filter((url) => vendorModule.test(url))).toEqual([]);
    }
    // The compiler loads before the worker listens: loaded after, it held the requests of its first seconds.
    for (const worker of [0, 1]) {
      const loaded = lineOf(main, worker, 'code analysis loaded');
      expect(loaded).toBeGreaterThanOrEqual(0);
      expect(lineOf(main, worker, 'listening')).toBeGreaterThan(loaded);
    }
  }, 180_000);

  it('a worker with keys loads the vendors its settings chose, and only those', async () => {
    const record = recordFile();
    // Keys alone infer the vendors; nothing is called before a request.
    const main = startMain(
      { PORT: '0', LOAD_RECORD_FILE: record, DEEPGRAM_API_KEY: 'dg-test', MODERATION_PROVIDER: 'none' },
      { nodeArgs: ['--import', recorder] },
    );
    await main.listening(START_MS);
    const urls = [...loadsByPid(record).values()].flat();
    expect(urls.some((url) => url.includes('/packages/vendors-deepgram/'))).toBe(true);
    expect(urls.some((url) => /\/@deepgram\/sdk\//.test(url))).toBe(true);
    expect(
      urls.filter(
        (url) =>
          /\/packages\/vendors-(openai|groq|cartesia|assemblyai|simli)\//.test(url) &&
          !url.endsWith('-models.ts'),
      ),
    ).toEqual([]);
  }, 180_000);
});
