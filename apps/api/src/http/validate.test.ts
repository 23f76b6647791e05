import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApp } from '../app.js';
import type { ErrorBody } from '../errors/error-body.js';
import { testDeps } from '../test-deps.js';
import { validate } from './validate.js';

const question = z.object({
  id: z.string().min(1),
  minWords: z.number().int().min(1).default(8),
});

function appWithRoutes(env: Record<string, string> = {}) {
  const app = createApp(testDeps(env));
  app.post(
    '/echo/:sessionId',
    validate('param', z.object({ sessionId: z.string().regex(/^s-\d+$/) })),
    validate('query', z.object({ verbose: z.enum(['true', 'false']).optional() })),
    validate('json', z.object({ question, answer: z.string() })),
    (c) => c.json({ params: c.req.valid('param'), query: c.req.valid('query'), body: c.req.valid('json') }),
  );
  return app;
}

const json = { 'content-type': 'application/json' };

describe('validate', () => {
  it('hands the parsed, defaulted values to the handler', async () => {
    const res = await appWithRoutes().request('/echo/s-1?verbose=true', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ question: { id: 'q1' }, answer: 'hello' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      params: { sessionId: 's-1' },
      query: { verbose: 'true' },
      body: { question: { id: 'q1', minWords: 8 }, answer: 'hello' },
    });
  });

  it('answers 400 malformed_json for a body that does not parse', async () => {
    const res = await appWithRoutes().request('/echo/s-1', {
      method: 'POST',
      headers: json,
      body: '{"question":',
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('malformed_json');
    expect(body.error.message).toBe('Request body is not valid JSON');
    expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('answers 415 for a body that is not declared JSON', async () => {
    const res = await appWithRoutes().request('/echo/s-1', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ question: { id: 'q1' }, answer: 'x' }),
    });
    expect(res.status).toBe(415);
    expect(((await res.json()) as ErrorBody).error.code).toBe('unsupported_media_type');
  });

  it('answers 422 with one detail per wrong field, by path', async () => {
    const res = await appWithRoutes().request('/echo/s-1', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ question: { id: '', minWords: 2.5 } }),
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details?.map((d) => d.path).sort()).toEqual([
      'answer',
      'question.id',
      'question.minWords',
    ]);
    for (const detail of body.error.details ?? []) expect(detail.message.length).toBeGreaterThan(0);
  });

  it('validates params and query too', async () => {
    const res = await appWithRoutes().request('/echo/nope?verbose=maybe', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ question: { id: 'q1' }, answer: 'x' }),
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as ErrorBody;
    // The first failing validator answers: params are checked before the query.
    expect(body.error.message).toMatch(/^Invalid request param: sessionId: /);
    expect(body.error.details).toEqual([{ path: 'sessionId', message: expect.any(String) }]);
  });

  it('answers 413 for a body over the limit, declared or streamed', async () => {
    const app = appWithRoutes({ REQUEST_BODY_LIMIT_BYTES: '2048' });
    const big = JSON.stringify({ question: { id: 'q1' }, answer: 'x'.repeat(4096) });
    const declared = await app.request('/echo/s-1', { method: 'POST', headers: json, body: big });
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as ErrorBody).error.code).toBe('payload_too_large');

    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const streamed = await app.request('/echo/s-1', {
      method: 'POST',
      headers: { ...json, 'transfer-encoding': 'chunked' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });
});
