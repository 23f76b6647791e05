import { Writable } from 'node:stream';
import { type EnvRecord, parseSettings } from '@bot-backend/config';
import type { Providers } from '@bot-backend/factory';
import type { AppDeps } from './deps.js';
import { Lifecycle } from './lifecycle/lifecycle.js';
import { createLogger } from './observability/logger.js';
import { createMetrics } from './observability/metrics.js';
import { ReadinessChecks } from './readiness/readiness-checks.js';

export interface InProcessDepsOptions {
  /** The settings' variables, parsed as main() parses them; process.env is not read. */
  env?: EnvRecord | undefined;
  /** Served on an ephemeral loopback port (PORT=0, HOST=127.0.0.1), in development, inbound auth off; `env` wins over these. */
  loopback?: boolean | undefined;
  /** Each JSON log line, as production writes it; absent → every line is still serialized, then dropped. */
  onLogLine?: ((line: string) => void) | undefined;
  /** The log lines' `service` (default `api`). */
  logName?: string | undefined;
  /** prom-client's process and GC collectors, as main() runs them (default off: many apps share one process). */
  defaultMetrics?: boolean | undefined;
  /** How long /readyz waits for a check (default 200 ms: in-process checks answer at once). */
  readinessTimeoutMs?: number | undefined;
  /** The vendors (default none: the rubric grader, no voice). */
  providers?: Providers | undefined;
}

const loopbackEnv: EnvRecord = {
  PORT: '0',
  HOST: '127.0.0.1',
  NODE_ENV: 'development',
  INBOUND_AUTH: 'off',
};

/**
 * The dependencies of createApp for an apps/api run inside another program
 * (tests, the bench, the simulator): real logger, metrics, readiness and
 * lifecycle, built the way main() builds them, but quiet and self-contained.
 */
export function inProcessDeps(options: InProcessDepsOptions = {}): AppDeps {
  const settings = parseSettings({ ...(options.loopback ? loopbackEnv : {}), ...options.env });
  return {
    settings,
    logger: createLogger({
      level: settings.LOG_LEVEL,
      name: options.logName,
      destination: logDestination(options.onLogLine),
    }),
    metrics: createMetrics({ defaultMetrics: options.defaultMetrics ?? false }),
    providers: options.providers ?? {},
    readiness: new ReadinessChecks({ timeoutMs: options.readinessTimeoutMs ?? 200 }),
    lifecycle: new Lifecycle(),
  };
}

function logDestination(onLine: ((line: string) => void) | undefined): Writable {
  if (!onLine) return new Writable({ write: (_chunk, _encoding, done) => done() });
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) onLine(line);
      done();
    },
  });
}
