import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { linkAbort } from '../abort-link.js';
import { parseResultPayload } from '../backend-client.js';
import { BackendError } from '../backend-errors.js';
import type { RetryPolicy } from '../retry-policy.js';
import { judgeFailure } from './outbox-failure.js';
import {
  deliverNowPolicy,
  recordRetry,
  resolveCommonOptions,
  SenderControl,
  SINGLE_ATTEMPT,
  senderMethods,
  settledOrAborted,
  submitThrough,
} from './outbox-sender.js';
import type { Outbox, OutboxCommonOptions, OutboxStats, PoisonedEntry } from './outbox-types.js';
import { type EntryRow, type OutboxDatabase, OutboxTable } from './postgres-outbox-store.js';

export interface PostgresOutboxOptions extends OutboxCommonOptions {
  /** The database db/migrations prepared (table bot_outbox); the outbox never closes it. */
  database: OutboxDatabase;
  /** Written into claimed rows so an operator sees who holds them; `host:pid:random` by default. */
  owner?: string;
  /**
   * How long a claim holds a row. A replica that dies holding rows lets them go
   * after this, and another sends them with the same key; keep it above the
   * client's attempt timeout. 30 s by default.
   */
  leaseMs?: number;
  /** How often the sender looks for rows other replicas left due; 1 s by default. */
  pollMs?: number;
}

const POISONED_LISTED = 1_000;

/**
 * The outbox in PostgreSQL, shared by every replica on the database: any
 * replica delivers any entry. Rows are claimed with FOR UPDATE SKIP LOCKED and
 * held for a lease, so a replica that is gone for good loses nothing; a
 * delivered row is deleted. Same interface and guarantees as the journal
 * outbox (`openOutbox`); `stats()` and `poisoned()` read a copy refreshed
 * every `pollMs`, since they answer synchronously.
 */
export async function openPostgresOutbox(options: PostgresOutboxOptions): Promise<Outbox> {
  const { clock, random, concurrency, backoff, budgetDefault, client, emit, pause, growth, outcomes } =
    resolveCommonOptions(options);
  const leaseMs = options.leaseMs ?? 30_000;
  const pollMs = options.pollMs ?? 1_000;
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const table = new OutboxTable(options.database);

  /** Attempts this process has in flight, by row id. */
  const inflight = new Map<string, Promise<void>>();
  let snapshot = { depth: 0, oldestMs: undefined as number | undefined, poisoned: 0 };
  let poisonedList: PoisonedEntry[] = [];
  let closed = false;

  const sender = new SenderControl(
    (stop) => senderLoop(stop),
    () => Promise.allSettled([...inflight.values()]),
  );
  const poke = () => sender.poke();
  const storeError = (operation: string, error: unknown) =>
    emit({ type: 'store-error', operation, reason: error instanceof Error ? error.message : String(error) });

  const refresh = async () => {
    snapshot = await table.stats();
    growth.sample(clock.now(), snapshot.depth);
    poisonedList =
      snapshot.poisoned === 0
        ? []
        : (await table.poisonedRows(POISONED_LISTED)).map((row) => ({
            id: row.id,
            kind: row.kind,
            path: row.path,
            idempotencyKey: row.idempotency_key,
            reason: row.poison_reason ?? '',
            status: row.poison_status ?? undefined,
            at: row.poisoned_ms,
          }));
  };

  /** One delivery attempt of a row this process claimed; settles its fate in the table. */
  async function attempt(row: EntryRow, retry: Partial<RetryPolicy>, signal: AbortSignal | undefined) {
    try {
      const result = await client.post(row.path, row.payload, {
        idempotencyKey: row.idempotency_key,
        retry,
        ...(signal ? { signal } : {}),
      });
      pause.succeeded();
      growth.delivered(clock.now());
      outcomes.delivered += 1;
      if (result.duplicate) outcomes.duplicate += 1;
      // Should the delete fail, the lease runs out and the row is sent again: user-management
      // answers that repeat as a duplicate of the same key.
      await table.delete(row.id).catch((error: unknown) => storeError('delete', error));
      emit({
        type: 'delivered',
        id: row.id,
        kind: row.kind,
        attempts: row.attempts,
        duplicate: result.duplicate,
        ageMs: Math.max(0, clock.now() - row.enqueued_ms),
      });
    } catch (caught) {
      const verdict = judgeFailure(caught, row.attempts, backoff, random);
      if (verdict.fate === 'poisoned') {
        await table
          .poison(row.id, verdict.reason, verdict.status)
          .catch((error: unknown) => storeError('poison', error));
        outcomes.poisoned += 1;
        emit({
          type: 'poisoned',
          id: row.id,
          kind: row.kind,
          reason: verdict.reason,
          status: verdict.status,
        });
        return;
      }
      const delayMs = verdict.fate === 'stopped' ? 0 : verdict.delayMs;
      const reason = verdict.fate === 'stopped' ? undefined : verdict.reason;
      await table
        .release(row.id, owner, delayMs, reason)
        .catch((error: unknown) => storeError('release', error));
      if (verdict.fate === 'retry') recordRetry({ clock, pause, outcomes, emit }, row, verdict);
    }
  }

  function launch(row: EntryRow, retry: Partial<RetryPolicy>, signal: AbortSignal | undefined) {
    const run = attempt(row, retry, signal).finally(() => {
      inflight.delete(row.id);
      poke();
    });
    inflight.set(row.id, run);
    return run;
  }

  async function senderLoop(stop: AbortSignal): Promise<void> {
    let lastRefresh = Number.NEGATIVE_INFINITY;
    while (!stop.aborted) {
      sender.beginRound();
      const now = clock.now();
      if (now - lastRefresh >= pollMs) {
        lastRefresh = now;
        await refresh().catch((error: unknown) => storeError('stats', error));
      }
      const free = concurrency - inflight.size;
      if (free > 0 && now >= pause.until) {
        try {
          const rows = await table.claimDue(owner, leaseMs, free);
          for (const row of rows) launch(row, SINGLE_ATTEMPT, stop);
        } catch (error) {
          storeError('claim', error);
        }
      }
      if (stop.aborted || sender.pokedDuringRound) continue;
      // Until an attempt ends or an entry is added here (poke), the pause ends, or the next poll.
      const left = pause.until - clock.now();
      await sender.idle(clock, left > 0 ? Math.min(pollMs, left) : pollMs, stop);
    }
  }

  const assertOpen = () => {
    if (closed) throw new BackendError('outbox used after it was closed', { kind: 'disposed' });
  };

  const insert = async (
    kind: Parameters<Outbox['enqueue']>[0],
    path: string,
    payload: unknown,
    key: string | undefined,
    claimed: boolean,
  ) => {
    assertOpen();
    const body = parseResultPayload(kind, payload);
    const id = randomUUID();
    const idempotencyKey = key ?? randomUUID();
    await table.insert(
      { id, kind, path, payload: body, key: idempotencyKey },
      claimed ? { owner, leaseMs } : undefined,
    );
    emit({ type: 'enqueued', id, kind });
    return { id, idempotencyKey };
  };

  const deliverNow: Outbox['deliverNow'] = async (id, deliverOptions) => {
    assertOpen();
    const budgetMs = deliverOptions?.budgetMs ?? budgetDefault;
    const budget = linkAbort([sender.signal], budgetMs);
    try {
      const mine = inflight.get(id);
      if (mine) {
        // This process's sender has it: wait for that attempt, within the budget.
        await settledOrAborted(mine, budget.signal);
      } else {
        const row = await table.claimOne(id, owner, leaseMs);
        // Claimed elsewhere (another replica is sending it) or gone: the table says which.
        if (row) {
          await launch(row, deliverNowPolicy(budgetMs), budget.signal);
        }
      }
    } finally {
      budget.dispose();
    }
    return (await table.state(id)) === 'absent' ? 'delivered' : 'queued';
  };

  const outbox: Outbox = {
    enqueue: async (kind, path, payload, enqueueOptions) => {
      const entry = await insert(kind, path, payload, enqueueOptions?.idempotencyKey, false);
      poke();
      return entry;
    },
    deliverNow,
    // Inserted already claimed by this process, so no other sender races the first try.
    submit: submitThrough(
      (kind, path, payload, submitOptions) =>
        insert(kind, path, payload, submitOptions?.idempotencyKey, true),
      deliverNow,
    ),
    ...senderMethods(sender, assertOpen),
    stats: (): OutboxStats => {
      const now = clock.now();
      return {
        depth: snapshot.depth,
        oldestAgeMs: snapshot.oldestMs === undefined ? 0 : Math.max(0, now - snapshot.oldestMs),
        poisoned: snapshot.poisoned,
        outcomes: { ...outcomes },
        growing: growth.growing(now, snapshot.depth),
      };
    },
    poisoned: () => [...poisonedList],
    requeuePoisoned: async (ids) => {
      assertOpen();
      const count = await table.requeue(ids);
      await refresh().catch((error: unknown) => storeError('stats', error));
      poke();
      return count;
    },
    drained: async (drainOptions) => {
      const signal = drainOptions?.signal;
      for (;;) {
        signal?.throwIfAborted();
        await refresh();
        if (snapshot.depth === 0) return;
        await clock.sleep(Math.min(pollMs, 250), signal);
      }
    },
    close: async () => {
      if (closed) return;
      await outbox.stop();
      await Promise.allSettled([...inflight.values()]);
      closed = true;
    },
    [Symbol.asyncDispose]: () => outbox.close(),
  };
  await refresh();
  return outbox;
}
