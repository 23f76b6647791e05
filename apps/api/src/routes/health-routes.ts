import { stripUrlCredentials } from '@bot-backend/config';
import { z } from '@hono/zod-openapi';
import type { AppDeps } from '../deps.js';
import { apiRoute, apiRoutes, jsonResponse } from '../http/api-routes.js';

const readinessSchema = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    checks: z.array(
      z.object({
        name: z.string(),
        ok: z.boolean(),
        reason: z.string().optional().describe('Why not ready (never a secret, never URL credentials)'),
      }),
    ),
  })
  .openapi('Readiness');

export const livenessRoute = apiRoute({
  method: 'get',
  path: '/healthz',
  operationId: 'liveness',
  tags: ['Platform'],
  summary: 'Liveness',
  description: 'The process answers; 200 whatever its dependencies say (that is /readyz).',
  responses: { 200: jsonResponse(z.object({ status: z.literal('ok') }), 'Alive') },
});

export const readinessRoute = apiRoute({
  method: 'get',
  path: '/readyz',
  operationId: 'readiness',
  tags: ['Platform'],
  summary: 'Readiness',
  description:
    'Every registered check (settings, database, user-management, outbox, sandbox, …) within its time limit; 503 while one fails or the server is shutting down.',
  responses: {
    200: jsonResponse(readinessSchema, 'Ready'),
    503: jsonResponse(readinessSchema, 'Not ready: the failing checks say why'),
  },
});

export const metricsRoute = apiRoute({
  method: 'get',
  path: '/metrics',
  operationId: 'metrics',
  tags: ['Platform'],
  summary: 'Prometheus metrics',
  responses: {
    200: {
      description: 'The Prometheus text exposition format',
      content: { 'text/plain': { schema: z.string() } },
    },
  },
});

/** Liveness, readiness and Prometheus metrics: unversioned, for the platform. */
export function createHealthRoutes(deps: AppDeps) {
  return apiRoutes()
    .openapi(livenessRoute, (c) => c.json({ status: 'ok' as const }, 200))
    .openapi(readinessRoute, async (c) => {
      const report = await deps.readiness.run();
      const checks = deps.lifecycle.draining
        ? [...report.checks, { name: 'lifecycle', ok: false, reason: 'shutting down' }]
        : report.checks;
      const ok = report.ok && !deps.lifecycle.draining;
      // A reason may quote an error that names a URL: never with its credentials.
      const shown = checks.map((check) =>
        check.reason === undefined ? check : { ...check, reason: stripUrlCredentials(check.reason) },
      );
      const body = { status: ok ? ('ready' as const) : ('not_ready' as const), checks: shown };
      return ok ? c.json(body, 200) : c.json(body, 503);
    })
    .openapi(metricsRoute, async (c) => {
      const body = stripUrlCredentials(await deps.metrics.registry.metrics());
      // The same key as Hono's default, so the registry's type (with its format version) replaces it.
      return c.text(body, 200, { 'Content-Type': deps.metrics.registry.contentType });
    });
}
