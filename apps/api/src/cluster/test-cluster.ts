import { SignJWT } from 'jose';
import { afterEach } from 'vitest';
import { type MainProcess, type StartMainOptions, startMain } from '../test-main-process.js';

// Three Node processes that each load the whole service take long on a busy 2-core machine:
// generous bounds, none timed.
export const START_MS = 150_000;

export async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The worker slot of each log line with this message, in order. */
export const workersOf = (main: MainProcess, msg: string): number[] =>
  main
    .stdout()
    .split('\n')
    .filter((line) => line.includes(`"msg":"${msg}"`))
    .map((line) => (JSON.parse(line) as { worker: number }).worker);

/** The port of each `listening` line so far, in order: one per worker start, a replacement's included. */
export const listeningPorts = (main: MainProcess): number[] =>
  main
    .stdout()
    .split('\n')
    .filter((line) => line.includes('"msg":"listening"'))
    .map((line) => (JSON.parse(line) as { port: number }).port);

/** The pids of the workers the primary has started so far, in order (from its log). */
export const workerPids = (main: MainProcess): number[] =>
  [...main.stdout().matchAll(/"worker":\{"index":\d+,"pid":(\d+)\},"msg":"worker started"/g)].map((m) =>
    Number(m[1]),
  );

/**
 * The real src/main.ts with two workers behind one port, for a test file:
 * resolves once both workers listen; each is killed and cleaned up after its test.
 */
export function clusterPerTest(): (
  env: Record<string, string>,
  options?: StartMainOptions,
) => Promise<{ main: MainProcess; port: number }> {
  const running: MainProcess[] = [];
  afterEach(async () => {
    // SIGTERM first, as a supervisor would stop it: the workers drain and stop their sandbox processes.
    await Promise.all(
      running.splice(0).map(async (main) => {
        if (main.child.exitCode === null && main.child.signalCode === null) {
          main.child.kill('SIGTERM');
          await Promise.race([main.exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
        }
        await main.cleanup();
      }),
    );
  });
  return async (env, options) => {
    const main = startMain({ PORT: '0', HOST: '127.0.0.1', WEB_CONCURRENCY: '2', ...env }, options);
    running.push(main);
    const port = await main.listening(START_MS);
    await until('both workers listening', () => listeningPorts(main).length >= 2, START_MS);
    return { main, port };
  };
}

/** A service JWT as user-management signs it, for a cluster started with INBOUND_AUTH=jwt and this secret. */
export function serviceToken(secret: string): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer('user-management')
    .setAudience('bot-backend')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(secret));
}
