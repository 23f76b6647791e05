import { migrate, openPostgresSchema, pgliteExecutor } from '@bot-backend/db';
import {
  realPostgresUrl,
  startUserManagementStandIn,
  type UserManagementStandIn,
} from '@bot-backend/testkit';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BackendClient, createBackendClient } from '../backend-client.js';
import { backendPaths } from '../backend-schemas.js';
import type { Outbox, OutboxEvent } from './outbox-types.js';
import { openPostgresOutbox, type PostgresOutboxOptions } from './postgres-outbox.js';
import { type OutboxDatabase, OutboxTable } from './postgres-outbox-store.js';

/** PGlite's first start on a machine runs initdb: slow on a busy CI box. */
const START_MS = 120_000;
const SECRET = 'a-service-secret-of-at-least-32-chars!';
const databaseUrl = realPostgresUrl('the PostgreSQL outbox against a real server (PGlite is used instead)');

const answer = (i: number) => ({
  questionId: `q${i}`,
  score: i % 11,
  feedback: `feedback ${i}`,
  gates: { empty: false, length: false, keyword: false },
  evaluator: 'rubric' as const,
  model: null,
});

/** The outbox's database with db/migrations applied: a fresh schema on the real server, or PGlite. */
async function openDatabase(): Promise<{ database: OutboxDatabase; close(): Promise<void> }> {
  if (databaseUrl) {
    const schema = await openPostgresSchema(databaseUrl, { max: 8 });
    await schema.migrate();
    return { database: schema.pool, close: () => schema.close() };
  }
  const pglite = new PGlite();
  await migrate(pgliteExecutor(pglite));
  return { database: pglite, close: () => pglite.close() };
}

describe(`PostgreSQL outbox shared by replicas (${databaseUrl ? 'PostgreSQL' : 'PGlite'})`, {
  timeout: 90_000,
}, () => {
  let standIn: UserManagementStandIn;
  let db: { database: OutboxDatabase; close(): Promise<void> };
  const opened: { outbox: Outbox; client: BackendClient }[] = [];

  beforeAll(async () => {
    standIn = await startUserManagementStandIn({ secret: SECRET, databaseUrl });
    db = await openDatabase();
  }, START_MS);
  afterEach(async () => {
    for (const { outbox, client } of opened.splice(0)) {
      await outbox.close();
      await client.dispose();
    }
    standIn.failRandomly(0);
    await db.database.query('DELETE FROM bot_outbox');
  });
  afterAll(async () => {
    await db?.close();
    await standIn?.close();
  });

  const replica = async (options: Partial<PostgresOutboxOptions> = {}) => {
    const client = createBackendClient({ baseUrl: standIn.url, secret: SECRET, attemptTimeoutMs: 5_000 });
    const outbox = await openPostgresOutbox({
      database: db.database,
      client,
      backoff: { baseDelayMs: 20, maxDelayMs: 200 },
      pollMs: 100,
      ...options,
    });
    opened.push({ outbox, client });
    return outbox;
  };
  const rowsOf = async (keys: Set<string>) =>
    (await standIn.rows()).filter((row) => keys.has(row.idempotencyKey));
  const outboxRows = async () => {
    const { rows } = await db.database.query('SELECT count(*)::int AS n FROM bot_outbox');
    return (rows[0] as { n: number }).n;
  };

  it('submit delivers at once and deletes the row; the body is checked before anything is stored', async () => {
    const outbox = await replica();
    const sent = await outbox.submit('eval-result', backendPaths.evalResults('pg-s1'), answer(1));
    expect(sent.delivery).toBe('delivered');
    expect(await rowsOf(new Set([sent.idempotencyKey]))).toHaveLength(1);
    expect(await outboxRows()).toBe(0);
    await expect(
      outbox.submit('eval-result', backendPaths.evalResults('pg-s1'), { score: 'ten' }),
    ).rejects.toMatchObject({ kind: 'invalid_request' });
    expect(await outboxRows()).toBe(0);
  });

  it('two replicas share one queue: each entry delivered exactly once while 20% of posts fail', async () => {
    const events: OutboxEvent[] = [];
    const [a, b] = [await replica({ onEvent: (e) => events.push(e) }), await replica()];
    const keys = new Set<string>();
    // A enqueues everything without sending; both senders then drain the one table.
    for (let i = 0; i < 300; i += 1) {
      const { idempotencyKey } = await a.enqueue(
        'eval-result',
        backendPaths.evalResults(`pg-share-${i}`),
        answer(i),
      );
      keys.add(idempotencyKey);
    }
    standIn.failRandomly(0.2);
    a.start();
    b.start();
    await Promise.all([a.drained(), b.drained()]);
    const rows = await rowsOf(keys);
    expect(rows).toHaveLength(keys.size);
    expect(new Set(rows.map((row) => row.idempotencyKey)).size).toBe(keys.size);
    expect(await outboxRows()).toBe(0);
    // Both replicas sent some: the queue really is shared.
    expect(a.stats().outcomes.delivered).toBeGreaterThan(0);
    expect(b.stats().outcomes.delivered).toBeGreaterThan(0);
    expect(a.stats().outcomes.delivered + b.stats().outcomes.delivered).toBeGreaterThanOrEqual(keys.size);
    expect(events.some((event) => event.type === 'retry')).toBe(true);
  });

  it("a dead replica's claims return when its lease runs out, and go out with their original keys", async () => {
    const table = new OutboxTable(db.database);
    const keys = new Set<string>();
    // What a replica killed mid-delivery leaves: rows claimed for a lease nobody will end.
    for (let i = 0; i < 5; i += 1) {
      const key = `dead-${i}-${Date.now()}`;
      keys.add(key);
      await table.insert(
        {
          id: crypto.randomUUID(),
          kind: 'eval-result',
          path: backendPaths.evalResults(`pg-dead-${i}`),
          payload: answer(i),
          key,
        },
        { owner: 'dead-replica', leaseMs: 4_000 },
      );
    }
    const survivor = await replica();
    survivor.start();
    // Well inside the lease, the survivor leaves them alone.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await rowsOf(keys)).toHaveLength(0);
    expect(survivor.stats().depth).toBe(5);
    await survivor.drained();
    const rows = await rowsOf(keys);
    expect(rows.map((row) => row.idempotencyKey).sort()).toEqual([...keys].sort());
    expect(await outboxRows()).toBe(0);
  });

  it('sets a refused result aside with its reason, and requeues it on request', async () => {
    const outbox = await replica();
    standIn.fault({ type: 'status', status: 422 }, 1);
    const sent = await outbox.submit('eval-result', backendPaths.evalResults('pg-poison'), answer(3));
    expect(sent.delivery).toBe('queued');
    await outbox.drained();
    expect(outbox.stats().poisoned).toBe(1);
    expect(outbox.poisoned()).toEqual([
      expect.objectContaining({ id: sent.id, idempotencyKey: sent.idempotencyKey, status: 422 }),
    ]);
    expect(await outbox.requeuePoisoned()).toBe(1);
    outbox.start();
    await outbox.drained();
    expect(await rowsOf(new Set([sent.idempotencyKey]))).toHaveLength(1);
    expect(outbox.stats().poisoned).toBe(0);
  });
});
