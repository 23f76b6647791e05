import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type MigrateResult, migrate } from './migrate.js';
import { pgExecutor, type SqlExecutor } from './sql-executor.js';

export interface PostgresSchemaOptions {
  /** Schema to work in; a fresh `t_<random>` one when omitted, so parallel tests never meet. */
  schema?: string;
  /** Drop the schema (and everything in it) on close; defaults to true for a generated name. */
  dropOnClose?: boolean;
  /** Pool size; defaults to 4. */
  max?: number;
}

/** A pool whose every connection works inside one schema of a real PostgreSQL server. */
export interface PostgresSchema {
  readonly schema: string;
  readonly pool: pg.Pool;
  /** Single statements through the pool (any connection); use `withClient` for transactions. */
  readonly executor: SqlExecutor;
  withClient<T>(fn: (db: SqlExecutor) => Promise<T>): Promise<T>;
  /** Applies db/migrations (or up to `to`) on one connection. */
  migrate(to?: number): Promise<MigrateResult>;
  close(): Promise<void>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

export async function openPostgresSchema(
  url: string,
  options: PostgresSchemaOptions = {},
): Promise<PostgresSchema> {
  const generated = options.schema === undefined;
  const schema = options.schema ?? `t_${randomBytes(6).toString('hex')}`;
  if (!SCHEMA_NAME.test(schema)) throw new Error(`schema name must match ${SCHEMA_NAME}: ${schema}`);
  const dropOnClose = options.dropOnClose ?? generated;

  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } finally {
    await admin.end();
  }

  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 4,
    options: `-c search_path=${schema}`,
  });
  // An idle client that loses its server emits 'error'; without a listener that would crash the process.
  pool.on('error', () => {});

  const withClient = async <T>(fn: (db: SqlExecutor) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      return await fn(pgExecutor(client));
    } finally {
      client.release();
    }
  };

  return {
    schema,
    pool,
    executor: pgExecutor(pool),
    withClient,
    migrate: (to) => withClient((db) => migrate(db, to === undefined ? {} : { to })),
    close: async () => {
      if (dropOnClose) await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await pool.end();
    },
  };
}
