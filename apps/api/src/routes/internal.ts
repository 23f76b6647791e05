import { BackendError } from '@bot-backend/backend-client';
import { z } from '@hono/zod-openapi';
import { inboundAuth } from '../auth/inbound-auth.js';
import type { AppDeps } from '../deps.js';
import { apiRoute, apiRoutes, jsonResponse, serviceJwt } from '../http/api-routes.js';

/** How long the probe waits for user-management's health endpoint. */
const PROBE_TIMEOUT_MS = 3_000;

const upstreamSchema = z
  .object({
    upstream: z.literal('user-management'),
    configured: z.boolean().describe('BACKEND_API_URL is set'),
    reachable: z.boolean(),
    latencyMs: z.number().int().optional(),
    status: z.string().optional().describe("user-management's own health status"),
    error: z
      .object({ kind: z.string(), status: z.number().int().optional() })
      .optional()
      .describe('Why the probe failed: network, timeout, http (with its status), …'),
  })
  .openapi('UpstreamProbe');

export const upstreamProbeRoute = apiRoute({
  method: 'get',
  path: '/internal/upstream',
  operationId: 'probeUpstream',
  tags: ['Platform'],
  summary: 'Is user-management reachable?',
  description: "Calls user-management's health endpoint once, with a service token, within 3 s.",
  security: serviceJwt,
  responses: {
    200: jsonResponse(upstreamSchema, 'Reachable, or not configured'),
    503: jsonResponse(upstreamSchema, 'Configured but not reachable'),
  },
});

/**
 * GET /internal/upstream: calls user-management's health endpoint once, with a
 * service token, and says whether it answered and how fast. 503 when it did not.
 */
export function createInternalRoutes(deps: AppDeps) {
  const routes = apiRoutes();
  routes.use('/internal/*', inboundAuth(deps.settings));
  return routes.openapi(upstreamProbeRoute, async (c) => {
    const client = deps.delivery?.client;
    if (!client) {
      return c.json({ upstream: 'user-management' as const, configured: false, reachable: false }, 200);
    }
    const started = performance.now();
    try {
      const health = await client.health({
        retry: { maxAttempts: 1 },
        signal: AbortSignal.any([c.req.raw.signal, AbortSignal.timeout(PROBE_TIMEOUT_MS)]),
      });
      return c.json(
        {
          upstream: 'user-management' as const,
          configured: true,
          reachable: true,
          latencyMs: Math.round(performance.now() - started),
          status: health.status,
        },
        200,
      );
    } catch (error) {
      const failure = BackendError.isInstance(error)
        ? { kind: error.kind, ...(error.status === undefined ? {} : { status: error.status }) }
        : { kind: 'unknown' };
      c.get('logger')?.warn({ upstream: failure }, 'user-management probe failed');
      return c.json(
        {
          upstream: 'user-management' as const,
          configured: true,
          reachable: false,
          latencyMs: Math.round(performance.now() - started),
          error: failure,
        },
        503,
      );
    }
  });
}
