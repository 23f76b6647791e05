import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/**
 * One registry per app instance (tests build many apps in one process).
 * Modules add their metrics with `registers: [metrics.registry]`.
 */
export interface AppMetrics {
  readonly registry: Registry;
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
  readonly providerEvents: Counter<'type' | 'capability' | 'provider'>;
}

export function createMetrics(options: { defaultMetrics?: boolean; registry?: Registry } = {}): AppMetrics {
  // A cluster worker passes one whose metrics() answers for every worker.
  const registry = options.registry ?? new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequestDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    providerEvents: new Counter({
      name: 'provider_events_total',
      help: 'Factory events: providers built, fallbacks, circuit breaker changes',
      labelNames: ['type', 'capability', 'provider'],
      registers: [registry],
    }),
  };
}
