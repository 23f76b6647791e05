import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { testDeps } from '../test-deps.js';

function preflight(env: Record<string, string>, origin: string, path = '/v1/evaluate') {
  return createApp(testDeps(env)).request(path, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type',
    },
  });
}

const secret = 'a-cors-test-secret-of-at-least-32-chars';

describe('CORS on the REST routes', () => {
  it('allows no other origin by default: a preflight gets no Access-Control-Allow-Origin', async () => {
    const res = await preflight({}, 'https://app.example.com');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers a preflight from a listed origin with that origin, the methods and headers, before auth', async () => {
    const env = {
      CORS_ORIGINS: 'https://app.example.com',
      INBOUND_AUTH: 'jwt',
      INTERNAL_SERVICE_JWT_SECRET: secret,
    };
    const res = await preflight(env, 'https://app.example.com');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    expect(res.headers.get('vary')).toContain('Origin');
    const other = await preflight(env, 'https://app.example.com.evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('marks the real answer for a listed origin, and exposes the request id', async () => {
    const app = createApp(testDeps({ CORS_ORIGINS: 'https://app.example.com,http://localhost:5173' }));
    const res = await app.request('/v1/roles', { headers: { origin: 'http://localhost:5173' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('x-request-id');
    const foreign = await app.request('/v1/roles', { headers: { origin: 'https://evil.example' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows Origin: null only when CORS_ALLOW_NULL_ORIGIN=true, even with *', async () => {
    expect(
      (await preflight({ CORS_ORIGINS: '*' }, 'null')).headers.get('access-control-allow-origin'),
    ).toBeNull();
    expect((await preflight({}, 'null')).headers.get('access-control-allow-origin')).toBeNull();
    const optedIn = await preflight({ CORS_ALLOW_NULL_ORIGIN: 'true' }, 'null');
    expect(optedIn.headers.get('access-control-allow-origin')).toBe('null');
  });

  it('with * (development) allows any web origin by name', async () => {
    const res = await preflight({ CORS_ORIGINS: '*' }, 'https://anywhere.example');
    expect(res.headers.get('access-control-allow-origin')).toBe('https://anywhere.example');
  });
});
