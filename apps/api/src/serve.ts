import cluster from 'node:cluster';
import { exitOnSettingsError, redactSettings, type Settings } from '@bot-backend/config';
import { buildProviders } from '@bot-backend/factory';
import { createApp } from './app.js';
import { ClusterClientLimits } from './cluster/cluster-client-limits.js';
import { ClusterPlanCache } from './cluster/cluster-plan-cache.js';
import { ClusterVoiceTickets } from './cluster/cluster-voice-tickets.js';
import { ClusterWorkerRegistry, workerIndex } from './cluster/cluster-worker.js';
import { voicePlacementOfThisWorker } from './cluster/voice-placement.js';
import { openSharedState } from './database/shared-state.js';
import { createResultDelivery } from './delivery/result-delivery.js';
import type { AppDeps } from './deps.js';
import { Lifecycle } from './lifecycle/lifecycle.js';
import type { Logger } from './observability/logger.js';
import { createMetrics } from './observability/metrics.js';
import { ReadinessChecks } from './readiness/readiness-checks.js';
import { startSandbox } from './sandbox/start-sandbox.js';
import { startServer } from './server.js';

/**
 * The serving process (a cluster's worker, or the one process): providers, the app, the port, until
 * SIGTERM. main.ts loads this module only here, so a cluster's primary never loads the app.
 */
export async function serve(settings: Settings, logger: Logger): Promise<void> {
  const metrics = createMetrics(cluster.isWorker ? { registry: new ClusterWorkerRegistry() } : {});
  const providers = await exitOnSettingsError(() =>
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
  const sandbox = startSandbox(deps);
  // DATABASE_URL: the outbox and session reports every replica shares; else this machine's journal and memory.
  const shared = await openSharedState(settings, {
    logger,
    readiness: deps.readiness,
    workerIndex: workerIndex(),
    clustered: cluster.isWorker,
  });
  deps.sessions = shared.sessions;
  // Workers share one ticket desk in the primary: a ticket is good once, at whichever worker the socket reaches.
  const send = process.send?.bind(process);
  if (cluster.isWorker && send) {
    deps.tickets = new ClusterVoiceTickets(send);
    // A plan one worker made can be named by a ticket another worker issues.
    deps.plans = new ClusterPlanCache(send);
    // A client's interviews reach several workers: the primary counts them against its limit.
    deps.clientLimits = new ClusterClientLimits(send, settings.VOICE_MAX_SESSIONS_PER_CLIENT, () =>
      logger.warn(
        'the cluster primary did not count a client interview in time: this worker counted it alone',
      ),
    );
    // A lone connection goes to whichever worker wakes first; the interview goes where fewer run.
    deps.voicePlacement = voicePlacementOfThisWorker(
      workerIndex(),
      settings.VOICE_MAX_SESSIONS,
      (to, live, fewest) =>
        logger.debug(
          { voice: { handedTo: to, live, fewest } },
          'voice socket sent on to a worker with fewer',
        ),
    );
  }
  if (settings.BACKEND_API_URL && settings.INTERNAL_SERVICE_JWT_SECRET) {
    // Results go through the durable outbox; its sender also resends what an earlier run left.
    const delivery = await createResultDelivery(
      {
        baseUrl: settings.BACKEND_API_URL,
        secret: settings.INTERNAL_SERVICE_JWT_SECRET,
        outboxDir: shared.outboxDir,
        database: shared.outboxDatabase,
        leaseMs: settings.OUTBOX_LEASE_MS,
      },
      deps,
    );
    deps.delivery = delivery;
    deps.deliver = delivery.deliver;
    delivery.start();
    logger.info(
      {
        outbox: {
          store: shared.outboxDatabase ? 'database' : shared.outboxDir,
          depth: delivery.outbox.stats().depth,
        },
      },
      'result delivery on',
    );
  }
  const app = createApp(deps);
  const server = await startServer(app, deps);
  sandbox.probe();
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
