import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { linkAbort } from '../abort-link.js';
import { type BackendClient, parseResultPayload } from '../backend-client.js';
import { BackendError } from '../backend-errors.js';
import type { ResultKind } from '../backend-schemas.js';
import { type Clock, systemClock } from '../clock.js';
import { backoffDelayMs, type RetryPolicy } from '../retry-policy.js';
import { DueQueue } from './due-queue.js';
import { GrowthTracker } from './outbox-growth.js';
import { type JournalRecord, OutboxJournal } from './outbox-journal.js';
import { lockOutboxDir } from './outbox-lock.js';

export interface OutboxOptions {
  /** Where the journal lives; one sender per directory. */
  dir: string;
  /** Sends entries; the outbox does not dispose it. */
  client: BackendClient;
  clock?: Clock;
  random?: () => number;
  /** Posts in flight at once from the background sender; 4 by default. */
  concurrency?: number;
  /** Between attempts of one entry: full-jitter exponential, 1 s doubling up to 60 s by default. */
  backoff?: { baseDelayMs?: number; maxDelayMs?: number };
  /** How long `deliverNow` may try before answering "queued"; 2 s by default. */
  deliverNowBudgetMs?: number;
  /** The window over which `growing` is judged; 5 minutes by default. */
  growthWindowMs?: number;
  /** fdatasync each journal write (on by default). */
  fsync?: boolean;
  /** Metrics and logs; called synchronously, errors ignored. */
  onEvent?: (event: OutboxEvent) => void;
}

export type OutboxEvent =
  | { type: 'enqueued'; id: string; kind: ResultKind }
  | { type: 'delivered'; id: string; kind: ResultKind; attempts: number; duplicate: boolean; ageMs: number }
  | { type: 'retry'; id: string; kind: ResultKind; attempts: number; delayMs: number; reason: string }
  | { type: 'poisoned'; id: string; kind: ResultKind; reason: string; status: number | undefined };

export type DeliveryState = 'delivered' | 'queued';

export interface OutboxStats {
  /** Entries waiting to be delivered (poisoned ones not included). */
  depth: number;
  /** Age of the oldest waiting entry; 0 when empty. */
  oldestAgeMs: number;
  /** Entries set aside because user-management refused them (4xx other than 408/429). */
  poisoned: number;
  /** Counts since this process opened the outbox. */
  outcomes: { delivered: number; duplicate: number; retried: number; poisoned: number };
  /** Across the whole growth window the depth never drained below its start, and rose or delivered nothing. */
  growing: boolean;
}

export interface PoisonedEntry {
  id: string;
  kind: ResultKind;
  path: string;
  idempotencyKey: string;
  reason: string;
  status: number | undefined;
  at: number;
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

const SINGLE_ATTEMPT: Partial<RetryPolicy> = { maxAttempts: 1 };

export interface Outbox extends AsyncDisposable {
  /** Validates the body for its kind and writes it to disk (fsynced) before resolving. */
  enqueue(
    kind: ResultKind,
    path: string,
    payload: unknown,
    options?: { idempotencyKey?: string },
  ): Promise<{ id: string; idempotencyKey: string }>;
  /** One short try (within the budget) to deliver an entry now; the sender keeps trying after "queued". */
  deliverNow(id: string, options?: { budgetMs?: number }): Promise<DeliveryState>;
  /** enqueue, then deliverNow. */
  submit(
    kind: ResultKind,
    path: string,
    payload: unknown,
    options?: { idempotencyKey?: string; budgetMs?: number },
  ): Promise<{ id: string; idempotencyKey: string; delivery: DeliveryState }>;
  /** Starts the background sender. */
  start(): void;
  /** Stops the sender; attempts in flight are aborted and stay queued. */
  stop(): Promise<void>;
  stats(): OutboxStats;
  poisoned(): PoisonedEntry[];
  /** Puts poisoned entries (all, or those named) back in the queue, e.g. after a fix upstream. */
  requeuePoisoned(ids?: string[]): Promise<number>;
  /** Resolves when nothing is waiting (poisoned entries aside). */
  drained(options?: { signal?: AbortSignal }): Promise<void>;
  /** stop(), then close the journal and release the directory. */
  close(): Promise<void>;
}

/**
 * Opens (or recovers) the outbox in `dir`. Entries left by an earlier process,
 * including one killed mid-delivery, are sent again with their original keys.
 */
export async function openOutbox(options: OutboxOptions): Promise<Outbox> {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const backoff = {
    baseDelayMs: options.backoff?.baseDelayMs ?? 1_000,
    maxDelayMs: options.backoff?.maxDelayMs ?? 60_000,
  };
  const budgetDefault = options.deliverNowBudgetMs ?? 2_000;
  const client = options.client;

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
  // After a failure that says user-management is unwell (network, 5xx, 429), the whole sender
  // waits with the same backoff before its next burst, rather than each entry of a backlog
  // hitting a struggling upstream on its own schedule. Reset by the first success.
  let consecutiveFailures = 0;
  let pausedUntil = Number.NEGATIVE_INFINITY;

  const outcomes = { delivered: 0, duplicate: 0, retried: 0, poisoned: 0 };
  const growth = new GrowthTracker(options.growthWindowMs ?? 5 * 60_000);
  const drainWaiters = new Set<() => void>();
  let closed = false;
  let running: { stop: AbortController; loop: Promise<void> } | undefined;
  let wake: (() => void) | undefined;
  let woken = false;
  let inflightCount = 0;

  const emit = (event: OutboxEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // Metrics must never break delivery.
    }
  };
  const poke = () => {
    woken = true;
    wake?.();
  };
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
      consecutiveFailures = 0;
      pausedUntil = Number.NEGATIVE_INFINITY;
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
      const error = BackendError.isInstance(caught) ? caught : undefined;
      const stopped = error?.kind === 'cancelled' || error?.kind === 'disposed';
      // 401/403 speak of our credentials, not of the result: a rotated secret must not poison
      // everything queued. Such entries wait at the longest backoff; retries are logged and counted.
      const refusedCredentials = error?.status === 401 || error?.status === 403;
      if (error && !error.retryable && !stopped && !refusedCredentials) {
        // user-management will never take this body: set it aside with the reason.
        const reason = error.message;
        await write({
          op: 'poisoned',
          id: entry.id,
          at: clock.now(),
          reason,
          ...(error.status === undefined ? {} : { status: error.status }),
        }).catch(() => {});
        pending.delete(entry.id);
        outcomes.poisoned += 1;
        emit({ type: 'poisoned', id: entry.id, kind: entry.kind, reason, status: error.status });
        return;
      }
      if (stopped) {
        schedule(entry, clock.now());
        return;
      }
      const delayMs = refusedCredentials
        ? backoff.maxDelayMs
        : (error?.retryAfterMs ?? backoffDelayMs(entry.attempts, backoff, random));
      schedule(entry, clock.now() + delayMs);
      if (!refusedCredentials) {
        consecutiveFailures += 1;
        const pause = error?.retryAfterMs ?? backoffDelayMs(consecutiveFailures, backoff, random);
        pausedUntil = Math.max(pausedUntil, clock.now() + pause);
      }
      outcomes.retried += 1;
      emit({
        type: 'retry',
        id: entry.id,
        kind: entry.kind,
        attempts: entry.attempts,
        delayMs,
        reason: caught instanceof Error ? caught.message : String(caught),
      });
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
      woken = false;
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
        if (now < pausedUntil) {
          nextDue = pausedUntil;
          break;
        }
        if (top.at > now) {
          nextDue = top.at;
          break;
        }
        due.pop();
        launch(entry, SINGLE_ATTEMPT, stop);
      }
      if (woken || stop.aborted) continue;
      const waiter = new AbortController();
      const onStop = () => waiter.abort();
      stop.addEventListener('abort', onStop, { once: true });
      wake = () => waiter.abort();
      try {
        if (inflightCount < concurrency && Number.isFinite(nextDue)) {
          await clock.sleep(Math.max(0, nextDue - now), waiter.signal).catch(() => {});
        } else {
          await new Promise<void>((resolve) =>
            waiter.signal.addEventListener('abort', () => resolve(), { once: true }),
          );
        }
      } finally {
        wake = undefined;
        stop.removeEventListener('abort', onStop);
      }
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
    const budget = linkAbort([running?.stop.signal], budgetMs);
    try {
      if (entry.inflight) {
        // The sender has it: wait for that attempt, within the budget.
        await Promise.race([
          entry.inflight,
          new Promise<void>((resolve) =>
            budget.signal.addEventListener('abort', () => resolve(), { once: true }),
          ),
        ]);
      } else {
        await launch(
          entry,
          { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: Math.max(50, budgetMs / 4), maxTotalMs: budgetMs },
          budget.signal,
        );
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
    submit: async (kind, path, payload, submitOptions) => {
      const { id, idempotencyKey } = await enqueue(
        kind,
        path,
        payload,
        submitOptions?.idempotencyKey === undefined ? {} : { idempotencyKey: submitOptions.idempotencyKey },
      );
      const delivery = await deliverNow(
        id,
        submitOptions?.budgetMs === undefined ? {} : { budgetMs: submitOptions.budgetMs },
      );
      return { id, idempotencyKey, delivery };
    },
    start: () => {
      assertOpen();
      if (running) return;
      const stop = new AbortController();
      // Each attempt in flight listens on it.
      setMaxListeners(0, stop.signal);
      running = { stop, loop: senderLoop(stop.signal) };
    },
    stop: async () => {
      const current = running;
      if (!current) return;
      running = undefined;
      current.stop.abort();
      await current.loop;
      await Promise.allSettled([...pending.values()].map((entry) => entry.inflight));
    },
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
