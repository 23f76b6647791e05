import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startLiveKitAgentFake } from '@bot-backend/testkit';
import { afterAll, describe, expect, it } from 'vitest';

// What each Dockerfile does, without a container runtime: scripts/deploy-app.sh builds the
// folder with production dependencies only, and the app starts from it, in a directory
// outside the workspace, with nothing but the folder's own node_modules to resolve from.
const script = fileURLToPath(new URL('../../../../scripts/deploy-app.sh', import.meta.url));
const DEPLOY_MS = 240_000;
const START_MS = 120_000;
const folders: string[] = [];
const children: ReturnType<typeof spawn>[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

// What only tests and development use (named as .dependency-cruiser.mjs names it): never shipped.
const notShipped = /(\.test\.ts$|\/test-[^/]+\.ts$|\.fixture\.ts$|\/fixtures\/|\/dev-stack\.ts$)/;
const testOnly = /from '(@bot-backend\/testkit|@bot-backend\/conformance|vitest|playwright-core)['/]/;

/** The files under a folder, leaving out node_modules. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : filesUnder(path);
    return [path];
  });
}

/** Every file of the app's own code and of each workspace package the folder holds. */
function ourFiles(folder: string): string[] {
  const scoped = join(folder, 'node_modules/@bot-backend');
  const roots = [folder, ...readdirSync(scoped).map((name) => realpathSync(join(scoped, name)))];
  return roots.flatMap(filesUnder);
}

/** Production dependencies only: no devDependency of the app, no test or test support file. */
function expectProductionOnly(folder: string, app: 'api' | 'agent'): void {
  const manifest = JSON.parse(
    readFileSync(fileURLToPath(new URL(`../../../${app}/package.json`, import.meta.url)), 'utf8'),
  ) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
  const devOnly = Object.keys(manifest.devDependencies).filter((dep) => !(dep in manifest.dependencies));
  expect(devOnly.length).toBeGreaterThan(0);
  for (const dep of [...devOnly, 'vitest', '@bot-backend/testkit', 'playwright-core']) {
    expect(existsSync(join(folder, 'node_modules', dep)), dep).toBe(false);
  }
  const files = ourFiles(folder);
  expect(files.filter((file) => file.endsWith('/src/main.ts')).length).toBeGreaterThan(0);
  expect(files.filter((file) => notShipped.test(file))).toEqual([]);
  // The sandbox's runner conformance suite is its `./conformance` export, vitest its peer.
  const testImports = files.filter(
    (file) =>
      file.endsWith('.ts') &&
      !file.includes('/runner-conformance/') &&
      testOnly.test(readFileSync(file, 'utf8')),
  );
  expect(testImports).toEqual([]);
}

async function deploy(app: 'api' | 'agent'): Promise<string> {
  const parent = mkdtempSync(join(tmpdir(), `deploy-${app}-`));
  folders.push(parent);
  const out = join(parent, 'app');
  await promisify(execFile)(script, [app, out], { timeout: DEPLOY_MS, maxBuffer: 16 * 1024 * 1024 });
  return out;
}

/** Starts `src/main.ts` of a deployed folder as its Dockerfile's CMD does; resolves on a log line. */
function start(folder: string, env: Record<string, string>, args: string[], ready: RegExp) {
  const child = spawn(
    process.execPath,
    ['--no-node-snapshot', '--conditions=@bot-backend/source', '--import', 'tsx', 'src/main.ts', ...args],
    { cwd: folder, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', NODE_ENV: 'production', ...env } },
  );
  children.push(child);
  let output = '';
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ${ready} within ${START_MS} ms:\n${output}`)),
      START_MS,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const line = output.split('\n').find((l) => ready.test(l));
      if (line) {
        clearTimeout(timer);
        resolve(line);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code} before ${ready}:\n${output}`));
    });
  });
}

describe('scripts/deploy-app.sh (the Dockerfiles build steps)', { timeout: DEPLOY_MS + START_MS * 2 }, () => {
  it('deploys apps/api with production dependencies only; it starts from the folder and answers /healthz', async () => {
    const folder = await deploy('api');
    expect(existsSync(join(folder, 'node_modules/@bot-backend/factory'))).toBe(true);
    expectProductionOnly(folder, 'api');
    expect(existsSync(join(folder, 'migrate.sh'))).toBe(true);
    const line = await start(
      folder,
      { PORT: '0', HOST: '127.0.0.1', WEB_CONCURRENCY: '2', INBOUND_AUTH: 'off' },
      [],
      /"msg":"listening"/,
    );
    const port = Number(/"port":(\d+)/.exec(line)?.[1]);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const evaluated = await fetch(`http://127.0.0.1:${port}/v1/evaluate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        role: 'backend',
        experienceLevel: 'mid',
        question: { id: 'q1', text: 'What is a mutex?' },
        answer:
          'A lock that lets one thread at a time into a critical section, so shared state stays consistent.',
      }),
    });
    expect(evaluated.status).toBe(200);
    expect(await evaluated.json()).toMatchObject({ evaluator: 'rubric', delivery: 'off' });
  });

  it('deploys apps/agent the same way; it registers with a LiveKit server and its health port answers', async () => {
    const folder = await deploy('agent');
    expect(existsSync(join(folder, 'node_modules/@livekit/agents'))).toBe(true);
    expectProductionOnly(folder, 'agent');
    const apiKey = 'APIdeploy';
    const apiSecret = 'deploy-test-livekit-secret-0123456789';
    const livekit = await startLiveKitAgentFake({ apiKey, apiSecret });
    try {
      const healthPort = String(20_000 + Math.floor(Math.random() * 20_000));
      await start(
        folder,
        {
          LIVEKIT_URL: livekit.url,
          LIVEKIT_API_KEY: apiKey,
          LIVEKIT_API_SECRET: apiSecret,
          // Production refuses to start without it (it verifies inbound service tokens).
          INTERNAL_SERVICE_JWT_SECRET: 'deploy-test-service-secret-0123456789abcdef',
          HOST: '127.0.0.1',
        },
        ['--health-port', healthPort, '--idle-processes', '0'],
        /worker registered with LiveKit/,
      );
      const health = await fetch(`http://127.0.0.1:${healthPort}/`);
      expect(health.status).toBe(200);
    } finally {
      await livekit.close();
    }
  });
});
