export interface ReadinessResult {
  ok: boolean;
  /** Why not ready; shown in the /readyz body, so never a secret. */
  reason?: string | undefined;
}

/** Resolves (or rejects) within the given signal's life; a rejection counts as not ready. */
export type ReadinessCheck = (signal: AbortSignal) => Promise<ReadinessResult> | ReadinessResult;

export interface ReadinessReport {
  ok: boolean;
  checks: { name: string; ok: boolean; reason?: string }[];
}

/**
 * The named checks /readyz runs. Modules register theirs when they are built
 * (user-management reachable, outbox not growing, …).
 */
export class ReadinessChecks {
  readonly #checks = new Map<string, ReadinessCheck>();
  readonly #timeoutMs: number;

  constructor(options: { timeoutMs?: number } = {}) {
    this.#timeoutMs = options.timeoutMs ?? 2_000;
  }

  register(name: string, check: ReadinessCheck): void {
    if (this.#checks.has(name)) throw new Error(`readiness check "${name}" is already registered`);
    this.#checks.set(name, check);
  }

  names(): string[] {
    return [...this.#checks.keys()];
  }

  async run(): Promise<ReadinessReport> {
    const checks = await Promise.all(
      [...this.#checks].map(async ([name, check]) => ({ name, ...(await this.#runOne(check)) })),
    );
    return {
      ok: checks.every((check) => check.ok),
      checks: checks.map(({ name, ok, reason }) =>
        reason === undefined ? { name, ok } : { name, ok, reason },
      ),
    };
  }

  async #runOne(check: ReadinessCheck): Promise<ReadinessResult> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<ReadinessResult>((resolve) => {
      timer = setTimeout(() => {
        controller.abort();
        resolve({ ok: false, reason: `no answer within ${this.#timeoutMs} ms` });
      }, this.#timeoutMs);
    });
    try {
      return await Promise.race([Promise.resolve().then(() => check(controller.signal)), timeout]);
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : 'check failed' };
    } finally {
      clearTimeout(timer);
    }
  }
}
