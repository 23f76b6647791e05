import { fakeRuntimeMissing, freePort, type Judge0Fake, startJudge0Fake } from '@bot-backend/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxBusyError } from '../execution-queue.js';
import type { RunRequest } from '../sandbox-types.js';
import { SandboxRemoteError } from './judge0-errors.js';
import { pythonHarness } from './judge0-harness-python.js';
import { createJudge0Sandbox, type Judge0SandboxOptions } from './judge0-sandbox.js';

const token = 'judge0-test-token';
const request: RunRequest = {
  language: 'python',
  code: 'def add(a, b):\n    return a + b\n',
  entryPoint: 'add',
  tests: [
    { args: [1, 2], expected: 3 },
    { args: [5, 5], expected: 10 },
  ],
};

async function remoteError(promise: Promise<unknown>): Promise<SandboxRemoteError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(SandboxRemoteError.isInstance(error)).toBe(true);
  return error as SandboxRemoteError;
}

describe('the Judge0 runner on the wire', () => {
  let fake: Judge0Fake;
  const sandbox = (options: Partial<Judge0SandboxOptions> = {}) =>
    createJudge0Sandbox({ url: fake.url, authToken: token, pollMs: 20, ...options });

  beforeAll(async () => {
    fake = await startJudge0Fake({ authToken: token });
  });
  afterAll(() => fake.close());

  it('submits our harness with the job on stdin, in Base64, with the token and our limits, then polls', async () => {
    const before = fake.server.requests.length;
    const report = await sandbox({
      limits: { totalMs: 6_000, memoryMb: 100, outputBytes: 8_192 },
      reportBytes: 256 * 1024,
    }).run(request);
    expect(report).toMatchObject({ passed: 2, total: 2, passRate: 1 });

    const requests = fake.server.requests.slice(before);
    const post = requests.find((r) => r.method === 'POST')!;
    expect(post.path).toBe('/submissions');
    expect(post.query.get('base64_encoded')).toBe('true');
    expect(post.query.get('wait')).toBe('false');
    expect(post.headers['x-auth-token']).toBe(token);
    const body = JSON.parse(post.body.toString()) as Record<string, unknown>;
    expect(body).toMatchObject({
      language_id: 71,
      cpu_time_limit: 7,
      wall_time_limit: 8,
      memory_limit: (100 + 64) * 1024,
      max_file_size: 260,
      enable_network: false,
    });
    expect(Buffer.from(String(body.source_code), 'base64').toString()).toBe(pythonHarness);
    const job = JSON.parse(Buffer.from(String(body.stdin), 'base64').toString()) as Record<string, unknown>;
    expect(job).toMatchObject({
      code: request.code,
      entryPoint: 'add',
      tests: [
        [1, 2],
        [5, 5],
      ],
      outputBytes: 8_192,
    });

    const polls = requests.filter((r) => r.method === 'GET' && r.path.startsWith('/submissions/'));
    expect(polls.length).toBeGreaterThanOrEqual(1);
    for (const poll of polls) {
      expect(poll.query.get('base64_encoded')).toBe('true');
      expect(poll.query.get('fields')).toContain('status');
      expect(poll.headers['x-auth-token']).toBe(token);
    }
  });

  it('gets the result through a server that answers stale reads for a second (SUBMISSION_CACHE_DURATION)', async () => {
    const cachedFake = await startJudge0Fake({ submissionCacheMs: 1_000 });
    try {
      const report = await createJudge0Sandbox({ url: cachedFake.url, pollMs: 20 }).run(request);
      expect(report.passRate).toBe(1);
      const polls = cachedFake.server.requests.filter(
        (r) => r.method === 'GET' && r.path.startsWith('/submissions/'),
      );
      expect(polls.length).toBeGreaterThan(1);
    } finally {
      await cachedFake.close();
    }
  });

  it('looks the language ids up once by name, and not at all when they are fixed', async () => {
    const lookups = () => fake.server.requests.filter((r) => r.path === '/languages').length;
    const runner = sandbox();
    const before = lookups();
    await runner.run(request);
    await runner.run({ ...request, language: 'javascript', code: 'function add(a, b) { return a + b; }' });
    expect(lookups()).toBe(before + 1);
    const post = fake.server.requests.findLast((r) => r.method === 'POST')!;
    expect(JSON.parse(post.body.toString()).language_id).toBe(63);

    const fixed = sandbox({ languageIds: { python: 71 } });
    await fixed.run(request);
    expect(lookups()).toBe(before + 1);
  });

  it('refuses a wrong token as an auth error, not retryable', async () => {
    const error = await remoteError(
      sandbox({ authToken: 'wrong', languageIds: { python: 71 } }).run(request),
    );
    expect(error).toMatchObject({ kind: 'auth', status: 401, retryable: false });
    expect(error.message).not.toContain('wrong');
  });

  it('keeps every limit within the maxima the server reports, and passes on the field and reason of a 422', async () => {
    const strict = await startJudge0Fake({
      config: {
        max_memory_limit: 100_000,
        max_wall_time_limit: 5,
        max_cpu_time_limit: 3,
        max_max_file_size: 200,
      },
      languages: [
        { id: 71, name: 'Python (3.8.1)', is_archived: false, run: 'python' },
        { id: 70, name: 'Python (2.7.17)', is_archived: true },
      ],
    });
    try {
      const runner = createJudge0Sandbox({ url: strict.url, limits: { memoryMb: 512, totalMs: 30_000 } });
      expect((await runner.run(request)).passRate).toBe(1);
      const sent = JSON.parse(strict.submissions()[0]!.request.body.toString()) as Record<string, number>;
      expect(sent).toMatchObject({
        memory_limit: 100_000,
        wall_time_limit: 5,
        cpu_time_limit: 3,
        max_file_size: 200,
      });

      // An archived language is refused by the server: its field and reason reach the caller.
      const archived = createJudge0Sandbox({ url: strict.url, languageIds: { python: 70 } });
      const error = await remoteError(archived.run(request));
      expect(error).toMatchObject({ kind: 'refused', status: 422, retryable: false });
      expect(error.message).toContain(
        'language_id language with id 70 is archived and cannot be used anymore',
      );
    } finally {
      await strict.close();
    }
  });

  it('sends its own limits when the server does not report maxima', async () => {
    const plain = await startJudge0Fake();
    try {
      plain.fail(404, { path: '/config_info' });
      await createJudge0Sandbox({ url: plain.url, limits: { memoryMb: 100 } }).run(request);
      const sent = JSON.parse(plain.submissions()[0]!.request.body.toString()) as Record<string, number>;
      expect(sent.memory_limit).toBe((100 + 64) * 1024);
    } finally {
      await plain.close();
    }
  });

  it('turns 5xx, dropped connections, silence and a closed port into retryable unavailability', async () => {
    const runner = sandbox({ languageIds: { python: 71 }, requestTimeoutMs: 500 });
    fake.fail(502, { path: '/submissions', method: 'POST', retryAfterSec: 7 });
    const bad = await remoteError(runner.run(request));
    expect(bad).toMatchObject({ kind: 'unavailable', status: 502, retryable: true, retryAfterMs: 7_000 });

    fake.drop({ path: '/submissions' });
    expect(await remoteError(runner.run(request))).toMatchObject({ kind: 'unavailable', retryable: true });

    fake.stall({ path: /^\/submissions\/[^/]+$/ });
    const silent = await remoteError(runner.run(request));
    expect(silent.message).toMatch(/no answer within 500 ms/);

    const port = await freePort();
    const closed = createJudge0Sandbox({ url: `http://127.0.0.1:${port}`, languageIds: { python: 71 } });
    expect(await remoteError(closed.run(request))).toMatchObject({ kind: 'unavailable', retryable: true });
  });

  it('is busy, with Retry-After, when the server queue is full or it rate-limits', async () => {
    const full = await startJudge0Fake({ config: { max_queue_size: 0 } });
    try {
      const error = await createJudge0Sandbox({ url: full.url, languageIds: { python: 71 } })
        .run(request)
        .catch((e: unknown) => e);
      expect(SandboxBusyError.isInstance(error)).toBe(true);
    } finally {
      await full.close();
    }
    fake.fail(429, { path: '/submissions', method: 'POST', retryAfterSec: 3 });
    const limited = await sandbox({ languageIds: { python: 71 } })
      .run(request)
      .catch((e: unknown) => e);
    expect(SandboxBusyError.isInstance(limited) && limited.retryAfterMs).toBe(3_000);
  });

  it('reads a bounded answer: a larger one is refused, never buffered whole', async () => {
    const big = await startJudge0Fake();
    try {
      big.server.route('GET', /^\/submissions\/[^/]+$/, (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = 'x'.repeat(64 * 1024);
        const write = (left: number): void => {
          if (left === 0 || res.destroyed) return void res.end();
          res.write(chunk, () => write(left - 1));
        };
        write(256);
      });
      const runner = createJudge0Sandbox({
        url: big.url,
        languageIds: { python: 71 },
        reportBytes: 64 * 1024,
      });
      const error = await remoteError(runner.run(request));
      expect(error.kind).toBe('protocol');
      expect(error.message).toMatch(/more than \d+ bytes/);
    } finally {
      await big.close();
    }
  });

  it('maps Judge0 statuses: Compilation Error fails every test with its output, Internal Error is retryable', async () => {
    const scripted = await startJudge0Fake();
    let status = { id: 6, description: 'Compilation Error' };
    scripted.server.route('GET', /^\/submissions\/[^/]+$/, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          status,
          stdout: null,
          stderr: null,
          compile_output: Buffer.from('main.py:1: bad things\n').toString('base64'),
          message: Buffer.from('box failed').toString('base64'),
        }),
      );
    });
    try {
      const runner = createJudge0Sandbox({ url: scripted.url, languageIds: { python: 71 }, pollMs: 20 });
      const report = await runner.run(request);
      expect(report.compileError).toBe('main.py:1: bad things');
      expect(report.results.map((r) => r.status)).toEqual(['error', 'error']);

      status = { id: 13, description: 'Internal Error' };
      const error = await remoteError(runner.run(request));
      expect(error).toMatchObject({ kind: 'unavailable', retryable: true });
      expect(error.message).toContain('box failed');
    } finally {
      await scripted.close();
    }
  });

  it('ends endless writes to every descriptor the program can reach as failed tests, every byte bounded', async () => {
    const runner = sandbox({
      limits: { outputBytes: 4_096, perTestMs: 1_000, totalMs: 5_000 },
      reportBytes: 64 * 1024,
    });
    // fd 1 and 2 are the program's output (stderr under Judge0); fd 3 is the harness's own result channel.
    for (const fd of [1, 2, 3]) {
      const report = await runner.run({
        ...request,
        code: `import os\ndef add(a, b):\n    while True:\n        os.write(${fd}, b"x" * 65536)\n`,
      });
      expect({ fd, passed: report.passed }).toEqual({ fd, passed: 0 });
      expect(Buffer.byteLength(report.output)).toBeLessThanOrEqual(4_096);
      expect(report.results.every((r) => !r.ok)).toBe(true);
    }
  });

  it("names the answer's own line in a Java or C++ compiler error", async (context) => {
    const missing = fakeRuntimeMissing('java') ?? fakeRuntimeMissing('cpp');
    if (missing) {
      console.warn(`skipped: ${missing}`);
      context.skip();
    }
    const java = await sandbox().run({
      ...request,
      language: 'java',
      code: 'import java.util.*;\nclass Solution {\n  int add(int a, int b) { return a + ; }\n}',
    });
    expect(java.compileError).toMatch(/solution\.java:3: error/);
    const cpp = await sandbox().run({
      ...request,
      language: 'cpp',
      code: 'int add(int a, int b) {\n  return a + ;\n}',
    });
    expect(cpp.compileError).toMatch(/solution\.cpp:2:\d+: error/);
  }, 60_000);

  it('fails a test whose return value is over the cap, and passes the others', async () => {
    const report = await sandbox({ valueBytes: 1_024 }).run({
      ...request,
      code: 'def add(a, b):\n    return "x" * 5000 if a == 5 else a + b\n',
    });
    expect(report.results[0]?.status).toBe('pass');
    expect(report.results[1]).toMatchObject({
      status: 'error',
      error: 'the return value is larger than 1024 bytes',
    });
  });
});
