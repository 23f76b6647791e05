import { loadMigrations, migrate, pgExecutor } from '@bot-backend/db';
import pg from 'pg';
import type { Logger } from '../observability/logger.js';
import type { ReadinessChecks } from '../readiness/readiness-checks.js';

export interface ApiDatabaseSettings {
  /** DATABASE_URL */
  url: string;
  /** DATABASE_MIGRATE: apply db/migrations now (`start`) or only check they were (`off`). */
  migrate: 'start' | 'off';
  /** Connections per process; 10 by default. */
  max?: number;
}

/** The PostgreSQL that replicas share: a pool, migrated (or checked) before the service answers. */
export interface ApiDatabase {
  readonly pool: pg.Pool;
  close(): Promise<void>;
}

export async function openApiDatabase(
  settings: ApiDatabaseSettings,
  host: { logger: Logger; readiness?: ReadinessChecks },
): Promise<ApiDatabase> {
  const { logger } = host;
  const pool = new pg.Pool({ connectionString: settings.url, max: settings.max ?? 10 });
  // An idle connection that loses its server emits 'error'; unheard, it would end the process.
  pool.on('error', (error) => logger.warn({ err: error }, 'database connection lost; the pool reconnects'));
  try {
    const client = await pool.connect();
    try {
      const db = pgExecutor(client);
      if (settings.migrate === 'start') {
        // Under the migrator's advisory lock: replicas starting together apply each migration once.
        const result = await migrate(db);
        logger.info({ database: { version: result.version, applied: result.applied } }, 'database migrated');
      } else {
        await requireMigrated(db);
      }
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end();
    throw error;
  }
  host.readiness?.register('database', async () => {
    try {
      await pool.query('SELECT 1');
      return { ok: true };
    } catch (error) {
      return {
        ok: false,
        reason: `database unreachable: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  });
  return { pool, close: () => pool.end() };
}

/** DATABASE_MIGRATE=off: refuse to start on a schema older than this code. */
async function requireMigrated(db: ReturnType<typeof pgExecutor>): Promise<void> {
  const newest = (await loadMigrations()).at(-1)?.version ?? 0;
  const { rows } = await db
    .query<{ version: number | null }>(`SELECT max(version) AS version FROM schema_migrations`)
    .catch(() => ({ rows: [{ version: null }] }));
  const current = rows[0]?.version ?? 0;
  if (current < newest) {
    throw new Error(
      `database is at migration ${current}, this code needs ${newest}: run \`pnpm migrate\` or set DATABASE_MIGRATE=start`,
    );
  }
}
