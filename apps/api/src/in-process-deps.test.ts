import { describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { inProcessDeps } from './in-process-deps.js';

describe('inProcessDeps', () => {
  it('parses the given variables only, over the loopback defaults when asked', () => {
    const plain = inProcessDeps({ env: { LOG_LEVEL: 'warn' } }).settings;
    expect(plain).toMatchObject({ PORT: 8000, HOST: '0.0.0.0', LOG_LEVEL: 'warn' });
    const served = inProcessDeps({ loopback: true, env: { NODE_ENV: 'test' } }).settings;
    expect(served).toMatchObject({ PORT: 0, HOST: '127.0.0.1', NODE_ENV: 'test', INBOUND_AUTH: 'off' });
  });

  it('hands each log line at the settings level to onLogLine, under the given name', async () => {
    const lines: string[] = [];
    const deps = inProcessDeps({
      env: { LOG_LEVEL: 'warn' },
      logName: 'bench',
      onLogLine: (line) => lines.push(line),
    });
    deps.logger.info('below the level');
    deps.logger.warn({ a: 1 }, 'first');
    deps.logger.error('second');
    expect(lines.map((line) => JSON.parse(line))).toMatchObject([
      { service: 'bench', level: 40, a: 1, msg: 'first' },
      { service: 'bench', level: 50, msg: 'second' },
    ]);
  });

  it('runs the default metric collectors only when asked', async () => {
    const quiet = await inProcessDeps().metrics.registry.metrics();
    expect(quiet).toContain('http_request_duration_seconds');
    expect(quiet).not.toContain('process_cpu_user_seconds_total');
    const full = await inProcessDeps({ defaultMetrics: true }).metrics.registry.metrics();
    expect(full).toContain('process_cpu_user_seconds_total');
  });

  it('gives /readyz checks the timeout asked for, and no vendors unless given', async () => {
    const deps = inProcessDeps({ readinessTimeoutMs: 50 });
    expect(deps.providers).toEqual({});
    deps.readiness.register('hanging', () => new Promise(() => {}));
    const res = await createApp(deps).request('/readyz');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      checks: [{ name: 'hanging', ok: false, reason: 'no answer within 50 ms' }],
    });
  });
});
