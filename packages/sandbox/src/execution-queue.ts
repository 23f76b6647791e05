const busyMarker = Symbol.for('@bot-backend/sandbox.SandboxBusyError');

/** Every execution slot and every queue place is taken: the caller should answer 503. */
export class SandboxBusyError extends Error {
  readonly [busyMarker] = true;
  override readonly name = 'SandboxBusyError';
  constructor(readonly retryAfterMs: number) {
    super('the code sandbox is busy; retry shortly');
  }
  static isInstance(error: unknown): error is SandboxBusyError {
    return (
      typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[busyMarker] === true
    );
  }
}

/**
 * A bounded semaphore: at most `maxConcurrent` tasks run, at most `maxQueued`
 * wait, and anything beyond is refused at once, never piled up.
 */
export class ExecutionQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private recentTaskMs = 500;

  constructor(
    private readonly maxConcurrent: number,
    private readonly maxQueued: number,
  ) {}

  get depth(): number {
    return this.waiting.length;
  }

  get active(): number {
    return this.running;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.maxConcurrent) {
      if (this.waiting.length >= this.maxQueued) {
        // A rough wait: the queue ahead drained at the recent task time per slot.
        const wait = Math.ceil(((this.waiting.length + 1) / this.maxConcurrent) * this.recentTaskMs);
        throw new SandboxBusyError(Math.max(1_000, wait));
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    const started = performance.now();
    try {
      return await task();
    } finally {
      this.recentTaskMs = 0.8 * this.recentTaskMs + 0.2 * (performance.now() - started);
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `running` stays put.
      if (next) next();
      else this.running -= 1;
    }
  }
}
