export interface AbortLink {
  readonly signal: AbortSignal;
  /** The timeout, not a parent, aborted it. */
  timedOut(): boolean;
  /** Detaches from the parents and clears the timer; call when the work is done. */
  dispose(): void;
}

/**
 * A signal that aborts with any parent or after `timeoutMs`. Unlike
 * AbortSignal.any, it detaches from long-lived parents (the client's lifetime,
 * the sender's stop signal) when disposed, so a service that makes millions of
 * calls does not pile up dependants on them (Node 20).
 */
export function linkAbort(parents: readonly (AbortSignal | undefined)[], timeoutMs?: number): AbortLink {
  const controller = new AbortController();
  const cleanups: (() => void)[] = [];
  let timedOut = false;
  for (const parent of parents) {
    if (!parent) continue;
    if (parent.aborted) {
      controller.abort(parent.reason);
      break;
    }
    const onAbort = () => controller.abort(parent.reason);
    parent.addEventListener('abort', onAbort, { once: true });
    cleanups.push(() => parent.removeEventListener('abort', onAbort));
  }
  if (timeoutMs !== undefined && !controller.signal.aborted) {
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError'));
    }, timeoutMs);
    cleanups.push(() => clearTimeout(timer));
  }
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose: () => {
      for (const cleanup of cleanups.splice(0)) cleanup();
    },
  };
}
