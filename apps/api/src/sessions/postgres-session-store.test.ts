import { migrate, openPostgresSchema, pgliteExecutor } from '@bot-backend/db';
import { realPostgresUrl } from '@bot-backend/testkit';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresSessionStore, type SessionDatabase } from './postgres-session-store.js';
import { info, summary } from './test-summary.js';

const databaseUrl = realPostgresUrl(
  'the session store against a real PostgreSQL server (PGlite is used instead)',
);

describe(`PostgresSessionStore (${databaseUrl ? 'PostgreSQL' : 'PGlite'})`, { timeout: 60_000 }, () => {
  let database: SessionDatabase;
  let close: () => Promise<void>;
  beforeAll(async () => {
    if (databaseUrl) {
      const schema = await openPostgresSchema(databaseUrl);
      await schema.migrate();
      database = schema.pool;
      close = () => schema.close();
    } else {
      const pglite = new PGlite();
      await migrate(pgliteExecutor(pglite));
      database = pglite;
      close = () => pglite.close();
    }
  }, 120_000);
  afterAll(async () => {
    await close?.();
  });

  it('keeps an interview ongoing until its report, which two stores on one database both serve', async () => {
    const [one, other] = [new PostgresSessionStore(database), new PostgresSessionStore(database)];
    await one.register(info('pg-a'));
    expect(await other.get('pg-a')).toMatchObject({
      sessionId: 'pg-a',
      status: 'ongoing',
      summary: undefined,
    });
    await one.finish(summary('pg-a'));
    const record = await other.get('pg-a');
    expect(record).toMatchObject({ status: 'finished', role: 'backend' });
    expect(record?.summary).toEqual(summary('pg-a'));
    expect(await other.get('pg-unknown')).toBeUndefined();
  });

  it('never sets a finished interview back to ongoing, whichever write lands last', async () => {
    const store = new PostgresSessionStore(database);
    await store.finish(summary('pg-b'));
    await store.register(info('pg-b'));
    expect(await store.get('pg-b')).toMatchObject({ status: 'finished', summary: summary('pg-b') });
  });

  it('forgets a report older than its TTL', async () => {
    const store = new PostgresSessionStore(database, 60_000);
    await store.finish(summary('pg-c'));
    await database.query(
      `UPDATE bot_session_reports SET updated_at = now() - interval '2 minutes' WHERE session_id = 'pg-c'`,
    );
    expect(await store.get('pg-c')).toBeUndefined();
  });
});
