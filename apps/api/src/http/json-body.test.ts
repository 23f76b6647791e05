import { Hono } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../app.js';
import { testDeps } from '../test-deps.js';
import { readJsonBody } from './json-body.js';

const verbal = JSON.stringify({
  question: { id: 'q1', text: 'What is a mutex?', expectedKeywords: ['lock'] },
  answer: 'A mutex is a lock that lets one thread at a time into a critical section.',
});

afterEach(() => vi.restoreAllMocks());

describe('readJsonBody', () => {
  it('parses the body once per request, however many ask', async () => {
    const app = new Hono().post('/', async (c) => {
      const [a, b] = await Promise.all([readJsonBody(c), readJsonBody(c)]);
      const c2 = await readJsonBody(c);
      return c.json({ same: a === b && b === c2, body: a.parsed ? a.value : null });
    });
    const res = await app.request('/', { method: 'POST', body: '{"x":[1,2]}' });
    expect(await res.json()).toEqual({ same: true, body: { x: [1, 2] } });
  });

  it('says a body that does not parse is not parsed, and the text stays readable', async () => {
    const app = new Hono().post('/', async (c) =>
      c.json({ body: await readJsonBody(c), text: await c.req.text() }),
    );
    const res = await app.request('/', { method: 'POST', body: '{"x":' });
    expect(await res.json()).toEqual({ body: { parsed: false }, text: '{"x":' });
  });

  it('is all POST /v1/evaluate parses of the body: field limit, JSON check and validator share it', async () => {
    const parse = vi.spyOn(JSON, 'parse');
    const res = await createApp(testDeps()).request('/v1/evaluate', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: verbal,
    });
    expect(res.status).toBe(200);
    expect(parse.mock.calls.filter(([text]) => text === verbal)).toHaveLength(1);
  });
});
