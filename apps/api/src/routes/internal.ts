import { BackendError } from '@bot-backend/backend-client';
import { Hono } from 'hono';
import { inboundAuth } from '../auth/inbound-auth.js';
import type { AppDeps, AppEnv } from '../deps.js';

/** How long the probe waits for user-management's health endpoint. */
const PROBE_TIMEOUT_MS = 3_000;

/**
 * GET /internal/upstream: calls user-management's health endpoint once, with a
 * service token, and says whether it answered and how fast. 503 when it did not.
 */
export function createInternalRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .use('/internal/*', inboundAuth(deps.settings))
    .get('/internal/upstream', async (c) => {
      const client = deps.delivery?.client;
      if (!client) {
        return c.json({ upstream: 'user-management', configured: false, reachable: false });
      }
      const started = performance.now();
      try {
        const health = await client.health({
          retry: { maxAttempts: 1 },
          signal: AbortSignal.any([c.req.raw.signal, AbortSignal.timeout(PROBE_TIMEOUT_MS)]),
        });
        return c.json({
          upstream: 'user-management',
          configured: true,
          reachable: true,
          latencyMs: Math.round(performance.now() - started),
          status: health.status,
        });
      } catch (error) {
        const failure = BackendError.isInstance(error)
          ? { kind: error.kind, ...(error.status === undefined ? {} : { status: error.status }) }
          : { kind: 'unknown' };
        c.get('logger')?.warn({ upstream: failure }, 'user-management probe failed');
        return c.json(
          {
            upstream: 'user-management',
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
