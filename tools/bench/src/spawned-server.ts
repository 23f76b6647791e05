import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** apps/api's entry, as `pnpm start` runs it. */
export const apiMain = fileURLToPath(new URL('../../../apps/api/src/main.ts', import.meta.url));
// Resolved here, so the service can start from a directory of its own.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
export const apiNodeArgs = ['--no-node-snapshot', '--conditions=@bot-backend/source', '--import', tsxLoader];

/** Node's flags for a CPU profile of the process, written into `dir` at exit (none without a dir). */
export function cpuProfileArgs(dir: string | undefined): string[] {
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

async function waitHealthy(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url} exited with ${child.exitCode} before answering`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url}/healthz did not answer within ${timeoutMs} ms`);
}

export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

/** Starts a server process, waits for /healthz; its stderr is kept for errors. */
export async function startSpawnedServer(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  port: number,
  /** A file for its stdout (its log lines); default: discarded. */
  stdoutFile?: string,
): Promise<{ child: ChildProcess; url: string }> {
  const out = stdoutFile ? openSync(stdoutFile, 'a') : 'ignore';
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', out, 'pipe'] });
  if (typeof out === 'number') closeSync(out);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4_000);
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitHealthy(url, child, 120_000);
  } catch (error) {
    await stopServer(child);
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }
  return { child, url };
}
