import { join } from 'node:path';
import type { OutboxDatabase } from '@bot-backend/backend-client';
import type { Settings } from '@bot-backend/config';
import { ClusterSessionStore } from '../cluster/cluster-session-store.js';
import type { Logger } from '../observability/logger.js';
import type { ReadinessChecks } from '../readiness/readiness-checks.js';
import { PostgresSessionStore } from '../sessions/postgres-session-store.js';
import { MemorySessionStore, type SessionStore } from '../sessions/session-store.js';

export interface SharedState {
  /** The session reports: PostgreSQL with DATABASE_URL; absent → the app's in-memory store. */
  sessions: SessionStore | undefined;
  /** The outbox table's database with DATABASE_URL; absent → the journal in `outboxDir`. */
  outboxDatabase: OutboxDatabase | undefined;
  /** This process's journal directory: OUTBOX_DIR, or OUTBOX_DIR/worker-N for cluster worker N > 0. */
  outboxDir: string;
}

/**
 * Where this process keeps what must outlive it. With DATABASE_URL every
 * replica (and every worker) shares the database; without it each worker keeps
 * its own journal, one directory each, since a journal has one writer.
 */
export async function openSharedState(
  settings: Pick<Settings, 'DATABASE_URL' | 'DATABASE_MIGRATE' | 'OUTBOX_DIR'>,
  host: { logger: Logger; readiness: ReadinessChecks; workerIndex: number; clustered: boolean },
): Promise<SharedState> {
  const outboxDir =
    host.workerIndex > 0 ? join(settings.OUTBOX_DIR, `worker-${host.workerIndex}`) : settings.OUTBOX_DIR;
  if (!settings.DATABASE_URL) {
    // Several workers on one port: a report is asked of the worker that ran the interview.
    const sessions = host.clustered ? new ClusterSessionStore(new MemorySessionStore()) : undefined;
    return { sessions, outboxDatabase: undefined, outboxDir };
  }
  // Loaded only here: a service without DATABASE_URL does not pay for pg at start.
  const { openApiDatabase } = await import('./api-database.js');
  const database = await openApiDatabase(
    { url: settings.DATABASE_URL, migrate: settings.DATABASE_MIGRATE },
    { logger: host.logger, readiness: host.readiness },
  );
  return { sessions: new PostgresSessionStore(database.pool), outboxDatabase: database.pool, outboxDir };
}
