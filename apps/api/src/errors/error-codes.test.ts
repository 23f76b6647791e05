import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { apiOperations } from '../openapi/api-operations.js';
import { testDeps } from '../test-deps.js';
import { errorBodySchema } from './error-body.js';
import { apiErrorCodes } from './error-codes.js';

type Call = { path: string; method: string; headers?: Record<string, string>; body?: string };
const json = { 'content-type': 'application/json' };

/** Requests each operation must refuse: malformed, mistyped, unknown, too large, or naming nothing. */
function badRequests(op: (typeof apiOperations)[number]): Call[] {
  const path = op.path.replace('{id}', 'no-such-session');
  const method = op.method.toUpperCase();
  const calls: Call[] = [];
  if (op.request) {
    calls.push(
      { path, method, headers: { 'content-type': 'text/plain' }, body: '{}' },
      { path, method, headers: json, body: '{"unclosed":' },
      { path, method, headers: json, body: '{}' },
      { path, method, headers: json, body: JSON.stringify({ session_id: 's-1', colour: 'blue' }) },
      { path, method, headers: json, body: JSON.stringify({ answer: 'x'.repeat(10_000) }) },
    );
  }
  if (op.path.includes('{id}')) calls.push({ path: op.path.replace('{id}', 'not%20an%20id'), method });
  calls.push({ path, method });
  return calls;
}

/** Refusals that need a particular request: an unknown plan, a bad Idempotency-Key, a too long answer. */
const specificRequests: Call[] = [
  {
    path: '/v1/voice/sessions',
    method: 'POST',
    headers: json,
    body: JSON.stringify({
      role: 'backend',
      experienceLevel: 'mid',
      format: 'verbal',
      planId: 'no-such-plan',
    }),
  },
  {
    path: '/v1/evaluate',
    method: 'POST',
    headers: { ...json, 'idempotency-key': 'two words' },
    body: JSON.stringify({ question: { id: 'q1', text: 'What is a mutex?' }, answer: 'A lock.' }),
  },
  {
    path: '/v1/evaluate',
    method: 'POST',
    headers: json,
    body: JSON.stringify({ question: { id: 'q1', text: 'What is a mutex?' }, answer: 'a'.repeat(20_001) }),
  },
  // Not operations: an unknown path, a method a path does not take, the socket without an upgrade, a missing file.
  { path: '/v1/nothing-here', method: 'GET' },
  { path: '/v1/evaluate', method: 'DELETE' },
  { path: '/ws/voice', method: 'GET' },
  { path: '/client/no-such-file.js', method: 'GET' },
];

describe('error codes', () => {
  it('are one closed list of distinct snake_case names', () => {
    expect(new Set(apiErrorCodes).size).toBe(apiErrorCodes.length);
    for (const code of apiErrorCodes) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });

  it.each([
    ['auth off', { INBOUND_AUTH: 'off' }],
    [
      'auth on',
      { INBOUND_AUTH: 'jwt', INTERNAL_SERVICE_JWT_SECRET: 'an-error-codes-secret-of-32-chars-at-least' },
    ],
  ])(
    'every refusal, %s, answers the error body with a listed code and a documented status',
    async (_name, env) => {
      const app = createApp(testDeps({ ...env, REQUEST_BODY_LIMIT_BYTES: '8192' }));
      const documented = new Map(
        apiOperations.map((op) => [
          `${op.method.toUpperCase()} ${op.path}`,
          Object.keys((op.route.responses ?? {}) as object),
        ]),
      );
      const calls = [...apiOperations.flatMap(badRequests), ...specificRequests];
      const codes = new Set<string>();
      for (const call of calls) {
        const { path, ...init } = call;
        const res = await app.request(path, init);
        if (res.status < 400) continue;
        const what = `${call.method} ${path} → ${res.status}`;
        const body = errorBodySchema.safeParse(await res.json());
        expect(body.success, `${what}: ${JSON.stringify(body.error?.issues)}`).toBe(true);
        if (!body.success) continue;
        codes.add(body.data.error.code);
        expect(body.data.error.requestId, what).toBe(res.headers.get('x-request-id'));
        // A refusal of an operation is one of the responses its entry in the document lists.
        const operation = [...documented.keys()].find((key) => {
          const [method, template] = key.split(' ') as [string, string];
          const pattern = new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`);
          return method === call.method && pattern.test(path);
        });
        if (operation) expect(documented.get(operation), what).toContain(String(res.status));
      }
      // The table reaches the shape, size, resource and routing refusals; with auth on, /v1 refuses first.
      const expected =
        env.INBOUND_AUTH === 'jwt'
          ? ['unauthorized', 'page_tokens_off', 'not_found', 'upgrade_required']
          : ['unsupported_media_type', 'malformed_json', 'validation_failed', 'payload_too_large'].concat([
              'not_found',
              'session_not_found',
              'plan_not_found',
              'upgrade_required',
            ]);
      expect([...codes].sort()).toEqual(expect.arrayContaining(expected.sort()));
    },
  );

  it('are the enum of ErrorBody.error.code in the document', async () => {
    const res = await createApp(testDeps()).request('/openapi.json');
    const document = (await res.json()) as {
      components: { schemas: { ErrorBody: { properties: { error: { properties: { code: unknown } } } } } };
    };
    expect(document.components.schemas.ErrorBody.properties.error.properties.code).toMatchObject({
      type: 'string',
      enum: [...apiErrorCodes],
    });
  });
});
