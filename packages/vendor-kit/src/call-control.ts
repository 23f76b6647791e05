import { VendorError } from '@bot-backend/interfaces';

/**
 * Why a call stopped before it finished, in one meaning for every vendor:
 * - `cancelled`: the caller's signal aborted, or the reader stopped reading
 *   (`cancel()`), before the call settled. Not retryable: nobody wants the answer.
 * - `timeout`: no first byte arrived within `timeoutMs`. Retryable: another
 *   attempt (or vendor) may answer.
 * Whichever happens first is the reason; the other is ignored after it.
 * `dispose()` is neither: tidying up after a finished call cancels nothing.
 */
export type StopReason = 'cancelled' | 'timeout';

/**
 * One call's abort wiring: the caller's signal and our first-byte timer both
 * abort one controller whose signal goes to the SDK or fetch, so the request
 * itself is torn down, and the call remembers which of them fired.
 */
export interface CallControl {
  readonly signal: AbortSignal;
  /** Why the call was stopped, or undefined while nothing stopped it. */
  readonly reason: StopReason | undefined;
  /** The first byte (or chunk, or message) arrived: the first-byte timer no longer applies. */
  firstByte(): void;
  /** The reader went away (stopped iterating): abort as a cancellation. */
  cancel(): void;
  /** The stop reason as a VendorError, or undefined when nothing stopped the call. */
  abortError(): VendorError | undefined;
  /**
   * The response was read to its end: nothing of the call runs any more, so
   * dispose() only releases the timer and the listener. An abort then would
   * stop nothing, yet cost an AbortError (its stack read through source maps)
   * and the SDK's and fetch's teardown, on every call.
   */
  finished(): void;
  /** Release the timer and the listener and abort whatever is still running (unless finished()); not a cancel. */
  dispose(): void;
}

export function startCall(
  vendor: string,
  signal: AbortSignal | undefined,
  timeoutMs: number | undefined,
): CallControl {
  const controller = new AbortController();
  let reason: StopReason | undefined;
  let done = false;
  let timer: NodeJS.Timeout | undefined;
  const stop = (why: StopReason) => {
    if (reason !== undefined || controller.signal.aborted) return;
    reason = why;
    clearTimer();
    // A plain AbortError, which every SDK recognises as an abort; `reason` says which one.
    controller.abort();
  };
  const onAbort = () => stop('cancelled');
  const clearTimer = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  if (signal?.aborted) stop('cancelled');
  else {
    signal?.addEventListener('abort', onAbort, { once: true });
    if (timeoutMs !== undefined && timeoutMs > 0) timer = setTimeout(() => stop('timeout'), timeoutMs);
  }
  return {
    signal: controller.signal,
    get reason() {
      return reason;
    },
    firstByte: clearTimer,
    cancel: () => stop('cancelled'),
    abortError: () => (reason === undefined ? undefined : stopError(vendor, reason, timeoutMs)),
    finished() {
      done = true;
    },
    dispose() {
      clearTimer();
      signal?.removeEventListener('abort', onAbort);
      if (!done) controller.abort();
    },
  };
}

/** The VendorError for a stop reason, worded the same for every vendor. */
export function stopError(
  vendor: string,
  reason: StopReason,
  timeoutMs?: number | undefined,
  cause?: unknown,
): VendorError {
  return reason === 'timeout'
    ? new VendorError({
        kind: 'timeout',
        vendor,
        message:
          timeoutMs === undefined
            ? `${vendor}: no answer in time`
            : `${vendor}: no first byte within ${timeoutMs} ms`,
        cause,
      })
    : new VendorError({ kind: 'cancelled', vendor, message: `${vendor}: cancelled by the caller`, cause });
}
