import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from '../deps.js';
import type { OriginPolicy } from './origin-policy.js';

/**
 * CORS for the REST routes through Hono's middleware: an allowed origin gets
 * its own name back in Access-Control-Allow-Origin (never a blanket `*`, so a
 * cache keyed on Vary: Origin stays right); others get no CORS headers and the
 * browser keeps the answer from the page. Preflights are answered here, before
 * inbound auth, since a browser never sends credentials with them.
 */
export function corsFor(policy: OriginPolicy): MiddlewareHandler<AppEnv> {
  return cors({
    origin: (origin) => (origin !== '' && policy.allows(origin) ? origin : null),
    allowMethods: ['GET', 'HEAD', 'POST', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
    exposeHeaders: ['X-Request-Id', 'Retry-After', 'WWW-Authenticate'],
    maxAge: 600,
  });
}
