import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { testDeps } from '../test-deps.js';

describe('request ids', () => {
  it('keeps a caller id, echoes it, and puts it on every log line of the request', async () => {
    const deps = testDeps();
    const app = createApp(deps);
    app.get('/work', (c) => {
      c.get('logger').info({ step: 'inside' }, 'handler ran');
      return c.text('done');
    });
    const res = await app.request('/work', { headers: { 'x-request-id': 'trace-abc.123' } });
    expect(res.headers.get('x-request-id')).toBe('trace-abc.123');
    const lines = deps.logLines().filter((line) => line.requestId === 'trace-abc.123');
    expect(lines.map((line) => line.msg)).toEqual(['handler ran', 'request completed']);
    expect(lines[1]).toMatchObject({ method: 'GET', route: '/work', status: 200 });
  });

  it('makes a new id when there is none or the given one is unsafe to echo', async () => {
    const app = createApp(testDeps());
    const none = await app.request('/healthz');
    const unsafe = await app.request('/healthz', { headers: { 'x-request-id': 'bad id\twith <html>' } });
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    expect(none.headers.get('x-request-id')).toMatch(uuid);
    expect(unsafe.headers.get('x-request-id')).toMatch(uuid);
    expect(none.headers.get('x-request-id')).not.toBe(unsafe.headers.get('x-request-id'));
  });
});
