import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { testDeps } from '../test-deps.js';
import { jsonBoundsProblem } from './bounded-json.js';

const nestedText = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
const nested = (depth: number): unknown => JSON.parse(nestedText(depth));

describe('jsonBoundsProblem', () => {
  it('measures depth without recursion, even far past what JSON.stringify survives', () => {
    expect(jsonBoundsProblem(nested(200_000), { maxDepth: 32, maxBytes: 1e9 })).toBe(
      'nested deeper than 32 levels',
    );
    expect(jsonBoundsProblem({ a: { b: [1] } }, { maxDepth: 3, maxBytes: 100 })).toBeUndefined();
    expect(jsonBoundsProblem({ a: { b: [[1]] } }, { maxDepth: 3, maxBytes: 100 })).toMatch(/deeper than 3/);
  });

  it('counts bytes of the JSON text', () => {
    expect(jsonBoundsProblem('é'.repeat(60), { maxDepth: 1, maxBytes: 100 })).toBe(
      'larger than 100 bytes as JSON',
    );
    expect(jsonBoundsProblem('e'.repeat(60), { maxDepth: 1, maxBytes: 100 })).toBeUndefined();
  });
});

describe('POST /v1/evaluate-code with oversized test data', () => {
  const app = createApp(testDeps());
  // JSON.stringify cannot write a 5,000-deep body, so the tests are spliced in as text.
  const post = (tests: string) =>
    app.request('/v1/evaluate-code', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"question":{"id":"q","prompt":"Return x.","entryPoint":"f","tests":${tests}},"language":"python","code":"def f(x): return x"}`,
    });

  it.each([
    [
      'args nested 5,000 levels',
      `[{"args":[1],"expected":1},{"args":[${nestedText(5_000)}],"expected":1}]`,
      'question.tests.1.args',
      /deeper/,
    ],
    [
      'expected nested 5,000 levels',
      `[{"args":[1],"expected":${nestedText(5_000)}}]`,
      'question.tests.0.expected',
      /deeper/,
    ],
    [
      'args of 200 KB',
      `[{"args":["${'x'.repeat(200_000)}"],"expected":1}]`,
      'question.tests.0.args',
      /larger than/,
    ],
  ])('%s is a 422 naming the field', async (_name, tests, path, message) => {
    const response = await post(tests);
    expect(response.status).toBe(422);
    const body = (await response.json()) as {
      error: { code: string; details: Array<{ path: string; message: string }> };
    };
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details).toContainEqual({ path, message: expect.stringMatching(message) });
  });
});
