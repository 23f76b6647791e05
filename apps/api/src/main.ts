import cluster from 'node:cluster';
import { loadSettingsOrExit, stripUrlCredentials } from '@bot-backend/config';
// The settings check alone (vendor catalogues, no SDK): the primary starts its workers without loading the app.
import { resolveSettings } from '@bot-backend/factory/settings';
import { runClusterPrimary } from './cluster/cluster-primary.js';
import { workerIndex } from './cluster/cluster-worker.js';
import { createLogger } from './observability/logger.js';

async function main(): Promise<void> {
  // Providers inferred from keys, models checked against each vendor's catalogue.
  const settings = resolveSettings(loadSettingsOrExit());
  const root = createLogger({ level: settings.LOG_LEVEL, name: 'api' });
  // A worker's lines name its slot, so a reader can tell the workers apart.
  const logger = cluster.isWorker ? root.child({ worker: workerIndex() }) : root;
  // Said once: by the primary when there are workers, else by this process.
  if (!cluster.isWorker)
    for (const notice of settings.startupNotices)
      logger[notice.level]({ setting: notice.setting }, notice.message);
  // Several workers: this process supervises them and serves nothing itself.
  if (runClusterPrimary(settings, logger)) return;
  const { serve } = await import('./serve.js');
  await serve(settings, logger);
}

main().catch((error: unknown) => {
  // Written without the logger: strip what a URL in the message may carry all the same.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`api failed to start: ${stripUrlCredentials(message)}\n`);
  process.exit(1);
});
