import { exitOnSettingsError, loadSettingsOrExit, redactSettings } from '@bot-backend/config';
import { buildProviders } from '@bot-backend/factory';
import { createApp } from './app.js';
import type { AppDeps } from './deps.js';
import { Lifecycle } from './lifecycle/lifecycle.js';
import { createLogger } from './observability/logger.js';
import { createMetrics } from './observability/metrics.js';
import { ReadinessChecks } from './readiness/readiness-checks.js';
import { startServer } from './server.js';

async function main(): Promise<void> {
  const settings = loadSettingsOrExit();
  const logger = createLogger({ level: settings.LOG_LEVEL, name: 'api' });
  const metrics = createMetrics();
  const providers = exitOnSettingsError(() =>
    buildProviders(settings, {
      onEvent: (event) => {
        logger.info({ event }, 'provider event');
        const provider = 'provider' in event && typeof event.provider === 'string' ? event.provider : '';
        metrics.providerEvents.inc({ type: event.type, capability: event.capability, provider });
      },
    }),
  );
  const deps: AppDeps = {
    settings,
    logger,
    metrics,
    providers,
    readiness: new ReadinessChecks(),
    lifecycle: new Lifecycle(),
  };
  // Reaching this line means the settings passed validation.
  deps.readiness.register('settings', () => ({ ok: true }));
  const app = createApp(deps);
  const server = await startServer(app, deps);
  logger.info({ settings: redactSettings(settings) }, 'started');

  const stop = (signal: NodeJS.Signals) => {
    server.shutdown(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`api failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
