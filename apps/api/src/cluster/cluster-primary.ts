import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import type { Settings } from '@bot-backend/config';
import { AggregatorRegistry } from 'prom-client';
import type { Logger } from '../observability/logger.js';
import { VoiceTickets } from '../voice/voice-tickets.js';
import { ClientDesk } from './cluster-client-limits.js';
import { metricsRequest, WORKER_INDEX_ENV } from './cluster-messages.js';
import { PlanShelf } from './cluster-plan-cache.js';
import { CONNECTION_SHARES_ENV, ConnectionShares } from './connection-shares.js';
import { serveListenCopies } from './listen-copies.js';
import { SessionLookups } from './session-lookups.js';
import { TicketDesk } from './ticket-desk.js';
import { passVoiceHandOff, VOICE_SHARES_ENV } from './voice-placement.js';

/** WEB_CONCURRENCY, or one worker per available core (one under NODE_ENV=test, unless a test asks). */
export function workerCount(settings: Pick<Settings, 'WEB_CONCURRENCY' | 'NODE_ENV'>): number {
  if (settings.WEB_CONCURRENCY > 0) return settings.WEB_CONCURRENCY;
  return settings.NODE_ENV === 'test' ? 1 : availableParallelism();
}

/**
 * Whether this process supervises its workers instead of serving: with more
 * than one, and whenever WEB_CONCURRENCY is left to the core count (not under
 * NODE_ENV=test), so also for the one worker of a one-core machine. That worker is then
 * restarted when it dies, as on a larger machine, and takes a burst of new
 * connections on several descriptors of the socket (listen-copies.ts): one
 * process alone accepts one connection per turn of its event loop, and under
 * load 64 clients that connected at once waited up to 0.8 s for their first
 * answer. WEB_CONCURRENCY=1 still means one process and no primary.
 */
export function supervises(settings: Pick<Settings, 'WEB_CONCURRENCY' | 'NODE_ENV'>): boolean {
  if (settings.WEB_CONCURRENCY > 0) return settings.WEB_CONCURRENCY > 1;
  return settings.NODE_ENV !== 'test';
}

/** A worker that dies sooner than this after its start counts as a crash loop: its restart waits longer. */
const HEALTHY_AFTER_MS = 10_000;
const RESTART_DELAY_MS = { first: 100, max: 10_000 };
/** Beyond the workers' own grace period, before the primary kills what is left. */
const EXIT_MARGIN_MS = 5_000;

interface Slot {
  index: number;
  worker: Worker | undefined;
  startedAt: number;
  restartDelayMs: number;
}

/**
 * When it supervises (see supervises()), this process becomes the cluster primary: it
 * forks the workers (each runs the whole API on the shared port and accepts
 * from its queue on several descriptors: listen-copies.ts), restarts one that
 * dies, drains all on SIGTERM/SIGINT, and answers workers' requests for the
 * aggregated metrics.
 * Returns false when this process should serve itself (WEB_CONCURRENCY=1, a test, or already a worker).
 */
export function runClusterPrimary(
  settings: Pick<
    Settings,
    | 'WEB_CONCURRENCY'
    | 'WEB_ACCEPT'
    | 'NODE_ENV'
    | 'SHUTDOWN_GRACE_MS'
    | 'VOICE_TICKET_TTL_MS'
    | 'VOICE_MAX_SESSIONS_PER_CLIENT'
  >,
  logger: Logger,
): boolean {
  if (!supervises(settings) || !cluster.isPrimary) return false;
  const count = workerCount(settings);

  const aggregator = new AggregatorRegistry();
  const slots: Slot[] = Array.from({ length: count }, (_, index) => ({
    index,
    worker: undefined,
    startedAt: 0,
    restartDelayMs: RESTART_DELAY_MS.first,
  }));
  let stopping = false;
  const tickets = new TicketDesk(new VoiceTickets(settings.VOICE_TICKET_TTL_MS));
  const plans = new PlanShelf();
  const clients = new ClientDesk(settings.VOICE_MAX_SESSIONS_PER_CLIENT);
  const sessions = new SessionLookups(() => slots.flatMap((slot) => (slot.worker ? [slot.worker] : [])));
  // Sharing the socket, the workers keep their open connections where each can see the others' (listen-copies.ts).
  const shares =
    settings.WEB_ACCEPT === 'round-robin'
      ? undefined
      : countsTable(count, logger, 'no table of open connections: workers will not even out a burst of them');
  if (shares) process.once('exit', shares.remove);
  // And their live interviews, so a worker sends an interview on to one that runs fewer (voice-placement.ts).
  const voices = countsTable(
    count,
    logger,
    'no table of live interviews: a worker may refuse one another could run',
  );
  if (voices) process.once('exit', voices.remove);
  const workerInSlot = (index: number) => slots[index]?.worker;

  const fork = (slot: Slot) => {
    slot.startedAt = Date.now();
    const worker = cluster.fork({
      [WORKER_INDEX_ENV]: String(slot.index),
      ...(shares ? { [CONNECTION_SHARES_ENV]: shares.path } : {}),
      ...(voices ? { [VOICE_SHARES_ENV]: voices.path } : {}),
    });
    slot.worker = worker;
    logger.info({ worker: { index: slot.index, pid: worker.process.pid } }, 'worker started');
    worker.on('message', (message: unknown, handle: unknown) => {
      if (
        serveListenCopies(worker, message, handle) ||
        passVoiceHandOff(worker, workerInSlot, message, handle) ||
        sessions.handle(worker, message) ||
        tickets.handle(worker, message) ||
        clients.handle(worker, message) ||
        plans.handle(worker, message)
      )
        return;
      const request = metricsRequest.safeParse(message);
      if (!request.success) return;
      aggregator.clusterMetrics().then(
        (text) =>
          worker.isConnected() && worker.send({ type: 'api:metrics-response', id: request.data.id, text }),
        (error: unknown) =>
          worker.isConnected() &&
          worker.send({ type: 'api:metrics-response', id: request.data.id, error: String(error) }),
      );
    });
    worker.once('exit', (code, signal) => {
      slot.worker = undefined;
      shares?.shares.markAbsent(slot.index);
      voices?.shares.markAbsent(slot.index);
      clients.workerGone(worker);
      if (stopping) {
        logger.info(
          { worker: { index: slot.index, pid: worker.process.pid, code, signal } },
          'worker stopped',
        );
        return;
      }
      const ranMs = Date.now() - slot.startedAt;
      slot.restartDelayMs =
        ranMs >= HEALTHY_AFTER_MS
          ? RESTART_DELAY_MS.first
          : Math.min(RESTART_DELAY_MS.max, slot.restartDelayMs * 2);
      logger.error(
        {
          worker: { index: slot.index, pid: worker.process.pid, code, signal, ranMs },
          restartInMs: slot.restartDelayMs,
        },
        'worker died; starting another',
      );
      // Not unref'd: with every worker gone (the only one of a one-core machine), nothing else keeps
      // the primary alive until the restart. A stop meanwhile ends in process.exit() all the same.
      setTimeout(() => {
        if (!stopping) fork(slot);
      }, slot.restartDelayMs);
    });
  };

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const running = slots.flatMap((slot) => (slot.worker ? [slot.worker] : []));
    logger.info({ signal, workers: running.length }, 'draining workers');
    // Each worker drains itself on SIGTERM (stops accepting, finishes requests, stops its outbox sender).
    for (const worker of running) worker.process.kill('SIGTERM');
    const killTimer = setTimeout(() => {
      logger.warn('workers still running after the grace period: killing them');
      for (const worker of running) if (!worker.isDead()) worker.process.kill('SIGKILL');
    }, settings.SHUTDOWN_GRACE_MS + EXIT_MARGIN_MS);
    Promise.all(
      running.map((worker) =>
        worker.isDead() ? undefined : new Promise((done) => worker.once('exit', done)),
      ),
    ).then(() => {
      clearTimeout(killTimer);
      logger.info('stopped');
      process.exit(0);
    });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);

  // By default the workers accept from the socket's queue themselves; see listen-copies.ts for why.
  cluster.schedulingPolicy = settings.WEB_ACCEPT === 'round-robin' ? cluster.SCHED_RR : cluster.SCHED_NONE;
  logger.info({ workers: count }, 'cluster primary starting workers');
  for (const slot of slots) fork(slot);
  return true;
}

/** A table of the workers' counts; without a writable temporary folder they go on without it, not down. */
function countsTable(count: number, logger: Logger, without: string) {
  try {
    return ConnectionShares.create(count);
  } catch (error) {
    logger.warn({ err: error }, without);
    return undefined;
  }
}
