import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { startMain } from '../test-main-process.js';
import { ACCEPTS_PER_TURN } from './listen-copies.js';
import { listeningDescriptors } from './listening-descriptors.js';
import { listeningPorts, START_MS, until, workerPids } from './test-cluster.js';

// taskset (util-linux) pins the service to one CPU, so os.availableParallelism() is 1 there.
const taskset = spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status === 0;
if (!taskset) console.warn('one-core.test: skipped, taskset (util-linux) is not installed');

describe.skipIf(!taskset)(
  'apps/api on one core, WEB_CONCURRENCY left to the core count',
  { timeout: 300_000 },
  () => {
    it('runs its one worker under a primary: it accepts on several descriptors and is restarted when it dies', async () => {
      const main = startMain(
        { PORT: '0', HOST: '127.0.0.1', WEB_CONCURRENCY: '0', INBOUND_AUTH: 'off' },
        { cpus: '0' },
      );
      try {
        const port = await main.listening(START_MS);
        expect(main.stdout()).toMatch(/"workers":1,"msg":"cluster primary starting workers"/);
        const [worker] = workerPids(main);
        expect(worker).toBeDefined();
        expect(worker).not.toBe(main.child.pid);
        // One process alone accepts one connection per turn of its loop; the worker polls copies of the socket.
        await until(
          'the worker accepting on its copies',
          () => listeningDescriptors(worker as number, port) === ACCEPTS_PER_TURN,
          START_MS,
        );
        expect(listeningDescriptors(main.child.pid as number, port)).toBe(1);
        expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

        // The primary replaces a worker that dies; the port keeps answering.
        process.kill(worker as number, 'SIGKILL');
        await until('a replacement worker listening', () => listeningPorts(main).length >= 2, START_MS);
        const replacement = workerPids(main)[1];
        expect(replacement).toBeDefined();
        expect(replacement).not.toBe(worker);
        // With its only worker gone the socket closed; PORT=0 here, so the replacement has a port of its own.
        const again = listeningPorts(main).at(-1);
        expect(
          (await fetch(`http://127.0.0.1:${again}/healthz`, { headers: { connection: 'close' } })).status,
        ).toBe(200);

        main.child.kill('SIGTERM');
        expect(await main.exited).toEqual({ code: 0, signal: null });
      } finally {
        await main.cleanup();
      }
    });
  },
);
