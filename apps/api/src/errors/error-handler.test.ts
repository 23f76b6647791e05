import { VendorError } from '@bot-backend/interfaces';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { testDeps } from '../test-deps.js';
import { ApiError } from './api-error.js';
import type { ErrorBody } from './error-body.js';

function appThrowing(error: unknown) {
  const deps = testDeps();
  const app = createApp(deps);
  app.get('/boom', () => {
    throw error;
  });
  return { app, deps };
}

describe('error handling', () => {
  it('renders an ApiError with its status, code, details and headers', async () => {
    const { app } = appThrowing(
      new ApiError({
        status: 409,
        code: 'conflict',
        message: 'The session has ended',
        details: [{ path: 'sessionId', message: 'closed at 12:00' }],
        headers: { 'retry-after': '3' },
      }),
    );
    const res = await app.request('/boom', { headers: { 'x-request-id': 'req-42' } });
    expect(res.status).toBe(409);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(await res.json()).toEqual({
      error: {
        code: 'conflict',
        message: 'The session has ended',
        requestId: 'req-42',
        details: [{ path: 'sessionId', message: 'closed at 12:00' }],
      },
    });
  });

  it('answers 500 with a generic body and logs the error with the request id', async () => {
    const { app, deps } = appThrowing(new Error('database password is hunter2'));
    const res = await app.request('/boom', { headers: { 'x-request-id': 'req-500' } });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      error: { code: 'internal_error', message: 'Internal server error', requestId: 'req-500' },
    });
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('at ');
    const logged = deps.logLines().find((line) => line.msg === 'unhandled error');
    expect(logged?.requestId).toBe('req-500');
  });

  it('maps vendor failures by kind: timeout 504, rate limit 503 with retry-after, others 502', async () => {
    const cases = [
      { error: new VendorError({ kind: 'timeout', vendor: 'openai', message: 'slow' }), status: 504 },
      {
        error: new VendorError({ kind: 'rate_limit', vendor: 'groq', message: 'busy', retryAfterMs: 2500 }),
        status: 503,
        retryAfter: '3',
      },
      { error: new VendorError({ kind: 'auth', vendor: 'deepgram', message: 'bad key' }), status: 502 },
    ];
    for (const { error, status, retryAfter } of cases) {
      const res = await appThrowing(error).app.request('/boom');
      expect(res.status).toBe(status);
      expect(res.headers.get('retry-after')).toBe(retryAfter ?? null);
      const body = (await res.json()) as ErrorBody;
      expect(body.error.code).toBe(`vendor_${error.kind}`);
      expect(body.error.message).toContain(error.vendor);
    }
  });

  it('answers unknown paths with a JSON 404', async () => {
    const res = await createApp(testDeps()).request('/no/such/path', { method: 'DELETE' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/json');
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('not_found');
    expect(body.error.message).toBe('No route for DELETE /no/such/path');
    expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
  });
});
