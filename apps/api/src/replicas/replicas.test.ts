import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgresSchema, type PostgresSchema } from '@bot-backend/db';
import type { InterviewSummary } from '@bot-backend/interview';
import {
  realPostgresUrl,
  startUserManagementStandIn,
  type UserManagementStandIn,
} from '@bot-backend/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MainProcess, startMain } from '../test-main-process.js';
import { VoiceTestClient } from '../voice/test-voice-api.js';
import { RoundRobin } from './round-robin.js';

// Three API processes on one real PostgreSQL, behind this test's own round-robin. CI
// (REQUIRE_TEST_SERVERS=1) posts 10,000 results; elsewhere 2,000 keep the run short on a
// shared 2-core machine (REPLICA_TEST_RESULTS overrides both).
const databaseUrl = realPostgresUrl('the replica test (three API processes on a real PostgreSQL)');
const RESULTS = Number(
  process.env.REPLICA_TEST_RESULTS ?? (process.env.REQUIRE_TEST_SERVERS === '1' ? 10_000 : 2_000),
);
const IN_FLIGHT = 32;
const SECRET = 'replica-test-service-secret-32-chars-long';
const START_MS = 180_000;
const LEASE_MS = 3_000;

const evaluation = (i: number) => ({
  sessionId: `replica-${i}`,
  role: 'backend',
  experienceLevel: 'mid',
  question: { id: `q-${i}`, text: 'What does a context switch cost?', expectedKeywords: ['registers'] },
  answer: `Saving and restoring registers, then a colder cache, so throughput drops (${i}).`,
});

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe.skipIf(!databaseUrl)('three API replicas sharing PostgreSQL', { timeout: 900_000 }, () => {
  let standIn: UserManagementStandIn;
  let schema: PostgresSchema;
  let outboxDir: string;
  const replicas: { main: MainProcess; url: string }[] = [];

  beforeAll(async () => {
    const url = databaseUrl as string;
    standIn = await startUserManagementStandIn({ secret: SECRET, databaseUrl: url });
    // The replicas' own schema; each migrates it at start (under the advisory lock, all three at once).
    schema = await openPostgresSchema(url);
    outboxDir = mkdtempSync(join(tmpdir(), 'replica-outbox-'));
    const withSchema = new URL(url);
    withSchema.searchParams.set('options', `-c search_path=${schema.schema}`);
    const started = [0, 1, 2].map(() =>
      startMain({
        PORT: '0',
        HOST: '127.0.0.1',
        INBOUND_AUTH: 'off',
        BACKEND_API_URL: standIn.url,
        INTERNAL_SERVICE_JWT_SECRET: SECRET,
        DATABASE_URL: withSchema.toString(),
        OUTBOX_LEASE_MS: String(LEASE_MS),
        OUTBOX_DIR: outboxDir,
        LOG_LEVEL: 'info',
      }),
    );
    for (const main of started) {
      replicas.push({ main, url: `http://127.0.0.1:${await main.listening(START_MS)}` });
    }
  }, START_MS * 2);

  afterAll(async () => {
    await Promise.all(replicas.map(({ main }) => main.cleanup()));
    await schema?.close();
    await standIn?.close();
    if (outboxDir) rmSync(outboxDir, { recursive: true, force: true });
  });

  it(`delivers ${RESULTS} results exactly once through a SIGKILL of one replica, user-management failing 20%`, async () => {
    // All three migrated the one schema: each migration is recorded once.
    const { rows: migrations } = await schema.executor.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM schema_migrations',
    );
    expect(migrations[0]?.n).toBe(4);

    standIn.failRandomly(0.2);
    const balancer = new RoundRobin(replicas.map((replica) => replica.url));
    const victim = replicas[1] as { main: MainProcess; url: string };
    let next = 0;
    let answered = 0;
    let killed = false;
    const deliveries = { delivered: 0, queued: 0 };
    const sender = async () => {
      for (;;) {
        const i = next++;
        if (i >= RESULTS) return;
        // The same key on every try: a retry after a lost answer is the same logical result.
        const res = await balancer.post('/v1/evaluate', evaluation(i), { 'idempotency-key': `result-${i}` });
        const body = (await res.json()) as { delivery: 'delivered' | 'queued' };
        deliveries[body.delivery] += 1;
        answered += 1;
        if (!killed && answered >= RESULTS * 0.4) {
          killed = true;
          victim.main.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, sender));
    expect(killed).toBe(true);
    expect(answered).toBe(RESULTS);
    expect(balancer.retried).toBeGreaterThan(0);

    // The outbox drains on the two survivors, the victim's leased rows included.
    const outboxDepth = async () =>
      (await schema.executor.query<{ n: number }>('SELECT count(*)::int AS n FROM bot_outbox')).rows[0]?.n;
    await until('the outbox to drain', async () => (await outboxDepth()) === 0, 240_000);
    const rows = (await standIn.rows()).filter((row) => row.sessionId.startsWith('replica-'));
    const perResult = new Map<string, number>();
    for (const row of rows) perResult.set(row.sessionId, (perResult.get(row.sessionId) ?? 0) + 1);
    expect(perResult.size).toBe(RESULTS);
    expect([...perResult.values()].every((count) => count === 1)).toBe(true);
    expect(
      rows.every((row) => row.idempotencyKey === `result-${row.sessionId.slice('replica-'.length)}`),
    ).toBe(true);
    expect(deliveries.delivered + deliveries.queued).toBe(RESULTS);
  });

  it('serves, from one replica, the report of an interview run over /ws/voice on another', async () => {
    standIn.failRandomly(0);
    const [runner, server] = replicas.filter(
      ({ main }) => main.child.exitCode === null && !main.child.signalCode,
    );
    expect(server).toBeDefined();
    const client = await VoiceTestClient.connect(`${runner?.url.replace('http', 'ws')}/ws/voice`);
    try {
      const sessionId = await client.startTextInterview(60_000);
      const early = await fetch(`${server?.url}/v1/sessions/${sessionId}/report`);
      expect(early.status).toBe(409);
      client.send({
        type: 'text',
        text: 'I use TypeScript and Go, with Hono for small services; for example, payments at my last job.',
      });
      await client.waitFor('evaluation', undefined, 60_000);
      client.send({ type: 'end' });
      const sent = (await client.waitFor('summary', undefined, 60_000)) as unknown as {
        summary: InterviewSummary;
      };
      const res = await fetch(`${server?.url}/v1/sessions/${sessionId}/report`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(sent.summary);
    } finally {
      client.close();
    }
  });
});
