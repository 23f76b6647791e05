import { randomUUID } from 'node:crypto';
import { linkAbort } from '../abort-link.js';
import { parseResultPayload } from '../backend-client.js';
import { BackendError } from '../backend-errors.js';
import type { ResultKind } from '../backend-schemas.js';
import type { RetryPolicy } from '../retry-policy.js';
import { DueQueue } from './due-queue.js';
import { judgeFailure } from './outbox-failure.js';
import { type JournalRecord, OutboxJournal } from './outbox-journal.js';
import { lockOutboxDir } from './outbox-lock.js';
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
import type { Outbox, OutboxCommonOptions } from './outbox-types.js';

export type {
  DeliveryState,
  Outbox,
  OutboxCommonOptions,
  OutboxEvent,
  OutboxStats,
  PoisonedEntry,
} from './outbox-types.js';

export interface OutboxOptions extends OutboxCommonOptions {
  /** Where the journal lives; one sender per directory. */
  dir: string;
  /** fdatasync each journal write (on by default). */
  fsync?: boolean;
}

interface Pending {
  id: string;
  key: string;
  kind: ResultKind;
  path: string;
  payload: Record<string, unknown>;
  enqueuedAt: number;
  attempts: number;
  nextAt: number;
  /** The attempt under way, so a second sender waits for it rather than racing it. */
  inflight: Promise<void> | undefined;
}

/**
 * Opens (or recovers) the outbox in `dir`. Entries left by an earlier process,
 * including one killed mid-delivery, are sent again with their original keys.
 */
export async function openOutbox(options: OutboxOptions): Promise<Outbox> {
  const { clock, random, concurrency, backoff, budgetDefault, client, emit, pause, growth, outcomes } =
    resolveCommonOptions(options);

  const unlock = await lockOutboxDir(options.dir);
  let journal: OutboxJournal;
  try {
    journal = await OutboxJournal.open(
      options.dir,
      options.fsync === undefined ? {} : { fsync: options.fsync },
    );
  } catch (error) {
    await unlock();
    throw error;
  }

  const pending = new Map<string, Pending>();
  const due = new DueQueue();
  const schedule = (entry: Pending, at: number) => {
    entry.nextAt = at;
    due.push(at, entry.id);
  };
  const openedAt = clock.now();
  for (const entry of journal.entries()) {
    if (entry.poisoned) continue;
    const record = entry.enqueue;
    pending.set(record.id, {
      id: record.id,
      key: record.key,
      kind: record.kind,
      path: record.path,
      payload: record.payload,
      enqueuedAt: record.at,
      attempts: 0,
      nextAt: openedAt,
      inflight: undefined,
    });
  }

  for (const entry of pending.values()) due.push(entry.nextAt, entry.id);

  const drainWaiters = new Set<() => void>();
  let closed = false;
  let inflightCount = 0;

  const sender = new SenderControl(
    (stop) => senderLoop(stop),
    () => Promise.allSettled([...pending.values()].map((entry) => entry.inflight)),
  );
  const poke = () => sender.poke();
  const changed = () => {
    growth.sample(clock.now(), pending.size);
    if (pending.size === 0) for (const resolve of drainWaiters) resolve();
    poke();
  };
  const write = (record: JournalRecord) => journal.append([record]);

  /** One delivery attempt (with the given retry policy); settles the entry's fate. */
  async function attempt(entry: Pending, retry: Partial<RetryPolicy>, signal: AbortSignal | undefined) {
    entry.attempts += 1;
    try {
      const result = await client.post(entry.path, entry.payload, {
        idempotencyKey: entry.key,
        retry,
        ...(signal ? { signal } : {}),
      });
      await write({ op: 'delivered', id: entry.id, at: clock.now(), status: result.status });
      pending.delete(entry.id);
      pause.succeeded();
      growth.delivered(clock.now());
      outcomes.delivered += 1;
      if (result.duplicate) outcomes.duplicate += 1;
      emit({
        type: 'delivered',
        id: entry.id,
        kind: entry.kind,
        attempts: entry.attempts,
        duplicate: result.duplicate,
        ageMs: clock.now() - entry.enqueuedAt,
      });
    } catch (caught) {
      const verdict = judgeFailure(caught, entry.attempts, backoff, random);
      if (verdict.fate === 'poisoned') {
        const { reason, status } = verdict;
        await write({
          op: 'poisoned',
          id: entry.id,
          at: clock.now(),
          reason,
          ...(status === undefined ? {} : { status }),
        }).catch(() => {});
        pending.delete(entry.id);
        outcomes.poisoned += 1;
        emit({ type: 'poisoned', id: entry.id, kind: entry.kind, reason, status });
        return;
      }
      if (verdict.fate === 'stopped') {
        schedule(entry, clock.now());
        return;
      }
      schedule(entry, clock.now() + verdict.delayMs);
      recordRetry({ clock, pause, outcomes, emit }, entry, verdict);
    }
  }

  function launch(
    entry: Pending,
    retry: Partial<RetryPolicy>,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    inflightCount += 1;
    const run = attempt(entry, retry, signal).finally(() => {
      entry.inflight = undefined;
      inflightCount -= 1;
      changed();
    });
    entry.inflight = run;
    return run;
  }

  async function senderLoop(stop: AbortSignal): Promise<void> {
    while (!stop.aborted) {
      sender.beginRound();
      const now = clock.now();
      let nextDue = Number.POSITIVE_INFINITY;
      while (inflightCount < concurrency) {
        const top = due.peek();
        if (!top) break;
        const entry = pending.get(top.id);
        if (!entry || entry.inflight || entry.nextAt !== top.at) {
          due.pop(); // stale: delivered, set aside, in flight, or rescheduled
          continue;
        }
        if (now < pause.until) {
          nextDue = pause.until;
          break;
        }
        if (top.at > now) {
          nextDue = top.at;
          break;
        }
        due.pop();
        launch(entry, SINGLE_ATTEMPT, stop);
      }
      if (sender.pokedDuringRound || stop.aborted) continue;
      // With a free slot, until the next entry is due; otherwise until an attempt ends.
      await sender.idle(clock, inflightCount < concurrency ? nextDue - now : Number.POSITIVE_INFINITY, stop);
    }
  }

  const assertOpen = () => {
    if (closed) throw new BackendError('outbox used after it was closed', { kind: 'disposed' });
  };

  const enqueue: Outbox['enqueue'] = async (kind, path, payload, enqueueOptions) => {
    assertOpen();
    const body = parseResultPayload(kind, payload);
    const id = randomUUID();
    const key = enqueueOptions?.idempotencyKey ?? randomUUID();
    const at = clock.now();
    await write({ op: 'enqueue', id, key, kind, path, payload: body, at });
    pending.set(id, {
      id,
      key,
      kind,
      path,
      payload: body,
      enqueuedAt: at,
      attempts: 0,
      nextAt: at,
      inflight: undefined,
    });
    due.push(at, id);
    emit({ type: 'enqueued', id, kind });
    changed();
    return { id, idempotencyKey: key };
  };

  const deliverNow: Outbox['deliverNow'] = async (id, deliverOptions) => {
    assertOpen();
    const budgetMs = deliverOptions?.budgetMs ?? budgetDefault;
    const entry = pending.get(id);
    if (!entry) return journal.get(id) ? 'queued' : 'delivered';
    const budget = linkAbort([sender.signal], budgetMs);
    try {
      if (entry.inflight) {
        // The sender has it: wait for that attempt, within the budget.
        await settledOrAborted(entry.inflight, budget.signal);
      } else {
        await launch(entry, deliverNowPolicy(budgetMs), budget.signal);
        // A try cut by the budget is not a failure of the entry: the sender takes it at once.
        if (budget.timedOut() && pending.has(id)) schedule(entry, clock.now());
      }
    } finally {
      budget.dispose();
    }
    return pending.has(id) || journal.get(id) ? 'queued' : 'delivered';
  };

  const outbox: Outbox = {
    enqueue,
    deliverNow,
    submit: submitThrough(
      (kind, path, payload, submitOptions) =>
        enqueue(
          kind,
          path,
          payload,
          submitOptions?.idempotencyKey === undefined ? {} : { idempotencyKey: submitOptions.idempotencyKey },
        ),
      deliverNow,
    ),
    ...senderMethods(sender, assertOpen),
    stats: () => {
      const now = clock.now();
      const oldest = pending.values().next().value;
      return {
        depth: pending.size,
        oldestAgeMs: oldest ? Math.max(0, now - oldest.enqueuedAt) : 0,
        poisoned: journal.entries().filter((entry) => entry.poisoned).length,
        outcomes: { ...outcomes },
        growing: growth.growing(now, pending.size),
      };
    },
    poisoned: () =>
      journal.entries().flatMap((entry) =>
        entry.poisoned
          ? [
              {
                id: entry.enqueue.id,
                kind: entry.enqueue.kind,
                path: entry.enqueue.path,
                idempotencyKey: entry.enqueue.key,
                reason: entry.poisoned.reason,
                status: entry.poisoned.status,
                at: entry.poisoned.at,
              },
            ]
          : [],
      ),
    requeuePoisoned: async (ids) => {
      assertOpen();
      const chosen = journal
        .entries()
        .filter((entry) => entry.poisoned && (!ids || ids.includes(entry.enqueue.id)));
      if (chosen.length === 0) return 0;
      const at = clock.now();
      await journal.append(chosen.map((entry) => ({ op: 'requeued', id: entry.enqueue.id, at }) as const));
      for (const { enqueue: record } of chosen) {
        pending.set(record.id, {
          id: record.id,
          key: record.key,
          kind: record.kind,
          path: record.path,
          payload: record.payload,
          enqueuedAt: record.at,
          attempts: 0,
          nextAt: at,
          inflight: undefined,
        });
        due.push(at, record.id);
      }
      changed();
      return chosen.length;
    },
    drained: (drainOptions) =>
      new Promise<void>((resolve, reject) => {
        if (pending.size === 0) {
          resolve();
          return;
        }
        const signal = drainOptions?.signal;
        const done = () => {
          drainWaiters.delete(done);
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = () => {
          drainWaiters.delete(done);
          reject(signal?.reason);
        };
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        signal?.addEventListener('abort', onAbort, { once: true });
        drainWaiters.add(done);
      }),
    close: async () => {
      if (closed) return;
      await outbox.stop();
      await Promise.allSettled([...pending.values()].map((entry) => entry.inflight));
      closed = true;
      await journal.close();
      await unlock();
    },
    [Symbol.asyncDispose]: () => outbox.close(),
  };
  return outbox;
}
