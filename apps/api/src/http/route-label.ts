import type { Context } from 'hono';
import { matchedRoutes } from 'hono/route';

/** The route pattern that answered (`/v1/sessions/:id`), or `unmatched`: bounded label values. */
export function routeLabel(c: Context): string {
  // Middleware is registered for ALL methods; the handler that answered is the last route with a method.
  const handler = matchedRoutes(c).findLast((route) => route.method !== 'ALL');
  return handler?.path ?? 'unmatched';
}
