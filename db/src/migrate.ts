import { loadMigrations, type Migration } from './migration-files.js';
import type { SqlExecutor } from './sql-executor.js';

export const MIGRATIONS_TABLE = 'schema_migrations';

/** Any number that is ours alone: serializes concurrent migrators on one database. */
const ADVISORY_LOCK_KEY = 740_221_901;

export interface MigrateOptions {
  /** Defaults to the files in db/migrations. */
  migrations?: readonly Migration[];
  /** Stop after this version (inclusive); defaults to the newest. */
  to?: number;
}

export interface MigrateResult {
  /** Versions applied by this call, in order. */
  applied: number[];
  /** The version the database is at now (0 = empty). */
  version: number;
}

export interface AppliedMigration {
  version: number;
  name: string;
  checksum: string;
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  constructor(
    message: string,
    readonly version?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The versions recorded in the tracking table (creating it if missing). */
export async function appliedMigrations(db: SqlExecutor): Promise<AppliedMigration[]> {
  await db.exec(
    `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
       version integer PRIMARY KEY,
       name text NOT NULL,
       checksum text NOT NULL,
       applied_at timestamptz NOT NULL DEFAULT now()
     )`,
  );
  const { rows } = await db.query<AppliedMigration>(
    `SELECT version, name, checksum FROM ${MIGRATIONS_TABLE} ORDER BY version`,
  );
  return rows;
}

/**
 * Applies the pending migrations in order, each in its own transaction with its
 * tracking row, so a failure leaves the database at the last good version.
 * Refuses to run when an applied migration's file has changed or is unknown.
 */
export async function migrate(db: SqlExecutor, options: MigrateOptions = {}): Promise<MigrateResult> {
  const migrations = options.migrations ?? (await loadMigrations());
  const target = options.to ?? migrations.at(-1)?.version ?? 0;
  await db.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCK_KEY]);
  try {
    const applied = await appliedMigrations(db);
    for (const row of applied) {
      const known = migrations.find((migration) => migration.version === row.version);
      if (!known) {
        throw new MigrationError(
          `database has migration ${row.version} (${row.name}) that this code does not know`,
          row.version,
        );
      }
      if (known.checksum !== row.checksum) {
        throw new MigrationError(
          `migration ${row.version} (${row.name}) was changed after it was applied; add a new migration instead`,
          row.version,
        );
      }
    }
    const current = applied.at(-1)?.version ?? 0;
    if (target < current) {
      throw new MigrationError(`database is at version ${current}, newer than the requested ${target}`);
    }
    const done: number[] = [];
    for (const migration of migrations) {
      if (migration.version <= current || migration.version > target) continue;
      await applyOne(db, migration);
      done.push(migration.version);
    }
    return { applied: done, version: done.at(-1) ?? current };
  } finally {
    await db.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCK_KEY]);
  }
}

async function applyOne(db: SqlExecutor, migration: Migration): Promise<void> {
  await db.exec('BEGIN');
  try {
    await db.exec(migration.sql);
    await db.query(`INSERT INTO ${MIGRATIONS_TABLE} (version, name, checksum) VALUES ($1, $2, $3)`, [
      migration.version,
      migration.name,
      migration.checksum,
    ]);
    await db.exec('COMMIT');
  } catch (error) {
    await db.exec('ROLLBACK');
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(
      `migration ${migration.version} (${migration.name}) failed: ${reason}`,
      migration.version,
      {
        cause: error,
      },
    );
  }
}
