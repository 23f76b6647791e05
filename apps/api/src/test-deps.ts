import { Writable } from 'node:stream';
import { parseSettings } from '@bot-backend/config';
import type { AppDeps } from './deps.js';
import { Lifecycle } from './lifecycle/lifecycle.js';
import { createLogger } from './observability/logger.js';
import { createMetrics } from './observability/metrics.js';
import { ReadinessChecks } from './readiness/readiness-checks.js';

/** Real dependencies for createApp in tests, with the log lines kept in memory. */
export function testDeps(
  env: Record<string, string> = {},
): AppDeps & { logLines: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const settings = parseSettings({ LOG_LEVEL: 'info', ...env });
  return {
    settings,
    logger: createLogger({ level: settings.LOG_LEVEL, destination }),
    metrics: createMetrics({ defaultMetrics: false }),
    providers: {},
    readiness: new ReadinessChecks({ timeoutMs: 200 }),
    lifecycle: new Lifecycle(),
    logLines: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
