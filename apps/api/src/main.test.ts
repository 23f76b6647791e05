import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { mainPerTest } from './test-main-process.js';

// The start-up time target (5 s to /healthz) is measured by `pnpm bench` on its own; here, with other
// test files sharing the cores, the server only has to come up.
const startupBoundMs = 15_000;
const main = mainPerTest();

describe('main with no keys and no .env', () => {
  it('serves /healthz, /metrics as Prometheus text, and a JSON 404', async () => {
    const api = main({ PORT: '0' });
    const port = await api.listening(startupBoundMs);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);

    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    const text = await metrics.text();
    expect(text).toContain('# TYPE process_cpu_user_seconds_total counter');
    expect(text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} 1/,
    );

    const missing = await fetch(`http://127.0.0.1:${port}/nowhere`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } });

    // The code sandbox probes its confinement in the background; ready once it has answered.
    let ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    for (let i = 0; i < 40 && ready.status !== 200; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    }
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: [
        { name: 'settings', ok: true },
        { name: 'sandbox', ok: true },
      ],
    });
    // The start-up log says so too (its line may reach this process just after /readyz answered).
    await expect.poll(() => api.stdout(), { timeout: 5_000 }).toContain('code execution ready (confined)');
  });

  it('on SIGTERM stops accepting, finishes the request in flight, then exits 0', async () => {
    const api = main({ PORT: '0', SHUTDOWN_GRACE_MS: '5000' });
    const port = await api.listening(startupBoundMs);

    // A chunked upload keeps the request in flight (the body limit reads it
    // all) until we send its last chunk, after the signal.
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/upload',
          headers: { 'content-type': 'application/json' },
        },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => {
            body += chunk.toString('utf8');
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.write('{"part":1');
      setTimeout(() => {
        api.child.kill('SIGTERM');
        setTimeout(() => req.end(',"part":2}'), 400);
      }, 200);
    });

    const { status, body } = await response;
    expect(status).toBe(404);
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'not_found' } });
    expect(await api.exited).toEqual({ code: 0, signal: null });
    expect(api.stdout()).toContain('"msg":"shutting down"');
    // Stopped accepting: a new connection is refused.
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
  it('cuts a request still open when the grace period ends, and still exits 0', async () => {
    const api = main({ PORT: '0', SHUTDOWN_GRACE_MS: '300' });
    const port = await api.listening(startupBoundMs);
    const cut = new Promise<string>((resolve) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/upload' }, () =>
        resolve('answered'),
      );
      req.on('error', (error) => resolve(error.message));
      req.write('never finished');
      setTimeout(() => api.child.kill('SIGTERM'), 200);
    });
    expect(await api.exited).toEqual({ code: 0, signal: null });
    expect(await cut).toMatch(/socket hang up|ECONNRESET/);
    expect(api.stdout()).toContain('grace period over');
  });
});

describe('main with bad settings exits 1 naming each variable, never a secret', () => {
  const secret = 'sk-live-DO-NOT-PRINT-0123456789abcdef';
  const cases: { name: string; env: Record<string, string>; variables: string[]; secrets: string[] }[] = [
    {
      name: 'unknown provider name',
      env: { LLM_PROVIDER: 'openia' },
      variables: ['LLM_PROVIDER'],
      secrets: [],
    },
    {
      name: 'malformed URL',
      env: { OPENAI_BASE_URL: `htp//localhost:${secret}`, OPENAI_API_KEY: secret },
      variables: ['OPENAI_BASE_URL'],
      secrets: [secret],
    },
    {
      name: 'short JWT secret',
      env: { INTERNAL_SERVICE_JWT_SECRET: 'too-short-jwt-secret-42' },
      variables: ['INTERNAL_SERVICE_JWT_SECRET'],
      secrets: ['too-short-jwt-secret-42'],
    },
    {
      name: 'named provider without its key',
      env: { STT_PROVIDER: 'deepgram', TTS_PROVIDER: 'cartesia', CARTESIA_API_KEY: secret },
      variables: ['DEEPGRAM_API_KEY'],
      secrets: [secret],
    },
    {
      name: 'everything at once',
      env: {
        LLM_PROVIDER: 'groq',
        AVATAR_PROVIDER: 'heygen',
        BACKEND_API_URL: 'user-management:8080',
        INTERNAL_SERVICE_JWT_SECRET: secret.slice(0, 20),
      },
      variables: ['GROQ_API_KEY', 'AVATAR_PROVIDER', 'BACKEND_API_URL', 'INTERNAL_SERVICE_JWT_SECRET'],
      secrets: [secret.slice(0, 20)],
    },
  ];

  it.each(cases)('$name', async ({ env, variables, secrets }) => {
    const api = main({ PORT: '0', ...env });
    expect(await api.exited).toEqual({ code: 1, signal: null });
    const stderr = api.stderr();
    expect(stderr).toMatch(/^Invalid settings \(\d+ problems?\):/);
    for (const variable of variables) expect(stderr).toContain(`- ${variable}:`);
    for (const value of secrets) {
      expect(stderr).not.toContain(value);
      expect(api.stdout()).not.toContain(value);
    }
    expect(api.stdout()).not.toContain('listening');
  });
});
