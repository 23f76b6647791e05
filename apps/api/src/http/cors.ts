import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from '../deps.js';
import { setAnswerHeaders } from './answer-headers.js';
import type { OriginPolicy } from './origin-policy.js';
import { requestHeader } from './request-header.js';

const exposeHeaders = ['X-Request-Id', 'Retry-After', 'WWW-Authenticate'];
const exposed = exposeHeaders.join(',');

/**
 * CORS for the REST routes: an allowed origin gets its own name back in
 * Access-Control-Allow-Origin (never a blanket `*`, so a cache keyed on
 * Vary: Origin stays right); others get no CORS headers and the browser keeps
 * the answer from the page. Preflights are answered here by Hono's middleware,
 * before inbound auth, since a browser never sends credentials with them.
 * Other requests get the same headers Hono's middleware gives them, set on
 * the answer once it is made (see setAnswerHeaders).
 */
export function corsFor(policy: OriginPolicy): MiddlewareHandler<AppEnv> {
  const allowOrigin = (origin: string) => (origin !== '' && policy.allows(origin) ? origin : null);
  const preflight = cors({
    origin: allowOrigin,
    allowMethods: ['GET', 'HEAD', 'POST', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
    exposeHeaders,
    maxAge: 600,
  });
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    const origin = allowOrigin(requestHeader(c, 'origin') ?? '');
    await next();
    setAnswerHeaders(c, (headers) => {
      if (origin) headers.set('Access-Control-Allow-Origin', origin);
      headers.set('Access-Control-Expose-Headers', exposed);
      headers.append('Vary', 'Origin');
    });
  };
}
