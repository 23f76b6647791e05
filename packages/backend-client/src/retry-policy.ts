export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** The first backoff's ceiling; each later one doubles, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** No retry starts when it would end later than this after the first attempt began. */
  maxTotalMs: number;
  /** A Retry-After longer than this is cut to it. */
  maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  maxTotalMs: 20_000,
  maxRetryAfterMs: 60_000,
};

/** 5xx, 408 and 429 may succeed later; any other 4xx will not. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/**
 * Exponential backoff with full jitter: uniform in [0, min(max, base·2^(n-1))].
 * Full jitter spreads clients that failed together, so they do not retry together.
 */
export function backoffDelayMs(
  failedAttempts: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number,
): number {
  const exponent = Math.min(Math.max(failedAttempts - 1, 0), 30);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}

/** Retry-After as delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfterMs(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

export function resolveRetryPolicy(...overrides: (Partial<RetryPolicy> | undefined)[]): RetryPolicy {
  const policy = { ...defaultRetryPolicy };
  for (const override of overrides) {
    if (!override) continue;
    for (const [key, value] of Object.entries(override) as [keyof RetryPolicy, number | undefined][]) {
      if (value !== undefined) policy[key] = value;
    }
  }
  return policy;
}
