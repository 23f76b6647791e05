import type { BackendClient } from '../backend-client.js';
import type { ResultKind } from '../backend-schemas.js';
import type { Clock } from '../clock.js';

/** What every outbox takes, whichever store holds its entries. */
export interface OutboxCommonOptions {
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
  /** Metrics and logs; called synchronously, errors ignored. */
  onEvent?: (event: OutboxEvent) => void;
}

export type OutboxEvent =
  | { type: 'enqueued'; id: string; kind: ResultKind }
  | { type: 'delivered'; id: string; kind: ResultKind; attempts: number; duplicate: boolean; ageMs: number }
  | { type: 'retry'; id: string; kind: ResultKind; attempts: number; delayMs: number; reason: string }
  | { type: 'poisoned'; id: string; kind: ResultKind; reason: string; status: number | undefined }
  /** The store could not be read or written (a database outbox); the sender tries again. */
  | { type: 'store-error'; operation: string; reason: string };

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

export interface Outbox extends AsyncDisposable {
  /** Validates the body for its kind and stores it durably (journal fsynced, or row committed) before resolving. */
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
  /** stop(), then close the store (the journal and its directory; a database pool stays the caller's). */
  close(): Promise<void>;
}
