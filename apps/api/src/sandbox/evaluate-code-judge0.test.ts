import { defaultQuestionBank } from '@bot-backend/interview';
import { createJudge0Sandbox } from '@bot-backend/sandbox';
import { fakeRuntimeMissing, type Judge0Fake, startJudge0Fake } from '@bot-backend/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { testDeps } from '../test-deps.js';
import { type MainProcess, startMain } from '../test-main-process.js';

const authToken = 'judge0-authn-token-for-tests';

const question = {
  id: 'sum-two',
  prompt: 'Return a + b.',
  language: 'python',
  entryPoint: 'add',
  tests: [
    { args: [1, 2], expected: 3 },
    { args: [20, 22], expected: 42 },
    { args: [-5, 5], expected: 0 },
  ],
};

type CodeResponse = {
  correctness: number;
  tests: { passed: number; total: number; passRate: number; results: Array<{ status: string }> };
};

function submittedCode(fake: Judge0Fake, index: number): string {
  const stdin = fake.submissions()[index]?.submission.stdin ?? '{}';
  return (JSON.parse(stdin) as { code: string }).code;
}

describe('SANDBOX_URL: the API runs code answers on a Judge0 CE server', () => {
  let fake: Judge0Fake;
  let api: MainProcess;
  let base: string;

  beforeAll(async () => {
    fake = await startJudge0Fake({ authToken });
    api = startMain({ PORT: '0', SANDBOX_URL: fake.url, SANDBOX_AUTH_TOKEN: authToken, LOG_LEVEL: 'info' });
    base = `http://127.0.0.1:${await api.listening(20_000)}`;
  }, 30_000);
  afterAll(async () => {
    await api?.cleanup();
    await fake?.close();
  });

  const evaluate = async (code: string, language = 'python') => {
    const res = await fetch(`${base}/v1/evaluate-code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question: { ...question, language }, language, code }),
    });
    return { status: res.status, body: (await res.json()) as CodeResponse };
  };

  it('sends the answer to the server, which runs it: right code passes every test, wrong code none', async () => {
    const right = 'def add(a, b):\n    return a + b\n';
    const before = fake.submissions().length;
    const correct = await evaluate(right);
    expect(correct.status).toBe(200);
    expect(correct.body.tests).toMatchObject({ passed: 3, total: 3, passRate: 1 });
    expect(correct.body.correctness).toBe(10);
    expect(fake.submissions()).toHaveLength(before + 1);
    expect(submittedCode(fake, before)).toBe(right);
    // The token travelled in the header the server checks, and it is not in the start-up log.
    expect(fake.submissions()[before]?.request.headers['x-auth-token']).toBe(authToken);
    expect(api.stdout()).not.toContain(authToken);
    expect(api.stdout()).toContain('code answers run on a Judge0 server');

    const wrong = await evaluate('def add(a, b):\n    return a - b\n');
    expect(wrong.body.tests.passRate).toBe(0);
    expect(wrong.body.tests.results.map((r) => r.status)).toEqual(['fail', 'fail', 'fail']);
    expect(fake.submissions()).toHaveLength(before + 2);
  });

  const compiled = [
    {
      language: 'java',
      languageId: 62,
      code: 'class Solution {\n  public int add(int a, int b) { return a + b; }\n}',
    },
    {
      language: 'cpp',
      languageId: 54,
      code: 'class Solution {\npublic:\n  int add(int a, int b) { return a + b; }\n};',
    },
  ] as const;
  for (const { language, languageId, code } of compiled) {
    it(`runs ${language} there, a language the local sandbox only judges by reading`, async (context) => {
      const missing = fakeRuntimeMissing(language);
      if (missing) {
        console.warn(`skipped: ${missing}`);
        context.skip();
      }
      const res = await evaluate(code, language);
      expect(res.status).toBe(200);
      expect(res.body.tests).toMatchObject({ passed: 3, total: 3, passRate: 1 });
      expect(fake.submissions().at(-1)?.submission.language_id).toBe(languageId);
    }, 60_000);
  }

  it('runs JavaScript there too', async () => {
    const res = await evaluate('function add(a, b) { return a + b; }', 'javascript');
    expect(res.body.tests.passRate).toBe(1);
    expect(fake.submissions().at(-1)?.submission.language_id).toBe(63);
  });
});

describe('the Judge0 runner behind the API', () => {
  it('passes the bank coding problems with their reference solutions, run remotely', async () => {
    const fake = await startJudge0Fake();
    try {
      const deps = testDeps();
      deps.sandbox = createJudge0Sandbox({ url: fake.url, pollMs: 50 });
      const app = createApp(deps);
      const problems = defaultQuestionBank()
        .questions.filter((q) => q.kind === 'code' && q.tests?.length)
        .sort((a, b) => a.id.localeCompare(b.id))
        .slice(0, 3);
      expect(problems.length).toBe(3);
      for (const q of problems) {
        for (const language of ['python', 'javascript'] as const) {
          const variant = q.variants?.[language];
          const reference = q.reference?.[language];
          expect(variant && reference).toBeTruthy();
          if (!variant || !reference) continue;
          const res = await app.request('/v1/evaluate-code', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              question: {
                id: q.id,
                prompt: q.text,
                language,
                entryPoint: variant.entryPoint,
                tests: q.tests,
              },
              language,
              code: reference,
            }),
          });
          expect(res.status).toBe(200);
          const body = (await res.json()) as CodeResponse;
          expect({ id: q.id, language, passRate: body.tests.passRate }).toEqual({
            id: q.id,
            language,
            passRate: 1,
          });
        }
      }
      expect(fake.submissions().length).toBeGreaterThanOrEqual(6);
    } finally {
      await fake.close();
    }
  }, 60_000);

  it('answers 503 with Retry-After when the server is down, and 503 without it when it refuses our token', async () => {
    const fake = await startJudge0Fake({ authToken });
    const request = (app: ReturnType<typeof createApp>) =>
      app.request('/v1/evaluate-code', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question, language: 'python', code: 'def add(a, b):\n    return a + b\n' }),
      });
    try {
      const deps = testDeps();
      deps.sandbox = createJudge0Sandbox({ url: fake.url, authToken: 'not-the-token' });
      const refused = await request(createApp(deps));
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBeNull();
      const refusedBody = (await refused.json()) as { error: { code: string; message: string } };
      expect(refusedBody.error.code).toBe('sandbox_unavailable');
      expect(refusedBody.error.message).toContain('refused our token (401)');
      expect(refusedBody.error.message).not.toContain('not-the-token');
    } finally {
      await fake.close();
    }

    const deps = testDeps();
    // The fake is closed: nothing listens there any more.
    deps.sandbox = createJudge0Sandbox({ url: fake.url, authToken, languageIds: { python: 71 } });
    const down = await request(createApp(deps));
    expect(down.status).toBe(503);
    expect(Number(down.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await down.json()) as { error: { code: string } }).error.code).toBe('sandbox_unavailable');
  });
});
