import { BackendError } from '../backend-errors.js';
import { backoffDelayMs } from '../retry-policy.js';

export interface OutboxBackoff {
  baseDelayMs: number;
  maxDelayMs: number;
}

/** What a failed delivery attempt means for its entry. */
export type FailureVerdict =
  /** The sender was stopped or the client disposed: the entry is due again at once. */
  | { fate: 'stopped' }
  /** user-management will never take this body: set it aside with the reason. */
  | { fate: 'poisoned'; reason: string; status: number | undefined }
  /** Try again after `delayMs`; `upstreamUnwell` pauses the whole sender (network, 5xx, 429). */
  | {
      fate: 'retry';
      delayMs: number;
      upstreamUnwell: boolean;
      retryAfterMs: number | undefined;
      reason: string;
    };

/** One rule for every outbox, journal or PostgreSQL: which failures are retried, and when. */
export function judgeFailure(
  caught: unknown,
  attempts: number,
  backoff: OutboxBackoff,
  random: () => number,
): FailureVerdict {
  const error = BackendError.isInstance(caught) ? caught : undefined;
  if (error?.kind === 'cancelled' || error?.kind === 'disposed') return { fate: 'stopped' };
  // 401/403 speak of our credentials, not of the result: a rotated secret must not poison
  // everything queued. Such entries wait at the longest backoff; retries are logged and counted.
  const refusedCredentials = error?.status === 401 || error?.status === 403;
  if (error && !error.retryable && !refusedCredentials) {
    return { fate: 'poisoned', reason: error.message, status: error.status };
  }
  return {
    fate: 'retry',
    delayMs: refusedCredentials
      ? backoff.maxDelayMs
      : (error?.retryAfterMs ?? backoffDelayMs(attempts, backoff, random)),
    upstreamUnwell: !refusedCredentials,
    retryAfterMs: error?.retryAfterMs,
    reason: caught instanceof Error ? caught.message : String(caught),
  };
}

/**
 * After a failure that says user-management is unwell, the whole sender waits
 * with the same backoff before its next burst, rather than each entry of a
 * backlog hitting a struggling upstream on its own schedule. Reset by the first success.
 */
export class SenderPause {
  private consecutiveFailures = 0;
  /** No new attempt starts before this time (ms since the epoch). */
  until = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly backoff: OutboxBackoff,
    private readonly random: () => number,
  ) {}

  failed(now: number, retryAfterMs: number | undefined): void {
    this.consecutiveFailures += 1;
    const pause = retryAfterMs ?? backoffDelayMs(this.consecutiveFailures, this.backoff, this.random);
    this.until = Math.max(this.until, now + pause);
  }

  succeeded(): void {
    this.consecutiveFailures = 0;
    this.until = Number.NEGATIVE_INFINITY;
  }
}
