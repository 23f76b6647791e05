import { VendorError } from '@bot-backend/interfaces';

/**
 * One call's abort wiring: the caller's signal and our first-byte timer both
 * abort one controller whose signal goes to the SDK (so the HTTP request itself
 * is torn down), and we remember which of them fired.
 */
export interface CallControl {
  readonly signal: AbortSignal;
  /** The first byte (or chunk) arrived: the first-byte timer no longer applies. */
  firstByte(): void;
  /** The reason we aborted, as a VendorError, or undefined when nothing aborted. */
  abortError(): VendorError | undefined;
  /** Abort the request (if still running) and release the timer and listener. */
  dispose(): void;
}

export function startCall(
  vendor: string,
  signal: AbortSignal | undefined,
  timeoutMs: number | undefined,
): CallControl {
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = () => controller.abort(signal?.reason);
  if (signal?.aborted) controller.abort(signal.reason);
  else signal?.addEventListener('abort', onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined =
    timeoutMs !== undefined && timeoutMs > 0
      ? setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, timeoutMs)
      : undefined;
  const clearTimer = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return {
    signal: controller.signal,
    firstByte: clearTimer,
    abortError() {
      if (timedOut) {
        return new VendorError({
          kind: 'timeout',
          vendor,
          message: `${vendor}: no first byte within ${timeoutMs} ms`,
        });
      }
      if (signal?.aborted || controller.signal.aborted) {
        return new VendorError({ kind: 'cancelled', vendor, message: `${vendor}: cancelled by the caller` });
      }
      return undefined;
    },
    dispose() {
      clearTimer();
      signal?.removeEventListener('abort', onAbort);
      controller.abort();
    },
  };
}
