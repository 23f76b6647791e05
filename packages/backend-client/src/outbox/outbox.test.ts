import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  realPostgresUrl,
  startUserManagementStandIn,
  type UserManagementStandIn,
} from '@bot-backend/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BackendClient, createBackendClient } from '../backend-client.js';
import { backendPaths } from '../backend-schemas.js';
import { type VirtualClock, virtualClock } from '../test-clock.js';
import { type Outbox, type OutboxEvent, type OutboxOptions, openOutbox } from './outbox.js';
import { OutboxLockedError } from './outbox-lock.js';

/** The first stand-in on a machine builds its PGlite from scratch (initdb), slow on a busy CI box. */
const STAND_IN_START_MS = 120_000;
// Tests do real I/O (HTTP, PGlite): room for a busy CI machine; none measures time.

const SECRET = 'a-service-secret-of-at-least-32-chars!';
const databaseUrl = realPostgresUrl(
  'the outbox checks against a real PostgreSQL server (PGlite is used instead)',
);

const answer = (i: number) => ({
  questionId: `q${i}`,
  kind: 'verbal' as const,
  score: i % 11,
  feedback: `feedback ${i}`,
  gates: { empty: false, length: i % 2 === 0, keyword: false },
  evaluator: 'rubric' as const,
  model: null,
});

describe(`outbox against the user-management stand-in (${databaseUrl ? 'PostgreSQL' : 'PGlite'})`, {
  timeout: 60_000,
}, () => {
  let standIn: UserManagementStandIn;
  let clock: VirtualClock = virtualClock();
  const opened: { outbox: Outbox; client: BackendClient }[] = [];
  const dirs: string[] = [];

  beforeAll(async () => {
    standIn = await startUserManagementStandIn({ secret: SECRET, databaseUrl, now: () => clock.now() });
  }, STAND_IN_START_MS);
  afterEach(async () => {
    for (const { outbox, client } of opened.splice(0)) {
      await outbox.close();
      await client.dispose();
    }
    await standIn.up();
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  afterAll(async () => {
    await standIn?.close();
  });

  const newDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'outbox-'));
    dirs.push(dir);
    return dir;
  };
  const open = async (dir: string, overrides: Partial<OutboxOptions> = {}) => {
    const client = createBackendClient({ baseUrl: standIn.url, secret: SECRET, clock });
    const outbox = await openOutbox({
      dir,
      client,
      clock,
      backoff: { baseDelayMs: 500, maxDelayMs: 10_000 },
      ...overrides,
    });
    opened.push({ outbox, client });
    return outbox;
  };
  /** Exactly one row per key, and no row for this session under any other key. */
  const expectExactlyOnce = async (sessionId: string, keys: string[]) => {
    const rows = (await standIn.rows()).filter((row) => row.sessionId === sessionId);
    expect(rows.map((row) => row.idempotencyKey).sort()).toEqual([...keys].sort());
  };
  const path = (sessionId: string) => backendPaths.evalResults(sessionId);

  it('delivers once when the connection drops after the row was committed', async () => {
    clock = virtualClock();
    const outbox = await open(await newDir());
    standIn.fault({ type: 'drop-after-commit' });
    const now = await outbox.submit('eval-result', path('s-drop'), answer(1));
    expect(now.delivery).toBe('delivered');

    standIn.fault({ type: 'drop-after-commit' }, 5);
    const keys = [now.idempotencyKey];
    for (let i = 2; i <= 6; i += 1)
      keys.push((await outbox.enqueue('eval-result', path('s-drop'), answer(i))).idempotencyKey);
    outbox.start();
    await outbox.drained();
    await expectExactlyOnce('s-drop', keys);
    expect(outbox.stats()).toMatchObject({ depth: 0, outcomes: { delivered: 6, duplicate: 6 } });
  });

  it('answers "queued" after 503 three times, then the sender delivers it once with the same key', async () => {
    clock = virtualClock();
    const outbox = await open(await newDir());
    standIn.fault({ type: 'status', status: 503 }, 3);
    const result = await outbox.submit('eval-result', path('s-503'), answer(1));
    expect(result.delivery).toBe('queued');
    expect(outbox.stats().depth).toBe(1);
    outbox.start();
    await outbox.drained();
    await expectExactlyOnce('s-503', [result.idempotencyKey]);
    const seen = standIn.requests.filter((request) => request.idempotencyKey === result.idempotencyKey);
    expect(seen.map((request) => request.status)).toEqual([503, 503, 503, 201]);
  });

  it('waits for Retry-After on 429 before the next attempt', async () => {
    clock = virtualClock();
    const events: OutboxEvent[] = [];
    const outbox = await open(await newDir(), { onEvent: (event) => events.push(event) });
    standIn.fault({ type: 'status', status: 429, retryAfterSec: 30 });
    const { idempotencyKey } = await outbox.enqueue('eval-result', path('s-429'), answer(1));
    outbox.start();
    await outbox.drained();
    await expectExactlyOnce('s-429', [idempotencyKey]);
    expect(events.filter((event) => event.type === 'retry')).toMatchObject([{ delayMs: 30_000 }]);
    const [limited, accepted] = standIn.requests.filter(
      (request) => request.idempotencyKey === idempotencyKey,
    );
    expect(limited?.status).toBe(429);
    expect((accepted?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(30_000);
  });

  it('keeps results through a minute of user-management being down, then delivers each once', async () => {
    clock = virtualClock();
    const outbox = await open(await newDir(), { deliverNowBudgetMs: 200 });
    await standIn.down();
    const startedAt = clock.now();
    const keys: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      const result = await outbox.submit('eval-result', path('s-down'), answer(i));
      expect(result.delivery).toBe('queued');
      keys.push(result.idempotencyKey);
    }
    outbox.start();
    while (clock.now() - startedAt < 60_000) await new Promise((resolve) => setTimeout(resolve, 2));
    expect(outbox.stats()).toMatchObject({ depth: 10 });
    expect(outbox.stats().outcomes.retried).toBeGreaterThan(10);
    expect((await standIn.rows()).filter((row) => row.sessionId === 's-down')).toEqual([]);
    await standIn.up();
    await outbox.drained();
    await expectExactlyOnce('s-down', keys);
  });

  it('backs off as a whole while user-management answers 503, instead of each entry of a backlog on its own', async () => {
    clock = virtualClock();
    const outbox = await open(await newDir(), { random: () => 0.5 });
    const keys: string[] = [];
    for (let i = 0; i < 50; i += 1)
      keys.push((await outbox.enqueue('eval-result', path('s-backlog'), answer(i))).idempotencyKey);
    standIn.failRandomly(1, [{ type: 'status', status: 503 }]);
    const before = standIn.requests.length;
    const startedAt = clock.now();
    outbox.start();
    try {
      while (clock.now() - startedAt < 60_000) await new Promise((resolve) => setTimeout(resolve, 2));
      const attempts = standIn.requests.length - before;
      // Bursts of at most 4 (the concurrency) per pause, the pause doubling to 10 s: about 64 in a
      // minute. Each of the 50 entries on its own backoff would have made over 500.
      expect(attempts).toBeGreaterThan(4);
      expect(attempts).toBeLessThan(120);
    } finally {
      standIn.failRandomly(0);
    }
    await outbox.drained();
    await expectExactlyOnce('s-backlog', keys);
  });

  it('sets a refused result aside with the reason instead of retrying it, and can requeue it', async () => {
    clock = virtualClock();
    const outbox = await open(await newDir());
    standIn.fault({ type: 'status', status: 422 });
    const result = await outbox.submit('eval-result', path('s-poison'), answer(1));
    expect(result.delivery).toBe('queued');
    outbox.start();
    expect(outbox.stats()).toMatchObject({ depth: 0, poisoned: 1, outcomes: { poisoned: 1 } });
    expect(outbox.poisoned()).toMatchObject([
      { id: result.id, status: 422, reason: expect.stringMatching(/422/) },
    ]);
    expect(
      standIn.requests.filter((request) => request.idempotencyKey === result.idempotencyKey),
    ).toHaveLength(1);

    expect(await outbox.requeuePoisoned()).toBe(1);
    await outbox.drained();
    await expectExactlyOnce('s-poison', [result.idempotencyKey]);
    expect(outbox.stats().poisoned).toBe(0);
  });

  it('keeps a result refused with 401 queued (credentials, not the result, are at fault)', async () => {
    clock = virtualClock();
    const outbox = await open(await newDir());
    standIn.fault({ type: 'status', status: 401 });
    const result = await outbox.submit('eval-result', path('s-401'), answer(1));
    expect(result.delivery).toBe('queued');
    expect(outbox.stats()).toMatchObject({ depth: 1, poisoned: 0 });
    outbox.start();
    await outbox.drained();
    await expectExactlyOnce('s-401', [result.idempotencyKey]);
  });

  it('sends what an earlier process left behind, with the original keys', async () => {
    clock = virtualClock();
    const dir = await newDir();
    const first = await open(dir, { deliverNowBudgetMs: 100 });
    await standIn.down();
    const keys: string[] = [];
    for (let i = 0; i < 3; i += 1)
      keys.push((await first.enqueue('eval-result', path('s-restart'), answer(i))).idempotencyKey);
    await first.close();
    await standIn.up();
    const second = await open(dir);
    expect(second.stats().depth).toBe(3);
    second.start();
    await second.drained();
    await expectExactlyOnce('s-restart', keys);
  });

  it('reports growing when the depth rose across the whole window, and not once it drains', async () => {
    clock = virtualClock();
    const outbox = await open(await newDir(), { growthWindowMs: 60_000 });
    await standIn.down();
    expect(outbox.stats().growing).toBe(false);
    for (let i = 0; i < 8; i += 1) {
      await outbox.enqueue('eval-result', path('s-grow'), answer(i));
      clock.advance(10_000);
      if (i < 5) expect(outbox.stats().growing).toBe(false);
    }
    expect(outbox.stats()).toMatchObject({ growing: true, depth: 8, oldestAgeMs: 80_000 });
    await standIn.up();
    outbox.start();
    await outbox.drained();
    expect(outbox.stats().growing).toBe(false);
  });

  it('refuses a body off the contract at enqueue, writing nothing', async () => {
    const dir = await newDir();
    const outbox = await open(dir);
    await expect(
      outbox.enqueue('eval-result', path('s-bad'), { ...answer(1), score: 40 }),
    ).rejects.toMatchObject({
      kind: 'invalid_request',
    });
    expect(await readFile(join(dir, 'outbox.jsonl'), 'utf8')).toBe('');
    expect(outbox.stats().depth).toBe(0);
  });

  it('lets one outbox at a time use a directory', async () => {
    const dir = await newDir();
    await open(dir);
    await expect(open(dir)).rejects.toBeInstanceOf(OutboxLockedError);
  });
});
