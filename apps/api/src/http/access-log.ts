import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../deps.js';
import type { AppMetrics } from '../observability/metrics.js';
import { routeLabel } from './route-label.js';

/** One log line and one histogram sample per request, by route pattern and status. */
export function accessLog(metrics: AppMetrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const seconds = (performance.now() - started) / 1000;
    const route = routeLabel(c);
    const status = c.res.status;
    metrics.httpRequestDuration.observe({ method: c.req.method, route, status: String(status) }, seconds);
    const line = { method: c.req.method, route, status, durationMs: Math.round(seconds * 1000) };
    if (status >= 500) c.get('logger').error(line, 'request completed');
    else c.get('logger').info(line, 'request completed');
  };
}
