import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appliedMigrations, MigrationError, migrate } from './migrate.js';
import { loadMigrations, type Migration, MigrationFileError } from './migration-files.js';
import { openPostgresSchema } from './postgres-schema.js';
import { pgExecutor, pgliteExecutor, type SqlExecutor } from './sql-executor.js';
import { realPostgresTarget } from './test-targets.js';

const TABLE = 'ai_bot_interview_sessions';

interface Opened {
  db: SqlExecutor;
  close(): Promise<void>;
}

/** Columns, constraints and indexes of the table, comparable across databases. */
async function schemaSnapshot(db: SqlExecutor): Promise<unknown> {
  const columns = await db.query(
    `SELECT column_name, data_type, is_nullable, column_default
       FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = $1
      ORDER BY column_name`,
    [TABLE],
  );
  const constraints = await db.query(
    `SELECT conname, pg_get_constraintdef(c.oid) AS def
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
      WHERE t.relname = $1 AND t.relnamespace = current_schema()::regnamespace
      ORDER BY conname`,
    [TABLE],
  );
  const indexes = await db.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes
      WHERE schemaname = current_schema() AND tablename = $1 ORDER BY indexname`,
    [TABLE],
  );
  return {
    columns: columns.rows,
    constraints: constraints.rows,
    // indexdef names the schema; the snapshot should not.
    indexes: indexes.rows.map((row) => ({ ...row, indexdef: row.indexdef.replace(/ ON \S+\./, ' ON ') })),
  };
}

async function sqlState(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code ?? 'no-code';
  }
}

function insertAnswer(db: SqlExecutor, sessionId: string, key: string, score = 7) {
  return db.query(
    `INSERT INTO ${TABLE} (session_id, question_id, kind, score, feedback, gates, evaluator, model, idempotency_key)
     VALUES ($1, 'q1', 'eval_result', $2, 'clear answer', '{"length":false}', 'rubric', NULL, $3)`,
    [sessionId, score, key],
  );
}

function migrationSuite(name: string, open: () => Promise<Opened>) {
  describe(`migrations on ${name}`, { timeout: 60_000 }, () => {
    const opened: Opened[] = [];
    const fresh = async () => {
      const handle = await open();
      opened.push(handle);
      return handle.db;
    };
    afterAll(async () => {
      await Promise.all(opened.map((handle) => handle.close()));
    });

    it('applies every migration to an empty database, and the schema enforces its rules', async () => {
      const migrations = await loadMigrations();
      const db = await fresh();
      const result = await migrate(db);
      expect(result.applied).toEqual(migrations.map((migration) => migration.version));
      expect(result.version).toBe(migrations.length);
      expect((await appliedMigrations(db)).map((row) => row.checksum)).toEqual(
        migrations.map((migration) => migration.checksum),
      );

      await insertAnswer(db, 's-1', 'k-1');
      // The same key in the same session is the double append the table exists to refuse.
      expect(await sqlState(insertAnswer(db, 's-1', 'k-1'))).toBe('23505');
      // The key is unique per session, not globally.
      await insertAnswer(db, 's-2', 'k-1');
      expect(await sqlState(insertAnswer(db, 's-3', 'k-3', 11))).toBe('23514');
      expect(
        await sqlState(
          db.query(
            `INSERT INTO ${TABLE} (session_id, kind, transcript, idempotency_key) VALUES ('s-1', 'report', '[]', 'k-9')`,
          ),
        ),
      ).toBe('23514');
      await db.query(
        `INSERT INTO ${TABLE} (session_id, meeting_id, kind, transcript, summary, idempotency_key)
         VALUES ('meeting-7', '7', 'transcript', '[{"speaker":"a","text":"hi"}]', 'short', 'k-10')`,
      );
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${TABLE}`);
      expect(rows[0]?.n).toBe(3);

      const again = await migrate(db);
      expect(again).toEqual({ applied: [], version: migrations.length });
    });

    it('rolls forward from each earlier version to the same schema, keeping the rows', async () => {
      const migrations = await loadMigrations();
      const target = await fresh();
      await migrate(target);
      const expected = await schemaSnapshot(target);

      for (let from = 1; from < migrations.length; from += 1) {
        const db = await fresh();
        expect((await migrate(db, { to: from })).version).toBe(from);
        await insertAnswer(db, `s-${from}`, `k-${from}`);
        const result = await migrate(db);
        expect(result.applied).toEqual(migrations.slice(from).map((migration) => migration.version));
        expect(await schemaSnapshot(db)).toEqual(expected);
        const { rows } = await db.query<{ session_id: string; kind: string }>(
          `SELECT session_id, kind FROM ${TABLE}`,
        );
        expect(rows).toEqual([{ session_id: `s-${from}`, kind: 'eval_result' }]);
      }
    });

    it('refuses an applied migration that was edited, and one it does not know', async () => {
      const migrations = await loadMigrations();
      const db = await fresh();
      await migrate(db, { to: 1 });
      const edited: Migration[] = migrations.map((migration) =>
        migration.version === 1 ? { ...migration, checksum: 'changed' } : migration,
      );
      await expect(migrate(db, { migrations: edited })).rejects.toThrow(/changed after it was applied/);
      await expect(migrate(db, { migrations: [] })).rejects.toThrow(/does not know/);
      expect((await appliedMigrations(db)).map((row) => row.version)).toEqual([1]);
    });

    it('leaves the database at the last good version when a migration fails', async () => {
      const migrations = await loadMigrations();
      const broken: Migration = {
        version: migrations.length + 1,
        name: 'broken',
        sql: `ALTER TABLE ${TABLE} ADD COLUMN extra text; SELECT no_such_column FROM ${TABLE};`,
        checksum: 'x',
      };
      const db = await fresh();
      const error = await migrate(db, { migrations: [...migrations, broken] }).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(MigrationError);
      expect((error as MigrationError).version).toBe(broken.version);
      expect((await appliedMigrations(db)).at(-1)?.version).toBe(migrations.length);
      const extra = await db.query(
        `SELECT 1 FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = $1 AND column_name = 'extra'`,
        [TABLE],
      );
      expect(extra.rows).toEqual([]);
    });
  });
}

// One PGlite (starting one takes seconds on a busy machine); each case gets an empty schema of it.
let pglite: PGlite | undefined;
let schemas = 0;
// PGlite's initdb takes seconds, over ten on a busy CI machine.
beforeAll(async () => {
  pglite = new PGlite();
  await pglite.waitReady;
}, 120_000);
afterAll(async () => {
  await pglite?.close();
});
migrationSuite('PGlite', async () => {
  pglite ??= new PGlite();
  const schema = `case_${++schemas}`;
  await pglite.exec(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}`);
  return { db: pgliteExecutor(pglite), close: async () => {} };
});

const real = realPostgresTarget();
const realUrl = real.url;
if (realUrl) {
  migrationSuite('PostgreSQL (TEST_DATABASE_URL)', async () => {
    const schema = await openPostgresSchema(realUrl, { max: 1 });
    // One connection, so BEGIN/COMMIT and the advisory lock stay on one session.
    const client = await schema.pool.connect();
    return {
      db: pgExecutor(client),
      close: async () => {
        client.release();
        await schema.close();
      },
    };
  });
  describe('two migrators at once on PostgreSQL (TEST_DATABASE_URL)', { timeout: 60_000 }, () => {
    it('applies each migration once: the advisory lock makes the second wait, then find nothing to do', async () => {
      const migrations = await loadMigrations();
      // Three connections: one per migrator, and one to read the result while both are checked out.
      const schema = await openPostgresSchema(realUrl, { max: 3 });
      const [first, second] = [await schema.pool.connect(), await schema.pool.connect()];
      try {
        const results = await Promise.all([migrate(pgExecutor(first)), migrate(pgExecutor(second))]);
        const applied = results.map((result) => result.applied).sort((a, b) => b.length - a.length);
        expect(applied).toEqual([migrations.map((migration) => migration.version), []]);
        expect(results.map((result) => result.version)).toEqual([migrations.length, migrations.length]);
        const { rows } = await schema.executor.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM schema_migrations`,
        );
        expect(rows[0]?.n).toBe(migrations.length);
      } finally {
        first.release();
        second.release();
        await schema.close();
      }
    });
  });
} else {
  describe.skip(`migrations on PostgreSQL: ${real.skipReason}`, () => {
    it('runs when TEST_DATABASE_URL is set', () => {});
  });
}

describe('migration files', () => {
  it('are numbered without gaps, and a gap is refused', async () => {
    const migrations = await loadMigrations();
    expect(migrations.length).toBeGreaterThan(1);
    const dir = await mkdtemp(join(tmpdir(), 'migrations-'));
    try {
      await writeFile(join(dir, '0001_one.sql'), 'SELECT 1;');
      await writeFile(join(dir, '0003_three.sql'), 'SELECT 3;');
      await expect(loadMigrations(dir)).rejects.toBeInstanceOf(MigrationFileError);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
