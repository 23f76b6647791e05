import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type MainProcess, startMain } from './test-main-process.js';

// What a start loads decides how long `pnpm start` takes: every module costs its file reads and
// the TypeScript loader's round trips, two workers at once on a small machine.
const recorder = new URL('./test-record-loads.ts', import.meta.url).href;

const running: { main: MainProcess; dir: string }[] = [];
afterEach(async () => {
  for (const { main, dir } of running.splice(0)) {
    await main.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
});

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
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

const logLines = (main: MainProcess) =>
  main
    .stdout()
    .split('\n')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as { msg?: string; worker?: number }];
      } catch {
        return [];
      }
    });

// A vendor's package or SDK: loaded only by a process whose settings chose that vendor. Its model
// catalogue (`*-models.ts`, no SDK) is what the settings are checked against, in every process.
const vendorPattern =
  /\/packages\/vendors-|\/@deepgram\/sdk\/|\/openai\/|\/groq-sdk\/|\/@cartesia\/|\/assemblyai\/|\/openai-compatible\//;
const vendorModule = { test: (url: string) => vendorPattern.test(url) && !url.endsWith('-models.ts') };

describe('what a start loads', () => {
  it('the cluster primary loads no app, and workers without keys load no vendor SDK', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'api-loads-'));
    const record = join(dir, 'loads.txt');
    const main = startMain(
      { WEB_CONCURRENCY: '2', PORT: '0', LOG_LEVEL: 'debug', LOAD_RECORD_FILE: record },
      { nodeArgs: ['--import', recorder] },
    );
    running.push({ main, dir });
    await main.listening(90_000);
    // Each worker loads the code grader's compiler once it listens.
    const loaded = () => logLines(main).filter((line) => line.msg === 'code analysis loaded');
    await until(() => loaded().length === 2, 60_000, 'code analysis loaded in both workers');

    const byPid = loadsByPid(record);
    const primary = byPid.get(main.child.pid!) ?? [];
    const workers = [...byPid].filter(([pid]) => pid !== main.child.pid).map(([, urls]) => urls);
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
    // The compiler loads after the worker listens, not before.
    const lines = logLines(main);
    for (const worker of [0, 1]) {
      const listening = lines.findIndex((line) => line.worker === worker && line.msg === 'listening');
      const compiler = lines.findIndex(
        (line) => line.worker === worker && line.msg === 'code analysis loaded',
      );
      expect(listening).toBeGreaterThanOrEqual(0);
      expect(compiler).toBeGreaterThan(listening);
    }
  }, 180_000);

  it('a worker with keys loads the vendors its settings chose, and only those', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'api-loads-'));
    const record = join(dir, 'loads.txt');
    // Keys alone infer the vendors; nothing is called before a request.
    const main = startMain(
      {
        PORT: '0',
        LOAD_RECORD_FILE: record,
        DEEPGRAM_API_KEY: 'dg-test',
        MODERATION_PROVIDER: 'none',
      },
      { nodeArgs: ['--import', recorder] },
    );
    running.push({ main, dir });
    await main.listening(90_000);
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
