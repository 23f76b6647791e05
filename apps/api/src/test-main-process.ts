import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';

const mainPath = fileURLToPath(new URL('./main.ts', import.meta.url));
// Resolved here, so the child can run from an empty directory with no node_modules.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface MainProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the port from the `listening` log line. */
  listening(timeoutMs: number): Promise<number>;
  /** Kills the child if it still runs and removes its directory. */
  cleanup(): Promise<void>;
}

/**
 * The real `src/main.ts`, as `pnpm start` runs it, in an empty directory (no
 * .env files) and with only the given environment.
 */
export function startMain(env: Record<string, string>): MainProcess {
  const cwd = mkdtempSync(`${tmpdir()}/api-main-`);
  const child = spawn(
    process.execPath,
    ['--no-node-snapshot', '--conditions=@bot-backend/source', '--import', tsxLoader, mainPath],
    {
      cwd,
      // One worker unless the test asks for more (WEB_CONCURRENCY).
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', WEB_CONCURRENCY: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    listening: (timeoutMs) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`not listening after ${timeoutMs} ms:\n${stderr}`)),
          timeoutMs,
        );
        const check = () => {
          const match = /"port":(\d+).*"msg":"listening"/.exec(stdout);
          if (match?.[1] !== undefined) {
            clearTimeout(timer);
            child.stdout?.off('data', check);
            resolve(Number(match[1]));
          }
        };
        child.stdout?.on('data', check);
        exited.then(() => {
          clearTimeout(timer);
          reject(new Error(`exited before listening:\n${stderr}`));
        });
        check();
      }),
    cleanup: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}
