import { defaultQuestionBank } from '@bot-backend/interview';
import { createSandbox, type SandboxLimitsInput } from '@bot-backend/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { testDeps } from '../test-deps.js';
import { sandboxMetrics } from './sandbox-metrics.js';

// Bank coding problems with their stored reference solutions, run for real.
const problems = defaultQuestionBank()
  .questions.filter((q) => q.kind === 'code')
  .sort((a, b) => a.id.localeCompare(b.id))
  .slice(0, 12);

type Language = 'javascript' | 'python';

function rename(code: string, from: string, to: string): string {
  return code.replace(new RegExp(`\\b${from}\\b`, 'g'), to);
}

/** Right on the first test case only: a pass rate strictly between 0 and 1. */
function partial(reference: string, entry: string, firstArgs: unknown[], language: Language): string {
  const args = JSON.stringify(JSON.stringify(firstArgs));
  if (language === 'javascript') {
    return `${rename(reference, entry, '__reference')}
function ${entry}(...args) { return JSON.stringify(args) === ${args} ? __reference(...args) : '__wrong__'; }`;
  }
  return `import json
${rename(reference, entry, '_reference')}

def ${entry}(*args):
    return _reference(*args) if list(args) == json.loads(${args}) else "__wrong__"
`;
}

function wrong(entry: string, language: Language): string {
  return language === 'javascript'
    ? `function ${entry}() { return '__wrong__'; }`
    : `def ${entry}(*args):\n    return "__wrong__"\n`;
}

// On a loaded two-core machine the supervisor's start alone can take seconds: it is awaited
// once, outside the time limit of the tests that use it.
const startupMs = 120_000;

/** A sandbox behind the API, started before the block's tests and stopped after them. */
function setup(limits: SandboxLimitsInput = { maxConcurrent: 2 }) {
  const deps = testDeps();
  const metrics = sandboxMetrics(deps.metrics.registry);
  const sandbox = createSandbox(limits, { onExecution: metrics.onExecution });
  deps.sandbox = sandbox;
  metrics.observe(sandbox);
  beforeAll(() => sandbox.ready?.(), startupMs);
  afterAll(() => sandbox.close?.());
  return { app: createApp(deps), deps };
}

describe('POST /v1/evaluate-code runs the code against the question tests', () => {
  const { app } = setup();

  async function evaluate(q: (typeof problems)[number], language: Language, code: string) {
    const variant = q.variants![language]!;
    const response = await app.request('/v1/evaluate-code', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        question: { id: q.id, prompt: q.text, language, entryPoint: variant.entryPoint, tests: q.tests },
        language,
        code,
      }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as {
      score: number;
      correctness: number;
      feedback: string;
      tests: {
        passed: number;
        total: number;
        passRate: number;
        results: Array<{ ok: boolean; status: string }>;
      };
    };
  }

  it('has at least 10 bank problems to run', () => {
    expect(problems.length).toBeGreaterThanOrEqual(10);
  });

  it.each(
    problems.flatMap((q) =>
      (['javascript', 'python'] as const).map((language) => [q.id, language, q] as const),
    ),
  )(
    '%s in %s: correct 1, partial between 0 and 1, wrong 0',
    async (_id, language, q) => {
      const entry = q.variants![language]!.entryPoint;
      const reference = q.reference![language]!;
      const correct = await evaluate(q, language, reference);
      expect(correct.tests.passRate).toBe(1);
      expect(correct.tests.results.every((r) => r.status === 'pass')).toBe(true);
      // Run, not just read: correctness is the pass rate.
      expect(correct.correctness).toBe(10);
      expect(correct.feedback).not.toMatch(/not run/);

      const half = await evaluate(q, language, partial(reference, entry, q.tests![0]!.args, language));
      expect(half.tests.passRate).toBeGreaterThan(0);
      expect(half.tests.passRate).toBeLessThan(1);
      expect(half.score).toBeLessThan(10);
      if (half.tests.passed * 2 < half.tests.total) expect(half.score).toBeLessThanOrEqual(4);

      const none = await evaluate(q, language, wrong(entry, language));
      expect(none.tests.passRate).toBe(0);
      expect(none.tests.results.every((r) => r.status === 'fail')).toBe(true);
      expect(none.score).toBeLessThanOrEqual(4);
      expect(none.correctness).toBe(0);
    },
    30_000,
  );
});

describe('POST /v1/evaluate-code runs TypeScript answers', () => {
  const { app } = setup();

  // The bank keeps JavaScript and Python references; plain JavaScript is valid TypeScript.
  it.each(problems.map((q) => [q.id, q] as const))(
    '%s: the reference passes every test as TypeScript',
    async (_id, q) => {
      const variant = q.variants!.typescript!;
      const code = rename(q.reference!.javascript!, q.variants!.javascript!.entryPoint, variant.entryPoint);
      const response = await app.request('/v1/evaluate-code', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          question: {
            id: q.id,
            prompt: q.text,
            language: 'typescript',
            entryPoint: variant.entryPoint,
            tests: q.tests,
          },
          language: 'typescript',
          code,
        }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { tests: { passRate: number; total: number } };
      expect(body.tests.total).toBe(q.tests!.length);
      expect(body.tests.passRate).toBe(1);
    },
    30_000,
  );
});

describe('the sandbox behind the API', () => {
  const { app } = setup({ maxConcurrent: 1, maxQueued: 0, perTestMs: 300 });

  it('answers 503 with Retry-After when its queue is full, and counts executions in /metrics', async () => {
    const body = JSON.stringify({
      question: { id: 'spin', prompt: 'Return n.', entryPoint: 'spin', tests: [{ args: [1], expected: 1 }] },
      language: 'javascript',
      code: 'function spin(n) { for (;;) {} }',
    });
    const request = () =>
      app.request('/v1/evaluate-code', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
    const [first, second] = await Promise.all([request(), request()]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([200, 503]);
    const busy = first.status === 503 ? first : second;
    expect(Number(busy.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await busy.json()) as { error: { code: string } }).error.code).toBe('sandbox_busy');

    const text = await (await app.request('/metrics')).text();
    expect(text).toMatch(/sandbox_executions_total\{language="javascript",outcome="timeout"\} 1/);
    expect(text).toMatch(/sandbox_executions_total\{language="javascript",outcome="rejected"\} 1/);
    expect(text).toMatch(/sandbox_queue_depth 0/);
  });
});
