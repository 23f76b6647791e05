// Applies db/migrations to the database at DATABASE_URL:
//   DATABASE_URL=postgres://… pnpm --filter @bot-backend/db migrate [--to N] [--status]
import { parseArgs } from 'node:util';
import pg from 'pg';
import { appliedMigrations, migrate } from './migrate.js';
import { loadMigrations } from './migration-files.js';
import { pgExecutor } from './sql-executor.js';

async function main(): Promise<number> {
  const { values } = parseArgs({
    // `pnpm … migrate -- --to 2` passes the `--` through.
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: { to: { type: 'string' }, status: { type: 'boolean', default: false } },
  });
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write('DATABASE_URL is not set: it names the PostgreSQL database to migrate\n');
    return 2;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const db = pgExecutor(client);
    const migrations = await loadMigrations();
    if (values.status) {
      const applied = new Set((await appliedMigrations(db)).map((row) => row.version));
      for (const migration of migrations) {
        const state = applied.has(migration.version) ? 'applied' : 'pending';
        process.stdout.write(`${String(migration.version).padStart(4, '0')} ${migration.name} ${state}\n`);
      }
      return 0;
    }
    const to = values.to === undefined ? undefined : Number(values.to);
    const result = await migrate(db, to === undefined ? { migrations } : { migrations, to });
    process.stdout.write(
      result.applied.length === 0
        ? `up to date at version ${result.version}\n`
        : `applied ${result.applied.join(', ')}; now at version ${result.version}\n`,
    );
    return 0;
  } finally {
    await client.end();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
