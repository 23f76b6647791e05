import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type AddressInfo, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// A real LiveKit server (`livekit-server --dev`: key `devkey`, secret `secret`) at TEST_LIVEKIT_URL,
// ws://127.0.0.1:7880 by default. livekit-server is a Go binary, not a Debian package, so CI does
// not provide one: this test skips (with the reason printed) even under REQUIRE_TEST_SERVERS=1.
const url = process.env.TEST_LIVEKIT_URL ?? 'ws://127.0.0.1:7880';
const apiKey = process.env.TEST_LIVEKIT_API_KEY ?? 'devkey';
const apiSecret = process.env.TEST_LIVEKIT_API_SECRET ?? 'secret';

function reachable(target: string, timeoutMs = 500): Promise<boolean> {
  const parsed = new URL(target);
  const port = Number(parsed.port || (parsed.protocol === 'wss:' || parsed.protocol === 'https:' ? 443 : 80));
  return new Promise((resolve) => {
    const socket = connect({ host: parsed.hostname, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const serverUp = await reachable(url);
if (!serverUp) {
  console.log(
    `[agent] skipping worker registration: no LiveKit server reachable at ${url} ` +
      '(start one with `livekit-server --dev`, or set TEST_LIVEKIT_URL). livekit-server is not a ' +
      'Debian package, so this test skips even when REQUIRE_TEST_SERVERS=1.',
  );
}

const mainPath = fileURLToPath(new URL('./main.ts', import.meta.url));
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const cwd = mkdtempSync(`${tmpdir()}/agent-register-`);
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the worker and a LiveKit server', () => {
  it.skipIf(!serverUp)(
    'registers, then drains and exits 0 on SIGTERM',
    async () => {
      const child = spawn(
        process.execPath,
        [
          '--conditions=@bot-backend/source',
          '--import',
          tsxLoader,
          mainPath,
          '--health-port',
          String(await freePort()),
        ],
        {
          cwd,
          env: {
            PATH: process.env.PATH ?? '/usr/bin:/bin',
            LIVEKIT_URL: url,
            LIVEKIT_API_KEY: apiKey,
            LIVEKIT_API_SECRET: apiSecret,
          },
          stdio: ['ignore', 'pipe', 'pipe'],
          detached: true,
        },
      );
      let stdout = '';
      const registered = new Promise<Record<string, unknown>>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString('utf8');
          for (const line of stdout.split('\n')) {
            if (line.includes('worker registered with LiveKit')) resolve(JSON.parse(line));
          }
        });
        child.once('exit', (code) =>
          reject(new Error(`worker exited ${code} before registering:\n${stdout}`)),
        );
      });
      try {
        const line = await registered;
        expect(line.workerId).toEqual(expect.any(String));
        const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
      } finally {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    },
    90_000,
  );
});
