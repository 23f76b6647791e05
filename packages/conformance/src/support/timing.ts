/** Polls `check` until it returns true; rejects with `what` after `timeoutMs`. */
export async function eventually(check: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (check()) return;
    if (performance.now() > deadline) throw new Error(`${what()} (after ${timeoutMs} ms)`);
    await sleep(10);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Settles like `promise`, or rejects after `timeoutMs` saying what was awaited. */
export async function within<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The rejection of `promise` (fails when it resolves), within `timeoutMs`. */
export async function rejectionOf(
  promise: Promise<unknown>,
  timeoutMs: number,
  what: string,
): Promise<unknown> {
  const outcome = await within(
    promise.then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    ),
    timeoutMs,
    what,
  );
  if (outcome.ok) throw new Error(`${what} resolved, but it should have rejected`);
  return outcome.error;
}
