import {
  type BackendClient,
  createBackendClient,
  type Outbox,
  type OutboxDatabase,
  type OutboxEvent,
  openOutbox,
  openPostgresOutbox,
  type ResultKind,
  resultKinds,
} from '@bot-backend/backend-client';
import { Counter, Gauge } from 'prom-client';
import type { Lifecycle } from '../lifecycle/lifecycle.js';
import type { Logger } from '../observability/logger.js';
import type { AppMetrics } from '../observability/metrics.js';
import type { ReadinessChecks } from '../readiness/readiness-checks.js';
import type {
  DeliverEvaluation,
  DeliveryStatus,
  EvaluationDeliveryItem,
} from '../routes/evaluation-delivery.js';

export interface ResultDeliverySettings {
  /** BACKEND_API_URL */
  baseUrl: string;
  /** INTERNAL_SERVICE_JWT_SECRET */
  secret: string;
  /** OUTBOX_DIR: the journal, when no database is given. */
  outboxDir: string;
  /** DATABASE_URL's pool: the outbox is then the bot_outbox table every replica shares. */
  database?: OutboxDatabase | undefined;
  /** OUTBOX_LEASE_MS: how long a replica holds a row it claimed (database outbox). */
  leaseMs?: number;
  /** How long a route waits for "delivered" before answering "queued"; 1.5 s by default. */
  deliverNowBudgetMs?: number;
  growthWindowMs?: number;
}

export interface ResultDeliveryHost {
  logger: Logger;
  metrics: AppMetrics;
  readiness: ReadinessChecks;
  lifecycle: Lifecycle;
}

/** Results to user-management through the durable outbox; built by main() when BACKEND_API_URL is set. */
export interface ResultDelivery {
  readonly client: BackendClient;
  readonly outbox: Outbox;
  /** For the evaluation routes (`deps.deliver`). */
  readonly deliver: DeliverEvaluation;
  /**
   * Any result kind: `id` is the session for eval-result and report, the meeting for transcript.
   * Resolves once the result is stored (journal or database), saying whether it also reached
   * user-management. A caller's idempotency key makes a retried request the same logical post.
   */
  deliverResult(
    kind: ResultKind,
    id: string,
    payload: unknown,
    options?: { idempotencyKey?: string | undefined },
  ): Promise<Exclude<DeliveryStatus, 'off'>>;
  /** Starts the background sender. */
  start(): void;
  /** Stops the sender, closes the outbox and disposes the client (shutdown only stops the sender). */
  close(): Promise<void>;
}

/** The eval-results body for one evaluation: the whole result, with the question and answer kind. */
export function evaluationPayload(item: EvaluationDeliveryItem): Record<string, unknown> {
  return { ...item.result, questionId: item.questionId, kind: item.kind };
}

export async function createResultDelivery(
  settings: ResultDeliverySettings,
  host: ResultDeliveryHost,
): Promise<ResultDelivery> {
  const { logger, metrics } = host;
  const outcomes = new Counter({
    name: 'outbox_deliveries_total',
    help: 'Outbox attempts by result kind and outcome (delivered, duplicate, retry, poisoned)',
    labelNames: ['kind', 'outcome'],
    registers: [metrics.registry],
  });
  const enqueued = new Counter({
    name: 'outbox_enqueued_total',
    help: 'Results written to the outbox, by kind',
    labelNames: ['kind'],
    registers: [metrics.registry],
  });

  const onEvent = (event: OutboxEvent) => {
    switch (event.type) {
      case 'enqueued':
        enqueued.inc({ kind: event.kind });
        break;
      case 'delivered':
        outcomes.inc({ kind: event.kind, outcome: event.duplicate ? 'duplicate' : 'delivered' });
        break;
      case 'retry':
        outcomes.inc({ kind: event.kind, outcome: 'retry' });
        logger.warn(
          {
            outbox: { id: event.id, kind: event.kind, attempts: event.attempts, delayMs: event.delayMs },
            reason: event.reason,
          },
          'user-management did not take a result; retrying later',
        );
        break;
      case 'store-error':
        // The database outbox could not read or write; its sender tries again. Never quiet.
        logger.warn(
          { outbox: { operation: event.operation }, reason: event.reason },
          'outbox database error',
        );
        break;
      case 'poisoned':
        outcomes.inc({ kind: event.kind, outcome: 'poisoned' });
        logger.error(
          { outbox: { id: event.id, kind: event.kind, status: event.status }, reason: event.reason },
          'user-management refused a result; set aside in the outbox',
        );
        break;
    }
  };

  const client = createBackendClient({ baseUrl: settings.baseUrl, secret: settings.secret });
  let outbox: Outbox;
  try {
    const common = {
      client,
      onEvent,
      deliverNowBudgetMs: settings.deliverNowBudgetMs ?? 1_500,
      ...(settings.growthWindowMs === undefined ? {} : { growthWindowMs: settings.growthWindowMs }),
    };
    outbox = settings.database
      ? await openPostgresOutbox({
          ...common,
          database: settings.database,
          ...(settings.leaseMs === undefined ? {} : { leaseMs: settings.leaseMs }),
        })
      : await openOutbox({ ...common, dir: settings.outboxDir });
  } catch (error) {
    await client.dispose();
    throw error;
  }

  new Gauge({
    name: 'outbox_depth',
    help: 'Results waiting in the outbox for user-management',
    registers: [metrics.registry],
    collect() {
      this.set(outbox.stats().depth);
    },
  });
  new Gauge({
    name: 'outbox_oldest_age_seconds',
    help: 'Age of the oldest result waiting in the outbox',
    registers: [metrics.registry],
    collect() {
      this.set(outbox.stats().oldestAgeMs / 1000);
    },
  });
  new Gauge({
    name: 'outbox_poisoned',
    help: 'Results user-management refused (4xx), set aside for an operator',
    registers: [metrics.registry],
    collect() {
      this.set(outbox.stats().poisoned);
    },
  });

  host.readiness.register('outbox', () => {
    const stats = outbox.stats();
    if (!stats.growing) return { ok: true };
    return {
      ok: false,
      reason: `outbox keeps growing: ${stats.depth} results waiting, oldest ${Math.round(stats.oldestAgeMs / 1000)} s`,
    };
  });

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await outbox.close();
    await client.dispose();
  };
  // On shutdown only the sender stops: requests still in flight may enqueue (each entry is
  // fsynced, so the journal needs no closing) and the next start sends what is left.
  host.lifecycle.onShutdown('outbox', () => outbox.stop());

  const deliverResult: ResultDelivery['deliverResult'] = async (kind, id, payload, options) => {
    const { delivery } = await outbox.submit(
      kind,
      resultKinds[kind].path(id),
      payload,
      options?.idempotencyKey === undefined ? {} : { idempotencyKey: options.idempotencyKey },
    );
    return delivery;
  };

  return {
    client,
    outbox,
    deliver: (item) =>
      deliverResult('eval-result', item.sessionId, evaluationPayload(item), {
        idempotencyKey: item.idempotencyKey,
      }),
    deliverResult,
    start: () => outbox.start(),
    close,
  };
}
