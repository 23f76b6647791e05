import { stripUrlCredentials } from '@bot-backend/config';
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../deps.js';

/** Liveness, readiness and Prometheus metrics: unversioned, for the platform. */
export function createHealthRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get('/readyz', async (c) => {
      const report = await deps.readiness.run();
      const checks = deps.lifecycle.draining
        ? [...report.checks, { name: 'lifecycle', ok: false, reason: 'shutting down' }]
        : report.checks;
      const ok = report.ok && !deps.lifecycle.draining;
      // A reason may quote an error that names a URL: never with its credentials.
      const shown = checks.map((check) =>
        check.reason === undefined ? check : { ...check, reason: stripUrlCredentials(check.reason) },
      );
      return c.json({ status: ok ? 'ready' : 'not_ready', checks: shown }, ok ? 200 : 503);
    })
    .get('/metrics', async (c) => {
      const body = stripUrlCredentials(await deps.metrics.registry.metrics());
      return c.body(body, 200, { 'content-type': deps.metrics.registry.contentType });
    });
}
