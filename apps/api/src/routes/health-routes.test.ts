import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { testDeps } from '../test-deps.js';

describe('GET /healthz', () => {
  it('is 200 whatever the readiness says', async () => {
    const deps = testDeps();
    deps.readiness.register('broken', () => ({ ok: false, reason: 'down' }));
    const res = await createApp(deps).request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});

describe('GET /readyz', () => {
  it('is 200 when every registered check passes', async () => {
    const deps = testDeps();
    deps.readiness.register('settings', () => ({ ok: true }));
    deps.readiness.register('user-management', async () => ({ ok: true }));
    const res = await createApp(deps).request('/readyz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ready',
      checks: [
        { name: 'settings', ok: true },
        { name: 'user-management', ok: true },
      ],
    });
  });

  it('is 503 with the reason of each failing, throwing or hanging check', async () => {
    const deps = testDeps();
    let hangingSignal: AbortSignal | undefined;
    deps.readiness.register('settings', () => ({ ok: true }));
    deps.readiness.register('outbox', () => ({ ok: false, reason: 'outbox grew to 120 entries' }));
    deps.readiness.register('user-management', async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:9');
    });
    deps.readiness.register(
      'hanging',
      (signal) =>
        new Promise(() => {
          hangingSignal = signal;
        }),
    );
    const res = await createApp(deps).request('/readyz');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      status: 'not_ready',
      checks: [
        { name: 'settings', ok: true },
        { name: 'outbox', ok: false, reason: 'outbox grew to 120 entries' },
        { name: 'user-management', ok: false, reason: 'connect ECONNREFUSED 127.0.0.1:9' },
        { name: 'hanging', ok: false, reason: 'no answer within 200 ms' },
      ],
    });
    expect(hangingSignal?.aborted).toBe(true);
  });

  it('is 503 while the service drains for shutdown', async () => {
    const deps = testDeps();
    const app = createApp(deps);
    await deps.lifecycle.shutdown(AbortSignal.timeout(1000));
    const res = await app.request('/readyz');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      checks: [{ name: 'lifecycle', ok: false, reason: 'shutting down' }],
    });
  });

  it('refuses two checks with one name', () => {
    const deps = testDeps();
    deps.readiness.register('outbox', () => ({ ok: true }));
    expect(() => deps.readiness.register('outbox', () => ({ ok: true }))).toThrow(/already registered/);
  });
});

describe('GET /metrics', () => {
  it('serves Prometheus text with request latency by route pattern, method and status', async () => {
    const deps = testDeps();
    const app = createApp(deps);
    app.get('/items/:id', (c) => c.json({ id: c.req.param('id') }));
    await app.request('/items/1');
    await app.request('/items/2');
    await app.request('/missing');

    const res = await app.request('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await res.text();
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/items\/:id",status="200"\} 2/,
    );
    expect(text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="unmatched",status="404"\} 1/,
    );
    expect(text).not.toContain('route="/items/1"');
  });

  it('keeps one registry per app instance', async () => {
    const first = testDeps();
    const second = testDeps();
    await createApp(first).request('/healthz');
    const text = await first.metrics.registry.metrics();
    const other = await second.metrics.registry.metrics();
    expect(text).toMatch(/route="\/healthz",status="200"\} 1/);
    expect(other).not.toContain('route="/healthz"');
  });
});
