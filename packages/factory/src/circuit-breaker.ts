export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. Default 3. */
  failureThreshold?: number | undefined;
  /** How long an open circuit skips its provider before one probe is let through. Default 30 s. */
  cooldownMs?: number | undefined;
  /** Injectable clock (ms). Default Date.now. */
  now?: (() => number) | undefined;
}

export interface CircuitStateChange {
  from: CircuitState;
  to: CircuitState;
  /** Consecutive failures counted when the change happened. */
  failures: number;
}

/**
 * Per-provider breaker: closed (calls go through) → open after N consecutive
 * failures (calls are skipped) → half-open after the cool-down (exactly one
 * probe goes through; its success closes the circuit, its failure reopens it).
 */
export class CircuitBreaker {
  readonly failureThreshold: number;
  readonly cooldownMs: number;
  readonly #now: () => number;
  readonly #onChange: ((change: CircuitStateChange) => void) | undefined;
  #state: CircuitState = 'closed';
  #failures = 0;
  #openedAt = 0;
  #probeInFlight = false;

  constructor(options: CircuitBreakerOptions = {}, onChange?: (change: CircuitStateChange) => void) {
    this.failureThreshold = Math.max(1, options.failureThreshold ?? 3);
    this.cooldownMs = Math.max(0, options.cooldownMs ?? 30_000);
    this.#now = options.now ?? Date.now;
    this.#onChange = onChange;
  }

  /** The state as of now (an open circuit whose cool-down has passed reads as half-open). */
  get state(): CircuitState {
    if (this.#state === 'open' && this.#now() - this.#openedAt >= this.cooldownMs) return 'half_open';
    return this.#state;
  }

  get failures(): number {
    return this.#failures;
  }

  /** May a call go through now? In half-open, true once (the probe) until that probe settles. */
  tryAcquire(): boolean {
    if (this.#state === 'closed') return true;
    if (this.#state === 'open') {
      if (this.#now() - this.#openedAt < this.cooldownMs) return false;
      this.#transition('half_open');
    }
    if (this.#probeInFlight) return false;
    this.#probeInFlight = true;
    return true;
  }

  recordSuccess(): void {
    this.#probeInFlight = false;
    this.#failures = 0;
    if (this.#state !== 'closed') this.#transition('closed');
  }

  recordFailure(): void {
    this.#probeInFlight = false;
    this.#failures += 1;
    if (
      this.#state === 'half_open' ||
      (this.#state === 'closed' && this.#failures >= this.failureThreshold)
    ) {
      this.#openedAt = this.#now();
      this.#transition('open');
    }
  }

  /** The call ended without telling anything about the provider's health (cancelled, caller's bad request). */
  release(): void {
    this.#probeInFlight = false;
  }

  #transition(to: CircuitState): void {
    const from = this.#state;
    if (from === to) return;
    this.#state = to;
    this.#onChange?.({ from, to, failures: this.#failures });
  }
}
