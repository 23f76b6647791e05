import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { apiMain, apiNodeArgs, stopServer } from './spawned-server.js';
import { type Spread, spread } from './stats.js';

/**
 * From spawning apps/api as `pnpm start` runs it (no keys, no .env, its default worker per core)
 * to the first 200 from /healthz: what a person waits for after typing the start command, less
 * pnpm's own start. Each worker loads the app at once, on the machine's cores.
 */
export async function measureStartup(runs: number): Promise<Spread> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) times.push(await startOnce());
  return spread(times);
}

async function startOnce(): Promise<number> {
  const cwd = mkdtempSync(`${tmpdir()}/bench-start-`);
  const started = performance.now();
  const child = spawn(process.execPath, [...apiNodeArgs, apiMain], {
    cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', PORT: '0', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error('apps/api did not listen within 60 s')), 60_000);
      child.once('exit', (code) => reject(new Error(`apps/api exited with ${code} before listening`)));
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /"port":(\d+).*"msg":"listening"/.exec(out);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
    });
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    if (health.status !== 200) throw new Error(`/healthz answered ${health.status}`);
    return performance.now() - started;
  } finally {
    // Drained, workers and all, so the next run starts on a quiet machine.
    await stopServer(child);
    rmSync(cwd, { recursive: true, force: true });
  }
}
