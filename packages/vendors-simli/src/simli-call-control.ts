import { VendorError } from '@bot-backend/interfaces';
import { SIMLI_VENDOR } from './simli-errors.js';

/**
 * One call's abort wiring: the caller's signal and our first-byte timer both
 * abort one controller, whose signal goes to fetch (so the request itself is
 * torn down); we remember which of them fired.
 */
export interface CallControl {
  readonly signal: AbortSignal;
  /** The answer arrived: the first-byte timer no longer applies. */
  firstByte(): void;
  /** Why we aborted, as a VendorError; undefined when nothing aborted. */
  abortError(): VendorError | undefined;
  /** Abort (if still running) and release the timer and listener. */
  dispose(): void;
}

export function startCall(signal: AbortSignal | undefined, timeoutMs: number | undefined): CallControl {
  const controller = new AbortController();
  let timedOut = false;
  let disposed = false;
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
          vendor: SIMLI_VENDOR,
          message: `${SIMLI_VENDOR}: no answer within ${timeoutMs} ms`,
        });
      }
      if (!disposed && controller.signal.aborted) {
        return new VendorError({
          kind: 'cancelled',
          vendor: SIMLI_VENDOR,
          message: `${SIMLI_VENDOR}: cancelled by the caller`,
        });
      }
      return undefined;
    },
    dispose() {
      disposed = true;
      clearTimer();
      signal?.removeEventListener('abort', onAbort);
      controller.abort();
    },
  };
}
