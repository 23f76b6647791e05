import { type ChildProcess, spawn } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach } from 'vitest';

const mainPath = fileURLToPath(new URL('./main.ts', import.meta.url));
// Resolved here, so the child can run from an empty directory with no node_modules.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface MainProcess {
  child: ChildProcess;
  /** The service's working directory (where its `.env.local` is). */
  cwd: string;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the port from the `listening` log line. */
  listening(timeoutMs: number): Promise<number>;
  /** Kills the child if it still runs and removes its directory. */
  cleanup(): Promise<void>;
}

export interface StartMainOptions {
  /** Files written into the service's directory first (`.env.local`…), mode 0600. */
  files?: Record<string, string>;
  /** Run the service as this user (through setpriv, so the test process must be root). */
  asUser?: { uid: number; gid: number };
  /** More of node's flags, before the entry file (e.g. another `--import`). */
  nodeArgs?: string[];
  /** Run it on these CPUs only (taskset's list, e.g. `0`): what a machine with that many cores sees. */
  cpus?: string;
}

/** The path of the entry file the service runs, for tests that look for its source. */
export const mainSourcePath = mainPath;

/**
 * The real `src/main.ts`, as `pnpm start` runs it, in an empty directory (no
 * .env files unless given) and with only the given environment.
 */
export function startMain(env: Record<string, string>, options: StartMainOptions = {}): MainProcess {
  const cwd = mkdtempSync(`${tmpdir()}/api-main-`);
  const { asUser } = options;
  for (const [name, text] of Object.entries(options.files ?? {})) {
    writeFileSync(`${cwd}/${name}`, text, { mode: 0o600 });
    if (asUser) chownSync(`${cwd}/${name}`, asUser.uid, asUser.gid);
  }
  if (asUser) chownSync(cwd, asUser.uid, asUser.gid);
  const nodeArgs = [
    '--no-node-snapshot',
    '--conditions=@bot-backend/source',
    '--import',
    tsxLoader,
    ...(options.nodeArgs ?? []),
    mainPath,
  ];
  const [program, args] = asUser
    ? [
        'setpriv',
        [`--reuid=${asUser.uid}`, `--regid=${asUser.gid}`, '--clear-groups', process.execPath, ...nodeArgs],
      ]
    : [process.execPath, nodeArgs];
  const [command, commandArgs] = options.cpus
    ? ['taskset', ['-c', options.cpus, program, ...args]]
    : [program, args];
  const child = spawn(command, commandArgs, {
    cwd,
    // One worker unless the test asks for more (WEB_CONCURRENCY).
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', WEB_CONCURRENCY: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
    cwd,
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
        exited.then(({ code, signal }) => {
          clearTimeout(timer);
          // The service logs to stdout: its last lines say why it stopped.
          const logTail = stdout.trimEnd().split('\n').slice(-8).join('\n');
          reject(
            new Error(
              `exited before listening (code ${code}, signal ${signal}):\nstderr: ${stderr}\nstdout (last lines):\n${logTail}`,
            ),
          );
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

/** `main(env)` for a test file: each process it starts is killed and cleaned up after its test. */
export function mainPerTest(): (env: Record<string, string>, options?: StartMainOptions) => MainProcess {
  const running: MainProcess[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((p) => p.cleanup()));
  });
  return (env, options) => {
    const started = startMain(env, options);
    running.push(started);
    return started;
  };
}
