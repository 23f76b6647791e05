import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MainProcess, mainSourcePath, startMain } from '../test-main-process.js';
import { type HealthPoller, percentile, pollHealth } from './health-poller.js';
import { type HostileProgram, hostilePrograms, unreachable } from './hostile-programs.js';

// Hostile programs against the real service, started as a child process the way
// `pnpm start` runs it: once as root, once as an unprivileged user.
const canaryEnv = 'canary-env-9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const canaryFile = 'canary-file-0a1b2c3d4e5f60718293a4b5c6d7e8f9';
// Also: a line of the host's /etc/passwd or /etc/shadow, and a word of the service's source.
const secrets = [canaryEnv, canaryFile, 'root:', 'loadSettingsOrExit'];
const required = process.env.REQUIRE_TEST_SERVERS === '1';
const isRoot = process.getuid?.() === 0;
const nobody = { uid: 65_534, gid: 65_534 };

const variants = [
  {
    name: 'as root',
    user: undefined,
    cannotRun: isRoot ? undefined : 'the test process is not root, so the service cannot be started as root',
  },
  { name: 'as an unprivileged user', user: isRoot ? nobody : undefined, cannotRun: undefined },
];

interface Evaluation {
  status: number;
  text: string;
  body: { tests?: { passed: number; total: number; results: Array<{ ok: boolean; actual?: unknown }> } };
}

describe.each(variants)('the service $name, under attack', ({ user, cannotRun }) => {
  let api: MainProcess | undefined;
  let base = '';
  let health: HealthPoller | undefined;
  let startTime = '';
  let baselineRss = 0;
  let programs: HostileProgram[] = [];

  const metric = async (name: string) => {
    const text = await (await fetch(`${base}/metrics`)).text();
    return new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? '';
  };
  const evaluate = async (language: string, code: string, tests = 1): Promise<Evaluation> => {
    const response = await fetch(`${base}/v1/evaluate-code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        question: {
          id: 'hostile',
          prompt: 'Return x.',
          entryPoint: 'solve',
          tests: Array.from({ length: tests }, (_, i) => ({ args: [i], expected: unreachable })),
        },
        language,
        code,
      }),
    });
    const text = await response.text();
    return { status: response.status, text, body: JSON.parse(text) as Evaluation['body'] };
  };
  const expectFailedAndClean = (result: Evaluation, tests: number) => {
    expect(result.status).toBe(200);
    expect(result.body.tests?.total).toBe(tests);
    expect(result.body.tests?.passed).toBe(0);
    // Bounded: a report never near the sizes the programs tried to produce.
    expect(result.text.length).toBeLessThan(1_200_000);
    for (const secret of secrets) expect(result.text).not.toContain(secret);
  };

  beforeAll(async () => {
    if (cannotRun) {
      if (required) throw new Error(`${cannotRun}, but REQUIRE_TEST_SERVERS=1 requires it`);
      console.warn(`skipping the hostile suite ${user ? 'unprivileged' : 'as root'}: ${cannotRun}`);
      return;
    }
    api = startMain(
      {
        PORT: '0',
        SANDBOX_CANARY_SECRET: canaryEnv,
        SANDBOX_TEST_TIMEOUT_MS: '1000',
        SANDBOX_TOTAL_TIMEOUT_MS: '4000',
        SANDBOX_OUTPUT_BYTES: '8192',
        SANDBOX_MAX_QUEUED: '64',
      },
      {
        files: { '.env.local': `INTERNAL_SERVICE_JWT_SECRET=${canaryFile}\n` },
        ...(user ? { asUser: user } : {}),
      },
    );
    const port = await api.listening(90_000);
    base = `http://127.0.0.1:${port}`;
    let ready = await fetch(`${base}/readyz`);
    for (let i = 0; i < 120 && ready.status !== 200; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      ready = await fetch(`${base}/readyz`);
    }
    const readiness = await ready.text();
    if (ready.status !== 200) {
      const reason = `code execution is not available here: ${readiness}`;
      if (required) throw new Error(reason);
      console.warn(`skipping the hostile suite: ${reason}`);
      await api.cleanup();
      api = undefined;
      return;
    }
    programs = hostilePrograms({ envFile: `${api.cwd}/.env.local`, sourceFile: mainSourcePath, port });
    // Warm up every path once, then take the baseline.
    for (const language of ['python', 'javascript', 'typescript']) {
      await evaluate(
        language,
        language === 'python' ? 'def solve(x):\n    return x\n' : 'function solve(x) { return x; }',
      );
    }
    startTime = await metric('process_start_time_seconds');
    baselineRss = Number(await metric('process_resident_memory_bytes'));
    health = pollHealth(port);
  }, 180_000);

  afterAll(async () => {
    health?.stop();
    await api?.cleanup();
  });

  it('every hostile program ends as failed tests, with no secret and nothing unbounded in the answer', async (ctx) => {
    if (!api) return ctx.skip();
    expect(programs.length).toBeGreaterThanOrEqual(20);
    for (const program of programs) {
      const tests = program.tests ?? 1;
      const result = await evaluate(program.language, program.code, tests);
      try {
        expectFailedAndClean(result, tests);
        program.returned?.((result.body.tests?.results ?? []).map((r) => r.actual));
      } catch (error) {
        throw new Error(
          `${program.language}: ${program.name}: ${(error as Error).message}\n${result.text.slice(0, 2_000)}`,
        );
      }
    }
  }, 300_000);

  it('test data nested 5,000 levels deep is a 422, not a crash', async (ctx) => {
    if (!api) return ctx.skip();
    const deep = `${'['.repeat(5_000)}1${']'.repeat(5_000)}`;
    const response = await fetch(`${base}/v1/evaluate-code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"question":{"id":"q","prompt":"p","entryPoint":"solve","tests":[{"args":[${deep}],"expected":1}]},"language":"python","code":"def solve(x): return x"}`,
    });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('question.tests.0.args');
  });

  it('30 hostile Python programs at once all end as failed tests', async (ctx) => {
    if (!api) return ctx.skip();
    // Python ones: the API's own static analysis of JavaScript answers (the TypeScript parser,
    // about 20 ms each on this loop) would otherwise be what 30 at once measures, not the sandbox.
    const python = programs.filter((p) => p.language === 'python');
    const batch = Array.from({ length: 30 }, (_, i) => python[i % python.length] as HostileProgram);
    const results = await Promise.all(batch.map((p) => evaluate(p.language, p.code, p.tests ?? 1)));
    for (const [i, result] of results.entries()) expectFailedAndClean(result, batch[i]?.tests ?? 1);
  }, 300_000);

  it('afterwards: same process, healthy throughout, memory back near its baseline, code still runs', async (ctx) => {
    if (!api) return ctx.skip();
    health?.stop();
    // Samples taken while a plain control server on the same machine was slow too (over
    // 20 ms) measure the shared machine, not the service; they are set aside and counted,
    // and may not be the majority. A service blocked by a program is slow while the control is not.
    const samples = health?.samples() ?? [];
    const measured = samples.filter((s) => s.controlMs < 20).map((s) => s.ms);
    const p99 = percentile(measured, 0.99);
    console.info(
      `/healthz: ${samples.length} samples, ${samples.length - measured.length} set aside (machine busy); p50 ${percentile(measured, 0.5)} ms, p99 ${p99} ms`,
    );
    expect(samples.some((s) => s.ms === Number.POSITIVE_INFINITY)).toBe(false);
    expect(measured.length).toBeGreaterThan(Math.max(20, samples.length / 2));
    expect(p99).toBeLessThan(100);

    expect(api.child.exitCode).toBeNull();
    expect(await metric('process_start_time_seconds')).toBe(startTime);

    const correct = await evaluate('python', 'def solve(x):\n    return x\n');
    expect(correct.status).toBe(200);
    expect(correct.body.tests?.results[0]?.actual).toBe(0);
    let grownMb = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 20 && grownMb >= 50; i += 1) {
      grownMb = (Number(await metric('process_resident_memory_bytes')) - baselineRss) / 1024 / 1024;
      if (grownMb >= 50) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(grownMb).toBeLessThan(50);
    for (const secret of [canaryEnv, canaryFile]) {
      expect(api.stdout() + api.stderr()).not.toContain(secret);
    }
  }, 60_000);
});
