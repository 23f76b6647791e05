import { setMaxListeners } from 'node:events';
import type { ResultKind } from '../backend-schemas.js';
import { type Clock, systemClock } from '../clock.js';
import type { RetryPolicy } from '../retry-policy.js';
import { type FailureVerdict, SenderPause } from './outbox-failure.js';
import { GrowthTracker } from './outbox-growth.js';
import type { Outbox, OutboxCommonOptions, OutboxEvent } from './outbox-types.js';

/** The background sender's attempts: one try each; the outbox schedules the next. */
export const SINGLE_ATTEMPT: Partial<RetryPolicy> = { maxAttempts: 1 };

/** deliverNow's attempts: a few quick ones inside the budget. */
export const deliverNowPolicy = (budgetMs: number): Partial<RetryPolicy> => ({
  maxAttempts: 3,
  baseDelayMs: 50,
  maxDelayMs: Math.max(50, budgetMs / 4),
  maxTotalMs: budgetMs,
});

/** onEvent, made safe: metrics must never break delivery. */
export function eventEmitter(onEvent: ((event: OutboxEvent) => void) | undefined) {
  return (event: OutboxEvent) => {
    try {
      onEvent?.(event);
    } catch {
      // ignored on purpose
    }
  };
}

/** Resolves when `work` settles or `signal` aborts, whichever is first. */
export function settledOrAborted(work: Promise<unknown>, signal: AbortSignal): Promise<void> {
  return Promise.race([
    work.then(
      () => {},
      () => {},
    ),
    new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true })),
  ]);
}

/**
 * Starts and stops a sender loop, and lets it sleep until there is news:
 * `poke()` (an entry added, an attempt ended) wakes it early.
 */
export class SenderControl {
  private running: { stop: AbortController; loop: Promise<void> } | undefined;
  private wake: (() => void) | undefined;
  private woken = false;

  constructor(
    private readonly loop: (stop: AbortSignal) => Promise<void>,
    /** After the loop ends: waits for the attempts it left in flight. */
    private readonly settle: () => Promise<unknown>,
  ) {}

  /** Aborts when the sender stops; undefined while it is not running. */
  get signal(): AbortSignal | undefined {
    return this.running?.stop.signal;
  }

  start(): void {
    if (this.running) return;
    const stop = new AbortController();
    // Each attempt in flight listens on it.
    setMaxListeners(0, stop.signal);
    this.running = { stop, loop: this.loop(stop.signal) };
  }

  async stop(): Promise<void> {
    const current = this.running;
    if (!current) return;
    this.running = undefined;
    current.stop.abort();
    await current.loop;
    await this.settle();
  }

  poke(): void {
    this.woken = true;
    this.wake?.();
  }

  /** Call at the top of each round; `woken()` then says whether news came during it. */
  beginRound(): void {
    this.woken = false;
  }

  get pokedDuringRound(): boolean {
    return this.woken;
  }

  /** Sleeps `ms` (forever when not finite) unless poked or stopped first. */
  async idle(clock: Clock, ms: number, stop: AbortSignal): Promise<void> {
    if (this.woken || stop.aborted) return;
    const waiter = new AbortController();
    const onStop = () => waiter.abort();
    stop.addEventListener('abort', onStop, { once: true });
    this.wake = () => waiter.abort();
    try {
      if (Number.isFinite(ms)) {
        await clock.sleep(Math.max(0, ms), waiter.signal).catch(() => {});
      } else {
        await new Promise<void>((resolve) =>
          waiter.signal.addEventListener('abort', () => resolve(), { once: true }),
        );
      }
    } finally {
      this.wake = undefined;
      stop.removeEventListener('abort', onStop);
    }
  }
}

type Submit = Outbox['submit'];

/** `submit` as every outbox does it: store the entry (through `store`), then one short try. */
export function submitThrough(
  store: (...args: [...Parameters<Submit>]) => Promise<{ id: string; idempotencyKey: string }>,
  deliverNow: Outbox['deliverNow'],
): Submit {
  return async (kind, path, payload, options) => {
    const { id, idempotencyKey } = await store(kind, path, payload, options);
    const delivery = await deliverNow(
      id,
      options?.budgetMs === undefined ? {} : { budgetMs: options.budgetMs },
    );
    return { id, idempotencyKey, delivery };
  };
}

/** The outbox's start/stop over its sender; `start` refuses a closed outbox. */
export function senderMethods(sender: SenderControl, assertOpen: () => void): Pick<Outbox, 'start' | 'stop'> {
  return {
    start: () => {
      assertOpen();
      sender.start();
    },
    stop: () => sender.stop(),
  };
}

/** The defaults every outbox applies to the options it shares with the others. */
export function resolveCommonOptions(options: OutboxCommonOptions) {
  const random = options.random ?? Math.random;
  const backoff = {
    baseDelayMs: options.backoff?.baseDelayMs ?? 1_000,
    maxDelayMs: options.backoff?.maxDelayMs ?? 60_000,
  };
  return {
    clock: options.clock ?? systemClock,
    random,
    concurrency: Math.max(1, options.concurrency ?? 4),
    backoff,
    budgetDefault: options.deliverNowBudgetMs ?? 2_000,
    client: options.client,
    emit: eventEmitter(options.onEvent),
    pause: new SenderPause(backoff, random),
    growth: new GrowthTracker(options.growthWindowMs ?? 5 * 60_000),
    outcomes: { delivered: 0, duplicate: 0, retried: 0, poisoned: 0 },
  };
}

type Common = ReturnType<typeof resolveCommonOptions>;

/** A retry decided for one entry: the sender's pause, the count, the event. */
export function recordRetry(
  common: Pick<Common, 'clock' | 'pause' | 'outcomes' | 'emit'>,
  entry: { id: string; kind: ResultKind; attempts: number },
  verdict: Extract<FailureVerdict, { fate: 'retry' }>,
): void {
  if (verdict.upstreamUnwell) common.pause.failed(common.clock.now(), verdict.retryAfterMs);
  common.outcomes.retried += 1;
  common.emit({
    type: 'retry',
    id: entry.id,
    kind: entry.kind,
    attempts: entry.attempts,
    delayMs: verdict.delayMs,
    reason: verdict.reason,
  });
}
