import { OpenAPIHono, z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import type { ErrorBody } from '../errors/error-body.js';
import { testDeps } from '../test-deps.js';
import { apiRoute, apiRoutes, jsonBody, jsonResponse } from './api-routes.js';
import { readJsonBody } from './json-body.js';

const echoBody = z.object({
  question: z.object({ id: z.string().min(1), minWords: z.number().int().min(1).default(8) }),
  answer: z.string(),
});
const echoRoute = apiRoute({
  method: 'post',
  path: '/echo/{sessionId}',
  request: {
    params: z.object({ sessionId: z.string().regex(/^s-\d+$/) }),
    body: jsonBody('EchoRequest', echoBody),
  },
  responses: { 200: jsonResponse(z.object({}).loose(), 'The body as validated') },
});
// A refinement that needs a promise: such a schema is checked as zod-openapi checked it, asynchronously.
const slowRoute = apiRoute({
  method: 'post',
  path: '/slow',
  request: {
    body: jsonBody('SlowRequest', z.object({ n: z.number().refine(async (n) => n > 0, 'must be positive') })),
  },
  responses: { 200: jsonResponse(z.object({}).loose(), 'The body as validated') },
});

function app() {
  const parsed: unknown[] = [];
  const routes = apiRoutes()
    .openapi(echoRoute, async (c) => {
      // The body the validator checked is the one parsed once for the request.
      const body = await readJsonBody(c);
      parsed.push(body === (await readJsonBody(c)));
      return c.json({ ...c.req.valid('json'), sessionId: c.req.valid('param').sessionId }, 200);
    })
    .openapi(slowRoute, (c) => c.json(c.req.valid('json'), 200));
  const whole = createApp(testDeps());
  whole.route('/', routes);
  return { whole, routes, parsed };
}

const post = (path: string, body: string, contentType = 'application/json') =>
  app().whole.request(path, { method: 'POST', headers: { 'content-type': contentType }, body });

const valid = JSON.stringify({ question: { id: 'q1' }, answer: 'hello' });

async function errorOf(res: Response) {
  return ((await res.json()) as ErrorBody).error;
}

describe('a declared JSON body (checkedJsonBody)', () => {
  it('hands the handler the parsed, defaulted body, parsed once', async () => {
    const { whole, parsed } = app();
    const res = await whole.request('/echo/s-1', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: valid,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      question: { id: 'q1', minWords: 8 },
      answer: 'hello',
      sessionId: 's-1',
    });
    expect(parsed).toEqual([true]);
  });

  it('answers 415 for a body not declared JSON, 400 for one that does not parse', async () => {
    const plain = await post('/echo/s-1', valid, 'text/plain');
    expect(plain.status).toBe(415);
    expect(await errorOf(plain)).toMatchObject({
      code: 'unsupported_media_type',
      message: 'Request body must be JSON (content-type: application/json)',
    });
    const malformed = await post('/echo/s-1', '{"question":');
    expect(malformed.status).toBe(400);
    expect((await errorOf(malformed)).code).toBe('malformed_json');
  });

  it("keeps zod-openapi's own 415 for a content type with a parameter it does not take", async () => {
    for (const contentType of ['application/json;', 'application/json; charset', 'application/v_1+json']) {
      const res = await post('/echo/s-1', valid, contentType);
      expect(res.status, contentType).toBe(415);
      expect(await errorOf(res)).toMatchObject({
        code: 'unsupported_media_type',
        message: 'Unsupported Media Type',
      });
    }
    // Malformed JSON is found first, as before.
    expect((await post('/echo/s-1', '{', 'application/json;')).status).toBe(400);
  });

  it('answers 422 with a detail per problem, unknown fields by path with the field meant', async () => {
    const res = await post(
      '/echo/s-1',
      JSON.stringify({ question: { id: '', min_words: 2 }, answr: 'x', colour: 'blue' }),
    );
    expect(res.status).toBe(422);
    const error = await errorOf(res);
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual([
      { path: 'question.id', message: expect.stringMatching(/>=1 characters/) },
      { path: 'question.min_words', message: 'unknown field; did you mean minWords?' },
      { path: 'answer', message: expect.any(String) },
      { path: 'answr', message: 'unknown field; did you mean answer?' },
      { path: 'colour', message: 'unknown field' },
    ]);
    expect(error.message).toMatch(/^Invalid request body: question\.id: .* \(and 4 more in details\)$/);
  });

  it("checks params before the body, as zod-openapi's validators do", async () => {
    const res = await post('/echo/nope', JSON.stringify({ colour: 'blue' }));
    expect(res.status).toBe(422);
    expect((await errorOf(res)).message).toMatch(/^Invalid request param: sessionId: /);
  });

  it('checks a schema that needs a promise asynchronously', async () => {
    const ok = await post('/slow', JSON.stringify({ n: 2 }));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ n: 2 });
    const refused = await post('/slow', JSON.stringify({ n: -1, colour: 1 }));
    expect(refused.status).toBe(422);
    expect((await errorOf(refused)).details).toEqual(
      expect.arrayContaining([
        { path: 'colour', message: 'unknown field' },
        { path: 'n', message: 'must be positive' },
      ]),
    );
  });

  it('registers the route in the sub-app as zod-openapi would, body and all', () => {
    const { routes } = app();
    const plain = new OpenAPIHono().openapi(echoRoute, (c) => c.json({}, 200));
    const registered = (hono: OpenAPIHono<never>) =>
      hono.openAPIRegistry.definitions.flatMap((d) =>
        d.type === 'route' && d.route.path === echoRoute.path ? [d.route] : [],
      );
    expect(registered(routes as unknown as OpenAPIHono<never>)).toEqual(
      registered(plain as unknown as OpenAPIHono<never>),
    );
    expect(registered(routes as unknown as OpenAPIHono<never>)[0]?.request?.body).toBeDefined();
  });
});
