export {
  type AppliedMigration,
  appliedMigrations,
  MIGRATIONS_TABLE,
  type MigrateOptions,
  type MigrateResult,
  MigrationError,
  migrate,
} from './migrate.js';
export { loadMigrations, MIGRATIONS_DIR, type Migration, MigrationFileError } from './migration-files.js';
export { openPostgresSchema, type PostgresSchema, type PostgresSchemaOptions } from './postgres-schema.js';
export {
  type PgClientLike,
  type PgliteLike,
  pgExecutor,
  pgliteExecutor,
  type SqlExecutor,
} from './sql-executor.js';
